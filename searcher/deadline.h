// The deadline of a search (SearchOptions::time_limit_ms), for naba serve's
// bounded cost per query.
#pragma once

#include <algorithm>
#include <chrono>

#include <xapian.h>

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
  /** Stops @p enquire's match at the deadline, if there is one. */
  void limit(Xapian::Enquire& enquire) const {
    if (set) enquire.set_time_limit(seconds_left());
  }

  /** The deadline of the search running on this thread, for checks deep in
   *  Xapian's match (PhraseSource), which has no way to pass it; null when
   *  none. Xapian's time limit only stops counting beyond the page: the
   *  match still looks for a page of articles, however rare. */
  static const Deadline*& of_thread() {
    thread_local const Deadline* current = nullptr;
    return current;
  }
  /** Sets of_thread() for a scope. */
  struct OnThread {
    const Deadline* before;
    explicit OnThread(const Deadline& d) : before(of_thread()) { of_thread() = &d; }
    ~OnThread() { of_thread() = before; }
    OnThread(const OnThread&) = delete;
    OnThread& operator=(const OnThread&) = delete;
  };
  static bool thread_passed() {
    const Deadline* d = of_thread();
    return d && d->passed();
  }
};

}  // namespace naba::detail
