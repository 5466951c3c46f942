// libFuzzer target: the service's tokens file (`pqa serve --tokens FILE`).
#include <cstddef>
#include <cstdint>
#include <string>

#include "host/service/auth.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  pqa::fuzz::Report(pqa::service::TokenTable::Parse(
                        std::string(reinterpret_cast<const char*>(data), size), "tokens")
                        .status());
  return 0;
}
