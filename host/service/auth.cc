#include "host/service/auth.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace pqa::service {

absl::StatusOr<TokenTable> TokenTable::Parse(const std::string& text, const std::string& source) {
  TokenTable table;
  std::map<std::string, int> line_of;  // token -> the line that gave it
  int line_no = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_no;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> parts = absl::StrSplit(line, ':');
    auto bad = [&](const std::string& why) {
      return absl::InvalidArgumentError(absl::StrCat(source, ":", line_no, ": ", why));
    };
    if (parts.size() != 3) return bad("expected TOKEN:NAME:ROLE");
    if (parts[0].size() < 16) return bad("token: expected at least 16 characters");
    if (parts[1].empty()) return bad("name: expected a client name");
    if (auto [it, fresh] = line_of.emplace(parts[0], line_no); !fresh) {
      return bad(absl::StrCat("token: the same token as line ", it->second,
                              "; every client needs its own token"));
    }
    Caller caller{parts[1], Role::kOperator};
    if (parts[2] == "analyzer") {
      caller.role = Role::kAnalyzer;
    } else if (parts[2] == "operator") {
      caller.role = Role::kOperator;
    } else if (parts[2] == "admin") {
      caller.role = Role::kAdmin;
    } else {
      return bad(absl::StrCat("role: expected analyzer, operator or admin, got '", parts[2], "'"));
    }
    table.Add(parts[0], std::move(caller));
  }
  return table;
}

const Caller* TokenTable::Identify(std::string_view authorization) const {
  absl::string_view value(authorization.data(), authorization.size());
  if (!absl::ConsumePrefix(&value, "Bearer ")) return nullptr;
  auto caller = callers_.find(std::string(value));
  return caller == callers_.end() ? nullptr : &caller->second;
}

absl::StatusOr<Caller> TokenTable::Authorize(const grpc::ServerContext& context,
                                             Role minimum) const {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) {
    return absl::UnauthenticatedError("missing 'authorization: Bearer TOKEN' metadata");
  }
  absl::string_view value(it->second.data(), it->second.size());
  if (!absl::ConsumePrefix(&value, "Bearer ")) {
    return absl::UnauthenticatedError("authorization metadata: expected 'Bearer TOKEN'");
  }
  auto caller = callers_.find(std::string(value));
  if (caller == callers_.end()) return absl::UnauthenticatedError("unknown token");
  const Role role = caller->second.role;
  const bool allowed = minimum == Role::kAnalyzer ? role == Role::kAnalyzer
                       : minimum == Role::kOperator
                           ? (role == Role::kOperator || role == Role::kAdmin)
                           : role == Role::kAdmin;
  if (!allowed) {
    return absl::PermissionDeniedError(
        absl::StrCat("client '", caller->second.name, "' lacks the role for this call"));
  }
  return caller->second;
}

}  // namespace pqa::service
