// naba.Index: articles from dicts or corpus files, commit, a context manager;
// and naba.IndexStats, IndexProgress, ReadProblem, index_stats().
#include "naba/index.h"

#include <pybind11/stl.h>

#include <memory>
#include <mutex>
#include <vector>

#include "bindings.h"
#include "naba/corpus.h"
#include "text.h"

namespace py = pybind11;

namespace naba::python {
namespace {

struct PyIndex {
  std::mutex mutex;
  std::unique_ptr<Index> index;  // null once closed
  Index& get() {
    if (!index) throw py::value_error("the Index is closed");
    return *index;
  }
};

// One field of an article mapping: a str, None (empty), or for the id an int
// (as JSON Lines allow). Other keys of the mapping are ignored, as in a file.
std::string field(py::handle article, const char* key, bool number_ok = false) {
  py::object value = PyDict_Check(article.ptr())
                         ? py::reinterpret_borrow<py::object>(
                               PyDict_GetItemString(article.ptr(), key))  // may be null
                         : article.attr("get")(key, py::none());
  if (!value || value.is_none()) return {};
  if (number_ok && PyLong_Check(value.ptr()) && !PyBool_Check(value.ptr())) return py::str(value);
  return from_str(value, (std::string("article field '") + key + "'").c_str());
}

Article article_of(py::handle mapping) {
  if (!PyDict_Check(mapping.ptr()) &&
      !py::isinstance(mapping, py::module_::import("collections.abc").attr("Mapping")))
    throw py::type_error("an article is a dict (id, title, body, date, source, category, url)");
  Article a;
  a.id = field(mapping, "id", true);
  a.title = field(mapping, "title");
  a.body = field(mapping, "body");
  a.date = field(mapping, "date");
  a.source = field(mapping, "source");
  a.category = field(mapping, "category");
  a.url = field(mapping, "url");
  return a;
}

std::size_t add_many(PyIndex& self, py::iterable articles) {
  std::size_t passages = 0;
  for (py::handle item : articles) {
    Article a = article_of(item);
    passages += without_gil(self.mutex, [&] { return self.get().add(a); });
  }
  return passages;
}

std::vector<ReadProblem> add_files(PyIndex& self, py::args paths, py::object progress) {
  std::vector<std::string> files;
  for (py::handle p : paths) files.push_back(from_path(p));
  if (files.empty()) throw py::type_error("add_files() needs at least one path");
  std::mutex problems_mutex;  // problems are found on the reading thread
  std::vector<ReadProblem> problems;
  std::size_t calls = 0;
  without_gil(self.mutex, [&] {
    CorpusReader reader(files);
    reader.on_problem([&](const ReadProblem& p) {
      std::lock_guard lock(problems_mutex);
      problems.push_back(p);
    });
    self.get().add_all(reader, [&](const IndexProgress& counts) {
      // The callback, and Ctrl-C now and then: an exception stops add_all.
      if (progress.is_none() && ++calls % 64 != 0) return;
      py::gil_scoped_acquire gil;
      if (!progress.is_none()) progress(counts);
      if (PyErr_CheckSignals() != 0) throw py::error_already_set();
    });
  });
  return problems;
}

void close(PyIndex& self) {
  without_gil(self.mutex, [&] {
    std::unique_ptr<Index> index = std::move(self.index);
    if (index) index->commit();  // errors show here, not swallowed by ~Index
  });
}

}  // namespace

void bind_index(py::module_& m) {
  py::class_<IndexStats>(m, "IndexStats", "What an index holds.")
      .def_readonly("articles", &IndexStats::articles, "Articles.")
      .def_readonly("passages", &IndexStats::passages,
                    "Indexed units: each article is split into passages.")
      .def_readonly("stories", &IndexStats::stories,
                    "Groups of articles with the same or nearly the same text.")
      .def_readonly("sources", &IndexStats::sources, "Distinct sources.")
      .def_readonly("first_date", &IndexStats::first_date,
                    "YYYY-MM-DD; empty when no article has a date.")
      .def_readonly("last_date", &IndexStats::last_date,
                    "YYYY-MM-DD; empty when no article has a date.")
      .def_readonly("bytes", &IndexStats::bytes, "Size of the index on disk.")
      .def_readonly("last_commit", &IndexStats::last_commit,
                    "UTC time of the last commit, ISO-8601; empty if never committed.")
      .def_readonly("analyzer", &IndexStats::analyzer,
                    "The analyzer version the index was made with; empty if made before "
                    "naba recorded it.")
      .def("__repr__", [](const IndexStats& s) {
        return py::str("IndexStats(articles={}, passages={}, stories={})")
            .format(s.articles, s.passages, s.stories);
      });

  py::class_<IndexProgress>(m, "IndexProgress", "Counts reported while indexing.")
      .def_readonly("articles", &IndexProgress::articles, "Articles written (added or replaced).")
      .def_readonly("passages", &IndexProgress::passages, "Passages written.")
      .def_readonly("bytes", &IndexProgress::bytes, "Input bytes consumed.")
      .def_readonly("committed", &IndexProgress::committed, "Articles safely committed.")
      .def("__repr__", [](const IndexProgress& p) {
        return py::str("IndexProgress(articles={}, committed={})").format(p.articles, p.committed);
      });

  py::class_<ReadProblem>(m, "ReadProblem", "A line or file the reader could not use.")
      .def_property_readonly(
          "file", [](const ReadProblem& p) { return to_str(p.file); },
          "The file, as given or as found in a folder.")
      .def_readonly("line", &ReadProblem::line, "1-based line number; 0 means the whole file.")
      .def_property_readonly(
          "message", [](const ReadProblem& p) { return to_str(p.message); },
          "What was wrong, e.g. 'missing field \"id\"'.")
      .def_readonly("warning", &ReadProblem::warning,
                    "True when the article was still read and this is only a warning.")
      .def("__repr__", [](const ReadProblem& p) {
        return py::str("ReadProblem({!r}, line={}, {!r})")
            .format(to_str(p.file), p.line, to_str(p.message));
      });

  py::class_<PyIndex>(
      m, "Index",
      "An index open for writing: adds, replaces and removes articles.\n\n"
      "One writer per index at a time, across processes: opening an index that\n"
      "another Index holds raises naba.LockedError, or waits with wait_for_lock=True.\n"
      "Changes become visible to searches (and durable) at commit(); every batch_size\n"
      "articles a commit happens on its own. As a context manager, it commits and\n"
      "closes at the end of the block (also when the block raises: naba has no\n"
      "rollback). The GIL is released while it indexes.")
      .def(
          py::init([](py::handle path, bool wait_for_lock, std::size_t batch_size, bool positions) {
            Index::Options options;
            options.wait_for_lock = wait_for_lock;
            options.batch_size = batch_size;
            options.positions = positions;
            std::string folder = from_path(path);
            auto self = std::make_unique<PyIndex>();
            py::gil_scoped_release no_gil;  // wait_for_lock may wait
            self->index = std::make_unique<Index>(folder, options);
            return self;
          }),
          py::arg("path"), py::kw_only(), py::arg("wait_for_lock") = false,
          py::arg("batch_size") = 1000, py::arg("positions") = false,
          "Opens the index at path (a folder) for writing, creating it if needed.\n"
          "Raises naba.LockedError if another writer holds it, naba.IoError if it\n"
          "cannot be created or opened. positions=True keeps word positions in a new\n"
          "index (needed for phrase search over remote shards).")
      .def(
          "add",
          [](PyIndex& self, py::handle article) {
            Article a = article_of(article);
            return without_gil(self.mutex, [&] { return self.get().add(a); });
          },
          py::arg("article"),
          "Adds article, a dict with id and body (title, date, source, category, url\n"
          "optional; other keys are ignored), or replaces the article with the same id.\n"
          "Returns the number of passages written. Raises naba.BadArgumentError for an\n"
          "empty or overlong id, naba.IoError if the write fails.")
      .def("add_many", &add_many, py::arg("articles"),
           "Adds every article (dict) of an iterable, as add(); returns the passages written.")
      .def("add_files", &add_files, py::arg("progress") = py::none(),
           "Adds every article of the given files and folders: JSON Lines (.jsonl,\n"
           ".jsonl.gz), .txt files, folders of these (as `naba index`), analysing on\n"
           "one thread while writing on another, committing every batch. progress\n"
           "(optional) is called with an IndexProgress after each article. Returns the\n"
           "lines and files skipped or warned about (ReadProblem), never fatal.")
      .def(
          "remove",
          [](PyIndex& self, py::handle id) {
            std::string key = from_str(id, "id");
            return without_gil(self.mutex, [&] { return self.get().remove(key); });
          },
          py::arg("id"), "Removes the article with id; False if there was none.")
      .def(
          "commit", [](PyIndex& self) { without_gil(self.mutex, [&] { self.get().commit(); }); },
          "Makes every change so far durable and visible to new searches. Raises\n"
          "naba.IoError when the disk is (nearly) full.")
      .def(
          "stats",
          [](PyIndex& self) { return without_gil(self.mutex, [&] { return self.get().stats(); }); },
          "What the index holds now, uncommitted changes included.")
      .def_property_readonly(
          "progress",
          [](PyIndex& self) {
            return without_gil(self.mutex, [&] { return self.get().progress(); });
          },
          "Counts so far (IndexProgress).")
      .def_property_readonly(
          "path",
          [](PyIndex& self) { return without_gil(self.mutex, [&] { return self.get().path(); }); },
          "The folder this index lives in.")
      .def("close", &close,
           "Commits what is pending and releases the write lock; the Index cannot be\n"
           "used any more.")
      .def("__enter__", [](py::object self) { return self; })
      .def("__exit__", [](PyIndex& self, py::args) { close(self); });

  m.def(
      "index_stats",
      [](py::handle path) {
        std::string folder = from_path(path);
        py::gil_scoped_release no_gil;
        return index_stats(folder);
      },
      py::arg("path"),
      "The statistics of the index at path as of its last commit, without taking the\n"
      "write lock. Raises naba.NotFoundError when there is no index, naba.CorruptError\n"
      "when it cannot be read.");
}

}  // namespace naba::python
