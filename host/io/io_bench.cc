// Throughput of the COMTRADE reader: a 1-minute three-phase recording at
// 256 samples per cycle (15.36 kS/s at 60 Hz), written once by the
// library's own writer, read block by block into SampleBlocks the way
// `pqa replay` reads it (16,384 frames per block, two blocks used in turn).
// Counters: `values` (samples of all channels, per second) and
// `x_realtime` (seconds of signal per processor second). Issue 21: reading
// was a quarter of a replay; it should be a small part of the 2,000x real
// time per processor second goal.
#include <benchmark/benchmark.h>

#include <array>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "host/io/comtrade_reader.h"
#include "host/io/comtrade_writer.h"

namespace pqa::io {
namespace {

constexpr double kRate = 15360;
constexpr double kSeconds = 60;
constexpr std::size_t kBlockFrames = 16384;  // what Replay() reads at a time

// 127 V three-phase with 4 % fifth harmonic and a little deterministic
// "noise", in `format`; "" when it cannot be written.
std::string Recording(ComtradeFormat format) {
  const char* names[] = {"binary", "binary32", "float32"};
  const int which = format == ComtradeFormat::kBinary     ? 0
                    : format == ComtradeFormat::kBinary32 ? 1
                                                          : 2;
  const std::string path = (std::filesystem::temp_directory_path() /
                            (std::string("pqa-io-bench-") + names[which] + ".cfg"))
                               .string();
  ComtradeWriterOptions o;
  o.format = format;
  o.sample_rate_hz = kRate;
  o.start = 1'740'960'000 * kNsPerSecond;  // 2025-03-03T00:00:00Z
  for (const char* ph : {"A", "B", "C"}) {
    o.channels.push_back({std::string("V") + ph, ph, "V", 1, 1, 'P', 200});
  }
  auto writer = ComtradeWriter::Create(path, o);
  if (!writer.ok()) return "";
  const auto frames = static_cast<std::size_t>(kRate * kSeconds);
  std::vector<double> block(3 * kBlockFrames);
  for (std::size_t done = 0; done < frames;) {
    const std::size_t n = std::min(kBlockFrames, frames - done);
    for (std::size_t k = 0; k < n; ++k) {
      const double t = static_cast<double>(done + k) / kRate;
      for (int c = 0; c < 3; ++c) {
        const double phase = 2 * M_PI * 60 * t - c * 2 * M_PI / 3;
        block[3 * k + c] = 127 * std::sqrt(2.0) * (std::sin(phase) + 0.04 * std::sin(5 * phase)) +
                           0.05 * std::sin(12345.678 * t * (c + 1));
      }
    }
    if (!(*writer)->Append(block.data(), n).ok()) return "";
    done += n;
  }
  return (*writer)->Close().ok() ? path : "";
}

// Arg format: 0 BINARY (int16), 1 BINARY32, 2 FLOAT32.
void BM_ReadComtrade(benchmark::State& state) {
  static const std::array<std::string, 3> paths = {Recording(ComtradeFormat::kBinary),
                                                   Recording(ComtradeFormat::kBinary32),
                                                   Recording(ComtradeFormat::kFloat32)};
  const std::string& path = paths[static_cast<std::size_t>(state.range(0))];
  if (path.empty()) {
    state.SkipWithError("cannot write the benchmark recording");
    return;
  }
  std::array<SampleBlock, 2> blocks;  // used in turn, as Replay() does
  double values = 0, seconds = 0;
  for (auto _ : state) {
    auto reader = ComtradeReader::Open(path);
    if (!reader.ok()) {
      state.SkipWithError(std::string(reader.status().message()).c_str());
      return;
    }
    for (std::size_t current = 0;; current = 1 - current) {
      absl::StatusOr<bool> got = (*reader)->Next(blocks[current], kBlockFrames);
      if (!got.ok()) {
        state.SkipWithError(std::string(got.status().message()).c_str());
        return;
      }
      if (!*got) break;
      benchmark::DoNotOptimize(blocks[current].samples.data());
      values += static_cast<double>(blocks[current].frames * blocks[current].channels);
    }
    seconds += kSeconds;
  }
  state.counters["values"] = benchmark::Counter(values, benchmark::Counter::kIsRate);
  state.counters["x_realtime"] = benchmark::Counter(seconds, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ReadComtrade)->ArgName("format")->DenseRange(0, 2)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace pqa::io

BENCHMARK_MAIN();
