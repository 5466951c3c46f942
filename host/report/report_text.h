// The report's words in its two languages: Brazilian Portuguese with the
// regulation's own terms (leituras válidas, DRP, DRC, expurgo, the captions
// of PRODIST Module 8) by default, and English. Numbers follow the language
// (decimal comma in pt-BR). The rules' notes, written in English by
// host/prodist, are put in Portuguese here.
#ifndef PQA_HOST_REPORT_REPORT_TEXT_H_
#define PQA_HOST_REPORT_REPORT_TEXT_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "host/common/time.h"

namespace pqa::report {

enum class Lang { kPtBr, kEn };

// "pt-BR" or "en" (also "pt", "pt-br", "en-US"...); INVALID_ARGUMENT otherwise.
absl::StatusOr<Lang> ParseLang(std::string_view text);
const char* LangTag(Lang lang);  // "pt-BR", "en": the html lang attribute

struct ReportText {
  const char* title;
  const char* partial;
  const char* pending;     // "valid readings towards the first set of 1,008", after the count
  const char* no_set_yet;  // in place of a set table or histogram without a set
  const char* point_h;
  const char* identifier;
  const char* not_given;
  const char* connection;
  const char* nominal;
  const char* reference;
  const char* phase_voltage;
  const char* line_voltage;
  const char* voltage_class;
  const char* annex_row;
  const char* adequate;
  const char* precarious;
  const char* critical;
  const char* vt_connection;
  const char* wye;
  const char* open_delta;
  const char* eusd;
  const char* eusd_missing;
  const char* mode;
  const char* permanent;
  const char* sampled;
  const char* eventual;
  const char* expurgate_momentary;
  const char* yes;
  const char* no;
  const char* time_zone;
  const char* min_v;
  const char* max_v;
  const char* at;
  const char* notes;
  const char* trace_h;
  const char* version;
  const char* generated;
  const char* inputs;
  const char* file;
  const char* options;
  const char* voltage_h;
  const char* col_start;
  const char* col_end;
  const char* col_month;
  const char* col_expurgated;
  const char* col_incomplete;
  const char* col_missing;
  const char* col_compensation;
  const char* not_computed;
  const char* per_phase_counts;
  const char* monthly_h;
  const char* col_sets_ended;
  const char* col_drp_mean;
  const char* col_drc_mean;
  const char* col_compensation_due;
  const char* carried_over;
  const char* disturbance_h;
  const char* col_verdict;
  const char* above_limit;
  const char* within_limit;
  const char* no_limit;
  const char* not_measured;
  const char* col_set_phase;
  const char* dit_h;
  const char* dit_note;
  const char* col_order;
  const char* set;
  const char* histogram_h;
  const char* histogram_title;
  const char* histogram_x;
  const char* readings;
  const char* series_h;
  const char* local_time;
  const char* shaded;
  const char* out_of_scale;
  const char* rms_title;
  const char* volts;
  const char* adequate_low;
  const char* adequate_high;
  const char* precarious_low;
  const char* precarious_high;
  const char* dtt_title;
  const char* pct_fundamental;
  const char* limit;
  const char* pst_title;
  const char* plt_title;
  const char* fd_title;
  const char* events_h;
  const char* no_events;
  const char* col_date;
  const char* col_time;
  const char* col_amplitude;
  const char* col_duration;
  const char* col_type;
  const char* col_phases;
  const char* table6_h;
  const char* vtcd_events;
  const char* table6_period;
  const char* amplitude_duration;
  const char* fi_month_h;
  const char* fi_30d_h;
  const char* col_period_start;
  const char* col_period_end;
  const char* col_days;
  const char* fi_above;
  const char* fi_within;
  const char* fi_incomplete;
  const char* continuity_h;
  const char* no_interruption;
  const char* curves_h;
  const char* curves_none;
  const char* curve_x;
  const char* curve_y;
  const char* readings_h;
  const char* readings_caption;
  const char* col_phase_voltages;
  const char* col_voltage_set;
  const char* col_disturbance_set;
  const char* valid;
  const char* expurgated;
  const char* incomplete;
  const char* long_interruption;
  const char* band_key;
};

const ReportText& TextFor(Lang lang);

// `value` with `digits` decimals, with a decimal comma in pt-BR.
std::string Num(Lang lang, double value, int digits = 2);

// Instant `at` for people, in the point's `zone` with its offset:
// "31/03/2025 22:00 -03:00" in pt-BR, "2025-03-31 22:00 -03:00" in English
// (`seconds`: "22:00:05").
std::string LocalTimeText(Lang lang, TimeNs at, const absl::TimeZone& zone, bool seconds = false);

// A note of the rules (ComplianceResult.notes, English) in `lang`; a note it
// does not know is returned as it is.
std::string TranslateNote(Lang lang, const std::string& note);

}  // namespace pqa::report

#endif  // PQA_HOST_REPORT_REPORT_TEXT_H_
