#include "host/cli/progress.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>

namespace pqa::cli {
namespace {

constexpr auto kRedrawPeriod = std::chrono::milliseconds(250);

}  // namespace

bool StderrIsTerminal() { return isatty(STDERR_FILENO) == 1; }

std::string HumanDuration(double seconds) {
  char text[64];
  if (!(seconds >= 0)) seconds = 0;
  if (seconds < 60) {
    std::snprintf(text, sizeof text, "%.1f s", seconds);
  } else if (seconds < 3600) {
    const long s = std::lround(seconds);
    std::snprintf(text, sizeof text, "%ldm %02lds", s / 60, s % 60);
  } else if (seconds < 86400) {
    const long m = std::lround(seconds / 60);
    std::snprintf(text, sizeof text, "%ldh %02ldm", m / 60, m % 60);
  } else {
    const long h = std::lround(seconds / 3600);
    std::snprintf(text, sizeof text, "%ldd %02ldh", h / 24, h % 24);
  }
  return text;
}

ProgressLine::ProgressLine(std::string label, std::ostream& err, bool enabled)
    : label_(std::move(label)),
      err_(err),
      enabled_(enabled),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

ProgressLine::~ProgressLine() { Done(); }

void ProgressLine::Update(double done_s, double total_s) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < kRedrawPeriod) return;
  last_draw_ = now;
  const double wall_s = std::chrono::duration<double>(now - start_).count();
  const double speed = wall_s > 0 ? done_s / wall_s : 0;
  std::string line = "\r" + label_ + ": " + HumanDuration(done_s);
  if (total_s > 0) {
    char pct[32];
    std::snprintf(pct, sizeof pct, " of %s (%.0f %%)", HumanDuration(total_s).c_str(),
                  100 * done_s / total_s);
    line += pct;
  }
  char rate[96];
  std::snprintf(rate, sizeof rate, ", %.0fx real time", speed);
  line += rate;
  if (total_s > done_s && speed > 0)
    line += ", " + HumanDuration((total_s - done_s) / speed) + " left";
  line += "\x1b[K";  // clear to the end of the line
  err_ << line << std::flush;
  drawn_ = true;
}

void ProgressLine::Done() {
  if (enabled_ && drawn_) err_ << "\r\x1b[K" << std::flush;
  drawn_ = false;
}

}  // namespace pqa::cli
