// The sets kept at ingest equal the PRODIST engine's (EvaluateCompliance over
// every record stored so far) after every batch, whatever the arrival order.
#include "host/service/indicator_sets.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <random>

#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "host/prodist/compliance.h"
#include "host/prodist/test_records.h"
#include "host/service/point_evaluation.h"
#include "host/storage/postgres_test_cluster.h"

namespace pqa::service {
namespace {

using google::protobuf::util::MessageDifferencer;
using prodist::TimedRecord;

constexpr TimeNs kAllTime = std::numeric_limits<TimeNs>::max() / 2;

// About 2.6 weeks of 10-minute records at a 220/127 V point with every kind
// of reading the sets treat differently: precarious and critical voltages
// (Annex 8.A, 220/127 row), incomplete records, temporary and momentary VTCD
// flags, long interruptions, Pst from unsettled filters, gaps, and varying
// distortion so that the 95th percentiles depend on which readings are in.
std::vector<TimedRecord> MixedRecords(int n, bool flicker_from_start) {
  std::mt19937 rng(20250303);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<TimedRecord> out;
  for (int i = 0; i < n; ++i) {
    if (i % 500 == 77 || i % 500 == 78) continue;  // analyzer off: missing intervals
    TimedRecord r = prodist::testing::MakeRecord(prodist::testing::BaseTime(), i, 127.0);
    for (int p = 0; p < 3; ++p) {
      auto* ph = r.record.mutable_phases(p);
      const double x = u(rng);
      ph->set_rms_v(x < 0.03 ? 114.0 : x < 0.04 ? 105.0 : x > 0.98 ? 135.0 : 124.0 + 6 * u(rng));
      ph->set_dtt_pct(2 + 8 * u(rng));
      ph->set_dttp_pct(1 + 3 * u(rng));
      ph->set_dtti_pct(0.5 + 2 * u(rng));
      ph->set_dtt3_pct(0.3 + 2 * u(rng));
      ph->set_pst(0.2 + 1.2 * u(rng));
    }
    r.record.set_fd_pct(0.5 + 3 * u(rng));
    const double y = u(rng);
    if (y < 0.02) r.record.set_complete(false);
    if (y > 0.02 && y < 0.04) r.record.add_vtcd_types("ITT");
    if (y > 0.04 && y < 0.06) r.record.add_vtcd_types("IMT");
    if (y > 0.06 && y < 0.065) r.record.set_long_interruption(true);
    if ((y > 0.07 && y < 0.1) || (!flicker_from_start && i < 1200)) {
      r.record.set_flicker_complete(false);
    }
    out.push_back(std::move(r));
  }
  return out;
}

enum class Backend { kSqlite, kPostgres };

// SQLite keeps the running states in memory between batches; PostgreSQL
// reads them back (row-locked) every batch.
class IndicatorSetsTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    static int counter = 0;
    const std::string name = "sets" + std::to_string(getpid()) + "_" + std::to_string(++counter);
    dir_ = std::filesystem::temp_directory_path() / ("pqa_" + name);
    std::filesystem::create_directories(dir_);
    std::string spec = "sqlite:" + (dir_ / "sets.sqlite").string();
    if (GetParam() == Backend::kPostgres) {
      auto cluster = storage::SharedPostgresTestCluster();
      ASSERT_TRUE(cluster.ok()) << cluster.status();
      auto uri = (*cluster)->CreateDatabase(name);
      ASSERT_TRUE(uri.ok()) << uri.status();
      spec = *uri;
    }
    auto store = storage::Store::Open(spec);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    store_->SetIngestHook(&sets_);
    point_.set_point_id("p1");
    point_.mutable_config()->set_connection("220/127");
    ASSERT_TRUE(store_->CreatePoint(point_, 0).ok());
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  void Ingest(const std::vector<TimedRecord>& records) {
    std::vector<storage::IngestEntry> batch;
    for (const TimedRecord& r : records) batch.push_back({"p1", r.record, std::nullopt});
    auto counts = store_->Ingest(batch);
    ASSERT_TRUE(counts.ok()) << counts.status();
  }

  // Kept sets against the engine over everything stored so far.
  void ExpectEngineSets(const std::vector<TimedRecord>& stored, const std::string& when) {
    std::vector<TimedRecord> sorted = stored;
    std::sort(sorted.begin(), sorted.end(),
              [](const TimedRecord& a, const TimedRecord& b) { return a.start < b.start; });
    auto point = store_->GetPoint("p1");
    ASSERT_TRUE(point.ok());
    auto config = ResolveRegisteredPoint(*point);
    ASSERT_TRUE(config.ok()) << config.status();
    const pqa::v1::ComplianceResult engine = prodist::EvaluateCompliance(sorted, *config);
    auto kept = sets_.Read(*store_, "p1", -kAllTime, kAllTime);
    ASSERT_TRUE(kept.ok()) << kept.status();
    ASSERT_EQ(static_cast<int>(kept->voltage.size()), engine.voltage_sets_size()) << when;
    ASSERT_EQ(static_cast<int>(kept->disturbance.size()), engine.disturbance_sets_size()) << when;
    ExpectSame(kept->voltage, engine.voltage_sets(), when + ", voltage set ");
    ExpectSame(kept->disturbance, engine.disturbance_sets(), when + ", disturbance set ");
  }

  template <typename Set>
  static void ExpectSame(const std::vector<Set>& kept,
                         const google::protobuf::RepeatedPtrField<Set>& engine,
                         const std::string& what) {
    for (int i = 0; i < engine.size(); ++i) {
      std::string diff;
      MessageDifferencer d;
      d.ReportDifferencesToString(&diff);
      EXPECT_TRUE(d.Compare(kept[i], engine[i])) << what << i << ": " << diff;
    }
  }

  // Sends `records` in batches of 1..150 in a shuffled order: mostly in time
  // order, with 5 % held back to the end and neighbouring blocks swapped, and
  // a few resent (duplicates); checks after every batch.
  void PushShuffledAndCheck(std::vector<TimedRecord> records) {
    std::mt19937 rng(7);
    std::vector<TimedRecord> order, late;
    for (auto& r : records) (rng() % 20 == 0 ? late : order).push_back(std::move(r));
    for (std::size_t b = 0; b + 60 < order.size(); b += 120) {
      std::swap_ranges(order.begin() + b, order.begin() + b + 30, order.begin() + b + 30);
    }
    std::shuffle(late.begin(), late.end(), rng);
    order.insert(order.end(), late.begin(), late.end());
    std::vector<TimedRecord> stored;
    std::size_t at = 0;
    int batches = 0;
    while (at < order.size()) {
      const std::size_t n = std::min<std::size_t>(1 + rng() % 150, order.size() - at);
      std::vector<TimedRecord> batch(order.begin() + at, order.begin() + at + n);
      if (at > 10) batch.push_back(order[at - 3]);  // a resend: stored once
      Ingest(batch);
      stored.insert(stored.end(), order.begin() + at, order.begin() + at + n);
      at += n;
      ExpectEngineSets(stored, "after batch " + std::to_string(++batches));
      if (HasFatalFailure()) return;
    }
  }

  std::filesystem::path dir_;
  std::unique_ptr<storage::Store> store_;
  IndicatorSets sets_;
  pqa::v1::MeasurementPoint point_;
};

TEST_P(IndicatorSetsTest, EqualTheEngineWithInvalidFlaggedAndLateRecords) {
  auto records = MixedRecords(2650, /*flicker_from_start=*/true);
  PushShuffledAndCheck(records);
  // Both kinds closed two sets: the comparison above covered re-closed sets.
  auto kept = sets_.Read(*store_, "p1", -kAllTime, kAllTime);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->voltage.size(), 2u);
  EXPECT_EQ(kept->disturbance.size(), 2u);
}

TEST_P(IndicatorSetsTest, FirstCompletePstRebuildsTheDisturbanceSets) {
  // Until record 1200 no Pst is complete: the engine builds the disturbance
  // set without the flicker condition, then with it for the whole history.
  PushShuffledAndCheck(MixedRecords(2650, /*flicker_from_start=*/false));
}

TEST_P(IndicatorSetsTest, ConfigurationChangeRebuildsTheSets) {
  const auto records = MixedRecords(2650, true);
  Ingest(records);
  ExpectEngineSets(records, "permanent");
  // An eventual measurement takes the first set only (item 26.7); a
  // momentary VTCD now also expurgates the steady-state reading (item 87).
  pqa::v1::MeasurementPoint changed = point_;
  changed.mutable_config()->set_measurement_mode("eventual");
  changed.mutable_config()->set_expurgate_momentary(true);
  auto before = store_->LastUpdateSeq();
  ASSERT_TRUE(before.ok());
  ASSERT_TRUE(store_->UpdatePoint(changed, 0, 1).ok());
  ExpectEngineSets(records, "eventual");
  auto kept = sets_.Read(*store_, "p1", -kAllTime, kAllTime);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->voltage.size(), 1u);
  // Subscribers learn first that every set published before is void.
  auto log = store_->ReadUpdates({"p1"}, *before, 10);
  ASSERT_TRUE(log.ok()) << log.status();
  ASSERT_FALSE(log->empty());
  const auto* withdrawn = std::get_if<pqa::v1::SetsReopened>(&log->front().payload);
  ASSERT_NE(withdrawn, nullptr);
  EXPECT_EQ(withdrawn->kind(), "");
  EXPECT_EQ(withdrawn->from_set_end(), "");
  EXPECT_EQ(withdrawn->reason(), "configuration changed");
}

TEST_P(IndicatorSetsTest, AReopenedSetIsWithdrawnBeforeItIsPublishedAgain) {
  // Two weeks but for interval 100: the first set takes 1,008 valid readings
  // from intervals 0..1008 and ends with interval 1008, 2025-03-10T00:10Z.
  auto records = prodist::testing::MakeStream(2 * 1008 + 10);
  const TimedRecord late = records[100];
  records.erase(records.begin() + 100);
  Ingest(records);
  auto before = store_->LastUpdateSeq();
  ASSERT_TRUE(before.ok());
  // Interval 100 arrives late: the first set now ends with interval 1007,
  // 2025-03-10T00:00Z, and every set from the old first one on is withdrawn.
  Ingest({late});
  auto log = store_->ReadUpdates({"p1"}, *before, 100);
  ASSERT_TRUE(log.ok()) << log.status();
  // Per kind: its withdrawal, then its re-closed sets.
  std::vector<std::string> withdrawn_kinds;
  std::string first_voltage_end, first_disturbance_end;
  auto withdrawn = [&](const char* kind) {
    return std::find(withdrawn_kinds.begin(), withdrawn_kinds.end(), kind) != withdrawn_kinds.end();
  };
  for (const auto& entry : *log) {
    if (const auto* w = std::get_if<pqa::v1::SetsReopened>(&entry.payload)) {
      EXPECT_EQ(w->from_set_end(), "2025-03-10T00:10:00Z");
      EXPECT_EQ(w->reason(), "late record");
      withdrawn_kinds.push_back(w->kind());
    }
    if (const auto* v = std::get_if<pqa::v1::VoltageSet>(&entry.payload)) {
      EXPECT_TRUE(withdrawn("voltage")) << "a voltage set published before the withdrawal";
      if (first_voltage_end.empty()) first_voltage_end = v->end();
    }
    if (const auto* d = std::get_if<pqa::v1::DisturbanceSet>(&entry.payload)) {
      EXPECT_TRUE(withdrawn("disturbance")) << "a disturbance set published before the withdrawal";
      if (first_disturbance_end.empty()) first_disturbance_end = d->end();
    }
  }
  EXPECT_THAT(withdrawn_kinds, ::testing::UnorderedElementsAre("voltage", "disturbance"));
  EXPECT_EQ(first_voltage_end, "2025-03-10T00:00:00Z");
  EXPECT_EQ(first_disturbance_end, "2025-03-10T00:00:00Z");
  records.push_back(late);
  ExpectEngineSets(records, "after the late record");
}

TEST_P(IndicatorSetsTest, ClosedSetsAndViolationsArePublished) {
  // 1,008 readings, 40 of them precarious on phase A: DRP = 40/1008 = 3.97 %
  // > 3 % (item 28), so one DRP violation follows the set.
  auto week = prodist::testing::MakeStream(1008);
  for (int i = 0; i < 40; ++i) week[i].record.mutable_phases(0)->set_rms_v(114.0);
  Ingest(week);
  auto log = store_->ReadUpdates({"p1"}, 0, 5000);
  ASSERT_TRUE(log.ok()) << log.status();
  int records = 0, voltage = 0, disturbance = 0;
  std::vector<pqa::v1::LimitViolation> violations;
  for (const auto& entry : *log) {
    records += std::holds_alternative<pqa::v1::Record>(entry.payload);
    voltage += std::holds_alternative<pqa::v1::VoltageSet>(entry.payload);
    disturbance += std::holds_alternative<pqa::v1::DisturbanceSet>(entry.payload);
    if (auto* v = std::get_if<pqa::v1::LimitViolation>(&entry.payload)) violations.push_back(*v);
  }
  EXPECT_EQ(records, 1008);
  EXPECT_EQ(voltage, 1);
  EXPECT_EQ(disturbance, 1);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].violation().indicator(), "DRP");
  EXPECT_NEAR(violations[0].violation().value(), 40.0 / 1008.0 * 100.0, 1e-9);
  EXPECT_EQ(violations[0].violation().limit(), 3.0);
  EXPECT_EQ(violations[0].set_end(), "2025-03-10T00:00:00Z");  // 1,008 x 10 min after the start
}

TEST_P(IndicatorSetsTest, PeriodSelectsSetsByTheEndOfTheirLastReading) {
  const auto records = prodist::testing::MakeStream(2 * 1008 + 5);
  Ingest(records);
  const TimeNs first_end = prodist::testing::BaseTime() + 1008 * kTenMinutesNs;
  auto first = sets_.Read(*store_, "p1", first_end - kTenMinutesNs, first_end);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->voltage.size(), 1u);
  EXPECT_EQ(first->pending_readings, 5);
  auto none = sets_.Read(*store_, "p1", first_end, first_end + kTenMinutesNs);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->voltage.empty());
}

TEST_P(IndicatorSetsTest, UnresolvableConfigurationKeepsRecordsAndReportsOnRead) {
  pqa::v1::MeasurementPoint bad;
  bad.set_point_id("p2");
  bad.mutable_config()->set_connection("not a voltage");
  ASSERT_TRUE(store_->CreatePoint(bad, 0).ok());
  std::vector<storage::IngestEntry> batch;
  for (const TimedRecord& r : prodist::testing::MakeStream(1008)) {
    batch.push_back({"p2", r.record, std::nullopt});
  }
  auto counts = store_->Ingest(batch);
  ASSERT_TRUE(counts.ok()) << counts.status();
  EXPECT_EQ(counts->stored, 1008);
  auto read = sets_.Read(*store_, "p2", -kAllTime, kAllTime);
  EXPECT_EQ(read.status().code(), absl::StatusCode::kFailedPrecondition) << read.status();
  EXPECT_THAT(std::string(read.status().message()), ::testing::HasSubstr("config.connection"));
  // Corrected, the point's week closes one set of each kind.
  bad.mutable_config()->set_connection("220/127");
  ASSERT_TRUE(store_->UpdatePoint(bad, 0, 1).ok());
  read = sets_.Read(*store_, "p2", -kAllTime, kAllTime);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->voltage.size(), 1u);
  EXPECT_EQ(read->disturbance.size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, IndicatorSetsTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const ::testing::TestParamInfo<Backend>& param_info) {
                           return param_info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace pqa::service
