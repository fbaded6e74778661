#include "cli/alert_schedule.h"

#include <signal.h>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <thread>

namespace naba::cli {
namespace {

volatile sig_atomic_t stop_signal = 0;

void on_stop_signal(int) {
  stop_signal = 1;
}

}  // namespace

double parse_duration(const std::string& text, const std::string& option) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  std::string unit = text.substr(used);
  const double scale = unit.empty() || unit == "s" ? 1
                       : unit == "m"               ? 60
                       : unit == "h"               ? 3600
                       : unit == "d"               ? 86400
                                                   : 0;
  if (used == 0 || scale == 0 || !(value > 0) || value * scale > 1e9)
    throw CLI::ValidationError(option, "a duration such as 90s, 15m, 2h or 1d, got '" + text + "'");
  return value * scale;
}

void catch_stop_signals() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);
}

bool stop_requested() {
  return stop_signal != 0;
}

void sleep_unless_stopped(double seconds) {
  auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (!stop_requested() && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
        std::chrono::duration_cast<std::chrono::steady_clock::duration>(
            until - std::chrono::steady_clock::now()),
        std::chrono::milliseconds(100)));
}

}  // namespace naba::cli
