// Per-client bearer tokens with roles (issue 9, security): analyzer (ingest
// for its own points), operator (read), admin (registry, and read).
#ifndef PQA_HOST_SERVICE_AUTH_H_
#define PQA_HOST_SERVICE_AUTH_H_

#include <map>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "grpcpp/server_context.h"

namespace pqa::service {

enum class Role { kAnalyzer, kOperator, kAdmin };

struct Caller {
  std::string name;  // client name, the analyzers list of a point refers to it
  Role role = Role::kOperator;
};

class TokenTable {
 public:
  // Parses "TOKEN:NAME:ROLE" lines (ROLE analyzer|operator|admin; '#' starts a
  // comment). Errors name the line. Tokens must be >= 16 characters; the
  // same token on two lines is refused (two clients could not be told apart).
  static absl::StatusOr<TokenTable> Parse(const std::string& text, const std::string& source);
  void Add(const std::string& token, Caller caller) { callers_[token] = std::move(caller); }

  // UNAUTHENTICATED without a known "authorization: Bearer TOKEN" header;
  // PERMISSION_DENIED when the caller's role is below `minimum` (admin >
  // operator; analyzer only passes a kAnalyzer check).
  absl::StatusOr<Caller> Authorize(const grpc::ServerContext& context, Role minimum) const;

  // The client an "authorization" metadata value names, or null: who made a
  // call, for the access log (which never holds the token itself).
  const Caller* Identify(std::string_view authorization) const;

 private:
  std::map<std::string, Caller> callers_;
};

}  // namespace pqa::service

#endif  // PQA_HOST_SERVICE_AUTH_H_
