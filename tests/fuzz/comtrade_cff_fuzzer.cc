// libFuzzer target: the .cff splitter (C37.111-2013 single file: CFG, INF,
// HDR and DAT sections) and what follows it; the input is the whole .cff.
#include <cstddef>
#include <cstdint>

#include "host/io/comtrade_reader.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = pqa::fuzz::WriteScratch("rec.cff", data, size);
  pqa::fuzz::DrainOrReport(pqa::io::ComtradeReader::Open(path));
  return 0;
}
