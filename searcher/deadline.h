// The deadline of a search (SearchOptions::time_limit_ms), for naba serve's
// bounded cost per query.
#pragma once

#include <algorithm>
#include <chrono>

namespace naba::detail {

struct Deadline {
  std::chrono::steady_clock::time_point end;
  bool set;  // false: no limit (0 ms)
  explicit Deadline(unsigned ms)
      : end(std::chrono::steady_clock::now() + std::chrono::milliseconds(ms)), set(ms > 0) {}
  bool passed() const { return set && std::chrono::steady_clock::now() >= end; }
  /** For Xapian's time limit: 0 means none, so at least a millisecond. */
  double seconds_left() const {
    using namespace std::chrono;
    return set ? std::max(0.001, duration<double>(end - steady_clock::now()).count()) : 0;
  }
};

}  // namespace naba::detail
