#include "host/prodist/reading_sets.h"

#include "gtest/gtest.h"
#include "host/prodist/test_records.h"

namespace pqa::prodist {
namespace {

using testing::BaseTime;
using testing::MakeStream;

TEST(ReadingSets, ExactlyOneSetFromCleanWeek) {
  auto recs = MakeStream(1008);
  ReadingSets s = BuildReadingSets(recs, SetKind::kSteadyState, false);
  ASSERT_EQ(s.sets.size(), 1u);
  EXPECT_EQ(s.sets[0].start, BaseTime());
  EXPECT_EQ(s.sets[0].end, BaseTime() + 168 * 60 * kNsPerMinute);  // 168 h
  EXPECT_EQ(s.sets[0].expurgated, 0);
  EXPECT_EQ(s.pending_valid, 0);
}

TEST(ReadingSets, TemporaryVariationIsReplacedByTheNextInterval) {
  auto recs = MakeStream(1010);
  recs[5].record.add_vtcd_types("ITT");
  recs[9].record.set_long_interruption(true);
  ReadingSets s = BuildReadingSets(recs, SetKind::kSteadyState, false);
  ASSERT_EQ(s.sets.size(), 1u);
  EXPECT_EQ(s.sets[0].expurgated, 2);
  // Two intervals replaced: the set ends two intervals later than 168 h.
  EXPECT_EQ(s.sets[0].end, BaseTime() + 1010 * kTenMinutesNs);
  EXPECT_EQ(s.pending_valid, 0);
}

TEST(ReadingSets, MomentaryVariationExpurgatedOnlyWhenConfigured) {
  auto recs = MakeStream(1009);
  recs[100].record.add_vtcd_types("AMT");
  ReadingSets off = BuildReadingSets(recs, SetKind::kSteadyState, false);
  ASSERT_EQ(off.sets.size(), 1u);
  EXPECT_EQ(off.sets[0].expurgated, 0);
  EXPECT_EQ(off.sets[0].end, BaseTime() + 1008 * kTenMinutesNs);
  EXPECT_EQ(off.pending_valid, 1);
  ReadingSets on = BuildReadingSets(recs, SetKind::kSteadyState, true);
  ASSERT_EQ(on.sets.size(), 1u);
  EXPECT_EQ(on.sets[0].expurgated, 1);
  EXPECT_EQ(on.sets[0].end, BaseTime() + 1009 * kTenMinutesNs);
  EXPECT_EQ(on.pending_valid, 0);
}

TEST(ReadingSets, DisturbanceSetExpurgatesEveryVtcd) {
  auto recs = MakeStream(1011);
  recs[0].record.add_vtcd_types("EMT");  // first interval: the set starts at the second
  recs[50].record.add_vtcd_types("IMT");
  recs[60].record.add_vtcd_types("ATT");
  ReadingSets s = BuildReadingSets(recs, SetKind::kDisturbance, false);
  ASSERT_EQ(s.sets.size(), 1u);
  EXPECT_EQ(s.sets[0].start, BaseTime() + kTenMinutesNs);
  EXPECT_EQ(s.sets[0].end, BaseTime() + 1011 * kTenMinutesNs);
  EXPECT_EQ(s.sets[0].expurgated, 2);  // the first one lies before the set's start
}

TEST(ReadingSets, MissingAndIncompleteIntervalsAreNotCounted) {
  auto all = MakeStream(1015);
  std::vector<TimedRecord> recs;
  for (int i = 0; i < 1015; ++i) {
    if (i >= 200 && i < 205) continue;  // analyzer off for 50 minutes
    recs.push_back(all[i]);
  }
  recs[10].record.set_complete(false);
  recs[11].record.set_complete(false);
  ReadingSets s = BuildReadingSets(recs, SetKind::kSteadyState, false);
  ASSERT_EQ(s.sets.size(), 1u);
  EXPECT_EQ(s.sets[0].missing, 5);
  EXPECT_EQ(s.sets[0].invalid, 2);
  // 1008 valid + 2 invalid + 5 missing intervals = 1015 intervals.
  EXPECT_EQ(s.sets[0].end, BaseTime() + 1015 * kTenMinutesNs);
}

TEST(ReadingSets, FlickerIncompleteRecordIsInvalidForTheWholeDisturbanceSetOnly) {
  // Item 81: one set of 1,008 valid readings serves DTT, FD and Pst, so a
  // record without a settled Pst is replaced by the next interval (item 82)
  // for every disturbance indicator; the steady-state set keeps it.
  auto recs = MakeStream(1011);
  for (int i : {0, 400, 401}) recs[i].record.set_flicker_complete(false);
  ReadingSets d = BuildReadingSets(recs, SetKind::kDisturbance, false);
  ASSERT_EQ(d.sets.size(), 1u);
  EXPECT_EQ(d.sets[0].start, BaseTime() + kTenMinutesNs);  // record 0 (filter settling) skipped
  EXPECT_EQ(d.sets[0].end, BaseTime() + 1011 * kTenMinutesNs);
  EXPECT_EQ(d.sets[0].invalid, 2);  // 400 and 401; record 0 lies before the start
  EXPECT_EQ(d.sets[0].expurgated, 0);
  for (size_t idx : d.sets[0].readings) EXPECT_TRUE(recs[idx].record.flicker_complete());
  ReadingSets v = BuildReadingSets(recs, SetKind::kSteadyState, false);
  ASSERT_EQ(v.sets.size(), 1u);
  EXPECT_EQ(v.sets[0].start, BaseTime());
  EXPECT_EQ(v.sets[0].invalid, 0);
  EXPECT_EQ(v.pending_valid, 3);
}

TEST(ReadingSets, EachClassOfTable5AgainstEachSet) {
  // Items 85 (steady state: temporary and long interruption; momentary
  // optional) and 86 (disturbance: any VTCD or long interruption).
  struct Case {
    const char* type;  // "" for the long interruption flag
    bool steady, steady_with_momentary, disturbance;
  };
  const Case cases[] = {
      {"IMT", false, true, true}, {"AMT", false, true, true}, {"EMT", false, true, true},
      {"ITT", true, true, true},  {"ATT", true, true, true},  {"ETT", true, true, true},
      {"", true, true, true},
  };
  for (const Case& c : cases) {
    v1::Record r = MakeStream(1)[0].record;
    if (*c.type == '\0') {
      r.set_long_interruption(true);
    } else {
      r.add_vtcd_types(c.type);
    }
    SCOPED_TRACE(*c.type == '\0' ? "long interruption" : c.type);
    EXPECT_EQ(IsExpurgated(r, SetKind::kSteadyState, false), c.steady);
    EXPECT_EQ(IsExpurgated(r, SetKind::kSteadyState, true), c.steady_with_momentary);
    EXPECT_EQ(IsExpurgated(r, SetKind::kDisturbance, false), c.disturbance);
  }
  // A flagged record without a class (a sub-cycle dip is no VTCD) stays.
  v1::Record flagged = MakeStream(1)[0].record;
  flagged.set_flagged(true);
  EXPECT_FALSE(IsExpurgated(flagged, SetKind::kDisturbance, true));
}

TEST(ReadingSets, FewerThan1008ValidReadingsMakeNoSet) {
  auto recs = MakeStream(1008);
  recs[3].record.set_complete(false);
  ReadingSets s = BuildReadingSets(recs, SetKind::kSteadyState, false);
  EXPECT_TRUE(s.sets.empty());
  EXPECT_EQ(s.pending_valid, 1007);
}

TEST(ReadingSets, PermanentMeasurementGivesConsecutiveNonOverlappingSets) {
  auto recs = MakeStream(3 * 1008 + 7);
  ReadingSets s = BuildReadingSets(recs, SetKind::kSteadyState, false);
  ASSERT_EQ(s.sets.size(), 3u);
  EXPECT_EQ(s.sets[1].start, s.sets[0].end);
  EXPECT_EQ(s.sets[2].start, s.sets[1].end);
  EXPECT_EQ(s.pending_valid, 7);
  ReadingSets eventual = BuildReadingSets(recs, SetKind::kSteadyState, false, 1);
  EXPECT_EQ(eventual.sets.size(), 1u);
}

}  // namespace
}  // namespace pqa::prodist
