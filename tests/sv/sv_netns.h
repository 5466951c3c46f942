// Test support for the process-bus tests: a network namespace of the test's
// own holding a veth pair (sva <-> svb, both up), so that sampled values
// published on one end arrive on the other without touching the host's
// interfaces. Creating namespaces needs root (CI runs as root); where it is
// not allowed, skip_reason() says why and the tests skip.
#ifndef PQA_TESTS_SV_SV_NETNS_H_
#define PQA_TESTS_SV_SV_NETNS_H_

#include <sys/types.h>

#include <string>
#include <vector>

namespace pqa::testing {

// Runs `command` with /bin/sh; returns its exit status and, in `output`, its
// standard output and error.
int RunShell(const std::string& command, std::string* output = nullptr);

class VethNamespace {
 public:
  VethNamespace();
  ~VethNamespace();
  VethNamespace(const VethNamespace&) = delete;

  const std::string& skip_reason() const { return skip_reason_; }
  const std::string& name() const { return name_; }
  // "ip netns exec NAME " + command.
  std::string In(const std::string& command) const;
  // Moves the calling thread into the namespace (threads it starts later
  // inherit it); the destructor moves it back.
  bool Enter();

  // Starts `command` in the namespace in the background, stderr to
  // `stderr_path`, stdout to /dev/null; returns its pid (the command
  // replaces the shell, so signals reach it).
  pid_t Spawn(const std::string& command, const std::string& stderr_path) const;

 private:
  std::string name_;
  std::string skip_reason_;
  int previous_ = -1;  // the thread's namespace before Enter()
};

// Waits up to `timeout_s` for `pid` to exit; returns its exit status, or -1
// (after SIGKILL) on timeout.
int WaitExit(pid_t pid, double timeout_s);

// Waits up to `timeout_s` until the file holds `text`.
bool WaitForText(const std::string& path, const std::string& text, double timeout_s);

std::string Slurp(const std::string& path);

}  // namespace pqa::testing

#endif  // PQA_TESTS_SV_SV_NETNS_H_
