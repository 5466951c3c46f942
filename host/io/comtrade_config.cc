#include "host/io/comtrade_config.h"

#include <cctype>

#include "absl/strings/str_format.h"
#include "host/common/status_macros.h"
#include "host/io/channel_labels.h"
#include "host/io/text_fields.h"

namespace pqa::io {
namespace {

class CfgParser {
 public:
  CfgParser(const std::vector<std::string>& lines, const std::string& source,
            std::int64_t first_line)
      : lines_(lines), source_(source), first_line_(first_line) {}

  absl::StatusOr<ComtradeConfig> Parse();

 private:
  FieldPlace Place(std::string_view what) const {
    return FieldPlace{source_, first_line_ + static_cast<std::int64_t>(next_) - 1, what};
  }
  // Next line split into fields; error when the line is absent or has a
  // field count outside [min_fields, max_fields].
  absl::StatusOr<std::vector<std::string_view>> Fields(std::string_view what, int min_fields,
                                                       int max_fields);
  absl::StatusOr<TimeNs> DateTime(std::string_view what, int revision, int* fraction_digits);

  const std::vector<std::string>& lines_;
  const std::string& source_;
  std::int64_t first_line_;
  std::size_t next_ = 0;
};

absl::StatusOr<std::vector<std::string_view>> CfgParser::Fields(std::string_view what,
                                                                int min_fields, int max_fields) {
  if (next_ >= lines_.size()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s:%d: configuration ends before the %s line", source_,
                        first_line_ + static_cast<std::int64_t>(lines_.size()), std::string(what)));
  }
  ++next_;
  std::vector<std::string_view> f = SplitCommas(lines_[next_ - 1]);
  const int n = static_cast<int>(f.size());
  if (n < min_fields || n > max_fields) {
    return FieldError(
        Place(what),
        min_fields == max_fields
            ? absl::StrFormat("expected %d comma-separated fields, found %d", min_fields, n)
            : absl::StrFormat("expected %d to %d comma-separated fields, found %d", min_fields,
                              max_fields, n));
  }
  return f;
}

std::string WithoutBlanks(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\r') out += c;
  }
  return out;
}

// At most 9 digits, all decimal: more, or anything else, clears *ok (and
// the value is not accumulated, so it cannot overflow; found by fuzzing).
int Digits(std::string_view s, std::size_t pos, std::size_t count, bool* ok) {
  int v = 0;
  if (pos + count > s.size() || count > 9) {
    *ok = false;
    return 0;
  }
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) {
      *ok = false;
      return 0;
    }
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

// "dd/mm/yyyy,hh:mm:ss.ssssss" (1999, 2013; up to 9 fraction digits in 2013)
// or "mm/dd/yy,hh:mm:ss.ssssss" (1991).
absl::StatusOr<TimeNs> CfgParser::DateTime(std::string_view what, int revision,
                                           int* fraction_digits) {
  PQA_ASSIGN_OR_RETURN(auto f, Fields(what, 2, 2));
  // Some recorders pad inside the fields ("02 : 37:34.349250"): blanks are
  // never part of a date or time, so they are dropped.
  const std::string date_text = WithoutBlanks(f[0]), time_text = WithoutBlanks(f[1]);
  const std::string_view date = date_text;
  const std::string_view time = time_text;
  const char* expected =
      revision == 1991 ? "mm/dd/yy,hh:mm:ss.ssssss" : "dd/mm/yyyy,hh:mm:ss.ssssss";
  auto bad = [&] {
    return FieldError(Place(what), absl::StrFormat("expected %s, found '%s,%s'", expected,
                                                   std::string(date), std::string(time)));
  };
  const std::size_t s1 = date.find('/');
  const std::size_t s2 = s1 == std::string_view::npos ? s1 : date.find('/', s1 + 1);
  if (s2 == std::string_view::npos) return bad();
  bool ok = true;
  const int p1 = Digits(date, 0, s1, &ok);
  const int p2 = Digits(date, s1 + 1, s2 - s1 - 1, &ok);
  const std::size_t year_len = date.size() - s2 - 1;
  int year = Digits(date, s2 + 1, year_len, &ok);
  int day = p1, month = p2;
  if (revision == 1991) {
    month = p1;
    day = p2;
    if (year_len == 2) year += year < 70 ? 2000 : 1900;  // two-digit years of the 1991 form
  }
  if (!ok || s1 == 0 || s1 > 2 || s2 - s1 - 1 == 0 || s2 - s1 - 1 > 2 ||
      (year_len != 4 && !(revision == 1991 && year_len == 2))) {
    return bad();
  }
  if (time.size() < 8 || time[2] != ':' || time[5] != ':') return bad();
  const int hour = Digits(time, 0, 2, &ok);
  const int minute = Digits(time, 3, 2, &ok);
  const int second = Digits(time, 6, 2, &ok);
  TimeNs fraction_ns = 0;
  *fraction_digits = 0;
  if (time.size() > 8) {
    if (time[8] != '.' || time.size() > 18) return bad();
    *fraction_digits = static_cast<int>(time.size() - 9);
    TimeNs scale = 1;
    for (int i = *fraction_digits; i < 9; ++i) scale *= 10;
    for (std::size_t i = 9; i < time.size(); ++i) {
      if (!std::isdigit(static_cast<unsigned char>(time[i]))) return bad();
      fraction_ns = fraction_ns * 10 + (time[i] - '0');
    }
    fraction_ns *= scale;
  }
  if (!ok) return bad();
  // Checked: 31/02 is not 3 March, and 9999 is not 1815 (host/common/time.h).
  auto t = CheckedCivilTime(year, month, day, hour, minute, second, fraction_ns);
  if (!t.ok()) {
    return FieldError(Place(what), absl::StrFormat("'%s,%s': %s", std::string(date),
                                                   std::string(time), t.status().message()));
  }
  return *t;
}

// C37.111-2013 time codes: "0", "+5", "-5h30", "10h45"; "x" is accepted for
// local_code only (not applicable).
bool ParseTimeCode(std::string_view text, int* minutes) {
  text = TrimBlanks(text);
  int sign = 1;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    sign = text[0] == '-' ? -1 : 1;
    text.remove_prefix(1);
  }
  const std::size_t h = text.find_first_of("hH");
  const std::string_view hours = text.substr(0, h);
  const std::string_view mins = h == std::string_view::npos ? "" : text.substr(h + 1);
  if (hours.empty() || hours.size() > 2 || (h != std::string_view::npos && mins.size() != 2)) {
    return false;
  }
  bool ok = true;
  const int hv = Digits(hours, 0, hours.size(), &ok);
  const int mv = mins.empty() ? 0 : Digits(mins, 0, 2, &ok);
  if (!ok || hv > 14 || mv > 59) return false;
  *minutes = sign * (hv * 60 + mv);
  return true;
}

absl::StatusOr<ComtradeConfig> CfgParser::Parse() {
  ComtradeConfig cfg;
  PQA_ASSIGN_OR_RETURN(auto id, Fields("station_name,rec_dev_id,rev_year", 2, 3));
  cfg.station_name = std::string(TrimBlanks(id[0]));
  cfg.device_id = std::string(TrimBlanks(id[1]));
  cfg.revision = 1991;  // the 1991 form has no rev_year field
  bool by_layout = false;
  if (id.size() == 3) {
    const std::string_view rev = TrimBlanks(id[2]);
    cfg.rev_year = std::string(rev);
    if (rev == "1991") {
      cfg.revision = 1991;
    } else if (rev == "1999" || rev == "2001") {
      // IEC 60255-24:2001 is the 1999 layout under another year.
      cfg.revision = 1999;
    } else if (rev == "2013") {
      cfg.revision = 2013;
    } else {
      by_layout = true;  // decided by the first analog channel line below
    }
  }
  PQA_ASSIGN_OR_RETURN(auto counts, Fields("TT,##A,##D", 3, 3));
  PQA_ASSIGN_OR_RETURN(const std::int64_t total, ParseInteger(counts[0], Place("TT")));
  auto count_with = [&](std::string_view f, char suffix,
                        std::string_view what) -> absl::StatusOr<std::int64_t> {
    f = TrimBlanks(f);
    if (f.empty() || std::toupper(static_cast<unsigned char>(f.back())) != suffix) {
      return FieldError(Place(what), absl::StrFormat("expected a count followed by '%c', found "
                                                     "'%s'",
                                                     suffix, std::string(f)));
    }
    return ParseInteger(f.substr(0, f.size() - 1), Place(what));
  };
  PQA_ASSIGN_OR_RETURN(const std::int64_t n_analog, count_with(counts[1], 'A', "##A"));
  PQA_ASSIGN_OR_RETURN(const std::int64_t n_digital, count_with(counts[2], 'D', "##D"));
  if (n_analog < 0 || n_digital < 0 || n_analog + n_digital != total) {
    return FieldError(Place("TT,##A,##D"),
                      absl::StrFormat("channel counts do not add up: %d analog + %d digital != "
                                      "%d total",
                                      n_analog, n_digital, total));
  }
  cfg.digital_count = static_cast<int>(n_digital);
  if (by_layout) {
    // C37.111 leaves no other year; real recorders write one anyway (or none).
    // The 1991 analog line has 10 fields, the 1999/2013 one 13.
    const bool ten =
        n_analog > 0 && next_ < lines_.size() && SplitCommas(lines_[next_]).size() == 10;
    cfg.revision = ten ? 1991 : 1999;
    cfg.warnings.push_back(absl::StrFormat(
        "%s:%d: rev_year '%s' is not 1991, 1999 or 2013: read as the %d layout (%s)", source_,
        first_line_, EscapedText(cfg.rev_year), cfg.revision,
        ten ? "10-field analog channel lines" : "13-field analog channel lines"));
  }
  std::vector<std::int64_t> numbers;  // An, then Dn: the recorder's own numbering
  auto unique_number = [&](std::int64_t n, std::int64_t first, const std::string& what,
                           const char* kind) -> absl::Status {
    if (n < 1) {
      return FieldError(Place(what),
                        absl::StrFormat("expected a channel number >= 1, found %d", n));
    }
    for (std::size_t k = static_cast<std::size_t>(first); k < numbers.size(); ++k) {
      if (numbers[k] == n) {
        return FieldError(
            Place(what), absl::StrFormat("channel number %d repeats that of %s channel %d", n, kind,
                                         k - static_cast<std::size_t>(first) + 1));
      }
    }
    numbers.push_back(n);
    return absl::OkStatus();
  };
  const int analog_fields = cfg.revision == 1991 ? 10 : 13;
  for (std::int64_t i = 0; i < n_analog; ++i) {
    const std::string what = absl::StrFormat("analog channel %d", i + 1);
    PQA_ASSIGN_OR_RETURN(auto f, Fields(what, analog_fields, analog_fields));
    PQA_ASSIGN_OR_RETURN(const std::int64_t an, ParseInteger(f[0], Place(what + " An")));
    PQA_RETURN_IF_ERROR(unique_number(an, 0, what + " An", "analog"));
    ComtradeAnalogChannel ch;
    ch.number = static_cast<int>(an);
    ch.id = std::string(TrimBlanks(f[1]));
    ch.phase = std::string(TrimBlanks(f[2]));
    ch.ccbm = std::string(TrimBlanks(f[3]));
    ch.unit = std::string(TrimBlanks(f[4]));
    PQA_ASSIGN_OR_RETURN(ch.a, ParseReal(f[5], Place(what + " a")));
    PQA_ASSIGN_OR_RETURN(ch.b, ParseReal(f[6], Place(what + " b")));
    PQA_ASSIGN_OR_RETURN(ch.skew_us, ParseReal(f[7], Place(what + " skew")));
    PQA_RETURN_IF_ERROR(ParseReal(f[8], Place(what + " min")).status());
    PQA_RETURN_IF_ERROR(ParseReal(f[9], Place(what + " max")).status());
    if (analog_fields == 13) {
      PQA_ASSIGN_OR_RETURN(ch.primary, ParseReal(f[10], Place(what + " primary")));
      PQA_ASSIGN_OR_RETURN(ch.secondary, ParseReal(f[11], Place(what + " secondary")));
      const std::string_view ps = TrimBlanks(f[12]);
      if (ps.size() != 1 || (std::toupper(ps[0]) != 'P' && std::toupper(ps[0]) != 'S')) {
        return FieldError(Place(what + " PS"),
                          absl::StrFormat("expected P or S, found '%s'", std::string(ps)));
      }
      ch.ps = static_cast<char>(std::toupper(ps[0]));
    }
    cfg.analog.push_back(std::move(ch));
  }
  for (std::int64_t i = 0; i < n_digital; ++i) {
    const std::string what = absl::StrFormat("digital channel %d", i + 1);
    // 1991: Dn,ch_id,y; 1999 added ph and ccbm.
    const int min_fields = cfg.revision == 1991 ? 3 : 5;
    PQA_ASSIGN_OR_RETURN(auto f, Fields(what, min_fields, 5));
    PQA_ASSIGN_OR_RETURN(const std::int64_t dn, ParseInteger(f[0], Place(what + " Dn")));
    PQA_RETURN_IF_ERROR(unique_number(dn, n_analog, what + " Dn", "digital"));
  }
  PQA_ASSIGN_OR_RETURN(auto lf, Fields("lf", 1, 1));
  PQA_ASSIGN_OR_RETURN(cfg.line_frequency_hz, ParseReal(lf[0], Place("lf")));
  PQA_ASSIGN_OR_RETURN(auto nr, Fields("nrates", 1, 1));
  PQA_ASSIGN_OR_RETURN(const std::int64_t nrates, ParseInteger(nr[0], Place("nrates")));
  if (nrates < 0) {
    return FieldError(Place("nrates"), absl::StrFormat("expected 0 or more, found %d", nrates));
  }
  if (nrates > 999) {
    // The field has three digits in C37.111, but frequency-tracking
    // recorders write one segment per cycle: thousands.
    cfg.warnings.push_back(absl::StrFormat(
        "%s:%d: nrates = %d, beyond C37.111's 999: read all %d rate segments", source_,
        first_line_ + static_cast<std::int64_t>(next_) - 1, nrates, nrates));
  }
  cfg.timestamps_drive_time = nrates == 0;
  for (std::int64_t i = 0; i < std::max<std::int64_t>(nrates, 1); ++i) {
    PQA_ASSIGN_OR_RETURN(auto f, Fields("samp,endsamp", 2, 2));
    ComtradeRate r;
    PQA_ASSIGN_OR_RETURN(r.samp_hz, ParseReal(f[0], Place("samp")));
    PQA_ASSIGN_OR_RETURN(r.endsamp, ParseInteger(f[1], Place("endsamp")));
    const std::int64_t previous = cfg.rates.empty() ? 0 : cfg.rates.back().endsamp;
    if (r.samp_hz < 0 || (nrates > 1 && r.samp_hz == 0)) {
      return FieldError(Place("samp"),
                        absl::StrFormat("expected a rate > 0 Hz, found %g", r.samp_hz));
    }
    if (r.endsamp <= previous) {
      return FieldError(
          Place("endsamp"),
          absl::StrFormat("expected a last sample number > %d, found %d", previous, r.endsamp));
    }
    if (r.samp_hz == 0) cfg.timestamps_drive_time = true;
    cfg.rates.push_back(r);
  }
  int fraction_digits = 0;
  int trigger_digits = 0;
  PQA_ASSIGN_OR_RETURN(const TimeNs first,
                       DateTime("first sample date/time", cfg.revision, &fraction_digits));
  PQA_ASSIGN_OR_RETURN(const TimeNs trigger,
                       DateTime("trigger date/time", cfg.revision, &trigger_digits));
  // C37.111-2013 7.4.8: nanosecond resolution in the cfg times makes the
  // .dat timestamps count nanoseconds instead of microseconds.
  cfg.timestamp_unit_ns = fraction_digits > 6 ? 1 : 1000;
  PQA_ASSIGN_OR_RETURN(auto ft, Fields("ft", 1, 1));
  std::string ft_text;
  for (char c : TrimBlanks(ft[0])) ft_text += static_cast<char>(std::toupper(c));
  if (ft_text == "ASCII") {
    cfg.format = ComtradeFormat::kAscii;
  } else if (ft_text == "BINARY") {
    cfg.format = ComtradeFormat::kBinary;
  } else if (cfg.revision == 2013 && ft_text == "BINARY32") {
    cfg.format = ComtradeFormat::kBinary32;
  } else if (cfg.revision == 2013 && ft_text == "FLOAT32") {
    cfg.format = ComtradeFormat::kFloat32;
  } else {
    return FieldError(
        Place("ft"),
        absl::StrFormat("unknown data file type '%s' for revision %d "
                        "(expected ASCII, BINARY%s)",
                        ft_text, cfg.revision, cfg.revision == 2013 ? ", BINARY32, FLOAT32" : ""));
  }
  if (cfg.revision >= 1999 && next_ < lines_.size()) {
    PQA_ASSIGN_OR_RETURN(auto tm, Fields("timemult", 1, 1));
    PQA_ASSIGN_OR_RETURN(cfg.timemult, ParseReal(tm[0], Place("timemult")));
    if (cfg.timemult <= 0) {
      return FieldError(Place("timemult"),
                        absl::StrFormat("expected a factor > 0, found %g", cfg.timemult));
    }
  } else if (cfg.revision >= 1999) {
    return FieldError(Place("timemult"), "missing timemult line");
  }
  // The 2013 time lines are taken as absent (UTC, unknown quality) when the
  // file ends after timemult, which some 2013 writers do.
  if (cfg.revision == 2013 && next_ < lines_.size() && !TrimBlanks(lines_[next_]).empty()) {
    PQA_ASSIGN_OR_RETURN(auto tc, Fields("time_code,local_code", 2, 2));
    if (!ParseTimeCode(tc[0], &cfg.time_code_minutes)) {
      return FieldError(Place("time_code"), absl::StrFormat("expected a UTC offset like '-5h30' "
                                                            "or '+2', found '%s'",
                                                            std::string(TrimBlanks(tc[0]))));
    }
    const std::string_view lc = TrimBlanks(tc[1]);
    if (lc != "x" && lc != "X" && !ParseTimeCode(lc, &cfg.local_code_minutes)) {
      return FieldError(Place("local_code"), absl::StrFormat("expected a UTC offset like '-5h30'"
                                                             " or 'x', found '%s'",
                                                             std::string(lc)));
    }
    if (next_ < lines_.size() && !TrimBlanks(lines_[next_]).empty()) {
      PQA_ASSIGN_OR_RETURN(auto tq, Fields("tmq_code,leapsec", 2, 2));
      const std::string_view q = TrimBlanks(tq[0]);
      if (q.size() != 1 || !std::isxdigit(static_cast<unsigned char>(q[0]))) {
        return FieldError(Place("tmq_code"), absl::StrFormat("expected one hexadecimal digit "
                                                             "0..F, found '%s'",
                                                             std::string(q)));
      }
      cfg.tmq_code = std::isdigit(q[0]) ? q[0] - '0' : std::toupper(q[0]) - 'A' + 10;
      PQA_ASSIGN_OR_RETURN(const std::int64_t leap, ParseInteger(tq[1], Place("leapsec")));
      if (leap < 0 || leap > 3) {
        return FieldError(Place("leapsec"), absl::StrFormat("expected 0..3, found %d", leap));
      }
      cfg.leapsec = static_cast<int>(leap);
    }
  }
  // C37.111-2013 7.4.11: the times are expressed at offset time_code from
  // UTC; subtracting it gives UTC.
  const TimeNs offset = static_cast<TimeNs>(cfg.time_code_minutes) * kNsPerMinute;
  PQA_ASSIGN_OR_RETURN(cfg.first_sample, CheckedAddNs(first, -offset, "first sample in UTC"));
  PQA_ASSIGN_OR_RETURN(cfg.trigger, CheckedAddNs(trigger, -offset, "trigger in UTC"));
  return cfg;
}

}  // namespace

std::size_t ComtradeConfig::binary_record_bytes() const {
  const std::size_t value_bytes = format == ComtradeFormat::kBinary ? 2 : 4;
  return 8 + analog.size() * value_bytes +
         2 * ((static_cast<std::size_t>(digital_count) + 15) / 16);
}

absl::StatusOr<ComtradeConfig> ParseComtradeConfig(const std::vector<std::string>& lines,
                                                   const std::string& source,
                                                   std::int64_t first_line) {
  std::vector<std::string> stripped = lines;
  StripTrailingPadding(stripped);
  return CfgParser(stripped, source, first_line).Parse();
}

const char* ComtradeFormatName(ComtradeFormat format) {
  switch (format) {
    case ComtradeFormat::kAscii:
      return "ASCII";
    case ComtradeFormat::kBinary:
      return "BINARY";
    case ComtradeFormat::kBinary32:
      return "BINARY32";
    case ComtradeFormat::kFloat32:
      return "FLOAT32";
  }
  return "?";
}

}  // namespace pqa::io
