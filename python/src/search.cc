// naba.Searcher, and its results: naba.SearchResults, SearchResult, PassageHit,
// whose to_dict() is the JSON of `naba search --json`.
#include "naba/search.h"

#include <pybind11/stl.h>

#include <chrono>
#include <memory>
#include <mutex>

#include "bindings.h"
#include "naba/error.h"
#include "search_options.h"
#include "text.h"

namespace py = pybind11;

namespace naba::python {
namespace {

struct PySearcher {
  std::mutex mutex;
  std::unique_ptr<Searcher> searcher;  // null once closed
  Searcher& get() {
    if (!searcher) throw py::value_error("the Searcher is closed");
    return *searcher;
  }
};

py::list highlights(const PassageHit& p) {
  py::list out;
  Codepoints at(p.text);
  for (const auto& s : p.highlights) {
    std::size_t start = at.at(s.start);
    out.append(py::make_tuple(start, at.at(s.end)));
  }
  return out;
}

py::str marked(const PassageHit& p, const std::string& open, const std::string& close) {
  std::string out;
  std::size_t done = 0;
  for (const auto& s : p.highlights) {
    if (s.start < done || s.end > p.text.size() || s.start > s.end) continue;
    out.append(p.text, done, s.start - done);
    out += open;
    out.append(p.text, s.start, s.end - s.start);
    out += close;
    done = s.end;
  }
  out.append(p.text, done);
  return to_str(out);
}

py::dict passage_dict(const PassageHit& p) {
  py::dict d;
  d["index"] = p.index;
  d["paragraph"] = p.paragraph;
  d["text"] = to_str(p.text);
  d["score"] = p.score;
  py::list spans;  // [start, end] lists, as JSON arrays read back
  Codepoints at(p.text);
  for (const auto& s : p.highlights) {
    py::list span;
    span.append(at.at(s.start));
    span.append(at.at(s.end));
    spans.append(span);
  }
  d["highlights"] = spans;
  return d;
}

py::dict result_dict(const SearchResult& r) {
  py::dict d;
  d["rank"] = r.rank;
  d["id"] = to_str(r.id);
  d["title"] = to_str(r.title);
  d["date"] = to_str(r.date);
  d["source"] = to_str(r.source);
  d["url"] = to_str(r.url);
  d["score"] = r.score;
  d["duplicates"] = r.duplicates;
  py::list passages;
  for (const auto& p : r.passages) passages.append(passage_dict(p));
  d["passages"] = passages;
  return d;
}

py::list str_list(const std::vector<std::string>& v) {
  py::list out;
  for (const auto& s : v) out.append(to_str(s));
  return out;
}

// [{"word": ..., "searched": ...}], as `naba search --json` prints them.
py::list corrections_list(const std::vector<Correction>& corrections) {
  py::list out;
  for (const auto& c : corrections) {
    py::dict d;
    d["word"] = to_str(c.word);
    d["searched"] = to_str(c.searched);
    out.append(d);
  }
  return out;
}

py::dict results_dict(const SearchResults& r) {
  py::dict d;
  d["query"] = to_str(r.query);
  d["total"] = r.total;
  d["total_exact"] = r.total_exact;
  py::list results;
  for (const auto& res : r.results) results.append(result_dict(res));
  d["results"] = results;
  d["warnings"] = str_list(r.warnings);
  if (!r.corrections.empty()) d["corrections"] = corrections_list(r.corrections);
  if (!r.missing_shards.empty()) {
    d["partial"] = true;
    d["missing_shards"] = str_list(r.missing_shards);
  }
  return d;
}

// A str property of a result struct (UTF-8 made safe by to_str).
template <typename T>
auto text_of(std::string T::*member) {
  return [member](const T& self) { return to_str(self.*member); };
}

SearchResults search(PySearcher& self, py::handle query, const py::kwargs& kwargs) {
  std::string q = from_str(query, "query");
  SearchOptions options = search_options(kwargs, "search");
  return without_gil(self.mutex, [&] { return self.get().search(q, options); });
}

}  // namespace

void bind_search(py::module_& m) {
  py::class_<PassageHit>(m, "PassageHit", "One passage of a result, with its matches.")
      .def_readonly("index", &PassageHit::index, "Passage number within its article (0-based).")
      .def_readonly("paragraph", &PassageHit::paragraph,
                    "Body paragraph (0-based, body split on '\\n') holding most of the passage.")
      .def_property_readonly("text", text_of(&PassageHit::text),
                             "The passage exactly as in the article.")
      .def_readonly("score", &PassageHit::score,
                    "The passage's score: BM25, lead-weighted, scaled by its query coverage,\n"
                    "plus its article's BM25 (docs/ranking.md).")
      .def_property_readonly("highlights", &highlights,
                             "The words that matched the query, in order, as (start, end) str\n"
                             "indices of text: text[start:end] is the match.")
      .def("marked", &marked, py::arg("open") = "[", py::arg("close") = "]",
           "The text with each match between open and close.")
      .def("to_dict", &passage_dict, "As in the JSON of `naba search --json`.")
      .def("__repr__", [](const PassageHit& p) {
        return py::str("PassageHit(index={}, score={:.3f}, highlights={})")
            .format(p.index, p.score, p.highlights.size());
      });

  py::class_<SearchResult>(m, "SearchResult", "One matching article.")
      .def_readonly("rank", &SearchResult::rank,
                    "1-based, counting from the first result (offset included).")
      .def_property_readonly("id", text_of(&SearchResult::id), "The article's id.")
      .def_property_readonly("title", text_of(&SearchResult::title), "The article's title.")
      .def_property_readonly("date", text_of(&SearchResult::date), "The article's date.")
      .def_property_readonly("source", text_of(&SearchResult::source), "The article's source.")
      .def_property_readonly("url", text_of(&SearchResult::url), "The article's URL.")
      .def_readonly("score", &SearchResult::score, "The article's score: that of its best passage.")
      .def_readonly("duplicates", &SearchResult::duplicates,
                    "Other articles of the same story (shown once unless all_duplicates).")
      .def_property_readonly(
          "passages", [](const SearchResult& r) -> const auto& { return r.passages; },
          py::return_value_policy::reference_internal,
          "Its best passages, best first (the passages option; at least one).")
      .def_readonly("ingest", &SearchResult::ingest,
                    "The article's ingest number: the order it was indexed in.")
      .def("to_dict", &result_dict, "As in the JSON of `naba search --json`.")
      .def("__repr__", [](const SearchResult& r) {
        return py::str("SearchResult(rank={}, id={!r}, score={:.3f})")
            .format(r.rank, to_str(r.id), r.score);
      });

  py::class_<SearchResults>(m, "SearchResults", "A page of results.")
      .def_property_readonly("query", text_of(&SearchResults::query), "The query as given.")
      .def_readonly("total", &SearchResults::total,
                    "Matching articles: exact when total_exact (always, unless a time limit cut "
                    "the search short), else Xapian's estimate.")
      .def_readonly("total_exact", &SearchResults::total_exact,
                    "Whether total is exact (it is, unless a time limit cut the search short).")
      .def_property_readonly(
          "results", [](const SearchResults& r) -> const auto& { return r.results; },
          py::return_value_policy::reference_internal,
          "The page: at most limit articles, best first.")
      .def_property_readonly(
          "missing_shards", [](const SearchResults& r) { return str_list(r.missing_shards); },
          "Shards that did not answer (only with partial=True): the results are\n"
          "partial when this is not empty.")
      .def_property_readonly(
          "warnings", [](const SearchResults& r) { return str_list(r.warnings); },
          "What the query meant other than as written, one message each.")
      .def_property_readonly(
          "corrections", [](const SearchResults& r) { return corrections_list(r.corrections); },
          "Words of the query found in no article and searched as the nearest word\n"
          "the index holds: [{'word': ..., 'searched': ...}] (see correct=).")
      .def("to_dict", &results_dict,
           "The results as `naba search --json` prints them (highlights as [start, end]\n"
           "str indices), e.g. for json.dumps or a pandas DataFrame.")
      .def("__len__", [](const SearchResults& r) { return r.results.size(); })
      .def(
          "__iter__",
          [](const SearchResults& r) {
            return py::make_iterator(r.results.begin(), r.results.end());
          },
          py::keep_alive<0, 1>())
      .def(
          "__getitem__",
          [](const SearchResults& r, py::ssize_t i) -> const SearchResult& {
            auto n = static_cast<py::ssize_t>(r.results.size());
            if (i < 0) i += n;
            if (i < 0 || i >= n) throw py::index_error("result index out of range");
            return r.results[static_cast<std::size_t>(i)];
          },
          py::return_value_policy::reference_internal)
      .def("__repr__", [](const SearchResults& r) {
        return py::str("SearchResults(query={!r}, total={}, results={})")
            .format(to_str(r.query), r.total, r.results.size());
      });

  py::class_<PySearcher>(
      m, "Searcher",
      "Searches one index: a folder, a Xapian stub file listing shards, or a folder\n"
      "made by `naba index --shards`.\n\n"
      "Each search() sees the index as of the latest commit when it starts, so new\n"
      "commits are picked up without making a new Searcher. The GIL is released while\n"
      "it searches: Searchers in several threads search in parallel (one Searcher\n"
      "shared by threads takes one search at a time).")
      .def(py::init([](py::handle path) {
             auto self = std::make_unique<PySearcher>();
             self->searcher = std::make_unique<Searcher>(from_path(path));
             return self;
           }),
           py::arg("path"), "Raises naba.NotFoundError when there is no index at path.")
      .def("search", &search, py::arg("query"),
           "Runs query, written in naba's query language (words, \"phrases\", AND OR NOT\n"
           "-word, parentheses, title: source: date:A..B; see docs/usage.md).\n\n"
           "Options (keywords): limit=10, offset=0, passages=1 (best passages per\n"
           "article), source='', since='', until='' (YYYY-MM-DD), sort='relevance' or\n"
           "'date', all_duplicates=False, partial=False, ingested_after=0,\n"
           "ingested_through=0, reopen=True, correct=True (a word in no article is searched\n"
           "as the nearest word the index holds: SearchResults.corrections); as\n"
           "naba::SearchOptions.\n\n"
           "Raises naba.BadQueryError for a query that does not parse,\n"
           "naba.BadArgumentError for bad options, naba.IoError if the index cannot be read.")
      .def(
          "last_ingest",
          [](PySearcher& self) {
            return without_gil(self.mutex, [&] { return self.get().last_ingest(); });
          },
          "The ingest number of the last article indexed, as of the latest commit\n"
          "(0 when none is numbered).")
      .def(
          "index_uuid",
          [](PySearcher& self) {
            return without_gil(self.mutex, [&] { return self.get().index_uuid(); });
          },
          "The index's UUID, as of the latest commit: a rebuilt index has a new one.")
      .def(
          "analysis_warning",
          [](PySearcher& self) {
            return without_gil(self.mutex, [&] { return self.get().analysis_warning(); });
          },
          "As of the latest commit, a warning when the index was made by another version\n"
          "of the analyzer (its older articles may miss words analysed differently since);\n"
          "empty otherwise. Every search's warnings start with it.")
      .def_static(
          "check",
          [](py::handle query, const py::kwargs& kwargs) {
            Searcher::check(from_str(query, "query"), search_options(kwargs, "check"));
          },
          py::arg("query"),
          "Raises what search() would for query and options (naba.BadQueryError,\n"
          "naba.BadArgumentError) without an index: to check them before saving them.")
      .def(
          "close",
          [](PySearcher& self) { without_gil(self.mutex, [&] { self.searcher.reset(); }); },
          "Closes the index; the Searcher cannot search any more.")
      .def("__enter__", [](py::object self) { return self; })
      .def("__exit__", [](PySearcher& self, py::args) {
        without_gil(self.mutex, [&] { self.searcher.reset(); });
      });

  // For bench/python_overhead.py: search() and the seconds spent in
  // Searcher::search itself, the rest of the call being the binding's.
  m.def("_search_timed", [](PySearcher& self, py::handle query) {
    std::string q = from_str(query, "query");
    std::chrono::duration<double> inside{};
    SearchResults r = without_gil(self.mutex, [&] {
      auto start = std::chrono::steady_clock::now();
      SearchResults found = self.get().search(q);
      inside = std::chrono::steady_clock::now() - start;
      return found;
    });
    return py::make_tuple(py::cast(std::move(r)), inside.count());
  });

  // For tests only: search() holding the GIL, the baseline that shows that
  // search() releases it.
  m.def("_search_holding_gil", [](PySearcher& self, py::handle query) {
    std::string q = from_str(query, "query");
    std::lock_guard lock(self.mutex);
    return self.get().search(q);
  });
}

}  // namespace naba::python
