#include "host/io/csv_reader.h"

#include <cmath>
#include <limits>

#include "absl/strings/str_format.h"
#include "host/common/status_macros.h"
#include "host/io/channel_labels.h"

namespace pqa::io {

std::vector<std::string_view> CsvReader::Split(std::string_view line) const {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  std::vector<std::string_view> fields;
  std::size_t begin = 0;
  bool quoted = false;
  for (std::size_t i = 0; i <= line.size(); ++i) {
    if (i < line.size() && line[i] == '"') quoted = !quoted;
    if (i == line.size() || (line[i] == separator_ && !quoted)) {
      std::string_view f = TrimBlanks(line.substr(begin, i - begin));
      // Spreadsheets quote headers (and sometimes values): "VA [V]".
      if (f.size() >= 2 && f.front() == '"' && f.back() == '"') f = f.substr(1, f.size() - 2);
      fields.push_back(f);
      begin = i + 1;
    }
  }
  return fields;
}

absl::StatusOr<double> CsvReader::Number(std::string_view field, const FieldPlace& place) const {
  if (!decimal_comma_) return ParseReal(field, place);
  std::string text(field);
  for (char& c : text) {
    if (c == ',') c = '.';  // "230,5": a decimal comma (Brazilian spreadsheet exports)
  }
  return ParseReal(text, place);
}

absl::StatusOr<bool> CsvReader::NextRow(LineReader& in, std::vector<std::string_view>& fields) {
  do {
    if (!in.ReadLine(line_)) {
      PQA_RETURN_IF_ERROR(in.status());
      return false;
    }
  } while (TrimBlanks(line_).empty());
  fields = Split(line_);
  const std::size_t expected = info_.channels.size() + (has_time_ ? 1 : 0);
  if (fields.size() != expected) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s:%d: expected %d %s-separated fields as in the header, found %d", info_.source_name,
        in.line_number(), expected, separator_ == ';' ? "semicolon" : "comma", fields.size()));
  }
  return true;
}

absl::StatusOr<std::unique_ptr<CsvReader>> CsvReader::Open(const std::string& path) {
  auto r = std::unique_ptr<CsvReader>(new CsvReader());
  r->info_.source_name = path;
  PQA_RETURN_IF_ERROR(r->in_.Open(path));
  std::string line;
  bool header = false;
  bool first_line = true;
  while (r->in_.ReadLine(line)) {
    // A UTF-8 byte order mark, as spreadsheets write it.
    if (first_line && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    first_line = false;
    const std::string_view t = TrimBlanks(line);
    if (t.empty()) continue;
    const FieldPlace place{path, r->in_.line_number(), "metadata"};
    if (t.front() == '#') {
      const std::string_view body = TrimBlanks(t.substr(1));
      const std::size_t eq = body.find('=');
      if (eq == std::string_view::npos) continue;  // free comment
      const std::string_view key = TrimBlanks(body.substr(0, eq));
      const std::string_view value = TrimBlanks(body.substr(eq + 1));
      if (key == "start") {
        auto start = ParseRfc3339(std::string_view(value.data(), value.size()));
        if (!start.ok())
          return FieldError({path, place.line, "start"}, std::string(start.status().message()));
        r->meta_start_ = *start;
      } else if (key == "sample_rate_hz") {
        PQA_ASSIGN_OR_RETURN(r->rate_hz_, ParseReal(value, {path, place.line, "sample_rate_hz"}));
        if (!(r->rate_hz_ > 0))
          return FieldError({path, place.line, "sample_rate_hz"}, "must be > 0");
        r->rate_declared_ = true;
      } else if (key == "nominal_frequency_hz") {
        PQA_ASSIGN_OR_RETURN(r->info_.nominal_frequency_hz,
                             ParseReal(value, {path, place.line, "nominal_frequency_hz"}));
      } else {
        return FieldError(place, absl::StrFormat("unknown key '%s' (expected start, "
                                                 "sample_rate_hz, nominal_frequency_hz)",
                                                 std::string(key)));
      }
      continue;
    }
    // Header row. Spreadsheets set to a decimal comma (Brazil, most of
    // Europe) separate with ';': then numbers may carry a decimal comma.
    std::size_t commas = 0, semicolons = 0;
    for (char c : t) {
      commas += c == ',';
      semicolons += c == ';';
    }
    if (semicolons > commas) {
      r->separator_ = ';';
      r->decimal_comma_ = true;
    }
    const std::vector<std::string_view> names = r->Split(line);
    std::size_t first = 0;
    if (TrimBlanks(names[0]) == "time_s") {
      r->has_time_ = true;
      first = 1;
    }
    for (std::size_t i = first; i < names.size(); ++i) {
      std::string_view name = TrimBlanks(names[i]);
      std::string unit;
      const std::size_t open = name.find('[');
      if (open != std::string_view::npos) {
        if (name.back() != ']') {
          return FieldError(
              {path, place.line, "header"},
              absl::StrFormat("column '%s': expected <id>[<unit>]", std::string(name)));
        }
        unit = std::string(name.substr(open + 1, name.size() - open - 2));
        name = TrimBlanks(name.substr(0, open));
      } else if (!name.empty() &&
                 (name[0] == 'V' || name[0] == 'v' || name[0] == 'U' || name[0] == 'u')) {
        unit = "V";
      } else if (!name.empty() && (name[0] == 'I' || name[0] == 'i')) {
        unit = "A";
      }
      if (name.empty()) {
        return FieldError({path, place.line, "header"},
                          absl::StrFormat("column %d has no name", i + 1));
      }
      ChannelInfo channel;
      channel.name = std::string(name);
      channel.number = static_cast<int>(r->info_.channels.size() + 1);
      channel.phase = PhaseFromName(name);
      channel.quantity = QuantityFromUnit(unit);
      channel.unit = unit;
      r->info_.channels.push_back(std::move(channel));
      r->factor_.push_back(FactorToBaseUnit(unit));
    }
    if (r->info_.channels.empty()) {
      return FieldError({path, place.line, "header"}, "no channel columns");
    }
    header = true;
    break;
  }
  PQA_RETURN_IF_ERROR(r->in_.status());
  if (!header) return absl::InvalidArgumentError(absl::StrFormat("%s: no header row", path));
  if (!r->has_time_ && !r->rate_declared_) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: neither a time_s column nor a '# sample_rate_hz=' line: the sample rate is unknown",
        path));
  }
  if (r->has_time_) {
    // First row gives the start; without a declared rate a pass over the
    // time column gives the rate from the first and last rows.
    LineReader scan;
    PQA_RETURN_IF_ERROR(scan.Open(path, r->in_.offset()));
    scan.set_line_number(r->in_.line_number());
    std::vector<std::string_view> f;
    std::int64_t rows = 0;
    double last = 0;
    while (true) {
      PQA_ASSIGN_OR_RETURN(const bool got, r->NextRow(scan, f));
      if (!got) break;
      PQA_ASSIGN_OR_RETURN(const double t, r->Number(f[0], {path, scan.line_number(), "time_s"}));
      if (rows == 0) r->first_time_s_ = t;
      if (rows > 0 && t <= last) {
        return FieldError(
            {path, scan.line_number(), "time_s"},
            absl::StrFormat("time %.9g runs backwards or repeats (previous %.9g)", t, last));
      }
      last = t;
      ++rows;
      if (r->rate_declared_) break;
    }
    if (rows == 0) return absl::InvalidArgumentError(absl::StrFormat("%s: no data rows", path));
    if (!r->rate_declared_) {
      if (rows < 2) {
        return absl::InvalidArgumentError(
            absl::StrFormat("%s: one row and no sample_rate_hz: the sample rate is unknown", path));
      }
      r->rate_hz_ = static_cast<double>(rows - 1) / (last - r->first_time_s_);
    }
  }
  PQA_ASSIGN_OR_RETURN(const TimeNs first_offset,
                       CheckedSecondsToNs(r->first_time_s_, path + ": first time_s"));
  PQA_ASSIGN_OR_RETURN(r->info_.start,
                       CheckedAddNs(r->meta_start_, first_offset, path + ": start"));
  return r;
}

absl::StatusOr<bool> CsvReader::ReadFrame(DecodedFrame& frame) {
  std::vector<std::string_view> f;
  PQA_ASSIGN_OR_RETURN(const bool got, NextRow(in_, f));
  if (!got) return false;
  const std::string& path = info_.source_name;
  const std::int64_t line = in_.line_number();
  const double period = 1.0 / rate_hz_;
  if (has_time_) {
    PQA_ASSIGN_OR_RETURN(const double t, Number(f[0], {path, line, "time_s"}));
    if (index_ > 0 && t <= prev_time_s_) {
      return FieldError(
          {path, line, "time_s"},
          absl::StrFormat("time %.9g runs backwards or repeats (previous %.9g)", t, prev_time_s_));
    }
    const double tolerance = 0.5 * period;
    if (index_ > 0 && rate_declared_ && std::fabs(t - prev_time_s_ - period) > tolerance) {
      return FieldError({path, line, "time_s"},
                        absl::StrFormat("time %.9g jumps: %.9g s after the previous row, the "
                                        "sample rate %g Hz gives %.9g s",
                                        t, t - prev_time_s_, rate_hz_, period));
    }
    if (!rate_declared_ && std::fabs(t - first_time_s_ - index_ * period) > tolerance) {
      return FieldError({path, line, "time_s"},
                        absl::StrFormat("time %.9g is off the uniform grid of %.9g Hz derived from "
                                        "the first and last rows",
                                        t, rate_hz_));
    }
    prev_time_s_ = t;
  }
  const std::size_t first = has_time_ ? 1 : 0;
  frame.values.resize(info_.channels.size());
  for (std::size_t c = 0; c < info_.channels.size(); ++c) {
    const std::string_view v = TrimBlanks(f[first + c]);
    if (v.empty()) {
      frame.values[c] = std::numeric_limits<double>::quiet_NaN();
      continue;
    }
    PQA_ASSIGN_OR_RETURN(const double x, Number(v, {path, line, info_.channels[c].name}));
    frame.values[c] = x * factor_[c];
  }
  frame.index = index_;
  frame.segment = 0;
  frame.sample_rate_hz = rate_hz_;
  // Checked: a rate of 1e-300 Hz must not carry the row beyond the clock.
  const long double offset_ns = index_ * 1e9L / rate_hz_;
  if (!(offset_ns < static_cast<long double>(kSupportedTimeEnd - info_.start))) {
    return FieldError({path, line, "time"},
                      absl::StrFormat("row %d at %g Hz lies beyond the supported time range "
                                      "(1970 to 2200)",
                                      index_, rate_hz_));
  }
  frame.time = info_.start + std::llround(offset_ns);
  ++index_;
  return true;
}

}  // namespace pqa::io
