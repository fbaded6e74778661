#include "text.h"

#include "naba/text.h"

namespace py = pybind11;

namespace naba::python {

py::str to_str(std::string_view s) {
  PyObject* str = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), nullptr);
  if (str) return py::reinterpret_steal<py::str>(str);
  PyErr_Clear();  // not UTF-8: each bad byte becomes U+FFFD
  std::string fixed;
  fixed.reserve(s.size() + 16);
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp;
    std::size_t n = naba::text::decode_utf8(s, i, cp);
    if (n == 0) {
      fixed += "\xEF\xBF\xBD";
      ++i;
    } else {
      fixed.append(s.substr(i, n));
      i += n;
    }
  }
  return py::str(fixed);
}

std::string from_str(py::handle s, const char* what) {
  if (!PyUnicode_Check(s.ptr()))
    throw py::type_error(std::string(what) + " must be a str, not " +
                         std::string(py::str(py::type::handle_of(s).attr("__name__"))));
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(s.ptr(), &size);
  if (!data) throw py::error_already_set();
  return std::string(data, static_cast<std::size_t>(size));
}

std::size_t Codepoints::at(std::size_t byte) {
  if (byte > text_.size()) byte = text_.size();
  if (byte < byte_) byte_ = codepoints_ = 0;
  while (byte_ < byte) {
    char32_t cp;
    std::size_t n = naba::text::decode_utf8(text_, byte_, cp);
    byte_ += n ? n : 1;  // a bad byte is one U+FFFD, as in to_str
    ++codepoints_;
  }
  return codepoints_;
}

std::string from_path(py::handle path) {
  // os.fsencode: a file name that is not UTF-8 comes back to its bytes.
  py::bytes bytes = py::module_::import("os").attr("fsencode")(path);
  return std::string(bytes);
}

}  // namespace naba::python
