#include "host/io/comtrade_writer.h"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "host/common/status_macros.h"

namespace pqa::io {
namespace {

absl::Status IoError(const std::string& path, const char* what) {
  return absl::UnavailableError(
      absl::StrFormat("%s: cannot %s (%s)", path, what, std::strerror(errno)));
}

// "dd/mm/yyyy,hh:mm:ss.ssssss", or the 1991 "mm/dd/yy,..." form.
std::string CfgDateTime(TimeNs t, int revision) {
  const CivilDay d = ToCivilDay(t);
  const TimeNs in_day = t - FromCivilDay(d.year, d.month, d.day);
  const std::int64_t us = in_day / 1000;
  const std::int64_t s = us / 1000000;
  const std::string time =
      absl::StrFormat("%02d:%02d:%02d.%06d", s / 3600, s / 60 % 60, s % 60, us % 1000000);
  if (revision == 1991) {
    return absl::StrFormat("%02d/%02d/%02d,%s", d.month, d.day, d.year % 100, time);
  }
  return absl::StrFormat("%02d/%02d/%04d,%s", d.day, d.month, d.year, time);
}

std::string TimeCode(int minutes) {
  const int m = std::abs(minutes);
  std::string out = absl::StrFormat("%s%d", minutes < 0 ? "-" : "", m / 60);
  if (m % 60 != 0) absl::StrAppendFormat(&out, "h%02d", m % 60);
  return out;
}

}  // namespace

ComtradeWriter::~ComtradeWriter() {
  if (dat_ != nullptr) std::fclose(dat_);
  // Not closed, or Close() failed: nothing partial is left behind.
  if (!committed_) {
    std::remove(dat_part_.c_str());
    std::remove(head_part_.c_str());
  }
}

absl::StatusOr<std::unique_ptr<ComtradeWriter>> ComtradeWriter::Create(
    const std::string& path, const ComtradeWriterOptions& options) {
  auto bad = [&](const std::string& m) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: %s", path, m));
  };
  if (options.revision != 1991 && options.revision != 1999 && options.revision != 2013) {
    return bad(absl::StrFormat("unknown COMTRADE revision %d", options.revision));
  }
  if (options.revision != 2013 &&
      (options.format == ComtradeFormat::kBinary32 || options.format == ComtradeFormat::kFloat32 ||
       options.single_file)) {
    return bad("BINARY32, FLOAT32 and .cff need revision 2013");
  }
  const std::string ext = path.size() >= 4 ? path.substr(path.size() - 4) : "";
  if (ext != (options.single_file ? ".cff" : ".cfg")) {
    return bad(options.single_file ? "expected a .cff path" : "expected a .cfg path");
  }
  if (!(options.sample_rate_hz > 0) || !(options.timemult > 0) || options.channels.empty()) {
    return bad("needs a sample rate > 0, timemult > 0 and at least one channel");
  }
  auto w = std::unique_ptr<ComtradeWriter>(new ComtradeWriter());
  w->options_ = options;
  w->path_ = path;
  w->max_code_ = options.format == ComtradeFormat::kBinary     ? 32767.0
                 : options.format == ComtradeFormat::kBinary32 ? 2147483647.0
                 : options.format == ComtradeFormat::kAscii    ? 99998.0
                                                               : 0.0;
  for (const ComtradeChannelSpec& c : options.channels) {
    if (w->max_code_ > 0 && !(c.full_scale > 0)) {
      return bad(
          absl::StrFormat("channel %s: full_scale must be > 0 for %s (it sets a = "
                          "full_scale / %g)",
                          c.id, ComtradeFormatName(options.format), w->max_code_));
    }
    if (!(c.primary > 0) || !(c.secondary > 0) || (c.ps != 'P' && c.ps != 'S')) {
      return bad(
          absl::StrFormat("channel %s: primary, secondary > 0 and PS 'P' or 'S' required", c.id));
    }
    w->a_.push_back(w->max_code_ > 0 ? c.full_scale / w->max_code_ : 1.0);
  }
  w->rates_.push_back({options.sample_rate_hz, 0});
  // Everything is written under temporary names and renamed by Close():
  // an error (disk full, a value beyond full scale) leaves no partial file.
  w->dat_path_ =
      options.single_file ? path + ".dat.part" : path.substr(0, path.size() - 4) + ".dat";
  w->dat_part_ = options.single_file ? w->dat_path_ : w->dat_path_ + ".part";
  w->head_part_ = path + ".part";
  w->dat_ = std::fopen(w->dat_part_.c_str(), "wb");
  if (w->dat_ == nullptr) return IoError(w->dat_part_, "create");
  std::setvbuf(w->dat_, nullptr, _IOFBF, 1 << 20);
  return w;
}

absl::Status ComtradeWriter::ChangeRate(double sample_rate_hz) {
  if (!(sample_rate_hz > 0)) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: rate must be > 0 Hz", path_));
  }
  if (samples_ == segment_first_) {  // nothing at the old rate yet: replace it
    rates_.back().samp_hz = sample_rate_hz;
    return absl::OkStatus();
  }
  segment_start_ns_ += (samples_ - segment_first_) * 1e9L / rates_.back().samp_hz;
  segment_first_ = samples_;
  rates_.back().endsamp = samples_;
  rates_.push_back({sample_rate_hz, 0});
  return absl::OkStatus();
}

absl::Status ComtradeWriter::WriteRecord(const double* frame) {
  const std::size_t channels = options_.channels.size();
  const long double rel_ns =
      segment_start_ns_ + (samples_ - segment_first_) * 1e9L / rates_.back().samp_hz;
  const std::int64_t ts =
      options_.write_timestamps ? std::llround(rel_ns / 1e3L / options_.timemult) : 0;
  const bool ascii = options_.format == ComtradeFormat::kAscii;
  const std::int64_t ts_max = ascii ? 9999999999ll : 0xFFFFFFFEll;
  // Binary sample numbers wrap at 2^32 (a week at 15.36 kS/s is 9.3e9
  // samples; readers follow the wrap); ASCII ones have 10 digits.
  if (ts > ts_max || (ascii && samples_ + 1 > ts_max)) {
    return absl::OutOfRangeError(absl::StrFormat(
        "%s: sample %d: timestamp or sample number exceeds the %s field; raise timemult or "
        "write without timestamps",
        path_, samples_ + 1, ascii ? "10-digit" : "uint32"));
  }
  for (std::size_t c = 0; c < channels; ++c) {
    const double v = frame[c];
    if (std::isinf(v) || (max_code_ > 0 && std::fabs(v) > options_.channels[c].full_scale)) {
      return absl::OutOfRangeError(absl::StrFormat(
          "%s: sample %d, channel %s: value %g outside the declared full scale %g", path_,
          samples_ + 1, options_.channels[c].id, v, options_.channels[c].full_scale));
    }
  }
  if (ascii) {
    line_ = absl::StrCat(samples_ + 1, ",", ts);
    for (std::size_t c = 0; c < channels; ++c) {
      line_ += ',';
      if (!std::isnan(frame[c])) absl::StrAppend(&line_, std::llround(frame[c] / a_[c]));
    }
    line_ += "\r\n";
    if (std::fwrite(line_.data(), 1, line_.size(), dat_) != line_.size()) {
      return IoError(dat_part_, "write");
    }
    bytes_ += static_cast<std::int64_t>(line_.size());
    return absl::OkStatus();
  }
  const std::size_t value_bytes = options_.format == ComtradeFormat::kBinary ? 2 : 4;
  record_.resize(8 + channels * value_bytes);
  const auto n32 = static_cast<std::uint32_t>(samples_ + 1);
  const auto ts32 = static_cast<std::uint32_t>(ts);
  std::memcpy(record_.data(), &n32, 4);
  std::memcpy(record_.data() + 4, &ts32, 4);
  unsigned char* p = record_.data() + 8;
  for (std::size_t c = 0; c < channels; ++c, p += value_bytes) {
    const double v = frame[c];
    if (options_.format == ComtradeFormat::kBinary) {
      const auto x = std::isnan(v) ? std::numeric_limits<std::int16_t>::min()
                                   : static_cast<std::int16_t>(std::llround(v / a_[c]));
      std::memcpy(p, &x, 2);
    } else if (options_.format == ComtradeFormat::kBinary32) {
      const auto x = std::isnan(v) ? std::numeric_limits<std::int32_t>::min()
                                   : static_cast<std::int32_t>(std::llround(v / a_[c]));
      std::memcpy(p, &x, 4);
    } else {
      const auto x = static_cast<float>(v);  // NaN stays NaN: missing
      std::memcpy(p, &x, 4);
    }
  }
  if (std::fwrite(record_.data(), 1, record_.size(), dat_) != record_.size()) {
    return IoError(dat_part_, "write");
  }
  bytes_ += static_cast<std::int64_t>(record_.size());
  return absl::OkStatus();
}

absl::Status ComtradeWriter::Append(const double* values, std::size_t n) {
  if (closed_) return absl::FailedPreconditionError(absl::StrFormat("%s: closed", path_));
  const std::size_t channels = options_.channels.size();
  for (std::size_t f = 0; f < n; ++f) {
    PQA_RETURN_IF_ERROR(WriteRecord(values + f * channels));
    ++samples_;
  }
  return absl::OkStatus();
}

std::string ComtradeWriter::ConfigText() const {
  const int rev = options_.revision;
  std::string t;
  const char* nl = "\r\n";
  if (rev == 1991) {
    absl::StrAppend(&t, options_.station_name, ",", options_.device_id, nl);
  } else {
    absl::StrAppend(&t, options_.station_name, ",", options_.device_id, ",", rev, nl);
  }
  absl::StrAppend(&t, options_.channels.size(), ",", options_.channels.size(), "A,0D", nl);
  for (std::size_t c = 0; c < options_.channels.size(); ++c) {
    const ComtradeChannelSpec& ch = options_.channels[c];
    const double lo = max_code_ > 0 ? -max_code_ : -ch.full_scale;
    const double hi = max_code_ > 0 ? max_code_ : ch.full_scale;
    absl::StrAppendFormat(&t, "%d,%s,%s,,%s,%.17g,0,0,%.9g,%.9g", c + 1, ch.id, ch.phase, ch.unit,
                          a_[c], lo, hi);
    if (rev != 1991) absl::StrAppendFormat(&t, ",%.17g,%.17g,%c", ch.primary, ch.secondary, ch.ps);
    t += nl;
  }
  absl::StrAppendFormat(&t, "%.9g%s%d%s", options_.nominal_frequency_hz, nl, rates_.size(), nl);
  for (std::size_t s = 0; s < rates_.size(); ++s) {
    absl::StrAppendFormat(&t, "%.17g,%d%s", rates_[s].samp_hz,
                          s + 1 < rates_.size() ? rates_[s].endsamp : samples_, nl);
  }
  const TimeNs offset = static_cast<TimeNs>(options_.time_code_minutes) * kNsPerMinute;
  const std::string when = CfgDateTime(options_.start + offset, rev);
  absl::StrAppend(&t, when, nl, when, nl, ComtradeFormatName(options_.format), nl);
  if (rev != 1991) absl::StrAppendFormat(&t, "%.17g%s", options_.timemult, nl);
  if (rev == 2013) {
    absl::StrAppend(&t, TimeCode(options_.time_code_minutes), ",",
                    TimeCode(options_.time_code_minutes), nl, "0,0", nl);
  }
  return t;
}

absl::Status ComtradeWriter::Close() {
  if (closed_) return absl::OkStatus();
  closed_ = true;
  if (samples_ == 0) {
    return absl::FailedPreconditionError(absl::StrFormat("%s: no samples appended", path_));
  }
  const bool ok = std::fclose(dat_) == 0;
  dat_ = nullptr;
  if (!ok) return IoError(dat_part_, "write");
  const std::string cfg = ConfigText();
  std::FILE* out = std::fopen(head_part_.c_str(), "wb");
  if (out == nullptr) return IoError(head_part_, "create");
  std::string head = cfg;
  if (options_.single_file) {
    head = absl::StrCat("--- file type: CFG ---\r\n", cfg, "--- file type: INF ---\r\n",
                        "--- file type: HDR ---\r\n",
                        options_.format == ComtradeFormat::kAscii
                            ? std::string("--- file type: DAT ASCII ---\r\n")
                            : absl::StrFormat("--- file type: DAT BINARY: %d ---\r\n", bytes_));
  }
  bool written = std::fwrite(head.data(), 1, head.size(), out) == head.size();
  if (options_.single_file) {
    std::FILE* in = std::fopen(dat_part_.c_str(), "rb");
    if (in == nullptr) {
      std::fclose(out);
      return IoError(dat_part_, "reopen");
    }
    std::vector<char> buffer(1 << 20);
    std::size_t n;
    while (written && (n = std::fread(buffer.data(), 1, buffer.size(), in)) > 0) {
      written = std::fwrite(buffer.data(), 1, n, out) == n;
    }
    std::fclose(in);
  }
  if (std::fclose(out) != 0 || !written) return IoError(head_part_, "write");
  // The data first, then the configuration that declares it: a reader never
  // finds a .cfg without its whole .dat.
  if (options_.single_file) {
    std::remove(dat_part_.c_str());
  } else if (std::rename(dat_part_.c_str(), dat_path_.c_str()) != 0) {
    return IoError(dat_path_, "rename the finished data file to");
  }
  if (std::rename(head_part_.c_str(), path_.c_str()) != 0) {
    return IoError(path_, "rename the finished configuration to");
  }
  committed_ = true;
  return absl::OkStatus();
}

}  // namespace pqa::io
