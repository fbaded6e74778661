// The parts of the naba module, one file each, and what they share.
#pragma once

#include <pybind11/pybind11.h>

#include <mutex>
#include <utility>

namespace naba::python {

void bind_errors(pybind11::module_& m);
void bind_analyzer(pybind11::module_& m);
void bind_index(pybind11::module_& m);
void bind_search(pybind11::module_& m);
void bind_aliases(pybind11::module_& m);
void bind_alerts(pybind11::module_& m);

/** Runs @p f without the GIL, so other Python threads run meanwhile, holding
 *  @p mutex: libnaba's objects are used by one thread at a time, and a Python
 *  object may be shared by threads. The GIL goes first, so a callback into
 *  Python (which takes the GIL) cannot deadlock with a thread that waits
 *  for the mutex. */
template <typename F>
auto without_gil(std::mutex& mutex, F&& f) {
  pybind11::gil_scoped_release no_gil;
  std::lock_guard lock(mutex);
  return std::forward<F>(f)();
}

}  // namespace naba::python
