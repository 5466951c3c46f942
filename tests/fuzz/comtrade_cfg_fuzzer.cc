// libFuzzer target: the COMTRADE configuration parser (.cfg lines, every
// revision), fed the input split into lines.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "host/io/comtrade_config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> lines(1);
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] == '\n') {
      lines.emplace_back();
    } else {
      lines.back().push_back(static_cast<char>(data[i]));
    }
  }
  auto cfg = pqa::io::ParseComtradeConfig(lines, "fuzz.cfg");
  if (cfg.ok() && !cfg->rates.empty()) (void)cfg->binary_record_bytes();
  return 0;
}
