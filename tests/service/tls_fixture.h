// Test fixture pieces: a self-signed certificate for localhost generated at
// test time with openssl, and a token table with one client of each role.
#ifndef PQA_TESTS_SERVICE_TLS_FIXTURE_H_
#define PQA_TESTS_SERVICE_TLS_FIXTURE_H_

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace pqa::service::testing {

struct TestCertificate {
  std::string cert_pem;  // also the client's root of trust
  std::string key_pem;
};

inline std::string Slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Empty strings when openssl fails (the test then fails on TLS set-up).
inline TestCertificate MakeCertificate(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  const std::string cmd =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost "
      "-addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout " +
      (dir / "key.pem").string() + " -out " + (dir / "cert.pem").string() + " >/dev/null 2>&1";
  if (std::system(cmd.c_str()) != 0) return {};
  return {Slurp(dir / "cert.pem"), Slurp(dir / "key.pem")};
}

inline constexpr const char* kAdminToken = "admin-token-0123456789";
inline constexpr const char* kOperatorToken = "operator-token-0123456789";
inline constexpr const char* kAnalyzer1Token = "analyzer1-token-0123456789";
inline constexpr const char* kAnalyzer2Token = "analyzer2-token-0123456789";

inline std::string TokenFileText() {
  return std::string(kAdminToken) + ":ops-admin:admin\n" + kOperatorToken +
         ":control-room:operator\n" + kAnalyzer1Token + ":analyzer-1:analyzer\n" + kAnalyzer2Token +
         ":analyzer-2:analyzer\n";
}

}  // namespace pqa::service::testing

#endif  // PQA_TESTS_SERVICE_TLS_FIXTURE_H_
