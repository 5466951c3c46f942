#include "host/report/report_text.h"

#include "gtest/gtest.h"
#include "host/prodist/annex8a.h"
#include "host/prodist/compliance.h"
#include "host/prodist/test_records.h"

namespace pqa::report {
namespace {

// The notes the rules write reach a pt-BR report in Portuguese: each note
// EvaluateCompliance writes here goes through TranslateNote changed.
TEST(TranslateNote, TheRulesNotesReachPortuguese) {
  auto recs = prodist::testing::MakeStream(1010);
  // Five readings measured to order 6 only (PRODIST Module 5 item 50.6 note),
  // and two readings after the set (the shortfall note).
  for (int i = 0; i < 5; ++i) recs[i].record.set_max_harmonic_order(6);
  auto point = prodist::ResolvePoint({.connection = "220/127"}, prodist::DefaultAnnex8a());
  ASSERT_TRUE(point.ok()) << point.status();
  v1::ComplianceResult result = prodist::EvaluateCompliance(recs, *point);
  bool saw_order_note = false;
  for (const std::string& note : result.notes()) {
    const std::string pt = TranslateNote(Lang::kPtBr, note);
    EXPECT_NE(pt, note) << "untranslated: " << note;
    EXPECT_EQ(TranslateNote(Lang::kEn, note), note);
    if (note.find("item 50.6") != std::string::npos) {
      saw_order_note = true;
      EXPECT_NE(pt.find("item 50.6 do Módulo 5"), std::string::npos) << pt;
      EXPECT_NE(pt.find("até a ordem 6"), std::string::npos) << pt;
    }
  }
  EXPECT_TRUE(saw_order_note);
}

}  // namespace
}  // namespace pqa::report
