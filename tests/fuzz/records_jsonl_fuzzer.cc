// libFuzzer target: the JSON Lines records reader of `pqa window`/`report`
// (protobuf JSON, records::ValidateRecord, the ten-minute selection).
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "host/prodist/records_jsonl.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  pqa::fuzz::Report(pqa::prodist::ParseRecordsJsonl(in, "fuzz.jsonl").status());
  return 0;
}
