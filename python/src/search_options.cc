#include "search_options.h"

#include <cstdint>
#include <string>

#include "naba/error.h"
#include "text.h"

namespace py = pybind11;

namespace naba::python {
namespace {

template <typename T>
T count(py::handle value, const std::string& name) {
  if (!PyLong_Check(value.ptr()) || PyBool_Check(value.ptr()))
    throw py::type_error(name + " must be an int");
  int overflow = 0;
  long long v = PyLong_AsLongLongAndOverflow(value.ptr(), &overflow);
  if (overflow > 0) throw Error(Error::Code::bad_argument, name + " is too large");
  if (overflow < 0 || v < 0) throw Error(Error::Code::bad_argument, name + " must not be negative");
  return static_cast<T>(v);
}

bool flag(py::handle value, const std::string& name) {
  if (!PyBool_Check(value.ptr())) throw py::type_error(name + " must be a bool");
  return value.cast<bool>();
}

}  // namespace

SearchOptions search_options(const py::kwargs& kwargs, const char* function) {
  SearchOptions o;
  for (auto [key, value] : kwargs) {
    std::string name = py::str(key);
    if (name == "limit")
      o.limit = count<std::size_t>(value, name);
    else if (name == "offset")
      o.offset = count<std::size_t>(value, name);
    else if (name == "passages")
      o.passages = count<std::size_t>(value, name);
    else if (name == "source")
      o.source = value.is_none() ? "" : from_str(value, "source");
    else if (name == "since")
      o.since = value.is_none() ? "" : from_str(value, "since");
    else if (name == "until")
      o.until = value.is_none() ? "" : from_str(value, "until");
    else if (name == "sort") {
      std::string sort = from_str(value, "sort");
      if (sort != "relevance" && sort != "date")
        throw Error(Error::Code::bad_argument,
                    "sort must be \"relevance\" or \"date\", not \"" + sort + "\"");
      o.sort = sort == "date" ? SortOrder::date : SortOrder::relevance;
    } else if (name == "all_duplicates")
      o.all_duplicates = flag(value, name);
    else if (name == "partial")
      o.partial = flag(value, name);
    else if (name == "reopen")
      o.reopen = flag(value, name);
    else if (name == "correct")
      o.correct = flag(value, name);
    else if (name == "ingested_after")
      o.ingested_after = count<std::uint64_t>(value, name);
    else if (name == "ingested_through")
      o.ingested_through = count<std::uint64_t>(value, name);
    else
      throw py::type_error(std::string(function) + "() got an unexpected keyword argument '" +
                           name + "'");
  }
  return o;
}

}  // namespace naba::python
