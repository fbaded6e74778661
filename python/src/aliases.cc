// naba.Aliases: a user's own spellings of names, beside an index.
#include "naba/aliases.h"

#include <pybind11/stl.h>

#include <optional>
#include <vector>

#include "bindings.h"
#include "text.h"

namespace py = pybind11;

namespace naba::python {
namespace {

std::vector<std::string> spellings_of(py::handle spellings) {
  if (PyUnicode_Check(spellings.ptr()))  // one str would be taken letter by letter
    throw py::type_error("spellings is a list of str, not a str");
  std::vector<std::string> out;
  for (py::handle s : py::iter(spellings)) out.push_back(from_str(s, "a spelling"));
  return out;
}

}  // namespace

void bind_aliases(py::module_& m) {
  py::class_<Alias>(m, "Alias", "One user name and the spellings that mean it.")
      .def_property_readonly(
          "name", [](const Alias& a) { return to_str(a.name); }, "The name.")
      .def_property_readonly(
          "spellings",
          [](const Alias& a) {
            py::list out;
            for (const auto& s : a.spellings) out.append(to_str(s));
            return out;
          },
          "The spellings that mean it.")
      .def("__repr__", [](const Alias& a) {
        return py::str("Alias({!r}, {} spellings)").format(to_str(a.name), a.spellings.size());
      });

  py::class_<Aliases>(
      m, "Aliases",
      "The user aliases of one index.\n\n"
      "User aliases: spellings a user adds to a name for one index, on top of the\n"
      "built-in gazetteer. They are kept beside the index (INDEX/aliases.tsv) and\n"
      "applied when a query is parsed, never at indexing: a new alias works for the\n"
      "next search, without re-indexing.")
      .def(py::init([](py::handle path) { return Aliases(from_path(path)); }), py::arg("path"),
           "The aliases of the index folder path (none if it has no file). A malformed\n"
           "line is skipped (see bad_lines).")
      .def_property_readonly(
          "entries", [](const Aliases& a) { return a.entries(); },  // copies: add() changes them
          "Every Alias, as read.")
      .def(
          "find",
          [](const Aliases& a, py::handle name) -> std::optional<Alias> {
            const Alias* found = a.find(from_str(name, "name"));
            if (!found) return std::nullopt;
            return *found;
          },
          py::arg("name"), "The entry named name (compared normalised), or None.")
      .def_property_readonly("file", &Aliases::file, "The file the aliases live in.")
      .def_property_readonly(
          "bad_lines",
          [](const Aliases& a) {
            py::list out;
            for (const auto& s : a.bad_lines()) out.append(to_str(s));
            return out;
          },
          "The malformed lines skipped when the file was read, each as\n"
          "'FILE:LINE: expected NAME<TAB>SPELLING|...'.")
      .def(
          "add",
          [](Aliases& a, py::handle name, py::handle spellings) {
            return a.add(from_str(name, "name"), spellings_of(spellings));
          },
          py::arg("name"), py::arg("spellings"),
          "Adds spellings (a list of str) to name (creating it) and saves; returns how\n"
          "many were new. Raises naba.BadArgumentError for an empty name or spelling, or\n"
          "one holding a tab, newline or '|'; naba.NotFoundError unless the folder holds\n"
          "an index; naba.IoError if the file cannot be written.")
      .def(
          "remove",
          [](Aliases& a, py::handle name, py::handle spellings) {
            return a.remove(from_str(name, "name"), spellings.is_none() ? std::vector<std::string>{}
                                                                        : spellings_of(spellings));
          },
          py::arg("name"), py::arg("spellings") = py::none(),
          "Removes spellings from name, or the whole name when none are given, and\n"
          "saves; returns how many spellings went. Raises naba.NotFoundError for a name\n"
          "or spelling that is not there, or when there is no index.")
      .def("refresh", &Aliases::refresh,
           "Re-reads the file if it changed since it was read; True if it did.");
}

}  // namespace naba::python
