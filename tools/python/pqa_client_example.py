#!/usr/bin/env python3
"""Operation-centre example for the pqa service, using the pqa_client package.

Lists the registered points, then prints each point's count of 10-minute
records in a period and its latest 1,008-reading set's DRP/DRC (PRODIST
Module 8 items 26.5 and 26.6). Install the client first (offline, with
Debian's python3-grpcio, python3-protobuf and python3-grpc-tools):

    pip install --no-build-isolation --no-index clients/python
    pqa_client_example.py --server central:50051 --ca ca.pem --token-file operator.token

With --self-test SERVER_BINARY it starts a TLS server on loopback with a
throw-away SQLite database, registers a point, pushes a week of records and
checks what the example prints (clients/python/tests/ci.py runs it in CI).
"""
import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time

from pqa_client import PqaClient, PqaError


def print_point(client: PqaClient, point_id: str, start: str, end: str):
    count = sum(1 for _ in client.records(point_id, start, end))
    try:
        sets = client.sets(point_id, start, end)
    except PqaError as e:  # OUT_OF_RANGE: no records
        print(f"{point_id}: {count} records; no set ({e.details})")
        return count, None
    if not sets.voltage_sets:  # a measurement still running: the count towards the next set
        print(f"{point_id}: {count} records; no set yet, "
              f"{sets.pending_readings} of 1008 valid readings")
        return count, None
    last = sets.voltage_sets[-1]
    print(f"{point_id}: {count} records; last set {last.start}..{last.end} "
          f"DRP {last.drp_pct:.3f} % DRC {last.drc_pct:.3f} %")
    return count, last


def self_test(binary: str) -> None:
    import grpc
    from pqa.v1 import ingest_pb2, ingest_pb2_grpc, record_pb2, registry_pb2
    with tempfile.TemporaryDirectory() as tmp:
        cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=localhost", "-addext",
                        "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key, "-out", cert],
                       check=True, capture_output=True)
        tokens = {"admin": "py-admin-token-0123456789", "operator": "py-operator-token-0123456",
                  "analyzer": "py-analyzer-token-012345"}
        with open(os.path.join(tmp, "tokens"), "w") as f:
            f.write(f"{tokens['admin']}:admin:admin\n{tokens['operator']}:ops:operator\n"
                    f"{tokens['analyzer']}:an-1:analyzer\n")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen([binary, "--listen", f"127.0.0.1:{port}", "--db",
                                   "sqlite:" + os.path.join(tmp, "db.sqlite"), "--tls-cert", cert,
                                   "--tls-key", key, "--tokens", os.path.join(tmp, "tokens")],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            admin = PqaClient.connect(f"localhost:{port}", token=tokens["admin"], ca_file=cert,
                                      wait=20)
            point = registry_pb2.MeasurementPoint(point_id="py-1", analyzers=["an-1"])
            point.config.connection = "220/127"
            admin.create_point(point)

            # A week from 2025-03-03T00:00Z; 30 readings at 136 V are critical
            # (> 135 V in the 220/127 V row): DRC = 30 / 1008 x 100 = 2.976 %.
            def items():
                t0 = 1740960000  # 2025-03-03T00:00:00Z, seconds
                for i in range(1008):
                    v = 136.0 if i < 30 else 127.0
                    rec = record_pb2.Record(
                        start=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t0 + 600 * i)),
                        duration_s=600, interval="10min", complete=True, flicker_complete=True)
                    for name in "ABC":
                        rec.phases.add(phase=name, rms_v=v, fund_v=v)
                    yield ingest_pb2.IngestItem(point_id="py-1", sequence=i + 1, record=rec,
                                                flush=(i + 1) % 144 == 0)
            with open(cert, "rb") as f:
                channel = grpc.secure_channel(f"localhost:{port}",
                                              grpc.ssl_channel_credentials(f.read()))
            acks = list(ingest_pb2_grpc.IngestStub(channel).Push(
                items(), metadata=(("authorization", "Bearer " + tokens["analyzer"]),)))
            assert sum(a.stored for a in acks) == 1008
            with PqaClient.connect(f"localhost:{port}", token=tokens["operator"],
                                   ca_file=cert) as operator:
                points = operator.list_points()
                assert [p.point_id for p in points] == ["py-1"], points
                count, last = print_point(operator, "py-1", "2025-03-01T00:00:00Z",
                                          "2025-04-01T00:00:00Z")
            assert count == 1008, count
            assert last.nlc == 30, last.nlc
            assert abs(last.drc_pct - 30 / 1008 * 100) < 1e-9, last.drc_pct
            print("self-test passed")
        finally:
            server.terminate()
            server.wait(timeout=20)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--self-test", metavar="SERVER_BINARY")
    parser.add_argument("--server", default="localhost:50051")
    parser.add_argument("--ca", help="CA certificate (PEM) of the service")
    parser.add_argument("--insecure", action="store_true", help="plaintext (local tests only)")
    parser.add_argument("--token-file")
    parser.add_argument("--start", default="", help="RFC 3339 UTC, inclusive")
    parser.add_argument("--end", default="", help="RFC 3339 UTC, exclusive")
    args = parser.parse_args()
    if args.self_test:
        self_test(args.self_test)
        return 0
    with PqaClient.connect(args.server, token_file=args.token_file, ca_file=args.ca,
                           insecure=args.insecure) as client:
        for p in client.list_points():
            print_point(client, p.point_id, args.start, args.end)
    return 0


if __name__ == "__main__":
    sys.exit(main())
