// libFuzzer target: one .dat decoder (PQA_FUZZ_DAT_FORMAT: ASCII, BINARY,
// BINARY32 or FLOAT32) behind a fixed configuration of two analog channels
// and one digital, 1 kHz, up to 64 samples; the input is the .dat.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "host/io/comtrade_reader.h"
#include "tests/fuzz/fuzz_support.h"

#ifndef PQA_FUZZ_DAT_FORMAT
#error "define PQA_FUZZ_DAT_FORMAT (ASCII, BINARY, BINARY32 or FLOAT32)"
#endif

namespace {

const std::string& Cfg() {
  static const std::string* cfg = [] {
    const std::string format = PQA_FUZZ_DAT_FORMAT;
    const std::string revision = format == "BINARY32" || format == "FLOAT32" ? "2013" : "1999";
    return new std::string(absl::StrCat(
        "STN,DEV,", revision,
        "\r\n3,2A,1D\r\n1,VA,A,,kV,0.01,0,0,-99999,99998,1,1,P\r\n"
        "2,VB,B,,kV,0.01,0,0,-99999,99998,1,1,P\r\n1,TRIP,,,0\r\n60\r\n1\r\n1000,64\r\n"
        "03/03/2025,00:00:00.000000\r\n03/03/2025,00:00:00.000000\r\n",
        format, "\r\n1\r\n", revision == "2013" ? "0,0\r\n0,0\r\n" : ""));
  }();
  return *cfg;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string cfg = pqa::fuzz::WriteScratch("rec.cfg", Cfg());
  pqa::fuzz::WriteScratch("rec.dat", data, size);
  pqa::fuzz::DrainOrReport(pqa::io::ComtradeReader::Open(cfg));
  return 0;
}
