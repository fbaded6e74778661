// naba::Error as Python exceptions: naba.Error, and one subclass per code
// with the code as its class attribute `code`.
#include <array>
#include <string>

#include "bindings.h"
#include "naba/error.h"
#include "text.h"

namespace py = pybind11;

namespace naba::python {
namespace {

using Code = Error::Code;

struct ErrorClass {
  Code code;
  const char* name;
  const char* doc;
};

constexpr std::array<ErrorClass, 7> kClasses{{
    {Code::io, "IoError", "A file or index could not be read or written."},
    {Code::not_found, "NotFoundError", "No index (or article) where one was expected."},
    {Code::locked, "LockedError", "Another process holds the index's write lock."},
    {Code::corrupt, "CorruptError", "The index is damaged or not a naba index."},
    {Code::bad_query, "BadQueryError", "The query text does not parse."},
    {Code::bad_argument, "BadArgumentError", "An option value is out of range or malformed."},
    {Code::internal, "InternalError", "Any other failure."},
}};

// The classes live as long as the interpreter (a reference is kept here).
std::array<PyObject*, kClasses.size()> classes{};

PyObject* new_class(const std::string& name, const char* doc, PyObject* base) {
  PyObject* cls = PyErr_NewExceptionWithDoc(("naba." + name).c_str(), doc, base, nullptr);
  if (!cls) throw py::error_already_set();
  return cls;
}

}  // namespace

void bind_errors(py::module_& m) {
  PyObject* base =
      new_class("Error",
                "Raised by every naba call that fails. str(e) is a message for people; e.code\n"
                "says what kind of failure it is, for programs: io, not_found, locked, corrupt,\n"
                "bad_query, bad_argument or internal (one subclass each).",
                PyExc_Exception);
  m.add_object("Error", base);
  for (std::size_t i = 0; i < kClasses.size(); ++i) {
    classes[i] = new_class(kClasses[i].name, kClasses[i].doc, base);
    py::handle(classes[i]).attr("code") = error_code_name(kClasses[i].code);
    m.add_object(kClasses[i].name, classes[i]);
  }
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const Error& e) {
      for (std::size_t i = 0; i < kClasses.size(); ++i)
        if (kClasses[i].code == e.code() || i + 1 == kClasses.size())  // else internal
          return PyErr_SetObject(classes[i], to_str(e.what()).ptr());
    }
  });
}

}  // namespace naba::python
