"""pqa_client against a real `pqa serve` over TLS on loopback (issue 19).

Run by ci.py with the installed package and PQA_SERVER_BIN naming the server
binary (`pqa_service_server`, the same command as `pqa serve`).
"""
import datetime
import os
import socket
import subprocess
import tempfile
import threading
import time
import unittest

import grpc

from pqa.v1 import event_pb2, ingest_pb2, ingest_pb2_grpc, record_pb2, registry_pb2
from pqa_client import PqaClient, PqaError

TOKENS = {"admin": "py-admin-token-0123456789", "operator": "py-operator-token-0123456",
          "analyzer": "py-analyzer-token-012345"}
T0 = datetime.datetime(2025, 3, 3, tzinfo=datetime.timezone.utc)


def rfc3339(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S") + ("Z" if t.microsecond == 0 else
                                              ".%03dZ" % (t.microsecond // 1000))


def record(i, v=127.0):
    r = record_pb2.Record(start=rfc3339(T0 + datetime.timedelta(minutes=10 * i)), duration_s=600,
                          interval="10min", complete=True, flicker_complete=True)
    for name in "ABC":
        r.phases.add(phase=name, rms_v=v, fund_v=v, pst=0.4)
    return r


def event(i, start):
    return event_pb2.VtcdEvent(type="AMT", start=rfc3339(start), duration_ms=120 + i,
                               amplitude_pu=0.85, phases=["C"], amplitude_row="0.80-0.85",
                               duration_col="100-300ms")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A `pqa serve` subprocess on a fixed port and database, restartable."""

    def __init__(self, binary, tmp):
        self.binary, self.tmp, self.port = binary, tmp, free_port()
        self.cert, self.key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=localhost", "-addext",
                        "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", self.key,
                        "-out", self.cert], check=True, capture_output=True)
        with open(os.path.join(tmp, "tokens"), "w") as f:
            f.write(f"{TOKENS['admin']}:admin:admin\n{TOKENS['operator']}:ops:operator\n"
                    f"{TOKENS['analyzer']}:an-1:analyzer\n")
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [self.binary, "--listen", f"127.0.0.1:{self.port}", "--db",
             "sqlite:" + os.path.join(self.tmp, "db.sqlite"), "--tls-cert", self.cert,
             "--tls-key", self.key, "--tokens", os.path.join(self.tmp, "tokens")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def stop(self):
        if self.process.poll() is not None:
            return
        self.process.terminate()  # drains: subscriptions end with UNAVAILABLE
        self.process.wait(timeout=30)

    @property
    def target(self):
        return f"localhost:{self.port}"


def push(server, point_id, records=(), events=()):
    """As an analyzer would (pqa push does this in production)."""
    with open(server.cert, "rb") as f:
        channel = grpc.secure_channel(server.target, grpc.ssl_channel_credentials(f.read()))
    records, events = list(records), list(events)
    items = [ingest_pb2.IngestItem(point_id=point_id, sequence=1 + k // 500,
                                   records=records[k:k + 500], flush=True)
             for k in range(0, len(records), 500)]
    items += [ingest_pb2.IngestItem(point_id=point_id, sequence=len(items) + 1 + k // 500,
                                    events=events[k:k + 500], flush=True)
              for k in range(0, len(events), 500)]
    acks = list(ingest_pb2_grpc.IngestStub(channel).Push(
        iter(items), metadata=(("authorization", "Bearer " + TOKENS["analyzer"]),)))
    channel.close()
    return sum(a.stored for a in acks)


class ClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmpdir = tempfile.TemporaryDirectory()
        cls.server = Server(os.environ["PQA_SERVER_BIN"], cls.tmpdir.name)
        cls.server.start()
        # Also when the rest of the set-up fails: no server outlives the test.
        cls.addClassCleanup(cls.tmpdir.cleanup)  # last: cleanups run in reverse order
        cls.addClassCleanup(cls.server.stop)
        cls.client = PqaClient.connect(cls.server.target, token=TOKENS["admin"],
                                       ca_file=cls.server.cert, wait=20)
        point = registry_pb2.MeasurementPoint(point_id="py-1", analyzers=["an-1"])
        point.config.connection = "220/127"
        cls.client.create_point(point)
        # A week and a day; 30 readings at 136 V are critical (> 135 V):
        # DRC = 30 / 1008 x 100 = 2.976 %.
        cls.week = [record(i, 136.0 if i < 30 else 127.0) for i in range(1008 + 144)]
        assert push(cls.server, "py-1", records=cls.week) == len(cls.week)
        # 7 events, 3 of them sharing a start (they straddle a page of 2).
        starts = [T0 + datetime.timedelta(hours=h) for h in (1, 2, 2, 2, 3, 4, 5)]
        cls.events = [event(i, s) for i, s in enumerate(starts)]
        assert push(cls.server, "py-1", events=cls.events) == len(cls.events)

    @classmethod
    def tearDownClass(cls):
        cls.client.close()

    def test_a_wrong_token_and_a_bad_configuration_are_refused_with_their_reason(self):
        with PqaClient(self.server.target, "not-a-token-0123456789", ca=self.server.cert) as c:
            with self.assertRaises(PqaError) as e:
                c.list_points()
            self.assertEqual(e.exception.code, grpc.StatusCode.UNAUTHENTICATED)
        bad = registry_pb2.MeasurementPoint(point_id="py-2")
        bad.config.connection = "220/127"
        bad.config.eusd_brl = float("nan")
        with self.assertRaises(PqaError) as e:
            self.client.create_point(bad)
        self.assertEqual(e.exception.code, grpc.StatusCode.INVALID_ARGUMENT)
        self.assertIn("point.config.eusd_brl", e.exception.details)
        self.assertNotIn("py-2", [p.point_id for p in self.client.list_points()])

    def test_a_ca_that_did_not_sign_the_certificate_is_named_as_the_reason(self):
        other = os.path.join(self.tmpdir.name, "other.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=another CA", "-keyout", other + ".key", "-out", other],
                       check=True, capture_output=True)
        started = time.monotonic()
        with self.assertRaises(PqaError) as e:
            PqaClient.connect(self.server.target, token=TOKENS["operator"], ca_file=other, wait=2)
        self.assertEqual(e.exception.code, grpc.StatusCode.UNAVAILABLE)
        self.assertIn("certificate verify failed", e.exception.details)
        self.assertLess(time.monotonic() - started, 10)

    def test_records_page_through_the_period(self):
        got = list(self.client.records("py-1", page_size=100))
        self.assertEqual([r.start for r in got], [r.start for r in self.week])
        one_day = list(self.client.records("py-1", "2025-03-04T00:00:00Z", "2025-03-05T00:00:00Z"))
        self.assertEqual(len(one_day), 144)

    def test_events_page_without_repeats_at_a_shared_start(self):
        got = list(self.client.events("py-1", page_size=2))
        self.assertEqual(sorted(e.SerializeToString() for e in got),
                         sorted(e.SerializeToString() for e in self.events))

    def test_sets_monthly_and_report(self):
        sets = self.client.sets("py-1")
        self.assertEqual(len(sets.voltage_sets), 1)
        self.assertEqual(sets.voltage_sets[0].nlc, 30)
        self.assertAlmostEqual(sets.voltage_sets[0].drc_pct, 30 / 1008 * 100, places=9)
        self.assertEqual(sets.pending_readings, 144)
        months = self.client.monthly("py-1", "2025-03", "2025-03")
        self.assertEqual([m.month for m in months], ["2025-03"])
        self.assertAlmostEqual(months[0].drc_pct, 30 / 1008 * 100, places=9)
        report = self.client.report("py-1", "2025-03-01T00:00:00Z", "2025-04-01T00:00:00Z",
                                    include_html=True)
        self.assertIn("<html", report.html.lower())
        self.assertEqual(len(report.result.voltage_sets), 1)

    def test_sets_of_a_point_shorter_than_a_set_are_empty_with_the_pending_count(self):
        # Issue 17: no error while the first set fills; a 13.8 kV point
        # (group A, item 41) with currents gets its hourly power factor.
        point = registry_pb2.MeasurementPoint(point_id="py-short", analyzers=["an-1"])
        point.config.connection = "13800"
        self.client.create_point(point)
        short = [record(i, 7967.4) for i in range(12)]
        for r in short:  # each hour: EA 6 x 400 Wh, ER 6 x 300 varh inductive: fp 4/5
            r.current_channels, r.ea_imp_wh, r.er_ind_varh = 3, 400.0, 300.0
        self.assertEqual(push(self.server, "py-short", records=short), 12)
        sets = self.client.sets("py-short")
        self.assertEqual(len(sets.voltage_sets), 0)
        self.assertEqual(len(sets.disturbance_sets), 0)
        self.assertEqual(sets.pending_readings, 12)
        result = self.client.report("py-short").result
        self.assertEqual(result.pending_readings, 12)
        self.assertEqual(result.power_factor.hours, 2)
        self.assertEqual(result.power_factor.hours_outside, 2)
        self.assertAlmostEqual(result.power_factor.worst.fp, 0.8, places=12)

    def test_subscribe_resumes_after_the_server_restarts(self):
        updates = []
        ready = threading.Event()

        def follow():
            with PqaClient(self.server.target, TOKENS["operator"], ca=self.server.cert) as c:
                for u in c.subscribe(["py-1"], records=True, max_backoff=0.5,
                                     give_up_after=60):
                    updates.append(u)
                    ready.set()
                    if len(updates) == 20:
                        return

        # Start from the cursor of "now": a first record marks the subscription as open.
        thread = threading.Thread(target=follow)
        thread.start()
        base = 2000
        for _ in range(100):  # until the subscription sees the probe record
            push(self.server, "py-1", records=[record(base)])
            if ready.wait(0.2):
                break
            base += 1
        self.assertTrue(ready.is_set(), "the subscription saw nothing")
        before = len(updates)
        push(self.server, "py-1", records=[record(base + 1 + i) for i in range(5)])
        time.sleep(0.5)
        self.server.stop()  # drains: the subscription ends with UNAVAILABLE ...
        self.server.start()  # ... and resumes from its last cursor on the new process
        grpc.channel_ready_future(self.client._channel).result(timeout=20)
        push(self.server, "py-1", records=[record(base + 6 + i) for i in range(20 - before - 5)])
        thread.join(timeout=60)
        self.assertFalse(thread.is_alive(), f"{len(updates)} updates only")
        starts = [u.record.start for u in updates]
        self.assertEqual(len(starts), len(set(starts)), "an update came twice")
        self.assertEqual(starts, sorted(starts))
        cursors = [int(u.cursor) for u in updates]
        self.assertEqual(cursors, sorted(cursors))


if __name__ == "__main__":
    unittest.main(verbosity=2)
