#include "host/prodist/vtcd_report_proto.h"

#include <string>

#include "absl/strings/str_format.h"
#include "host/vtcd/stratification.h"

namespace pqa::prodist {
namespace {

// Table 6 rows in the regulation's order (> 1.15 pu first), every row with
// one count per duration column.
void AddTable6(const vtcd::StratificationGrid& grid,
               google::protobuf::RepeatedPtrField<v1::Table6Row>* rows) {
  for (int r = 0; r < vtcd::kAmplitudeRows; ++r) {
    v1::Table6Row* row = rows->Add();
    row->set_amplitude(std::string(vtcd::AmplitudeRowLabel(r)));
    for (int c = 0; c < vtcd::kDurationColumns; ++c) row->add_counts(grid[r][c]);
  }
}

}  // namespace

v1::VtcdReport ToVtcdReport(const VtcdSummary& summary, std::span<const v1::VtcdEvent> events) {
  v1::VtcdReport out;
  out.set_stratified_events(summary.vtcd_events);
  for (int c = 0; c < vtcd::kDurationColumns; ++c) {
    out.add_duration_columns(std::string(vtcd::DurationColumnLabel(c)));
  }
  AddTable6(summary.grid, out.mutable_table6());
  for (const ImpactFactorPeriod& p : summary.impact_factor) {
    v1::ImpactFactorPeriod* period = out.add_impact_factor();
    period->set_start(FormatRfc3339(p.report.period_start));
    period->set_end(FormatRfc3339(p.report.period_end));
    period->set_covered_days(p.covered_days);
    period->set_complete(p.complete);
    for (int fe : p.report.fe) period->add_fe(fe);
    period->set_fibase(p.report.fibase);
    period->set_fi_pu(p.report.fi_pu);
    period->set_month(p.month);
    AddTable6(p.report.grid, period->mutable_table6());
  }
  out.set_impact_factor_note(summary.impact_factor_note);
  for (const vtcd::MonthlyContinuity& m : summary.continuity) {
    v1::ContinuityMonth* month = out.add_continuity();
    month->set_month(absl::StrFormat("%04d-%02d", m.year, m.month));
    month->set_dic_h(m.dic_h);
    month->set_fic(m.fic);
    month->set_dmic_h(m.dmic_h);
  }
  for (const v1::VtcdEvent& e : events) *out.add_events() = e;
  return out;
}

}  // namespace pqa::prodist
