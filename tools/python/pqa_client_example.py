#!/usr/bin/env python3
"""Operation-centre client example for the pqa gRPC service (Debian's python3-grpcio).

Lists the registered points, then prints each point's 10-minute records of a
period and the latest 1,008-reading set's DRP/DRC (PRODIST Module 8 items 26.5
and 26.6). Stubs are generated from proto/pqa/v1 with protoc and
grpc_python_plugin (see tests/service/CMakeLists.txt); pass their directory
with --stubs.

    pqa_client_example.py --server localhost:50051 --ca cert.pem \
        --token-file operator.token --stubs build/service/python

With --self-test SERVER_BINARY it starts a TLS server on loopback with a
throw-away SQLite database, registers a point, ingests a week of records and
checks what the queries return (used by CI).
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time


def load_stubs(stubs_dir):
    sys.path.insert(0, stubs_dir)
    import grpc  # noqa: F401  (Debian python3-grpcio)
    from pqa.v1 import ingest_pb2, ingest_pb2_grpc, query_pb2, query_pb2_grpc  # noqa
    from pqa.v1 import record_pb2, registry_pb2, registry_pb2_grpc  # noqa
    return sys.modules


def channel(server, ca_pem):
    import grpc
    return grpc.secure_channel(server, grpc.ssl_channel_credentials(root_certificates=ca_pem))


def bearer(token):
    return (("authorization", "Bearer " + token),)


def print_point(query_pb2, query, token, point_id, start, end):
    request = query_pb2.ListRecordsRequest(point_id=point_id, page_size=1008)
    request.period.start, request.period.end = start, end
    count = 0
    while True:
        page = query.ListRecords(request, metadata=bearer(token))
        count += len(page.records)
        if not page.next_page_token:
            break
        request.page_token = page.next_page_token
    sets = query.GetSets(query_pb2.GetSetsRequest(point_id=point_id), metadata=bearer(token))
    last = sets.voltage_sets[-1]
    print(f"{point_id}: {count} records; last set {last.start}..{last.end} "
          f"DRP {last.drp_pct:.3f} % DRC {last.drc_pct:.3f} %")
    return count, last


def self_test(binary, stubs_dir):
    import grpc
    load_stubs(stubs_dir)
    from pqa.v1 import (ingest_pb2, ingest_pb2_grpc, query_pb2, query_pb2_grpc, record_pb2,
                        registry_pb2, registry_pb2_grpc)
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
        port = 20000 + os.getpid() % 20000 + 1
        server = subprocess.Popen([binary, "--listen", f"127.0.0.1:{port}", "--db",
                                   "sqlite:" + os.path.join(tmp, "db.sqlite"), "--tls-cert", cert,
                                   "--tls-key", key, "--tokens", os.path.join(tmp, "tokens")])
        try:
            ch = channel(f"localhost:{port}", open(cert, "rb").read())
            grpc.channel_ready_future(ch).result(timeout=20)
            registry = registry_pb2_grpc.PointRegistryStub(ch)
            # Unauthenticated calls are refused.
            try:
                registry.ListPoints(registry_pb2.ListPointsRequest())
                raise AssertionError("ListPoints without a token succeeded")
            except grpc.RpcError as e:
                assert e.code() == grpc.StatusCode.UNAUTHENTICATED, e.code()
            point = registry_pb2.MeasurementPoint(point_id="py-1", analyzers=["an-1"])
            point.config.connection = "220/127"
            registry.CreatePoint(registry_pb2.CreatePointRequest(point=point),
                                 metadata=bearer(tokens["admin"]))

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
            acks = list(ingest_pb2_grpc.IngestStub(ch).Push(items(),
                                                            metadata=bearer(tokens["analyzer"])))
            assert acks[-1].last_sequence == 1008, acks[-1]
            assert sum(a.stored for a in acks) == 1008
            count, last = print_point(query_pb2, query_pb2_grpc.QueryStub(ch), tokens["operator"],
                                      "py-1", "2025-03-01T00:00:00Z", "2025-04-01T00:00:00Z")
            assert count == 1008, count
            assert last.nlc == 30, last.nlc
            assert abs(last.drc_pct - 30 / 1008 * 100) < 1e-9, last.drc_pct
            print("self-test passed")
        finally:
            server.terminate()
            server.wait(timeout=20)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stubs", required=True, help="directory with the generated pqa/v1 stubs")
    parser.add_argument("--self-test", metavar="SERVER_BINARY")
    parser.add_argument("--server", default="localhost:50051")
    parser.add_argument("--ca", help="CA certificate (PEM) of the service")
    parser.add_argument("--token-file")
    parser.add_argument("--start", default="", help="RFC 3339 UTC, inclusive")
    parser.add_argument("--end", default="", help="RFC 3339 UTC, exclusive")
    args = parser.parse_args()
    if args.self_test:
        self_test(args.self_test, args.stubs)
        return 0
    load_stubs(args.stubs)
    from pqa.v1 import query_pb2, query_pb2_grpc, registry_pb2, registry_pb2_grpc
    token = open(args.token_file).read().strip()
    ch = channel(args.server, open(args.ca, "rb").read())
    points = registry_pb2_grpc.PointRegistryStub(ch).ListPoints(
        registry_pb2.ListPointsRequest(page_size=1000), metadata=bearer(token))
    query = query_pb2_grpc.QueryStub(ch)
    for p in points.points:
        print_point(query_pb2, query, token, p.point_id, args.start, args.end)
    return 0


if __name__ == "__main__":
    sys.exit(main())
