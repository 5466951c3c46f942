// libFuzzer target: the CSV recording reader (metadata lines, header, rows).
#include <cstddef>
#include <cstdint>

#include "host/io/csv_reader.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = pqa::fuzz::WriteScratch("rec.csv", data, size);
  pqa::fuzz::DrainOrReport(pqa::io::CsvReader::Open(path));
  return 0;
}
