// naba.Alerts: saved searches run over newly indexed articles, each new match
// delivered at least once; naba.Alert, AlertDelivery, AlertRunStats.
#include "naba/alerts.h"

#include <pybind11/functional.h>
#include <pybind11/stl.h>

#include <memory>
#include <mutex>

#include "bindings.h"
#include "text.h"

namespace py = pybind11;

namespace naba::python {
namespace {

struct PyAlerts {
  std::mutex mutex;
  std::unique_ptr<Alerts> alerts;
};

// What deliver() gets: the alert and its matches, copied (they outlive the run).
struct PyDelivery {
  Alert alert;
  std::vector<SearchResult> matches;
};

Alert alert_of(py::handle name, py::handle query, py::handle source, py::handle since) {
  Alert a;
  a.name = from_str(name, "name");
  a.query = from_str(query, "query");
  if (!source.is_none()) a.source = from_str(source, "source");
  if (!since.is_none()) a.since = from_str(since, "since");
  return a;
}

AlertRunStats run(PyAlerts& self, py::object deliver, py::object names, bool dry_run) {
  AlertRunOptions options;
  options.dry_run = dry_run;
  if (!names.is_none()) {
    if (PyUnicode_Check(names.ptr())) throw py::type_error("names is a list of str, not a str");
    for (py::handle n : py::iter(names)) options.names.push_back(from_str(n, "an alert name"));
  }
  return without_gil(self.mutex, [&] {
    return self.alerts->run(options, [&](const AlertDelivery& d) {
      py::gil_scoped_acquire gil;  // an exception leaves these matches unrecorded
      deliver(PyDelivery{*d.alert, d.matches});
    });
  });
}

template <typename T>
auto text_of(std::string T::*member) {
  return [member](const T& self) { return to_str(self.*member); };
}

}  // namespace

void bind_alerts(py::module_& m) {
  py::class_<Alert>(m, "Alert", "A saved search.")
      .def_property_readonly("name", text_of(&Alert::name), "The alert's name.")
      .def_property_readonly("query", text_of(&Alert::query),
                             "The query, in naba search's language.")
      .def_property_readonly("source", text_of(&Alert::source),
                             "Only articles from this source (empty: any).")
      .def_property_readonly("since", text_of(&Alert::since),
                             "Only articles dated on or after YYYY-MM-DD (empty: any).")
      .def_property_readonly("created", text_of(&Alert::created), "UTC, ISO-8601.")
      .def_property_readonly("last_run", text_of(&Alert::last_run),
                             "UTC, ISO-8601; empty if never run.")
      .def_readonly("delivered", &Alert::delivered, "Articles delivered so far.")
      .def_readonly("cursor", &Alert::cursor,
                    "Articles with an ingest number up to this one have been looked at.")
      .def("__repr__", [](const Alert& a) {
        return py::str("Alert({!r}, query={!r})").format(to_str(a.name), to_str(a.query));
      });

  py::class_<PyDelivery>(m, "AlertDelivery",
                         "What one alert delivers in a run: new matching articles, ranked, each\n"
                         "with its best passage highlighted.")
      .def_readonly("alert", &PyDelivery::alert, "The Alert.")
      .def_property_readonly(
          "matches", [](const PyDelivery& d) -> const auto& { return d.matches; },
          py::return_value_policy::reference_internal, "The new matches (SearchResult).")
      .def("__repr__", [](const PyDelivery& d) {
        return py::str("AlertDelivery({!r}, {} matches)")
            .format(to_str(d.alert.name), d.matches.size());
      });

  py::class_<AlertRunStats>(m, "AlertRunStats", "What a run of the alerts did.")
      .def_readonly("alerts", &AlertRunStats::alerts, "Alerts run.")
      .def_readonly("candidates", &AlertRunStats::candidates,
                    "Alerts whose terms all occur in the new articles.")
      .def_readonly("matches", &AlertRunStats::matches, "(alert, article) pairs delivered.")
      .def_readonly("articles", &AlertRunStats::articles,
                    "New articles looked at (the widest alert's batch).")
      .def("__repr__", [](const AlertRunStats& s) {
        return py::str("AlertRunStats(alerts={}, matches={})").format(s.alerts, s.matches);
      });

  py::class_<PyAlerts>(
      m, "Alerts",
      "The alerts of one index, kept in SQLite beside it (INDEX/alerts.sqlite): they\n"
      "run while an Index writes. One run at a time per index.")
      .def(py::init([](py::handle path) {
             auto self = std::make_unique<PyAlerts>();
             self->alerts = std::make_unique<Alerts>(from_path(path));
             return self;
           }),
           py::arg("path"),
           "Opens the alert store of the index at path (created by the first add()).\n"
           "Raises naba.NotFoundError unless there is an index there, naba.IoError if\n"
           "the store cannot be opened.")
      .def(
          "add",
          [](PyAlerts& self, py::handle name, py::handle query, py::handle source,
             py::handle since) {
            Alert a = alert_of(name, query, source, since);
            without_gil(self.mutex, [&] { self.alerts->add(a); });
          },
          py::arg("name"), py::arg("query"), py::kw_only(), py::arg("source") = py::none(),
          py::arg("since") = py::none(),
          "Saves an alert. Raises naba.BadQueryError when its query does not parse,\n"
          "naba.BadArgumentError for a taken name or a bad date. Without a since date\n"
          "the alert starts at what is indexed next.")
      .def(
          "count_matches",
          [](PyAlerts& self, py::handle query, py::handle source, py::handle since) {
            Alert a = alert_of(py::str("count"), query, source, since);
            return without_gil(self.mutex, [&] { return self.alerts->count_matches(a); });
          },
          py::arg("query"), py::kw_only(), py::arg("source") = py::none(),
          py::arg("since") = py::none(),
          "Articles now in the index that an alert with this query would match: an\n"
          "alert that matches nothing is probably mistyped.")
      .def(
          "list",
          [](PyAlerts& self) {
            return without_gil(self.mutex, [&] { return self.alerts->list(); });
          },
          "The saved alerts (Alert), by name.")
      .def(
          "remove",
          [](PyAlerts& self, py::handle name) {
            std::string n = from_str(name, "name");
            return without_gil(self.mutex, [&] { return self.alerts->remove(n); });
          },
          py::arg("name"), "Deletes the alert name and its record; False if there was none.")
      .def("run", &run, py::arg("deliver"), py::kw_only(), py::arg("names") = py::none(),
           py::arg("dry_run") = false,
           "Runs the alerts (names: those only) over what was indexed since each last\n"
           "delivered, calling deliver(AlertDelivery) for each alert with new matches.\n"
           "deliver must write the delivery out before it returns: matches are\n"
           "recorded as delivered only after that, so if deliver raises or the process\n"
           "dies, the next run delivers them again (at least once, never lost).\n"
           "dry_run=True records nothing. Raises naba.NotFoundError for an unknown name.")
      .def_property_readonly(
          "store_path", [](PyAlerts& self) { return self.alerts->store_path(); },
          "The path of the alert store.");
}

}  // namespace naba::python
