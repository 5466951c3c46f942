// Load generator over loopback (issue 9 benchmark): ingest throughput in
// 10-minute records per second, and the latency of a point's current set
// (GetSets over the last week) with many points stored.
//
//   service_load_bench POINTS RECORDS_PER_POINT QUERIES [DB_SPEC|-] [BATCH]
//
// Prints one JSON object. Plaintext over loopback: TLS cost is per
// connection, not per record, for a long-lived stream.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "grpcpp/create_channel.h"
#include "host/common/time.h"
#include "host/service/server.h"
#include "pqa/v1/ingest.grpc.pb.h"
#include "pqa/v1/query.grpc.pb.h"
#include "pqa/v1/registry.grpc.pb.h"

namespace {

using Clock = std::chrono::steady_clock;
constexpr const char* kAdmin = "bench-admin-token-0123456789";
constexpr const char* kAnalyzer = "bench-analyzer-token-0123456789";

void Authorize(grpc::ClientContext& c, const char* token) {
  c.AddMetadata("authorization", std::string("Bearer ") + token);
}

pqa::v1::Record MakeRecord(pqa::TimeNs start) {
  pqa::v1::Record r;
  r.set_start(pqa::FormatRfc3339(start));
  r.set_duration_s(600);
  r.set_interval("10min");
  r.set_complete(true);
  r.set_flicker_complete(true);
  for (const char* name : {"A", "B", "C"}) {
    auto* p = r.add_phases();
    p->set_phase(name);
    p->set_rms_v(127.0);
    p->set_fund_v(127.0);
    p->set_dtt_pct(2.0);
    p->set_pst(0.4);
  }
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: service_load_bench POINTS RECORDS_PER_POINT QUERIES [DB_SPEC]\n";
    return 2;
  }
  const int points = std::stoi(argv[1]), per_point = std::stoi(argv[2]),
            queries = std::stoi(argv[3]);
  const std::string dir = "/tmp/pqa_bench_" + std::to_string(getpid());
  std::filesystem::create_directories(dir);
  pqa::service::ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.db =
      argc > 4 && std::string(argv[4]) != "-" ? argv[4] : "sqlite:" + dir + "/bench.sqlite";
  options.insecure = true;
  options.limits.ingest_batch = argc > 5 ? std::stoi(argv[5]) : 2000;
  options.tokens.Add(kAdmin, {"admin", pqa::service::Role::kAdmin});
  options.tokens.Add(kAnalyzer, {"an", pqa::service::Role::kAnalyzer});
  auto server = pqa::service::Server::Start(std::move(options));
  if (!server.ok()) {
    std::cerr << server.status() << "\n";
    return 1;
  }
  auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string((*server)->port()),
                                     grpc::InsecureChannelCredentials());
  auto registry = pqa::v1::PointRegistry::NewStub(channel);
  for (int p = 0; p < points; ++p) {
    pqa::v1::CreatePointRequest request;
    request.mutable_point()->set_point_id("p" + std::to_string(p));
    request.mutable_point()->mutable_config()->set_connection("220/127");
    request.mutable_point()->add_analyzers("an");
    pqa::v1::MeasurementPoint response;
    grpc::ClientContext c;
    Authorize(c, kAdmin);
    if (!registry->CreatePoint(&c, request, &response).ok()) return 1;
  }
  // Ingest: one stream, records interleaved across points as a concentrator would.
  const pqa::TimeNs t0 = *pqa::ParseRfc3339("2025-03-03T00:00:00Z");
  auto ingest = pqa::v1::Ingest::NewStub(channel);
  grpc::ClientContext ic;
  Authorize(ic, kAnalyzer);
  const auto start = Clock::now();
  auto stream = ingest->Push(&ic);
  std::uint64_t acked = 0;
  std::thread reader([&] {
    pqa::v1::IngestAck ack;
    while (stream->Read(&ack)) acked = ack.last_sequence();
  });
  std::uint64_t seq = 0;
  for (int i = 0; i < per_point; ++i) {
    const pqa::v1::Record r = MakeRecord(t0 + i * pqa::kTenMinutesNs);
    for (int p = 0; p < points; ++p) {
      pqa::v1::IngestItem item;
      item.set_point_id("p" + std::to_string(p));
      item.set_sequence(++seq);
      *item.mutable_record() = r;
      // buffer_hint lets gRPC coalesce items into fewer HTTP/2 frames and
      // syscalls, as a concentrator streaming a backlog would.
      stream->Write(item, grpc::WriteOptions().set_buffer_hint());
    }
  }
  stream->WritesDone();
  reader.join();
  grpc::Status st = stream->Finish();
  const double ingest_s = std::chrono::duration<double>(Clock::now() - start).count();
  if (!st.ok() || acked != seq) {
    std::cerr << "ingest failed: " << st.error_message() << " acked " << acked << "\n";
    return 1;
  }
  // Query latency: the current set (last 1,008 readings) of random points.
  auto query = pqa::v1::Query::NewStub(channel);
  std::vector<double> ms;
  for (int q = 0; q < queries; ++q) {
    pqa::v1::GetSetsRequest request;
    request.set_point_id("p" + std::to_string((q * 7919) % points));
    request.mutable_period()->set_start(
        pqa::FormatRfc3339(t0 + (per_point - 1008) * pqa::kTenMinutesNs));
    request.mutable_period()->set_end(pqa::FormatRfc3339(t0 + per_point * pqa::kTenMinutesNs));
    pqa::v1::GetSetsResponse response;
    grpc::ClientContext c;
    c.AddMetadata("authorization", std::string("Bearer ") + kAdmin);
    const auto q0 = Clock::now();
    grpc::Status s = query->GetSets(&c, request, &response);
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - q0).count());
    if (!s.ok()) {
      std::cerr << "GetSets: " << s.error_message() << "\n";
      return 1;
    }
  }
  if (ms.empty()) ms.push_back(0);  // QUERIES 0: ingest only, latencies printed as 0
  std::sort(ms.begin(), ms.end());
  const double p50 = ms[ms.size() / 2], p99 = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
  std::cout << "{\"points\":" << points << ",\"records\":" << seq << ",\"ingest_s\":" << ingest_s
            << ",\"records_per_s\":" << seq / ingest_s << ",\"getsets_p50_ms\":" << p50
            << ",\"getsets_p99_ms\":" << p99 << "}\n";
  (*server)->Shutdown(1000);
  std::filesystem::remove_all(dir);
  return 0;
}
