// naba.Analyzer: tokens with str-index spans, and naba.Token, naba.Entity.
#include <pybind11/stl.h>

#include <mutex>
#include <vector>

#include "bindings.h"
#include "naba/analyzer.h"
#include "text.h"

namespace py = pybind11;

namespace naba::python {
namespace {

// naba::Token with its byte spans as str indices.
struct PyToken {
  std::string term, normalized;
  std::uint32_t position;
  std::size_t start, end;
  bool stopword, known_name;
  std::string entity;
  std::uint32_t entity_words;
  std::size_t entity_end;
};

struct PyAnalyzer {
  std::mutex mutex;
  Analyzer analyzer;
};

std::vector<PyToken> analyze(PyAnalyzer& self, py::handle text) {
  std::string utf8 = from_str(text, "text");
  std::vector<Token> tokens = without_gil(self.mutex, [&] { return self.analyzer.analyze(utf8); });
  std::vector<PyToken> out;
  out.reserve(tokens.size());
  Codepoints at(utf8);
  for (auto& t : tokens) {
    std::size_t start = at.at(t.start), end = at.at(t.end);
    std::size_t entity_end = t.entity.empty() ? 0 : at.at(t.entity_end);
    out.push_back({std::move(t.term), std::move(t.normalized), t.position, start, end, t.stopword,
                   t.known_name, std::move(t.entity), t.entity_words, entity_end});
  }
  return out;
}

}  // namespace

void bind_analyzer(py::module_& m) {
  py::class_<PyToken>(m, "Token", "One word of the analysed text.")
      .def_readonly("term", &PyToken::term,
                    "The index term; empty for a stop word or a token too long to index.")
      .def_readonly("normalized", &PyToken::normalized,
                    "The word after normalisation (NFKC, marks and tatweel dropped, letters "
                    "folded).")
      .def_readonly("position", &PyToken::position,
                    "Word position; stop words consume a position too, so phrases line up.")
      .def_readonly("start", &PyToken::start,
                    "Start of the word in the text, a str index: text[start:end] is the word.")
      .def_readonly("end", &PyToken::end, "End of the word in the text (a str index, exclusive).")
      .def_readonly("stopword", &PyToken::stopword,
                    "True if the word is an Arabic stop word (it has no term).")
      .def_readonly("known_name", &PyToken::known_name,
                    "True if the word is a name the analyzer knows (it lost only its clitics).")
      .def_readonly("entity", &PyToken::entity,
                    "The term of a name of several words that starts at this word (قوات سوريا "
                    "الديمقراطية, Deir ez-Zor), else empty.")
      .def_readonly("entity_words", &PyToken::entity_words, "How many words that name spans.")
      .def_readonly("entity_end", &PyToken::entity_end,
                    "End of that name in the text, a str index (0 when there is no entity).")
      .def("__repr__", [](const PyToken& t) {
        return py::str("Token(term={!r}, start={}, end={})").format(t.term, t.start, t.end);
      });

  py::class_<Entity>(m, "Entity", "What a name's term (~الرقه) stands for, from the gazetteer.")
      .def_readonly("id", &Entity::id, "Gazetteer id: raqqa, sdf.")
      .def_readonly("type", &Entity::type, "country capital city region town group org person.")
      .def_readonly("arabic", &Entity::arabic, "Canonical Arabic spelling.")
      .def_readonly("latin", &Entity::latin, "Canonical Latin spelling.")
      .def_readonly("max_words", &Entity::max_words, "Words in its longest spelling.")
      .def("__repr__", [](const Entity& e) {
        return py::str("Entity(id={!r}, type={!r})").format(e.id, e.type);
      });

  py::class_<PyAnalyzer>(m, "Analyzer",
                         "The Arabic analyzer: one tokenizer, normaliser and light stemmer shared\n"
                         "by indexing, query parsing and highlighting, so the three never "
                         "disagree.\n"
                         "An Analyzer may be shared by threads (calls take turns); the GIL is "
                         "released while it analyses.")
      .def(py::init<>())
      .def("analyze", &analyze, py::arg("text"),
           "Tokens of text, in order, with str-index spans: text[t.start:t.end] is the word.")
      .def(
          "normalize",
          [](PyAnalyzer& self, py::handle word) {
            std::string w = from_str(word, "word");
            std::lock_guard lock(self.mutex);
            return self.analyzer.normalize(w);
          },
          py::arg("word"), "The normalised form of one word (no tokenisation).")
      .def(
          "stem",
          [](PyAnalyzer& self, py::handle normalized) {
            std::string w = from_str(normalized, "normalized");
            std::lock_guard lock(self.mutex);
            return self.analyzer.stem(w);
          },
          py::arg("normalized"),
          "The index term of one normalised word; never empty for a non-empty word.")
      .def(
          "is_stopword",
          [](PyAnalyzer& self, py::handle normalized) {
            std::string w = from_str(normalized, "normalized");
            std::lock_guard lock(self.mutex);
            return self.analyzer.is_stopword(w);
          },
          py::arg("normalized"), "True if normalized is an Arabic stop word.")
      .def(
          "entity",
          [](PyAnalyzer& self, py::handle term) {
            std::string t = from_str(term, "term");
            std::lock_guard lock(self.mutex);
            return self.analyzer.entity(t);
          },
          py::arg("term"),
          "The gazetteer entity whose term is term (Token.term of a known name, or\n"
          "Token.entity); None for any other term.")
      .def(
          "name_term",
          [](PyAnalyzer& self, py::handle text) {
            std::string t = from_str(text, "text");
            std::lock_guard lock(self.mutex);
            return self.analyzer.name_term(t);
          },
          py::arg("text"),
          "The term of the gazetteer name that text is, when it is one name and nothing\n"
          "else (بالرقة, Al-Raqqah, قوات سوريا الديمقراطية); else empty.");
}

}  // namespace naba::python
