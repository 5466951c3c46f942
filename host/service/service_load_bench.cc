// Load generator over loopback (issue 9 benchmark): ingest throughput in
// 10-minute records per second, and the latency of a point's current set
// (GetSets over the last week) with many points stored.
//
//   service_load_bench POINTS RECORDS_PER_POINT QUERIES [DB_SPEC|-] [BATCH] [FILL_POINTS]
//                      [RECORDS_PER_ITEM]
//
// BATCH is the server's --ingest-batch (default 2000). RECORDS_PER_ITEM
// (default 1) > 1 sends a backlog: each IngestItem carries that many
// consecutive records of one point (IngestItem.records), as pqa push does. FILL_POINTS more
// points ("f0", "f1", ...) get one week each (1,008 records, one closed set)
// written straight into the store before the server starts, point after
// point in batches of 20,000: a fast way to have 10,000 points stored for
// the query latency. Queries then pick points among all of them.
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
#include "host/common/clocks.h"
#include "host/common/time.h"
#include "host/service/indicator_sets.h"
#include "host/service/server.h"
#include "host/storage/store.h"
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

// Registers `count` points and stores a week of records for each directly
// through the store (with the set keeper, so their sets close as in service).
absl::Status Fill(const std::string& db, int count, pqa::TimeNs t0) {
  auto store = pqa::storage::Store::Open(db);
  if (!store.ok()) return store.status();
  pqa::service::IndicatorSets sets;
  (*store)->SetIngestHook(&sets);
  std::vector<pqa::storage::IngestEntry> batch;
  for (int p = 0; p < count; ++p) {
    pqa::v1::MeasurementPoint point;
    point.set_point_id("f" + std::to_string(p));
    point.mutable_config()->set_connection("220/127");
    if (auto created = (*store)->CreatePoint(point, t0); !created.ok()) return created.status();
    for (int i = 0; i < 1008; ++i) {
      batch.push_back({point.point_id(), MakeRecord(t0 + i * pqa::kTenMinutesNs), std::nullopt});
    }
    if (batch.size() >= 20'000 || p + 1 == count) {
      if (auto counts = (*store)->Ingest(batch); !counts.ok()) return counts.status();
      batch.clear();
    }
  }
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: service_load_bench POINTS RECORDS_PER_POINT QUERIES [DB_SPEC|-] [BATCH] "
                 "[FILL_POINTS] [RECORDS_PER_ITEM]\n";
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
  const int fill_points = argc > 6 ? std::stoi(argv[6]) : 0;
  const int per_item = argc > 7 ? std::max(1, std::stoi(argv[7])) : 1;
  const pqa::TimeNs t0 = *pqa::ParseRfc3339("2025-03-03T00:00:00Z");
  double fill_s = 0;
  if (fill_points > 0) {
    const auto fill_start = Clock::now();
    if (absl::Status s = Fill(options.db, fill_points, t0); !s.ok()) {
      std::cerr << "fill: " << s << "\n";
      return 1;
    }
    fill_s = std::chrono::duration<double>(Clock::now() - fill_start).count();
  }
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
  auto ingest = pqa::v1::Ingest::NewStub(channel);
  grpc::ClientContext ic;
  Authorize(ic, kAnalyzer);
  const auto start = Clock::now();
  const double cpu0 = pqa::ProcessCpuSeconds();
  auto stream = ingest->Push(&ic);
  std::uint64_t acked = 0;
  std::thread reader([&] {
    pqa::v1::IngestAck ack;
    while (stream->Read(&ack)) acked = ack.last_sequence();
  });
  std::uint64_t seq = 0, sent = 0;
  for (int i = 0; i < per_point; i += per_item) {
    const int n = std::min(per_item, per_point - i);
    std::vector<pqa::v1::Record> chunk;
    for (int k = 0; k < n; ++k) chunk.push_back(MakeRecord(t0 + (i + k) * pqa::kTenMinutesNs));
    for (int p = 0; p < points; ++p) {
      pqa::v1::IngestItem item;
      item.set_point_id("p" + std::to_string(p));
      item.set_sequence(++seq);
      if (n == 1) {
        *item.mutable_record() = chunk[0];
      } else {
        item.mutable_records()->Assign(chunk.begin(), chunk.end());
      }
      sent += n;
      // buffer_hint lets gRPC coalesce items into fewer HTTP/2 frames and
      // syscalls, as a concentrator streaming a backlog would.
      stream->Write(item, grpc::WriteOptions().set_buffer_hint());
    }
  }
  stream->WritesDone();
  reader.join();
  grpc::Status st = stream->Finish();
  const double ingest_s = std::chrono::duration<double>(Clock::now() - start).count();
  const double ingest_cpu_s = pqa::ProcessCpuSeconds() - cpu0;
  if (!st.ok() || acked != seq) {
    std::cerr << "ingest failed: " << st.error_message() << " acked " << acked << "\n";
    return 1;
  }
  // Query latency: the current set (last 1,008 readings) of random points.
  auto query = pqa::v1::Query::NewStub(channel);
  std::vector<double> ms;
  for (int q = 0; q < queries; ++q) {
    // Points 0..points-1 were ingested, the rest filled with one week.
    const int pick = static_cast<int>((q * 7919LL) % (points + fill_points));
    const bool filled = pick >= points;
    const int records = filled ? 1008 : per_point;
    pqa::v1::GetSetsRequest request;
    request.set_point_id(filled ? "f" + std::to_string(pick - points) : "p" + std::to_string(pick));
    request.mutable_period()->set_start(
        pqa::FormatRfc3339(t0 + (records - 1008) * pqa::kTenMinutesNs));
    request.mutable_period()->set_end(pqa::FormatRfc3339(t0 + records * pqa::kTenMinutesNs));
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
  std::cout << "{\"points\":" << points << ",\"fill_points\":" << fill_points
            << ",\"fill_s\":" << fill_s << ",\"records_per_item\":" << per_item
            << ",\"records\":" << sent << ",\"ingest_s\":" << ingest_s
            << ",\"records_per_s\":" << sent / ingest_s << ",\"ingest_cpu_s\":" << ingest_cpu_s
            << ",\"records_per_cpu_s\":" << sent / ingest_cpu_s << ",\"getsets_p50_ms\":" << p50
            << ",\"getsets_p99_ms\":" << p99 << "}\n";
  (*server)->Shutdown(1000);
  std::filesystem::remove_all(dir);
  return 0;
}
