// The extension module naba._naba; python/naba/__init__.py re-exports it as naba.
#include <pybind11/pybind11.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "bindings.h"
#include "naba/index.h"
#include "naba/text.h"
#include "naba/version.h"
#include "text.h"

namespace py = pybind11;

namespace {

// As the naba command prints article text (cli/terminal_text.cc).
std::string terminal_text(py::handle text) {
  std::string s = naba::python::from_str(text, "text"), out;
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    std::size_t len = std::max<std::size_t>(1, naba::text::decode_utf8(s, i, cp));  // UTF-8: >0
    if (!naba::text::is_terminal_control(cp)) {
      out.append(s, i, len);
    } else {
      char shown[16];
      if (cp < 0x80)
        std::snprintf(shown, sizeof shown, "\\x%02x", static_cast<unsigned>(cp));
      else
        std::snprintf(shown, sizeof shown, "<U+%04X>", static_cast<unsigned>(cp));
      out += shown;
    }
    i += len;
  }
  return out;
}

}  // namespace

PYBIND11_MODULE(_naba, m) {
  m.doc() =
      "naba: full-text search for Arabic news (libnaba's Python bindings).\n\n"
      "An article's way: Article -> Analyzer tokens -> passages -> Index (commit).\n"
      "A query's way: text -> Searcher -> ranked articles with their best passages\n"
      "and highlight spans on the original text.\n\n"
      "Every call that fails raises a naba.Error subclass (with .code). Spans are str\n"
      "indices: text[start:end] is the match. Indexing and searching release the GIL.";
  naba::python::bind_errors(m);
  naba::python::bind_analyzer(m);
  naba::python::bind_index(m);
  naba::python::bind_search(m);
  naba::python::bind_aliases(m);
  naba::python::bind_alerts(m);
  m.def("version", &naba::version,
        "The version of the library linked at run time, e.g. \"0.1.0\".");
  m.def("terminal_text", &terminal_text, py::arg("text"),
        "text with what a terminal would act on shown visibly instead, as the naba\n"
        "command prints article text: C0 and C1 controls other than newline and tab\n"
        "(ESC, BEL, CSI U+009B, ...) as \\xNN or <U+009B>, the bidi embedding, override\n"
        "and isolate controls (U+202A-U+202E, U+2066-U+2069) as <U+202E>. Print article\n"
        "text through it.");
  m.def("default_index_path", &naba::default_index_path,
        "Where an index lives when no path is given: $NABA_DB if set, else\n"
        "$XDG_DATA_HOME/naba/index, else ~/.local/share/naba/index.");
}
