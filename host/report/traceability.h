// What produced a report (issue 18: a document a utility can file): the pqa
// version of the build, when it was generated, every input file with its
// SHA-256, and the options given. The point's configuration is printed from
// the result itself (ComplianceResult.point).
#ifndef PQA_HOST_REPORT_TRACEABILITY_H_
#define PQA_HOST_REPORT_TRACEABILITY_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "host/common/time.h"

namespace pqa::report {

struct InputFile {
  std::string role;    // "records", "events", "event curves", "annex8a"
  std::string path;    // as given on the command line
  std::string sha256;  // lowercase hex, 64 characters
};

struct Traceability {
  std::string version;   // PqaVersion()
  TimeNs generated = 0;  // ns since epoch UTC
  std::vector<InputFile> inputs;
  std::vector<std::string> options;  // the command line after `pqa report`
};

// SHA-256 of the file's bytes, lowercase hex; errors name the file.
absl::StatusOr<std::string> FileSha256(const std::string& path);

}  // namespace pqa::report

#endif  // PQA_HOST_REPORT_TRACEABILITY_H_
