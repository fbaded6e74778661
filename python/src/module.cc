// The extension module naba._naba; python/naba/__init__.py re-exports it as naba.
#include <pybind11/pybind11.h>

#include "bindings.h"
#include "naba/index.h"
#include "naba/version.h"

namespace py = pybind11;

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
  m.def("default_index_path", &naba::default_index_path,
        "Where an index lives when no path is given: $NABA_DB if set, else\n"
        "$XDG_DATA_HOME/naba/index, else ~/.local/share/naba/index.");
}
