// Progress of long jobs (replays of days of signal, writing recordings) on a
// terminal: one line, redrawn at most a few times a second, with how much
// signal is done, how fast (times real time) and how long is left. Silent
// when stderr is not a terminal or the user asked for --quiet, so logs and
// pipes stay clean.
#ifndef PQA_HOST_CLI_PROGRESS_H_
#define PQA_HOST_CLI_PROGRESS_H_

#include <chrono>
#include <ostream>
#include <string>
#include <utility>

namespace pqa::cli {

// True when file descriptor 2 is a terminal.
bool StderrIsTerminal();

// "2h 05m", "3m 20s", "12.5 s": a duration for people.
std::string HumanDuration(double seconds);

class ProgressLine {
 public:
  // `enabled` false makes every call a no-op (use StderrIsTerminal() && !quiet).
  ProgressLine(std::string label, std::ostream& err, bool enabled);
  ~ProgressLine();
  // `done_s` seconds of signal handled out of `total_s` (0 when unknown).
  void Update(double done_s, double total_s);
  // Clears the line (the caller prints its own summary).
  void Done();
  // What the line is about (several recordings: how many are done).
  void SetLabel(std::string label) { label_ = std::move(label); }

 private:
  std::string label_;
  std::ostream& err_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace pqa::cli

#endif  // PQA_HOST_CLI_PROGRESS_H_
