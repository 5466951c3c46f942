#include "tests/sv/sv_netns.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include "absl/strings/str_cat.h"

namespace pqa::testing {

int RunShell(const std::string& command, std::string* output) {
  FILE* p = ::popen((command + " 2>&1").c_str(), "r");
  if (p == nullptr) return -1;
  std::string text;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) text.append(buf, n);
  const int status = ::pclose(p);
  if (output) *output = text;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Namespaces left by a test process that was killed (its destructor never
// ran): pqa-sv-PID-N whose PID is gone.
void RemoveStaleNamespaces() {
  std::string list;
  if (RunShell("ip netns list", &list) != 0) return;
  std::istringstream in(list);
  std::string name;
  while (in >> name) {
    int pid = 0, n = 0;
    if (std::sscanf(name.c_str(), "pqa-sv-%d-%d", &pid, &n) == 2 && pid > 0 &&
        ::kill(pid, 0) != 0 && errno == ESRCH) {
      RunShell("ip netns del " + name);
    }
    std::getline(in, name);  // the rest of the line ("(id: N)")
  }
}

VethNamespace::VethNamespace() {
  static std::atomic<int> counter{0};
  static const bool cleaned = (RemoveStaleNamespaces(), true);
  (void)cleaned;
  name_ = absl::StrCat("pqa-sv-", ::getpid(), "-", counter++);
  std::string out;
  if (RunShell("ip netns add " + name_, &out) != 0) {
    skip_reason_ =
        absl::StrCat("cannot create a network namespace (needs root and iproute2): ", out);
    name_.clear();
    return;
  }
  for (const std::string& cmd :
       {absl::StrCat("ip -n ", name_, " link add sva type veth peer name svb"),
        absl::StrCat("ip -n ", name_, " link set sva up"),
        absl::StrCat("ip -n ", name_, " link set svb up"),
        absl::StrCat("ip -n ", name_, " link set lo up")}) {
    if (RunShell(cmd, &out) != 0) {
      skip_reason_ = absl::StrCat("cannot set up a veth pair in the namespace: ", cmd, ": ", out);
      return;
    }
  }
}

VethNamespace::~VethNamespace() {
  if (previous_ >= 0) {
    ::setns(previous_, CLONE_NEWNET);
    ::close(previous_);
  }
  if (!name_.empty()) RunShell("ip netns del " + name_);
}

std::string VethNamespace::In(const std::string& command) const {
  return absl::StrCat("ip netns exec ", name_, " ", command);
}

bool VethNamespace::Enter() {
  if (previous_ < 0) previous_ = ::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  const int fd = ::open(absl::StrCat("/var/run/netns/", name_).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::setns(fd, CLONE_NEWNET) == 0;
  ::close(fd);
  return ok;
}

pid_t VethNamespace::Spawn(const std::string& command, const std::string& stderr_path) const {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const std::string line = absl::StrCat("exec ", In(command), " >/dev/null 2>", stderr_path);
    ::execl("/bin/sh", "sh", "-c", line.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return pid;
}

int WaitExit(pid_t pid, double timeout_s) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  while (std::chrono::steady_clock::now() < end) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) {
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  return -1;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool WaitForText(const std::string& path, const std::string& text, double timeout_s) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  while (std::chrono::steady_clock::now() < end) {
    if (Slurp(path).find(text) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

}  // namespace pqa::testing
