#include "host/storage/store.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/storage/migrations.h"
#include "host/storage/postgres_test_cluster.h"

namespace pqa::storage {
namespace {

using ::testing::ElementsAre;

enum class Backend { kSqlite, kPostgres };

// One PostgreSQL cluster per test binary; each test gets its own database.
PostgresTestCluster* SharedCluster() {
  absl::StatusOr<PostgresTestCluster*> cluster = SharedPostgresTestCluster();
  if (!cluster.ok()) {
    ADD_FAILURE() << cluster.status();
    return nullptr;
  }
  return *cluster;
}

class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    static int counter = 0;
    const std::string name = absl::StrCat("t", getpid(), "_", ++counter);
    if (GetParam() == Backend::kSqlite) {
      path_ = std::filesystem::temp_directory_path() / (name + ".sqlite");
      spec_ = "sqlite:" + path_.string();
    } else {
      PostgresTestCluster* cluster = SharedCluster();
      ASSERT_NE(cluster, nullptr);
      absl::StatusOr<std::string> uri = cluster->CreateDatabase(name);
      ASSERT_TRUE(uri.ok()) << uri.status();
      spec_ = *uri;
    }
    absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(spec_);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }
  void TearDown() override {
    store_.reset();
    if (!path_.empty()) {
      for (const char* suffix : {"", "-wal", "-shm"})
        std::filesystem::remove(path_.string() + suffix);
    }
  }

  static pqa::v1::Record TenMinute(const std::string& start) {
    pqa::v1::Record r;
    r.set_start(start);
    r.set_duration_s(600);
    r.set_interval("10min");
    r.set_complete(true);
    return r;
  }
  static IngestEntry Entry(const std::string& point, const pqa::v1::Record& r) {
    return IngestEntry{point, r, std::nullopt};
  }

  std::filesystem::path path_;
  std::string spec_;
  std::unique_ptr<Store> store_;
};

std::vector<std::string> Starts(const std::vector<pqa::v1::Record>& records) {
  std::vector<std::string> out;
  for (const auto& r : records) out.push_back(r.start());
  return out;
}

constexpr TimeNs kAllTime = std::numeric_limits<TimeNs>::max();

TEST_P(StoreTest, MigrationsReachTheLastVersionAndAreIdempotent) {
  store_.reset();
  // Reopening runs Migrate again on an up-to-date schema; it must not fail.
  absl::StatusOr<std::unique_ptr<Store>> again = Store::Open(spec_);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(Migrations().back().version, 3);
}

TEST_P(StoreTest, RecordSentTwiceIsStoredOnce) {
  const std::vector<IngestEntry> batch = {Entry("p1", TenMinute("2025-03-03T00:00:00Z")),
                                          Entry("p1", TenMinute("2025-03-03T00:10:00Z"))};
  absl::StatusOr<IngestCounts> first = store_->Ingest(batch);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->stored, 2);
  EXPECT_EQ(first->duplicates, 0);
  absl::StatusOr<IngestCounts> second = store_->Ingest(batch);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->stored, 0);
  EXPECT_EQ(second->duplicates, 2);
  auto records = store_->ListRecords("p1", 0, kAllTime, 0, 100);
  ASSERT_TRUE(records.ok()) << records.status();
  EXPECT_EQ(records->size(), 2u);
  // Duplicates do not reach subscribers either.
  auto updates = store_->ReadUpdates({"p1"}, 0, 100);
  ASSERT_TRUE(updates.ok());
  EXPECT_EQ(updates->size(), 2u);
}

TEST_P(StoreTest, OutOfOrderArrivalIsListedInTimeOrder) {
  ASSERT_TRUE(store_->Ingest({Entry("p1", TenMinute("2025-03-03T00:20:00Z"))}).ok());
  ASSERT_TRUE(store_
                  ->Ingest({Entry("p1", TenMinute("2025-03-03T00:00:00Z")),
                            Entry("p1", TenMinute("2025-03-03T00:10:00Z"))})
                  .ok());
  auto records = store_->ListRecords("p1", 0, kAllTime, 0, 100);
  ASSERT_TRUE(records.ok());
  EXPECT_THAT(Starts(*records),
              ElementsAre("2025-03-03T00:00:00Z", "2025-03-03T00:10:00Z", "2025-03-03T00:20:00Z"));
}

TEST_P(StoreTest, KeyIncludesIntervalLengthAndPoint) {
  pqa::v1::Record two_hours = TenMinute("2025-03-03T00:00:00Z");
  two_hours.set_duration_s(7200);
  auto counts =
      store_->Ingest({Entry("p1", TenMinute("2025-03-03T00:00:00Z")), Entry("p1", two_hours),
                      Entry("p2", TenMinute("2025-03-03T00:00:00Z"))});
  ASSERT_TRUE(counts.ok()) << counts.status();
  EXPECT_EQ(counts->stored, 3);
  auto ten = store_->ListRecords("p1", 0, kAllTime, 600 * kNsPerSecond, 100);
  ASSERT_TRUE(ten.ok());
  EXPECT_EQ(ten->size(), 1u);
}

TEST_P(StoreTest, PeriodIsHalfOpenAndLimitPaginates) {
  std::vector<IngestEntry> batch;
  for (int i = 0; i < 6; ++i) {
    batch.push_back(Entry(
        "p1", TenMinute(FormatRfc3339(*ParseRfc3339("2025-03-03T00:00:00Z") + i * kTenMinutesNs))));
  }
  ASSERT_TRUE(store_->Ingest(batch).ok());
  const TimeNs t0 = *ParseRfc3339("2025-03-03T00:10:00Z");
  const TimeNs t1 = *ParseRfc3339("2025-03-03T00:40:00Z");
  auto page = store_->ListRecords("p1", t0, t1, 0, 2);
  ASSERT_TRUE(page.ok());
  EXPECT_THAT(Starts(*page), ElementsAre("2025-03-03T00:10:00Z", "2025-03-03T00:20:00Z"));
  auto rest = store_->ListRecords("p1", t0 + 2 * kTenMinutesNs, t1, 0, 2);
  ASSERT_TRUE(rest.ok());
  EXPECT_THAT(Starts(*rest), ElementsAre("2025-03-03T00:30:00Z"));  // 00:40 excluded
}

TEST_P(StoreTest, MalformedItemStoresNothingOfItsBatch) {
  pqa::v1::Record bad = TenMinute("yesterday");
  auto counts = store_->Ingest({Entry("p1", TenMinute("2025-03-03T00:00:00Z")), Entry("p1", bad)});
  ASSERT_FALSE(counts.ok());
  EXPECT_EQ(counts.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(counts.status().message()), ::testing::HasSubstr("record.start"));
  auto records = store_->ListRecords("p1", 0, kAllTime, 0, 100);
  ASSERT_TRUE(records.ok());
  EXPECT_TRUE(records->empty());
}

TEST_P(StoreTest, EventKeysCompareAtTenthOfMillisecond) {
  // PRODIST item 71: duration resolution 0.1 ms, so 100.00 and 100.04 ms are
  // the same event and 100.10 ms is another.
  auto event = [](double ms) {
    pqa::v1::VtcdEvent e;
    e.set_type("AMT");
    e.set_start("2025-03-03T00:00:10.004Z");
    e.set_duration_ms(ms);
    return IngestEntry{"p1", e, std::nullopt};
  };
  auto counts = store_->Ingest({event(100.0), event(100.04), event(100.1)});
  ASSERT_TRUE(counts.ok()) << counts.status();
  EXPECT_EQ(counts->stored, 2);
  EXPECT_EQ(counts->duplicates, 1);
  auto events = store_->ListEvents("p1", 0, kAllTime, 100);
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->size(), 2u);
}

TEST_P(StoreTest, UpdateLogResumesAfterCursorForSelectedPoints) {
  ASSERT_TRUE(store_
                  ->Ingest({Entry("p1", TenMinute("2025-03-03T00:00:00Z")),
                            Entry("p2", TenMinute("2025-03-03T00:00:00Z")),
                            Entry("p1", TenMinute("2025-03-03T00:10:00Z"))})
                  .ok());
  auto all = store_->ReadUpdates({"p1"}, 0, 100);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_LT((*all)[0].seq, (*all)[1].seq);
  auto after = store_->ReadUpdates({"p1", "p2"}, (*all)[0].seq, 100);
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->size(), 2u);
  EXPECT_EQ((*after)[0].point_id, "p2");
  EXPECT_EQ(std::get<pqa::v1::Record>((*after)[1].payload).start(), "2025-03-03T00:10:00Z");
  auto last = store_->LastUpdateSeq();
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(*last, (*after)[1].seq);

  // A reader of p2 alone has scanned the whole log (3 entries) once: it may
  // continue after the last position, not after p2's own entry.
  std::int64_t scanned_to = 0;
  auto p2 = store_->ReadUpdates({"p2"}, 0, 100, &scanned_to);
  ASSERT_TRUE(p2.ok());
  ASSERT_EQ(p2->size(), 1u);
  EXPECT_EQ(scanned_to, *last);
  // A full page stops the scan at its last entry.
  auto page = store_->ReadUpdates({"p1", "p2"}, 0, 2, &scanned_to);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ(scanned_to, (*page)[1].seq);
}

TEST_P(StoreTest, PrunedLogRefusesOlderCursorsAndKeepsTheRest) {
  ASSERT_TRUE(store_
                  ->Ingest({Entry("p1", TenMinute("2025-03-03T00:00:00Z")),
                            Entry("p2", TenMinute("2025-03-03T00:00:00Z")),
                            Entry("p1", TenMinute("2025-03-03T00:10:00Z"))})
                  .ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  const TimeNs cut = absl::ToUnixNanos(absl::Now());  // after the first three were logged
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  ASSERT_TRUE(store_
                  ->Ingest({Entry("p1", TenMinute("2025-03-03T00:20:00Z")),
                            Entry("p1", TenMinute("2025-03-03T00:30:00Z"))})
                  .ok());
  auto before = store_->ReadUpdates({"p1", "p2"}, 0, 100);
  ASSERT_TRUE(before.ok()) << before.status();
  ASSERT_EQ(before->size(), 5u);

  // At most two a call, the oldest first, and only those logged before the cut.
  for (const std::int64_t expected : {2, 1, 0}) {
    absl::StatusOr<std::int64_t> removed = store_->PruneUpdates(cut, 2);
    ASSERT_TRUE(removed.ok()) << removed.status();
    EXPECT_EQ(*removed, expected);
  }
  // A cursor before the last removed entry would silently skip entries: refused.
  for (const std::int64_t cursor : {std::int64_t{0}, (*before)[1].seq}) {
    auto old = store_->ReadUpdates({"p1"}, cursor, 100);
    ASSERT_FALSE(old.ok());
    EXPECT_EQ(old.status().code(), absl::StatusCode::kOutOfRange);
    EXPECT_THAT(std::string(old.status().message()),
                ::testing::HasSubstr(absl::StrCat("resume_cursor ", cursor, " is older")));
  }
  // From the last removed entry on nothing is missing.
  auto rest = store_->ReadUpdates({"p1", "p2"}, (*before)[2].seq, 100);
  ASSERT_TRUE(rest.ok()) << rest.status();
  ASSERT_EQ(rest->size(), 2u);
  EXPECT_EQ((*rest)[0].seq, (*before)[3].seq);
  EXPECT_EQ(std::get<pqa::v1::Record>((*rest)[1].payload).start(), "2025-03-03T00:30:00Z");

  // All of it pruned: the position is kept and new entries continue after it.
  auto all = store_->PruneUpdates(absl::ToUnixNanos(absl::Now() + absl::Hours(1)), 100);
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_EQ(*all, 2);
  auto last = store_->LastUpdateSeq();
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(*last, (*before)[4].seq);
  ASSERT_TRUE(store_->Ingest({Entry("p1", TenMinute("2025-03-03T00:40:00Z"))}).ok());
  auto fresh = store_->ReadUpdates({"p1"}, *last, 100);
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  ASSERT_EQ(fresh->size(), 1u);
  EXPECT_GT((*fresh)[0].seq, *last);
}

TEST_P(StoreTest, RegistryReportsConflictsAndUnknownPoints) {
  pqa::v1::MeasurementPoint p;
  p.set_point_id("sub-7");
  p.set_description("feeder 7");
  auto created = store_->CreatePoint(p, *ParseRfc3339("2025-03-01T00:00:00Z"));
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->revision(), 1);
  EXPECT_EQ(created->config().id(), "sub-7");
  EXPECT_EQ(store_->CreatePoint(p, 0).status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(store_->GetPoint("nope").status().code(), absl::StatusCode::kNotFound);
  p.set_description("feeder 7, new VT");
  auto updated = store_->UpdatePoint(p, 1, *ParseRfc3339("2025-03-02T00:00:00Z"));
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->revision(), 2);
  EXPECT_EQ(updated->created(), "2025-03-01T00:00:00Z");
  EXPECT_EQ(store_->UpdatePoint(p, 1, 0).status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->GetPoint("sub-7")->description(), "feeder 7, new VT");
}

TEST_P(StoreTest, ListPointsPagesInIdOrder) {
  for (const char* id : {"c", "a", "b"}) {
    pqa::v1::MeasurementPoint p;
    p.set_point_id(id);
    ASSERT_TRUE(store_->CreatePoint(p, 0).ok());
  }
  auto first = store_->ListPoints("", 2);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[0].point_id(), "a");
  EXPECT_EQ((*first)[1].point_id(), "b");
  auto second = store_->ListPoints("b", 2);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->size(), 1u);
  EXPECT_EQ((*second)[0].point_id(), "c");
}

TEST_P(StoreTest, DeleteRemovesOnlyAPointWithoutDataAndCountsFollow) {
  for (const char* id : {"typo", "sub-7", "sub-8"}) {
    pqa::v1::MeasurementPoint p;
    p.set_point_id(id);
    ASSERT_TRUE(store_->CreatePoint(p, 0).ok());
  }
  EXPECT_EQ(*store_->CountPoints(), 3);
  ASSERT_TRUE(store_->Ingest({Entry("sub-7", TenMinute("2025-03-03T00:00:00Z"))}).ok());
  pqa::v1::VtcdEvent event;
  event.set_type("AMT");
  event.set_start("2025-03-03T00:00:01.000Z");
  event.set_duration_ms(120);
  ASSERT_TRUE(store_->Ingest({IngestEntry{"sub-8", event, std::nullopt}}).ok());

  EXPECT_EQ(store_->DeletePoint("typo", 2).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(store_->DeletePoint("typo", 1).ok());
  EXPECT_EQ(store_->DeletePoint("typo", 0).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->DeletePoint("sub-7", 0).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->DeletePoint("sub-8", 0).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(*store_->CountPoints(), 2);
  auto records = store_->ListRecords("sub-7", 0, kAllTime, 600'000'000'000, 10);
  ASSERT_TRUE(records.ok());
  EXPECT_EQ(records->size(), 1u);
}

TEST(StoreOpen, RejectsUnknownDatabaseSpec) {
  auto store = Store::Open("mysql://x");
  EXPECT_EQ(store.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(store.status().message()), ::testing::HasSubstr("--db"));
}

TEST(StoreOpen, UnreachablePostgresIsUnavailable) {
  // Port 1 on loopback: nothing listens there.
  auto store = Store::Open("postgresql://pqa@127.0.0.1:1/x?connect_timeout=2");
  EXPECT_EQ(store.status().code(), absl::StatusCode::kUnavailable);
}

TEST_P(StoreTest, LogPositionsCommitInTheOrderTheyAreTaken) {
  // Two replicas on one database. Replica A appends to the log and keeps its
  // transaction open; replica B's ingest must wait for A's commit, or a
  // subscriber could read B's later position and pass A's for ever.
  absl::StatusOr<std::unique_ptr<Store>> b = Store::Open(spec_);
  ASSERT_TRUE(b.ok()) << b.status();
  std::atomic<bool> a_logged{false}, b_done{false}, b_done_before_a_commit{false};
  std::thread a([&] {
    absl::Status s = store_->RunInTransaction([&](SqlConnection& db) -> absl::Status {
      if (absl::Status l = LockUpdateLog(db); !l.ok()) return l;
      auto r =
          db.Execute("INSERT INTO updates (point_id, kind, payload) VALUES ('p1', 'event', '')");
      if (!r.ok()) return r.status();
      a_logged = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      b_done_before_a_commit = b_done.load();
      return absl::OkStatus();
    });
    EXPECT_TRUE(s.ok()) << s;
  });
  while (!a_logged) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  absl::StatusOr<IngestCounts> counts =
      (*b)->Ingest({Entry("p1", TenMinute("2025-03-03T00:00:00Z"))});
  b_done = true;
  a.join();
  ASSERT_TRUE(counts.ok()) << counts.status();
  EXPECT_FALSE(b_done_before_a_commit);
  absl::StatusOr<std::vector<UpdateEntry>> log = store_->ReadUpdates({"p1"}, 0, 10);
  ASSERT_TRUE(log.ok()) << log.status();
  ASSERT_EQ(log->size(), 2u);
  EXPECT_TRUE(std::holds_alternative<pqa::v1::VtcdEvent>((*log)[0].payload));  // A's, first
  EXPECT_TRUE(std::holds_alternative<pqa::v1::Record>((*log)[1].payload));
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const ::testing::TestParamInfo<Backend>& param_info) {
                           return param_info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace pqa::storage
