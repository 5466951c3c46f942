#include "host/io/comtrade_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <type_traits>

#include "absl/strings/str_format.h"
#include "host/common/status_macros.h"
#include "host/io/channel_labels.h"
#include "host/io/text_fields.h"

namespace pqa::io {

// One .dat record before scaling. x holds NaN where the record marks a value missing.
struct RawRecord {
  std::int64_t number = 0;  // sample number field
  bool has_timestamp = false;
  std::int64_t timestamp = 0;
  std::vector<double> x;
};

// Reads the records of the data part: a whole .dat, or the DAT section of a
// .cff (from `offset`, `byte_count` bytes for binary, up to the next section
// header for ASCII).
class DatDecoder {
 public:
  DatDecoder(const ComtradeConfig& cfg, std::string path) : cfg_(cfg), path_(std::move(path)) {}
  ~DatDecoder() {
    if (file_ != nullptr) std::fclose(file_);
  }

  absl::Status Open(std::int64_t offset, std::int64_t byte_count, std::int64_t first_line) {
    if (cfg_.format == ComtradeFormat::kAscii) {
      PQA_RETURN_IF_ERROR(lines_.Open(path_, offset));
      lines_.set_line_number(first_line - 1);
      return absl::OkStatus();
    }
    PQA_RETURN_IF_ERROR(CheckRegularFile(path_));  // before fopen(): a FIFO would block it
    file_ = std::fopen(path_.c_str(), "rb");
    if (file_ == nullptr) {
      return absl::NotFoundError(
          absl::StrFormat("%s: cannot open data file (%s)", path_, std::strerror(errno)));
    }
    // A directory would measure as 2^63 - 1 bytes, a device never ends.
    PQA_RETURN_IF_ERROR(CheckRegularFile(file_, path_));
    if (byte_count < 0) {
      std::fseek(file_, 0, SEEK_END);
      byte_count = std::ftell(file_) - offset;
    }
    const auto record = static_cast<std::int64_t>(cfg_.binary_record_bytes());
    // DOS-era and SEL tools pad the file (Ctrl-Z, NUL, blanks) after the
    // last record: end of file, not truncation.
    const std::int64_t declared = cfg_.total_samples() * record;
    std::int64_t tail = byte_count > declared ? byte_count - declared : byte_count % record;
    if (tail > 0 && tail <= (1 << 20) && PaddingAt(offset + byte_count - tail, tail)) {
      byte_count -= tail;
    }
    fd_ = fileno(file_);
    position_ = offset;
    // Read front to back once: the kernel may read further ahead.
    ::posix_fadvise(fd_, offset, 0, POSIX_FADV_SEQUENTIAL);
    if (byte_count % record != 0) {
      return absl::DataLossError(absl::StrFormat(
          "%s: truncated data: %d bytes is not a whole number of %d-byte records (%d analog, "
          "%d digital channels); the last record is partial: record %d has %d of %d bytes",
          path_, byte_count, record, cfg_.analog.size(), cfg_.digital_count,
          byte_count / record + 1, byte_count % record, record));
    }
    records_ = byte_count / record;
    if (records_ != cfg_.total_samples()) {
      return absl::DataLossError(
          absl::StrFormat("%s: holds %d records but the configuration declares endsamp = %d", path_,
                          records_, cfg_.total_samples()));
    }
    record_ = static_cast<std::size_t>(record);
    return absl::OkStatus();
  }

  // True when the `count` bytes at `at` are all padding (IsPaddingByte).
  bool PaddingAt(std::int64_t at, std::int64_t count) {
    std::vector<char> bytes(static_cast<std::size_t>(count));
    std::fseek(file_, at, SEEK_SET);
    if (std::fread(bytes.data(), 1, bytes.size(), file_) != bytes.size()) return false;
    return IsPadding(std::string_view(bytes.data(), bytes.size()));
  }

  // Binary: the bytes of the next record, or nullptr after the last one.
  // Records are read ahead in chunks of about a megabyte, straight from the
  // file into the buffer (pread: no stdio copy in between), so that a record
  // costs a pointer increment rather than a library call. Only the records
  // the configuration declares are read: a file still being written ends
  // there, and one that shrinks gives "truncated". Not mmap(): mapping the
  // file saved the kernel's copy (io_bench BINARY, best of 5: 4.1..5.2 ms
  // against 5.0..5.9 ms a minute of 15.36 kS/s signal, about 2 % of a
  // replay), but a file truncated while it is read would then kill the
  // process with SIGBUS instead of giving this error.
  absl::StatusOr<const unsigned char*> PeekBinary() {
    if (read_ == records_) return nullptr;
    if (cursor_ + record_ > filled_) {
      const std::size_t kept = filled_ - cursor_;
      const std::size_t chunk = record_ * ((1 << 20) / record_ + 1);
      // The first fill reads about 16 kB: the decoder that reads just the
      // first record (ComtradeReader::Open's) took a whole megabyte for it,
      // 240 page faults and a megabyte copied for every file opened.
      const std::size_t first_chunk = record_ * ((16 << 10) / record_ + 1);
      const bool first_fill = buffer_ == nullptr;
      // Allocated once and not zero-filled: a megabyte of memset for every
      // decoder, also the one that only reads the first record.
      if (first_fill) buffer_ = std::make_unique_for_overwrite<unsigned char[]>(chunk);
      if (kept > 0) std::memmove(buffer_.get(), buffer_.get() + cursor_, kept);
      const std::int64_t left = (records_ - read_) * static_cast<std::int64_t>(record_);
      const std::size_t want = static_cast<std::size_t>(std::min<std::int64_t>(
          left, static_cast<std::int64_t>(first_fill ? first_chunk : chunk)));
      std::size_t got = 0;
      while (kept + got < want) {
        const ssize_t n = ::pread(fd_, buffer_.get() + kept + got, want - kept - got, position_);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;  // the end of the file, or an error: what was read is all there is
        got += static_cast<std::size_t>(n);
        position_ += n;
      }
      cursor_ = 0;
      filled_ = kept + got;
      if (filled_ < record_) {
        return absl::DataLossError(absl::StrFormat("%s: record %d: truncated: %d of %d bytes",
                                                   path_, read_ + 1, filled_, record_));
      }
    }
    return buffer_.get() + cursor_;
  }
  void ConsumeBinary(std::size_t records = 1) {
    cursor_ += records * record_;
    read_ += static_cast<std::int64_t>(records);
  }
  // The next records that sit whole in the read-ahead buffer (refilled when
  // it holds none), at most `max`: *bytes points at the first. 0 at the end.
  absl::StatusOr<std::size_t> PeekBinaryRun(std::size_t max, const unsigned char** bytes) {
    PQA_ASSIGN_OR_RETURN(*bytes, PeekBinary());
    if (*bytes == nullptr) return 0;
    return std::min(max, (filled_ - cursor_) / record_);
  }
  std::size_t record_bytes() const { return record_; }

  // Fields of one binary record (C37.111 binary data are little-endian,
  // like every host this targets). `r.x` must hold one value per analog
  // channel. An infinite FLOAT32 value is an error naming the record.
  absl::Status DecodeBinary(const unsigned char* bytes, RawRecord& r) const {
    std::uint32_t n, ts;
    std::memcpy(&n, bytes, 4);
    std::memcpy(&ts, bytes + 4, 4);
    r.number = n;
    r.has_timestamp = ts != 0xFFFFFFFFu;
    r.timestamp = ts;
    const unsigned char* p = bytes + 8;
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t c = 0; c < cfg_.analog.size(); ++c) {
      switch (cfg_.format) {
        case ComtradeFormat::kBinary: {
          std::int16_t v;
          std::memcpy(&v, p, 2);
          p += 2;
          r.x[c] = v == std::numeric_limits<std::int16_t>::min() ? kNaN : v;
          break;
        }
        case ComtradeFormat::kBinary32: {
          std::int32_t v;
          std::memcpy(&v, p, 4);
          p += 4;
          r.x[c] = v == std::numeric_limits<std::int32_t>::min() ? kNaN : v;
          break;
        }
        default: {
          float v;
          std::memcpy(&v, p, 4);
          p += 4;
          if (std::isinf(v)) {
            return absl::InvalidArgumentError(
                absl::StrFormat("%s: record %d: analog channel %d (%s): infinite FLOAT32 value",
                                path_, read_ + 1, c + 1, EscapedText(cfg_.analog[c].id)));
          }
          // FLOAT32 has no missing marker and the standard excludes NaN: a
          // NaN can only mean "no value", so it is treated as missing.
          r.x[c] = std::isnan(v) ? kNaN : v;
          break;
        }
      }
    }
    return absl::OkStatus();
  }

  // "file:line 12" or "file: record 12"
  std::string Where() const {
    return cfg_.format == ComtradeFormat::kAscii
               ? absl::StrFormat("%s:%d", path_, lines_.line_number())
               : absl::StrFormat("%s: record %d", path_, read_);
  }

  absl::StatusOr<bool> Read(RawRecord& r) {
    r.x.resize(cfg_.analog.size());
    return cfg_.format == ComtradeFormat::kAscii ? ReadAscii(r) : ReadBinary(r);
  }

 private:
  absl::StatusOr<bool> ReadAscii(RawRecord& r) {
    do {
      if (!lines_.ReadLine(line_)) {
        PQA_RETURN_IF_ERROR(lines_.status());
        return false;
      }
      if (line_.rfind("--", 0) == 0) return false;  // next .cff section (no number starts so)
      // Ctrl-Z, NUL or blanks after the last record (DOS-era tools) are padding.
      while (!line_.empty() && IsPaddingByte(line_.back())) line_.pop_back();
    } while (line_.empty());
    const std::vector<std::string_view> f = SplitCommas(line_);
    const std::size_t expected = 2 + cfg_.analog.size() + cfg_.digital_count;
    const std::string where = absl::StrFormat("%s:%d", path_, lines_.line_number());
    if (f.size() != expected) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s: expected %d fields (n, timestamp, %d analog, %d digital), found %d",
                          where, expected, cfg_.analog.size(), cfg_.digital_count, f.size()));
    }
    const std::int64_t line = lines_.line_number();
    PQA_ASSIGN_OR_RETURN(r.number, ParseInteger(f[0], {path_, line, "sample number"}));
    r.has_timestamp = !TrimBlanks(f[1]).empty();
    if (r.has_timestamp) {
      PQA_ASSIGN_OR_RETURN(r.timestamp, ParseInteger(f[1], {path_, line, "timestamp"}));
    }
    for (std::size_t c = 0; c < cfg_.analog.size(); ++c) {
      const std::string_view field = TrimBlanks(f[2 + c]);
      if (field.empty()) {  // C37.111-2013: an empty field marks missing data
        r.x[c] = std::numeric_limits<double>::quiet_NaN();
        continue;
      }
      const std::string what =
          absl::StrFormat("analog channel %d (%s)", c + 1, EscapedText(cfg_.analog[c].id));
      PQA_ASSIGN_OR_RETURN(r.x[c], ParseReal(field, {path_, line, what}));
      // C37.111-1999: 99999 is the ASCII missing-data value.
      if (cfg_.revision < 2013 && r.x[c] == 99999)
        r.x[c] = std::numeric_limits<double>::quiet_NaN();
    }
    return true;
  }

  absl::StatusOr<bool> ReadBinary(RawRecord& r) {
    PQA_ASSIGN_OR_RETURN(const unsigned char* bytes, PeekBinary());
    if (bytes == nullptr) return false;
    PQA_RETURN_IF_ERROR(DecodeBinary(bytes, r));
    ConsumeBinary();
    return true;
  }

  const ComtradeConfig& cfg_;
  std::string path_;
  LineReader lines_;
  std::string line_;
  std::FILE* file_ = nullptr;
  int fd_ = -1;                // file_'s descriptor, for pread
  std::int64_t position_ = 0;  // file offset of the first byte not yet in buffer_
  // Binary: records read ahead, from cursor_ to filled_; a chunk of about 1 MB.
  std::unique_ptr<unsigned char[]> buffer_;
  std::size_t cursor_ = 0;
  std::size_t filled_ = 0;
  std::size_t record_ = 0;  // bytes per binary record
  std::int64_t records_ = 0;
  std::int64_t read_ = 0;  // records consumed
};

namespace {

std::string Lower(std::string_view s) {
  std::string out;
  for (char c : s) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Not fopen(): opening a FIFO blocks until a writer comes.
bool Exists(const std::string& path) { return ::access(path.c_str(), R_OK) == 0; }

// The file beside `path` with extension `ext` in lower or upper case.
absl::StatusOr<std::string> Sibling(const std::string& path, const std::string& ext) {
  const std::string stem = path.substr(0, path.size() - 4);
  std::string upper = ext;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const std::string& candidate : {stem + ext, stem + upper}) {
    if (Exists(candidate)) return candidate;
  }
  return absl::NotFoundError(
      absl::StrFormat("%s: the COMTRADE %s file %s is missing", path, ext, stem + ext));
}

// The configuration is held in memory while it is parsed: bounded, so that
// a data file named .cfg is refused rather than loaded. 999,999 channels of
// C37.111 at about 60 bytes a line stay under 64 MiB.
absl::Status CheckCfgSize(const std::string& path, const LineReader& in) {
  constexpr std::int64_t kMaxCfgBytes = std::int64_t{64} << 20;
  constexpr std::int64_t kMaxCfgLines = 2'000'100;  // 999,999 analog + 999,999 digital + the rest
  if (in.offset() <= kMaxCfgBytes && in.line_number() <= kMaxCfgLines) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrFormat(
      "%s:%d: the configuration exceeds %d bytes or %d lines; not a COMTRADE .cfg (is it a data "
      "file?)",
      path, in.line_number(), kMaxCfgBytes, kMaxCfgLines));
}

struct DataLocation {
  std::string path;
  std::int64_t offset = 0;
  std::int64_t byte_count = -1;  // -1: to the end of the file
  std::int64_t first_line = 1;
};

// Splits a .cff into its CFG lines and the location of its DAT section.
// C37.111-2013 puts the CFG first; a DAT section before the CFG is refused.
absl::Status ScanCff(const std::string& path, std::vector<std::string>* cfg_lines,
                     std::int64_t* cfg_first_line, DataLocation* data) {
  LineReader in;
  PQA_RETURN_IF_ERROR(in.Open(path));
  std::string line, section;
  while (in.ReadLine(line)) {
    const std::string l = Lower(TrimBlanks(line));
    // "--- file type: CFG ---"; some writers drop the colon or a dash
    // ("-- file type  DAT ---").
    std::string_view head = l;
    std::size_t dashes = 0;
    while (dashes < head.size() && head[dashes] == '-') ++dashes;
    head = TrimBlanks(head.substr(dashes));
    if (dashes >= 2 && head.rfind("file type", 0) == 0) {
      std::string_view rest = TrimBlanks(head.substr(9));
      if (!rest.empty() && rest.front() == ':') rest = TrimBlanks(rest.substr(1));
      if (rest.size() >= 3 && rest.substr(rest.size() - 3) == "---") rest.remove_suffix(3);
      rest = TrimBlanks(rest);
      section = std::string(rest.substr(0, 3));
      if (section == "cfg") *cfg_first_line = in.line_number() + 1;
      if (section == "dat") {
        if (cfg_lines->empty()) {
          return absl::InvalidArgumentError(absl::StrFormat(
              "%s:%d: DAT section before the CFG section (C37.111-2013 expects CFG first)", path,
              in.line_number()));
        }
        data->path = path;
        data->offset = in.offset();
        data->first_line = in.line_number() + 1;
        const std::size_t colon = rest.find(':');
        if (colon != std::string_view::npos) {
          PQA_ASSIGN_OR_RETURN(data->byte_count,
                               ParseInteger(rest.substr(colon + 1),
                                            {path, in.line_number(), "DAT section byte count"}));
        } else if (rest.find("binary") != std::string_view::npos) {
          return absl::InvalidArgumentError(absl::StrFormat(
              "%s:%d: DAT BINARY section header without ': <bytes>'", path, in.line_number()));
        }
        return absl::OkStatus();
      }
      continue;
    }
    if (section == "cfg") cfg_lines->push_back(line);
    PQA_RETURN_IF_ERROR(CheckCfgSize(path, in));
  }
  PQA_RETURN_IF_ERROR(in.status());
  return absl::InvalidArgumentError(absl::StrFormat("%s: no '--- file type: %s ---' section", path,
                                                    cfg_lines->empty() ? "CFG" : "DAT"));
}

}  // namespace

// Counter ranges real recorders wrap at: 16-bit counters, and the 32-bit
// field of microsecond or nanosecond counters.
constexpr std::int64_t kCounterRanges[] = {std::int64_t{1} << 16, std::int64_t{1} << 32};

absl::StatusOr<std::int64_t> TimestampUnwrapper::Unwrap(std::int64_t raw,
                                                        const std::string& where) {
  if (count_ > 0 && raw + offset_ <= last_) {
    // A backwards step of about the counter's range is the counter wrapping.
    bool wrapped = false;
    for (std::int64_t range : kCounterRanges) {
      const std::int64_t last_raw = last_ - offset_;
      const std::int64_t step = raw + range - last_raw;
      if (last_raw < range && step > 0 && (step_ <= 0 || std::llabs(step - step_) * 2 <= step_)) {
        offset_ += range;
        wrapped = true;
        break;
      }
    }
    if (!wrapped) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: timestamp %d does not increase (previous %d) and is no counter wrap: with "
          "nrates = 0 / samp = 0 the timestamps are the time base, and these are out of order",
          where, raw, last_ - offset_));
    }
  }
  const std::int64_t ts = raw + offset_;
  if (count_ > 0) step_ = ts - last_;
  last_ = ts;
  ++count_;
  return ts;
}

void TimestampAudit::ObserveOffStep(std::int64_t d, std::int64_t index, double expected,
                                    double tolerance, double tick_ns) {
  auto agrees = [&](std::int64_t steps) {
    return std::fabs(static_cast<double>(steps) * tick_ns - expected) <= tolerance;
  };
  bool ok = false;
  for (std::int64_t range : kCounterRanges) ok = ok || (d < 0 && agrees(d + range));
  if (ok) {
    ++compared_;
  } else if (d > 0) {  // a backwards step that is no wrap is a reset: not compared
    ++compared_;
    ++off_;
    off_samples_ += index - prev_index_;
    off_measured_ns_ += static_cast<double>(d) * tick_ns;
  }
}

void TimestampAudit::ObserveTimestamps(const std::uint32_t* ts, std::size_t count,
                                       std::int64_t index, std::int64_t first, double start_ns,
                                       double period_ns, double tick_ns) {
  // A few hundred at a time: when the sample before them was observed at
  // this rate's times and every step agrees (a recorder's normal case),
  // they only count as compared, tested in one vectorised loop; otherwise
  // sample by sample.
  constexpr std::size_t kChunk = 256;
  for (std::size_t c0 = 0; c0 < count;) {
    const std::size_t len = std::min(kChunk, count - c0);
    const std::int64_t at = index + static_cast<std::int64_t>(c0);
    const double x0 = static_cast<double>(at - 1 - first);  // the sample before ts[c0]
    bool agree = prev_ts_ >= 0 && prev_index_ == at - 1 && prev_rel_ == start_ns + x0 * period_ns;
    if (agree && c0 == 0) {
      // The step from the state to ts[0], as Observe() tests it, then the rest.
      const double expected = (start_ns + (x0 + 1) * period_ns) - prev_rel_;
      const double tolerance = 0.01 * expected + tick_ns;
      agree =
          ts[0] != 0 && ts[0] != 0xFFFFFFFFu &&
          StepAgrees(static_cast<std::int64_t>(ts[0]) - prev_ts_, expected, tolerance, tick_ns) &&
          TimestampStepsAgree(ts, static_cast<int>(len), x0 + 1, start_ns, period_ns, tick_ns);
    } else if (agree) {
      agree = prev_ts_ == ts[c0 - 1] && TimestampStepsAgree(ts + c0 - 1, static_cast<int>(len + 1),
                                                            x0, start_ns, period_ns, tick_ns);
    }
    if (agree) {
      compared_ += static_cast<std::int64_t>(len);
      prev_ts_ = ts[c0 + len - 1];
      prev_index_ = at + static_cast<std::int64_t>(len) - 1;
      prev_rel_ = start_ns + static_cast<double>(prev_index_ - first) * period_ns;
    } else {
      for (std::size_t j = c0; j < c0 + len; ++j) {
        const std::int64_t i = index + static_cast<std::int64_t>(j);
        if (ts[j] == 0xFFFFFFFFu || (i != 0 && ts[j] == 0)) continue;
        Observe(ts[j], i, start_ns + static_cast<double>(i - first) * period_ns, tick_ns);
      }
    }
    c0 += len;
  }
}

std::optional<std::string> TimestampAudit::Verdict(double declared_hz) const {
  if (compared_ < 2 || off_ * 2 <= compared_ || off_measured_ns_ <= 0) return std::nullopt;
  // Four significant digits: the timestamps' own rounding blurs the fifth.
  const double raw_hz = static_cast<double>(off_samples_) * 1e9 / off_measured_ns_;
  const double step = std::pow(10.0, std::floor(std::log10(raw_hz)) - 3);
  const double implied_hz = std::round(raw_hz / step) * step;
  return absl::StrFormat(
      "the .dat timestamps disagree with the declared sample rate: samp = %g Hz, the timestamps "
      "give %g Hz (%d of %d steps off by more than 1 %%); time is taken from the declared rate "
      "(C37.111: with nrates >= 1 and samp > 0 timestamps are non-critical); if the rate is "
      "mislabelled, correct samp in the .cfg",
      declared_hz, implied_hz, off_, compared_);
}

ComtradeReader::~ComtradeReader() = default;

absl::StatusOr<std::unique_ptr<ComtradeReader>> ComtradeReader::Open(
    const std::string& path, const ComtradeReadOptions& options) {
  const std::string ext = path.size() >= 4 ? Lower(path.substr(path.size() - 4)) : "";
  std::vector<std::string> cfg_lines;
  std::int64_t cfg_first_line = 1;
  std::string cfg_path = path;
  DataLocation data;
  if (ext == ".cff") {
    PQA_RETURN_IF_ERROR(ScanCff(path, &cfg_lines, &cfg_first_line, &data));
  } else if (ext == ".cfg" || ext == ".dat") {
    if (ext == ".dat") {
      PQA_ASSIGN_OR_RETURN(cfg_path, Sibling(path, ".cfg"));
      data.path = path;
    } else {
      PQA_ASSIGN_OR_RETURN(data.path, Sibling(path, ".dat"));
    }
    LineReader in;
    PQA_RETURN_IF_ERROR(in.Open(cfg_path));
    std::string line;
    while (in.ReadLine(line)) {
      cfg_lines.push_back(line);
      PQA_RETURN_IF_ERROR(CheckCfgSize(cfg_path, in));
    }
    PQA_RETURN_IF_ERROR(in.status());
  } else {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: not a COMTRADE file name (expected .cfg, .dat or .cff)", path));
  }
  auto reader = std::unique_ptr<ComtradeReader>(new ComtradeReader());
  PQA_ASSIGN_OR_RETURN(reader->config_, ParseComtradeConfig(cfg_lines, cfg_path, cfg_first_line));
  const ComtradeConfig& cfg = reader->config_;
  reader->info_.source_name = path;
  reader->info_.warnings = cfg.warnings;
  reader->info_.nominal_frequency_hz = cfg.line_frequency_hz;
  for (std::size_t c = 0; c < cfg.analog.size(); ++c) {
    const ComtradeAnalogChannel& a = cfg.analog[c];
    // The unit field decides; relays that leave it empty or write "pu"
    // often put it in the id ("VA(kV)"), or only the id's letter tells.
    const ChannelName name = ParseChannelName(a.id);
    std::string unit = a.unit;
    if (QuantityFromUnit(unit) == Quantity::kOther &&
        QuantityFromUnit(name.unit) != Quantity::kOther) {
      unit = name.unit;
    }
    Quantity quantity = QuantityFromUnit(unit);
    if (quantity == Quantity::kOther && TrimBlanks(unit).empty()) quantity = name.quantity;
    ChannelInfo info;
    info.name = a.id;
    info.number = a.number;
    info.phase = NormalizePhase(a.phase);
    if (info.phase.empty()) info.phase = LineToLinePhases(a.phase);
    info.circuit = std::string(TrimBlanks(a.ccbm));
    info.quantity = quantity;
    info.unit = unit;
    reader->info_.channels.push_back(std::move(info));
    double factor = FactorToBaseUnit(unit);
    const bool to_primary = a.ps == 'S' && !options.secondary_values;
    const bool to_secondary = a.ps == 'P' && options.secondary_values && cfg.revision >= 1999;
    if ((to_primary || to_secondary) && !(a.primary > 0 && a.secondary > 0)) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: analog channel %d (%s): primary and secondary must be > 0 to convert %s values "
          "(found %g, %g)",
          cfg_path, c + 1, EscapedText(a.id),
          to_primary ? "secondary to primary" : "primary to secondary", a.primary, a.secondary));
    }
    if (to_primary) factor *= a.primary / a.secondary;
    if (to_secondary) factor *= a.secondary / a.primary;
    reader->factor_.push_back(factor);
  }
  long double start = 0;
  reader->segment_start_ns_.push_back(0);
  for (const ComtradeRate& rate : cfg.rates) {
    reader->ns_per_sample_.push_back(rate.samp_hz > 0 ? 1e9 / rate.samp_hz : 0);
  }
  for (std::size_t s = 1; s < cfg.rates.size(); ++s) {
    const std::int64_t samples = cfg.rates[s - 1].endsamp - (s >= 2 ? cfg.rates[s - 2].endsamp : 0);
    start += samples * 1e9L / cfg.rates[s - 1].samp_hz;
    reader->segment_start_ns_.push_back(start);
  }
  if (!cfg.timestamps_drive_time) {
    const std::size_t last = cfg.rates.size() - 1;
    const std::int64_t tail =
        cfg.rates[last].endsamp - (last >= 1 ? cfg.rates[last - 1].endsamp : 0);
    reader->info_.duration_s =
        static_cast<double>((start + tail * 1e9L / cfg.rates[last].samp_hz) / 1e9L);
  }
  for (long double s : reader->segment_start_ns_) {
    reader->segment_start_ns_d_.push_back(static_cast<double>(s));
  }
  reader->data_path_ = data.path;
  reader->data_offset_ = data.offset;
  reader->data_bytes_ = data.byte_count;
  reader->data_first_line_ = data.first_line;
  reader->dat_ = std::make_unique<DatDecoder>(reader->config_, data.path);
  PQA_RETURN_IF_ERROR(reader->dat_->Open(data.offset, data.byte_count, data.first_line));
  // The first record anchors time and gives info().start; a second decoder
  // keeps the main one at record 1. Timestamp-driven files scan them all.
  {
    DatDecoder first(reader->config_, data.path);
    PQA_RETURN_IF_ERROR(first.Open(data.offset, data.byte_count, data.first_line));
    RawRecord r;
    PQA_ASSIGN_OR_RETURN(const bool got, first.Read(r));
    if (!got) {
      return absl::DataLossError(
          absl::StrFormat("%s: no samples, but the configuration declares endsamp = %d", data.path,
                          cfg.total_samples()));
    }
    // The first sample is at the cfg start time (C37.111-1999/2013: "date/time
    // of the first data value"). With a declared rate the timestamps are
    // non-critical and time is k / samp from there, whatever the first
    // timestamp holds (a counter seldom starts at 0); with nrates = 0 they
    // are the time base: elapsed time from the cfg start is timestamp *
    // timemult, so a first timestamp of 72500 us puts sample 1 72.5 ms later
    // (python-comtrade reads both cases the same way).
    const double tick_ns = cfg.timemult * static_cast<double>(cfg.timestamp_unit_ns);
    reader->first_ts_ = r.has_timestamp ? r.timestamp : 0;
    // Checked: the largest timestamp times timemult, and the recording's
    // end, stay inside the supported time range (host/common/time.h).
    PQA_ASSIGN_OR_RETURN(const TimeNs largest,
                         CheckedSecondsToNs(4294967295.0 * tick_ns / 1e9,
                                            cfg_path + ": timemult x largest timestamp"));
    TimeNs first_offset = 0;  // the declared rate times the samples: .cfg start is sample 1
    if (cfg.timestamps_drive_time) {
      PQA_ASSIGN_OR_RETURN(first_offset, CheckedSecondsToNs(reader->first_ts_ * tick_ns / 1e9,
                                                            data.path + ": first timestamp"));
    }
    PQA_ASSIGN_OR_RETURN(reader->anchor_, CheckedAddNs(cfg.first_sample, first_offset,
                                                       data.path + ": first sample"));
    PQA_ASSIGN_OR_RETURN(const TimeNs length, CheckedSecondsToNs(reader->info_.duration_s,
                                                                 cfg_path + ": recording length"));
    PQA_RETURN_IF_ERROR(
        CheckedAddNs(reader->anchor_, length, cfg_path + ": end of the recording").status());
    PQA_RETURN_IF_ERROR(
        CheckedAddNs(reader->anchor_, largest, cfg_path + ": timemult x largest timestamp")
            .status());
    reader->info_.start = reader->anchor_;
  }
  if (cfg.timestamps_drive_time) {
    PQA_RETURN_IF_ERROR(reader->DeriveRateFromTimestamps());
  }
  return reader;
}

absl::Status ComtradeReader::DeriveRateFromTimestamps() {
  DatDecoder scan(config_, data_path_);
  PQA_RETURN_IF_ERROR(scan.Open(data_offset_, data_bytes_, data_first_line_));
  RawRecord r;
  std::int64_t count = 0;
  std::int64_t last = 0;
  TimestampUnwrapper unwrap;
  while (true) {
    PQA_ASSIGN_OR_RETURN(const bool got, scan.Read(r));
    if (!got) break;
    if (!r.has_timestamp) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: timestamp missing, but nrates = 0 / samp = 0 makes timestamps the only time base",
          scan.Where()));
    }
    PQA_ASSIGN_OR_RETURN(last, unwrap.Unwrap(r.timestamp, scan.Where()));
    ++count;
  }
  if (count < 2) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: nrates = 0 / samp = 0 needs at least two timestamped samples to derive the rate",
        data_path_));
  }
  const long double span_ns =
      (last - first_ts_) * config_.timemult * static_cast<long double>(config_.timestamp_unit_ns);
  ts_rate_hz_ = static_cast<double>((count - 1) * 1e9L / span_ns);
  return absl::OkStatus();
}

double ComtradeReader::RelativeTimeNs(std::int64_t index) const {
  // Double precision: a week at 25.6 kS/s is 6e14 ns, where a double still
  // resolves 0.1 ns; x87 long double made this the cost of reading a frame.
  if (config_.timestamps_drive_time) return static_cast<double>(index) * 1e9 / ts_rate_hz_;
  // Frames are read in order: start the segment search at the current one.
  std::size_t s = index >= (segment_ == 0 ? 0 : config_.rates[segment_ - 1].endsamp) ? segment_ : 0;
  while (index >= config_.rates[s].endsamp) ++s;
  const std::int64_t first = s == 0 ? 0 : config_.rates[s - 1].endsamp;
  return segment_start_ns_d_[s] + static_cast<double>(index - first) * ns_per_sample_[s];
}

absl::StatusOr<bool> ComtradeReader::ReadFrame(DecodedFrame& frame) {
  if (!raw_) raw_ = std::make_unique<RawRecord>();
  RawRecord& r = *raw_;  // reused: no allocation per frame
  PQA_ASSIGN_OR_RETURN(const bool got, dat_->Read(r));
  if (!got) {
    if (index_ < config_.total_samples()) {
      return absl::DataLossError(
          absl::StrFormat("%s: data ends after %d samples, the configuration declares endsamp = %d",
                          dat_->Where(), index_, config_.total_samples()));
    }
    if (!audited_) {
      audited_ = true;
      if (auto verdict = audit_.Verdict(config_.rates[0].samp_hz)) {
        info_.warnings.push_back(absl::StrFormat("%s: %s", data_path_, *verdict));
      }
    }
    return false;
  }
  frame.index = index_;
  frame.values.resize(r.x.size());
  PQA_ASSIGN_OR_RETURN(const double rel, AcceptRecord(r, frame.values.data()));
  frame.segment = static_cast<int>(segment_);
  // Rounded to the nanosecond inline: llroundl is a library call per frame.
  frame.time = anchor_ + static_cast<TimeNs>(rel + (rel >= 0 ? 0.5 : -0.5));
  frame.sample_rate_hz =
      config_.timestamps_drive_time ? ts_rate_hz_ : config_.rates[segment_].samp_hz;
  return true;
}

absl::StatusOr<std::size_t> ComtradeReader::ReadRun(double* out, std::size_t max_frames) {
  // Binary data on a declared rate only; ASCII and timestamp-driven files
  // take the frame-by-frame path.
  if (config_.format == ComtradeFormat::kAscii || config_.timestamps_drive_time) return 0;
  if (!raw_) raw_ = std::make_unique<RawRecord>();
  RawRecord& r = *raw_;
  r.x.resize(config_.analog.size());
  // The run ends with the rate segment: the next frame starts a new block.
  const std::int64_t segment_left = config_.rates[segment_].endsamp - index_;
  const std::size_t limit = static_cast<std::size_t>(
      std::clamp<std::int64_t>(segment_left, 0, static_cast<std::int64_t>(max_frames)));
  const std::size_t channels = r.x.size();
  std::size_t done = 0;
  absl::StatusOr<std::size_t> clean =
      config_.format == ComtradeFormat::kBinary     ? ReadCleanRun<std::int16_t>(out, limit)
      : config_.format == ComtradeFormat::kBinary32 ? ReadCleanRun<std::int32_t>(out, limit)
                                                    : ReadCleanRun<float>(out, limit);
  PQA_RETURN_IF_ERROR(clean.status());
  done = *clean;
  // Whatever stopped the clean run (a missing value, a jump, the end) goes
  // through the checked path below, which names it.
  while (done < limit) {
    PQA_ASSIGN_OR_RETURN(const unsigned char* bytes, dat_->PeekBinary());
    if (bytes == nullptr) break;  // the end: the frame path reports a short file
    PQA_RETURN_IF_ERROR(dat_->DecodeBinary(bytes, r));
    bool missing = false;
    for (double x : r.x) missing = missing || std::isnan(x);
    if (missing) break;  // left for ReadFrame, which drops it as a gap
    dat_->ConsumeBinary();
    PQA_RETURN_IF_ERROR(AcceptRecord(r, out + done * channels).status());
    ++done;
    run_codes_scaling_ = nullptr;  // this frame's codes are not kept
  }
  return done;
}

template <typename Sample>
std::vector<Sample>& ComtradeReader::RawValues() {
  if constexpr (std::is_same_v<Sample, std::int16_t>) {
    return raw_int16_;
  } else if constexpr (std::is_same_v<Sample, std::int32_t>) {
    return raw_int32_;
  } else {
    return raw_float32_;
  }
}

template <typename Sample>
absl::StatusOr<std::size_t> ComtradeReader::ReadCleanRun(double* out, std::size_t limit) {
  // The frames AcceptRecord would accept without a word, decoded a few
  // thousand at a time: the values in loops over many records that the
  // compiler vectorises (binary_samples.h), the sample numbers and
  // timestamps in one scalar pass. Record by record this was a quarter of
  // a replay's time. The first frame that is not plainly clean (wrong
  // sample number, a timestamp off the grid, a missing or infinite value,
  // past endsamp) is left unread for the checked path, so every error keeps
  // its message.
  // Records per pass: their raw and scaled values stay in the L2 cache.
  constexpr std::size_t kPassRecords = 4096;
  const std::size_t channels = config_.analog.size();
  const std::int64_t total = config_.total_samples();
  const std::int64_t first = segment_ == 0 ? 0 : config_.rates[segment_ - 1].endsamp;
  const double start_ns = segment_start_ns_d_[segment_];
  const double period_ns = ns_per_sample_[segment_];
  const double tick_ns = config_.timemult * static_cast<double>(config_.timestamp_unit_ns);
  if (scaling_.channels() != channels) {
    std::vector<double> a(channels), b(channels);
    for (std::size_t c = 0; c < channels; ++c) {
      a[c] = config_.analog[c].a;
      b[c] = config_.analog[c].b;
    }
    scaling_ = ChannelScaling(a, b, factor_);
  }
  std::vector<Sample>& raw = RawValues<Sample>();
  // BINARY int16 codes go straight where the caller keeps them (the block's
  // codes), and are decoded from there.
  Sample* codes = nullptr;
  if constexpr (std::is_same_v<Sample, std::int16_t>) {
    if (run_codes_ != nullptr) {
      const std::size_t need = run_codes_at_ + limit * channels;
      if (run_codes_->size() < need) run_codes_->resize(need);
      codes = run_codes_->data() + run_codes_at_;
    }
  }
  // Loop state in locals: stores through `out` cannot then alias it.
  std::int64_t index = index_, number = prev_number_;
  const std::size_t record_bytes = dat_->record_bytes();
  std::size_t done = 0;
  while (done < limit && index < total) {
    const unsigned char* bytes = nullptr;
    PQA_ASSIGN_OR_RETURN(
        const std::size_t run,
        dat_->PeekBinaryRun(
            std::min({limit - done, static_cast<std::size_t>(total - index), kPassRecords}),
            &bytes));
    if (run == 0) break;
    Sample* values = codes != nullptr ? codes + done * channels : nullptr;
    if (values == nullptr) {
      if (raw.size() < run * channels) raw.resize(run * channels);
      values = raw.data();
    }
    GatherAnalogValues(bytes, record_bytes, run, channels, values);
    // Records before the first missing or non-finite value.
    const std::size_t clean = FirstUnclean(values, run * channels) / channels;
    // Consecutive sample numbers (binary ones wrap at 2^32), then the
    // timestamps of those records.
    if (numbers_.size() < clean) {
      numbers_.resize(clean);
      timestamps_.resize(clean);
    }
    GatherRecordHeaders(bytes, record_bytes, clean, numbers_.data(), timestamps_.data());
    const std::size_t k =
        clean == 0
            ? 0
            : ConsecutiveNumbers(numbers_.data(), clean,
                                 index == 0 ? numbers_[0] : static_cast<std::uint32_t>(number + 1));
    if (k > 0) number = numbers_[k - 1];
    audit_.ObserveTimestamps(timestamps_.data(), k, index, first, start_ns, period_ns, tick_ns);
    index += static_cast<std::int64_t>(k);
    scaling_.Apply(values, k, out + done * channels);
    dat_->ConsumeBinary(k);
    done += k;
    if (k < run) break;
  }
  index_ = index;
  prev_number_ = number;
  if (codes != nullptr && done > 0) run_codes_scaling_ = &scaling_;
  return done;
}

absl::StatusOr<double> ComtradeReader::AcceptRecord(const RawRecord& r, double* values) {
  const std::int64_t total = config_.total_samples();
  if (index_ >= total) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: more samples than endsamp = %d declared by the configuration", dat_->Where(), total));
  }
  // Consecutive sample numbers; binary ones wrap at 2^32.
  if (index_ > 0) {
    const std::int64_t expected = config_.format == ComtradeFormat::kAscii
                                      ? prev_number_ + 1
                                      : (prev_number_ + 1) & 0xFFFFFFFFll;
    if (r.number != expected) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: sample number: expected %d after %d, found %d (records lost or reordered)",
          dat_->Where(), expected, prev_number_, r.number));
    }
  }
  prev_number_ = r.number;
  while (index_ >= config_.rates[segment_].endsamp) ++segment_;
  const double rate = config_.timestamps_drive_time ? ts_rate_hz_ : config_.rates[segment_].samp_hz;
  const double rel = RelativeTimeNs(index_);
  const double tick_ns = config_.timemult * static_cast<double>(config_.timestamp_unit_ns);
  if (!config_.timestamps_drive_time) {
    // C37.111: with a declared rate the timestamps are non-critical; they
    // may wrap, reset or be zero. They are only compared with the rate.
    if (r.has_timestamp && (index_ == 0 || r.timestamp != 0)) {
      audit_.Observe(r.timestamp, index_, rel, tick_ns);
    }
  } else {
    if (!r.has_timestamp) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: timestamp missing, but nrates = 0 / samp = 0 makes timestamps the only time base",
          dat_->Where()));
    }
    PQA_ASSIGN_OR_RETURN(const std::int64_t ts, unwrap_.Unwrap(r.timestamp, dat_->Where()));
    // Half a sample period plus a timestamp tick off the uniform grid.
    const double tolerance = 0.5 * 1e9 / ts_rate_hz_ + tick_ns;
    const double offset = static_cast<double>(ts - first_ts_) * tick_ns;
    if (std::fabs(offset - rel) > tolerance) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: timestamp %d is %.6g us off the uniform grid of %.9g Hz derived from the first "
          "and last timestamps (nrates = 0 / samp = 0 requires uniform sampling)",
          dat_->Where(), r.timestamp, static_cast<double>((offset - rel) / 1e3), rate));
    }
  }
  for (std::size_t c = 0; c < r.x.size(); ++c) {
    const ComtradeAnalogChannel& a = config_.analog[c];
    values[c] = (a.a * r.x[c] + a.b) * factor_[c];  // NaN stays NaN: missing
  }
  ++index_;
  return rel;
}

}  // namespace pqa::io
