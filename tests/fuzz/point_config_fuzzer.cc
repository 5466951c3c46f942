// libFuzzer target: the point configuration as `pqa window` and `pqa report`
// take it: the input's lines are the command-line arguments after the
// records file (--connection, --eusd, --voltage-class, --contracted-v, ...),
// parsed and resolved against Annex 8.A.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "host/cli/args.h"
#include "host/prodist/point_options.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> args = {"records.jsonl"};
  std::string arg;
  for (std::size_t i = 0; i <= size; ++i) {
    if (i == size || data[i] == '\n') {
      args.push_back(arg);
      arg.clear();
    } else {
      arg.push_back(static_cast<char>(data[i]));
    }
  }
  for (const std::string& a : args) {
    if (a.rfind("--annex8a", 0) == 0) return 0;  // a file path: not this target's input
  }
  pqa::cli::ArgParser parser("pqa window RECORDS.jsonl", "fuzz");
  pqa::prodist::AddPointOptions(parser);
  if (absl::Status s = parser.Parse(args); !s.ok()) {
    pqa::fuzz::Report(s);
    return 0;
  }
  pqa::fuzz::Report(pqa::prodist::PointFromArgs(parser).status());
  return 0;
}
