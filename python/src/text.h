// Text between libnaba (UTF-8 bytes) and Python (str, indexed by code point).
#pragma once

#include <pybind11/pybind11.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace naba::python {

/** @p s as a Python str; a byte that is not valid UTF-8 (in a .txt file's text)
 *  becomes U+FFFD, one code point, as Codepoints counts it. */
pybind11::str to_str(std::string_view s);

/** @p s (a str) as UTF-8; a lone surrogate raises UnicodeEncodeError. */
std::string from_str(pybind11::handle s, const char* what);

/** Byte offsets of one UTF-8 text as code-point offsets, the indices of the
 *  str to_str() makes of it: text[start:end] in Python is the span. Each
 *  offset costs the walk from the previous one (from the start if it is
 *  smaller), so increasing offsets cost one pass over the text. */
class Codepoints {
 public:
  explicit Codepoints(std::string_view text) : text_(text) {}
  std::size_t at(std::size_t byte);

 private:
  std::string_view text_;
  std::size_t byte_ = 0, codepoints_ = 0;
};

/** A path argument (str, bytes or os.PathLike) as the file system's bytes. */
std::string from_path(pybind11::handle path);

}  // namespace naba::python
