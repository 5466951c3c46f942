// Helpers shared by the libFuzzer targets (tests/fuzz/*_fuzzer.cc): the
// readers under test take file names, so each input is written to a file in
// a private directory (under /dev/shm when it exists: no disk traffic).
#ifndef PQA_TESTS_FUZZ_FUZZ_SUPPORT_H_
#define PQA_TESTS_FUZZ_FUZZ_SUPPORT_H_

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "host/io/sample_source.h"

namespace pqa::fuzz {

// A directory of this process, removed at exit.
inline const std::filesystem::path& ScratchDir() {
  static const auto* dir = [] {
    const std::filesystem::path base =
        std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
    auto* d = new std::filesystem::path(base / ("pqa_fuzz_" + std::to_string(getpid())));
    std::filesystem::create_directories(*d);
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(ScratchDir(), ignored);
    });
    return d;
  }();
  return *dir;
}

// Writes `size` bytes to ScratchDir()/name and returns the path.
inline std::string WriteScratch(const std::string& name, const std::uint8_t* data,
                                std::size_t size) {
  const std::string path = (ScratchDir() / name).string();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}
inline std::string WriteScratch(const std::string& name, const std::string& text) {
  return WriteScratch(name, reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
}

// With PQA_FUZZ_VERBOSE set, prints what an input came to: a seed that is
// refused reaches less code than it should.
inline void Report(const absl::Status& status) {
  static const bool verbose = std::getenv("PQA_FUZZ_VERBOSE") != nullptr;
  if (verbose) std::fprintf(stderr, "%s\n", status.ok() ? "OK" : status.ToString().c_str());
}

// Reads every block of a source; what it returns is not looked at: the
// sanitizers and the absence of a crash or hang are the checks.
inline void Drain(io::SampleSource& source) {
  io::SampleBlock block;
  for (int blocks = 0; blocks < 1000; ++blocks) {
    auto more = source.Next(block, 4096);
    if (!more.ok() || !*more) return Report(more.status());
  }
}

// Drains an opened reader, or reports why it did not open.
template <typename Reader>
void DrainOrReport(const absl::StatusOr<std::unique_ptr<Reader>>& reader) {
  if (reader.ok()) return Drain(**reader);
  Report(reader.status());
}

}  // namespace pqa::fuzz

#endif  // PQA_TESTS_FUZZ_FUZZ_SUPPORT_H_
