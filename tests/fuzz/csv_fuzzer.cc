// libFuzzer target: the CSV recording reader (metadata lines, header, rows).
#include <cstddef>
#include <cstdint>

#include "host/io/csv_reader.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = pqa::fuzz::WriteScratch("rec.csv", data, size);
  auto reader = pqa::io::CsvReader::Open(path);
  if (reader.ok()) {
    pqa::fuzz::Drain(**reader);
  } else {
    pqa::fuzz::Report(reader.status());
  }
  return 0;
}
