#include "host/report/pdf.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace pqa::report {
namespace {

bool Executable(const std::string& path) { return access(path.c_str(), X_OK) == 0; }

// Runs argv with stdout and stderr to `log`; returns the exit status (-1 when
// it could not start).
int Run(const std::vector<std::string>& argv, const std::string& log) {
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
      close(fd);
    }
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  if (waitpid(pid, &status, 0) < 0) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

std::string FindChromium() {
  if (const char* env = std::getenv("PQA_CHROMIUM"); env != nullptr && *env != '\0') {
    return Executable(env) ? env : "";
  }
  const char* path = std::getenv("PATH");
  for (absl::string_view dir : absl::StrSplit(path ? path : "/usr/bin:/bin", ':')) {
    for (const char* name : {"chromium", "chromium-browser"}) {
      std::string candidate = absl::StrCat(dir.empty() ? "." : dir, "/", name);
      if (Executable(candidate)) return candidate;
    }
  }
  return "";
}

absl::Status PrintToPdf(const std::string& html_path, const std::string& pdf_path) {
  const std::string chromium = FindChromium();
  if (chromium.empty()) {
    return absl::FailedPreconditionError(
        "--pdf needs Chromium to print the report and none was found: install the Debian "
        "package chromium (tools/setup.sh does) or set PQA_CHROMIUM to the browser; the HTML "
        "report was written and prints from any browser");
  }
  namespace fs = std::filesystem;
  std::error_code ec;
  // Its own profile directory: several reports may print at once.
  std::string profile_template = (fs::temp_directory_path(ec) / "pqa-chromium-XXXXXX").string();
  std::vector<char> buf(profile_template.begin(), profile_template.end());
  buf.push_back('\0');
  if (mkdtemp(buf.data()) == nullptr) {
    return absl::InternalError("cannot create a temporary profile directory for Chromium");
  }
  const std::string profile = buf.data();
  const std::string log = profile + ".log";
  const std::string html = fs::absolute(html_path, ec).string();
  const std::string pdf = fs::absolute(pdf_path, ec).string();
  fs::remove(pdf, ec);
  // --no-sandbox: Chromium refuses to run as root otherwise (containers, CI).
  int code = Run({chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--no-pdf-header-footer", "--user-data-dir=" + profile, "--print-to-pdf=" + pdf,
                  "file://" + html},
                 log);
  std::stringstream last_words;
  last_words << std::ifstream(log).rdbuf();
  fs::remove_all(profile, ec);
  fs::remove(log, ec);
  if (code != 0 || !fs::exists(pdf, ec) || fs::file_size(pdf, ec) == 0) {
    std::string words = last_words.str();
    if (words.size() > 600) words = words.substr(words.size() - 600);
    return absl::InternalError(
        absl::StrCat(chromium, " did not write ", pdf_path, " (exit ", code, "): ", words));
  }
  return absl::OkStatus();
}

}  // namespace pqa::report
