// The process-bus commands: `pqa sv-publish` (a recording as a 9-2LE
// merging unit sends it) and `pqa analyze` (continuous analysis of live
// sampled values, records and events written and/or pushed).
#ifndef PQA_HOST_SV_SV_COMMANDS_H_
#define PQA_HOST_SV_SV_COMMANDS_H_

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace pqa::sv {

int RunSvPublishCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// An APPID as merging units are configured: hexadecimal, with or without
// 0x, in 0x4000..0x7FFF; nullopt otherwise.
std::optional<std::uint16_t> ParseAppId(const std::string& text);

int RunAnalyzeCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace pqa::sv

#endif  // PQA_HOST_SV_SV_COMMANDS_H_
