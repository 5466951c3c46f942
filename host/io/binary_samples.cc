#include "host/io/binary_samples.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <type_traits>

namespace pqa::io {
namespace {

// Compiled for x86-64-v3 (AVX2) and the baseline where the toolchain can,
// chosen once at load time. Contraction into fused multiply-adds is off in
// both, so a * x + b is rounded twice, as everywhere else in the reader.
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
#define PQA_BINARY_SAMPLES_CLONES \
  __attribute__((target_clones("arch=x86-64-v3", "default"), optimize("fp-contract=off")))
#else
#define PQA_BINARY_SAMPLES_CLONES
#endif

// Frames per coefficient tile: 32 frames of any channel count is a whole
// number of AVX2 and AVX-512 vectors of doubles.
constexpr std::size_t kTileFrames = 32;

// Whole 8-byte words per record where that stays inside the run: the
// excess of each copy is read from the next record and written where the
// next record's values go, which that record's own copy then overwrites.
// The last records, whose excess would leave the run, are copied exactly.
template <int kWords>
void GatherWords(const unsigned char* records, std::size_t record_bytes, std::size_t count,
                 std::size_t value_bytes, unsigned char* out) {
  constexpr std::size_t kBytes = 8 * kWords;
  // Records whose word copy ends inside the values of the run: k * value_bytes + kBytes <=
  // count * value_bytes.
  const std::size_t tail = (kBytes + value_bytes - 1) / value_bytes;
  const std::size_t words = count > tail ? count - tail : 0;
  const unsigned char* in = records + 8;
  for (std::size_t k = 0; k < words; ++k, in += record_bytes, out += value_bytes) {
    unsigned char w[kBytes];
    std::memcpy(w, in, kBytes);
    std::memcpy(out, w, kBytes);
  }
  for (std::size_t k = words; k < count; ++k, in += record_bytes, out += value_bytes) {
    std::memcpy(out, in, value_bytes);
  }
}

template <typename Sample>
bool Unclean(Sample v) {
  if constexpr (std::is_floating_point_v<Sample>) {
    return !(std::fabs(v) <= std::numeric_limits<Sample>::max());  // NaN or infinite
  } else {
    return v == std::numeric_limits<Sample>::min();  // C37.111 missing-value marker
  }
}

template <typename Sample>
PQA_BINARY_SAMPLES_CLONES std::size_t FirstUncleanKernel(const Sample* values, std::size_t n) {
  // Whole chunks tested without a branch per value; the one that holds an
  // unclean value is searched value by value.
  constexpr std::size_t kChunk = 256;
  for (std::size_t i = 0; i < n; i += kChunk) {
    const std::size_t len = std::min(kChunk, n - i);
    unsigned any = 0;
    for (std::size_t j = 0; j < len; ++j) any |= Unclean(values[i + j]) ? 1u : 0u;
    if (any == 0) continue;
    for (std::size_t j = 0; j < len; ++j) {
      if (Unclean(values[i + j])) return i + j;
    }
  }
  return n;
}

template <typename Sample>
PQA_BINARY_SAMPLES_CLONES void ScaleTiles(const Sample* raw, std::size_t n, const double* a,
                                          const double* b, const double* factor, std::size_t tile,
                                          double* out) {
  for (std::size_t i = 0; i < n; i += tile) {
    const std::size_t len = std::min(tile, n - i);
    const Sample* x = raw + i;
    double* y = out + i;
    // The same expression as ComtradeReader::AcceptRecord: the same doubles, bit for bit.
    for (std::size_t j = 0; j < len; ++j)
      y[j] = (a[j] * static_cast<double>(x[j]) + b[j]) * factor[j];
  }
}

PQA_BINARY_SAMPLES_CLONES std::size_t ConsecutiveNumbersKernel(const std::uint32_t* numbers,
                                                               std::size_t n,
                                                               std::uint32_t expected) {
  constexpr std::size_t kChunk = 256;
  for (std::size_t i = 0; i < n; i += kChunk) {
    const std::size_t len = std::min(kChunk, n - i);
    const std::uint32_t from = expected + static_cast<std::uint32_t>(i);  // wraps at 2^32
    unsigned off = 0;
    for (std::size_t j = 0; j < len; ++j) {
      off |= numbers[i + j] != from + static_cast<std::uint32_t>(j) ? 1u : 0u;
    }
    if (off == 0) continue;
    for (std::size_t j = 0; j < len; ++j) {
      if (numbers[i + j] != from + static_cast<std::uint32_t>(j)) return i + j;
    }
  }
  return n;
}

PQA_BINARY_SAMPLES_CLONES bool TimestampStepsAgreeKernel(const std::uint32_t* ts, int n, double x0,
                                                         double start_ns, double period_ns,
                                                         double tick_ns) {
  unsigned off = 0;
  for (int j = 1; j < n; ++j) {
    const double x = x0 + static_cast<double>(j);  // exact: whole numbers below 2^53
    const double expected = (start_ns + x * period_ns) - (start_ns + (x - 1) * period_ns);
    const double tolerance = 0.01 * expected + tick_ns;
    // ts < 2^32 as a signed 32-bit number plus 2^31: exact, and a
    // conversion AVX2 has; the difference of two is exact too.
    const double t1 =
        static_cast<double>(static_cast<std::int32_t>(ts[j] ^ 0x80000000u)) + 2147483648.0;
    const double t0 =
        static_cast<double>(static_cast<std::int32_t>(ts[j - 1] ^ 0x80000000u)) + 2147483648.0;
    const bool agrees = std::fabs((t1 - t0) * tick_ns - expected) <= tolerance;
    off |= (!agrees || ts[j] == 0 || ts[j] == 0xFFFFFFFFu) ? 1u : 0u;
  }
  return off == 0;
}

// The timestamp steps, in ticks, that TimestampStepsAgreeKernel accepts at
// every j of a run, whatever the rounding of its expected step: a step in
// lo .. lo + width needs none of its doubles. The j-th expected step is
// (s + x p) - (s + (x - 1) p) in doubles, within delta of p (each sum
// rounds by at most ulp(2 M), M = |s| + (|x0| + n + 1) |p| bounding both,
// the difference by ulp(2 p)); delta takes four times that. The test then
// accepts tick * d in [0.99 e - tick, 1.01 e + tick] for every e within
// delta of p, less a margin of 1e-9 (p + tick) for the rounding of the test
// itself, many orders above it. Nothing when no whole step fits (or the
// numbers are not ones the band can be trusted on): the run goes to the
// kernel.
struct StepBand {
  std::uint32_t lo = 0, width = 0;
};

std::optional<StepBand> SafeStepBand(int n, double x0, double start_ns, double period_ns,
                                     double tick_ns) {
  if (!(std::isfinite(x0) && std::isfinite(start_ns) && period_ns > 0 && tick_ns > 0 &&
        std::isfinite(period_ns) && std::isfinite(tick_ns))) {
    return std::nullopt;
  }
  auto ulp = [](double v) { return std::nextafter(v, HUGE_VAL) - v; };
  const double bound = std::fabs(start_ns) + (std::fabs(x0) + n + 1) * period_ns;
  const double delta = 4 * (2 * ulp(2 * bound) + ulp(2 * period_ns));
  const double margin = 1e-9 * (period_ns + tick_ns);
  const double low = 0.99 * (period_ns + delta) - tick_ns + margin;
  const double high = 1.01 * (period_ns - delta) + tick_ns - margin;
  const double lo = std::ceil(low / tick_ns), hi = std::floor(high / tick_ns);
  // Steps of 1 .. 2^31 - 1 ticks: well inside what the uint32 band holds.
  if (!(lo >= 1 && hi <= 2147483647.0 && lo <= hi)) return std::nullopt;
  return StepBand{static_cast<std::uint32_t>(lo), static_cast<std::uint32_t>(hi - lo)};
}

// True when every step ts[j] - ts[j - 1] (j = 1..n-1) lies in the band
// without a wrap of the counter and every ts[j] is a timestamp (not 0, not
// 0xFFFFFFFF): integer tests only.
PQA_BINARY_SAMPLES_CLONES bool StepsInBandKernel(const std::uint32_t* ts, int n, std::uint32_t lo,
                                                 std::uint32_t width) {
  unsigned off = 0;
  for (int j = 1; j < n; ++j) {
    // A counter that wraps is the audit's to unwrap, as in the kernel.
    const std::uint32_t step = ts[j] - ts[j - 1];
    off |= (step - lo > width || ts[j] < ts[j - 1] || ts[j] + 1u <= 1u) ? 1u : 0u;
  }
  return off == 0;
}

}  // namespace

template <typename Sample>
void GatherAnalogValues(const unsigned char* records, std::size_t record_bytes, std::size_t count,
                        std::size_t channels, Sample* values) {
  const std::size_t value_bytes = channels * sizeof(Sample);
  if (value_bytes == 0) return;
  auto* out = reinterpret_cast<unsigned char*>(values);
  switch ((value_bytes + 7) / 8) {
    case 1:
      return GatherWords<1>(records, record_bytes, count, value_bytes, out);
    case 2:
      return GatherWords<2>(records, record_bytes, count, value_bytes, out);
    case 3:
      return GatherWords<3>(records, record_bytes, count, value_bytes, out);
    case 4:
      return GatherWords<4>(records, record_bytes, count, value_bytes, out);
    default:
      // Wide records: a library copy per record is cheap next to its values.
      for (std::size_t k = 0; k < count; ++k) {
        std::memcpy(out + k * value_bytes, records + k * record_bytes + 8, value_bytes);
      }
  }
}

template <typename Sample>
std::size_t FirstUnclean(const Sample* values, std::size_t n) {
  return FirstUncleanKernel(values, n);
}

void GatherRecordHeaders(const unsigned char* records, std::size_t record_bytes, std::size_t count,
                         std::uint32_t* numbers, std::uint32_t* timestamps) {
  for (std::size_t k = 0; k < count; ++k, records += record_bytes) {
    std::memcpy(&numbers[k], records, 4);
    std::memcpy(&timestamps[k], records + 4, 4);
  }
}

std::size_t ConsecutiveNumbers(const std::uint32_t* numbers, std::size_t n,
                               std::uint32_t expected) {
  return ConsecutiveNumbersKernel(numbers, n, expected);
}

bool TimestampStepsAgree(const std::uint32_t* ts, int n, double x0, double start_ns,
                         double period_ns, double tick_ns) {
  // A recorder's steps are nearly always whole ticks well inside the band:
  // then no double is needed. Anything else takes the exact test, so the
  // answer is always the kernel's.
  if (const std::optional<StepBand> band = SafeStepBand(n, x0, start_ns, period_ns, tick_ns);
      band && StepsInBandKernel(ts, n, band->lo, band->width)) {
    return true;
  }
  return TimestampStepsAgreeKernel(ts, n, x0, start_ns, period_ns, tick_ns);
}

ChannelScaling::ChannelScaling(const std::vector<double>& a, const std::vector<double>& b,
                               const std::vector<double>& factor)
    : channels_(a.size()) {
  for (std::size_t f = 0; f < kTileFrames; ++f) {
    a_.insert(a_.end(), a.begin(), a.end());
    b_.insert(b_.end(), b.begin(), b.end());
    factor_.insert(factor_.end(), factor.begin(), factor.end());
  }
}

template <typename Sample>
void ChannelScaling::Apply(const Sample* raw, std::size_t frames, double* out) const {
  ScaleTiles(raw, frames * channels_, a_.data(), b_.data(), factor_.data(), a_.size(), out);
}

template void GatherAnalogValues(const unsigned char*, std::size_t, std::size_t, std::size_t,
                                 std::int16_t*);
template void GatherAnalogValues(const unsigned char*, std::size_t, std::size_t, std::size_t,
                                 std::int32_t*);
template void GatherAnalogValues(const unsigned char*, std::size_t, std::size_t, std::size_t,
                                 float*);
template std::size_t FirstUnclean(const std::int16_t*, std::size_t);
template std::size_t FirstUnclean(const std::int32_t*, std::size_t);
template std::size_t FirstUnclean(const float*, std::size_t);
template void ChannelScaling::Apply(const std::int16_t*, std::size_t, double*) const;
template void ChannelScaling::Apply(const std::int32_t*, std::size_t, double*) const;
template void ChannelScaling::Apply(const float*, std::size_t, double*) const;

}  // namespace pqa::io
