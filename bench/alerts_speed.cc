// 10,000 saved alerts over a 1,000-article batch: time of Alerts::run (alerts
// filtered by the batch's terms, the candidates searched within the batch's
// ingest range, on every core) against the same alerts run one by one as naba searches of
// the whole index restricted to the batch, the baseline; the two must find the
// same (alert, article) pairs.
//
//   naba_bench_alerts [--corpus FILE] [--work DIR] [--alerts 10000] [--batch 1000]
//                     [--base 9000 | --base-index DIR] [--json FILE]
//
// The corpus is ../shared/corpus/news.jsonl.gz (beside the source tree) when present, else the
// bundled sample (then the batch is what the sample holds). --base-index copies an existing index
// (e.g. a full-corpus one) and re-indexes the batch into it. Times are wall clock and process CPU
// (all threads; the run uses every core).
#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "naba/alerts.h"
#include "naba/corpus.h"
#include "naba/error.h"
#include "naba/index.h"
#include "naba/search.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string part; std::getline(in, part, sep);)
    if (!part.empty()) out.push_back(part);
  return out;
}

// Entity names (Arabic and Latin spellings) from the gazetteer.
std::vector<std::string> gazetteer_names(const std::string& path) {
  std::vector<std::string> names;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    auto cols = split(line, '\t');
    for (std::size_t c = 2; c < cols.size() && c < 4; ++c)
      for (auto& n : split(cols[c], '|')) names.push_back(n);
  }
  return names;
}

// Words of a title without the query syntax characters.
std::vector<std::string> title_words(const std::string& title) {
  std::string clean;
  for (char c : title) clean.push_back(c == '"' || c == '(' || c == ')' || c == ':' ? ' ' : c);
  std::vector<std::string> out;
  for (auto& w : split(clean, ' '))
    if (w != "AND" && w != "OR" && w != "NOT" && w[0] != '-') out.push_back(w);
  return out;
}

struct Generator {
  std::mt19937_64 rng{20261126};
  std::vector<std::string> names, sources;
  std::vector<std::vector<std::string>> titles;

  template <typename T>
  const T& pick(const std::vector<T>& v) {
    return v[rng() % v.size()];
  }
  std::string name() {
    const std::string& n = pick(names);
    return n.find(' ') == std::string::npos ? n : "\"" + n + "\"";
  }
  std::string title_phrase() {
    for (;;) {
      const auto& t = pick(titles);
      if (t.size() < 3) continue;
      std::size_t len = 2 + rng() % 2, at = rng() % (t.size() - len + 1);
      std::string p;
      for (std::size_t i = 0; i < len; ++i) {
        if (i) p += ' ';
        p += t[at + i];
      }
      return "\"" + p + "\"";
    }
  }
  naba::Alert next(std::size_t i) {
    naba::Alert a;
    a.name = fmt::format("a{:05}", i);
    unsigned kind = rng() % 100;
    if (kind < 30) {
      a.query = name();
    } else if (kind < 45) {
      a.query = title_phrase();
    } else if (kind < 55) {
      a.query = fmt::format("{} AND {}", name(), name());
    } else if (kind < 63) {
      a.query = fmt::format("({} OR {}) -{}", name(), name(), name());
    } else if (kind < 70) {
      a.query = fmt::format("{} {} NOT {}", name(), name(), name());
    } else if (kind < 85) {
      a.query = name();
      a.source = pick(sources);
    } else if (kind < 92) {
      a.query = fmt::format("source:\"{}\" {}", pick(sources), name());
    } else {
      a.query = fmt::format("title:{} {}", pick(pick(titles)), name());
    }
    return a;
  }
};

}  // namespace

int main(int argc, char** argv) {
  std::string corpus = NABA_SOURCE_DIR "/../shared/corpus/news.jsonl.gz", work, base_index,
              json_out;
  std::size_t n_alerts = 10000, batch_size = 1000, base = 9000;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
      return argv[++i];
    };
    if (a == "--corpus")
      corpus = value();
    else if (a == "--work")
      work = value();
    else if (a == "--alerts")
      n_alerts = std::stoul(value());
    else if (a == "--batch")
      batch_size = std::stoul(value());
    else if (a == "--base")
      base = std::stoul(value());
    else if (a == "--base-index")
      base_index = value();
    else if (a == "--json")
      json_out = value();
    else {
      fmt::print(stderr,
                 "usage: naba_bench_alerts [--corpus FILE] [--work DIR] [--alerts N] "
                 "[--batch N] [--base N | --base-index DIR] [--json FILE]\n");
      return 2;
    }
  }
  bool bundled = !fs::exists(corpus);
  if (bundled) corpus = std::string(NABA_SOURCE_DIR) + "/corpus/sample.jsonl";
  if (work.empty()) work = (fs::temp_directory_path() / "naba-bench-alerts").string();
  fs::remove_all(work);
  fs::create_directories(work);
  const std::string db = work + "/index";
  fmt::print(stderr, "corpus {}{}\n", corpus,
             bundled ? " (the bundled sample: shared corpus absent)" : "");

  try {
    // The batch: articles spread over the whole corpus; the base: the first others.
    std::vector<naba::Article> all;
    {
      naba::CorpusReader reader({corpus});
      for (naba::Article a; reader.next(a);) all.push_back(a);
    }
    batch_size = std::min(batch_size, all.size() / 2);
    std::size_t stride = all.size() / batch_size;
    std::vector<naba::Article> batch, base_articles;
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (i % stride == 0 && batch.size() < batch_size)
        batch.push_back(all[i]);
      else if (base_index.empty() && base_articles.size() < base)
        base_articles.push_back(all[i]);
    }

    Generator gen;
    gen.names = gazetteer_names(std::string(NABA_SOURCE_DIR) + "/analyzers/data/gazetteer.tsv");
    std::set<std::string> sources;
    for (const auto& a : all) {
      if (!a.source.empty()) sources.insert(a.source);
      auto words = title_words(a.title);
      if (!words.empty()) gen.titles.push_back(std::move(words));
    }
    gen.sources.assign(sources.begin(), sources.end());
    all.clear();

    auto t0 = Clock::now();
    if (!base_index.empty()) {
      fs::copy(base_index, db, fs::copy_options::recursive);
      fs::remove(db + "/alerts.sqlite");
    } else {
      naba::Index writer(db);
      for (const auto& a : base_articles) writer.add(a);
    }
    double base_secs = seconds_since(t0);

    naba::Alerts alerts(db);
    t0 = Clock::now();
    std::size_t refused = 0;
    std::vector<naba::Alert> saved;
    for (std::size_t i = 0; saved.size() < n_alerts; ++i) {
      naba::Alert a = gen.next(i);
      try {
        alerts.add(a);
        saved.push_back(a);
      } catch (const naba::Error& e) {
        if (e.code() != naba::Error::Code::bad_query) throw;
        ++refused;
      }
    }
    double add_secs = seconds_since(t0);

    std::uint64_t before = 0, after = 0;
    {
      naba::Index writer(db);
      before = 0;
      for (const auto& a : batch) writer.add(a);
      writer.commit();
    }
    // The batch's ingest numbers: the alerts' cursors stand at the number before it.
    before = alerts.list().front().cursor;
    after = before + batch.size();

    t0 = Clock::now();
    std::clock_t cpu0 = std::clock();
    std::size_t delivered = 0;
    std::map<std::string, std::size_t> by_alert;
    naba::AlertRunStats stats = alerts.run({}, [&](const naba::AlertDelivery& d) {
      delivered += d.matches.size();
      by_alert[d.alert->name] = d.matches.size();
    });
    double run_secs = seconds_since(t0);
    double run_cpu = static_cast<double>(std::clock() - cpu0) / CLOCKS_PER_SEC;

    // Baseline: each alert as a search of the whole index restricted to the batch.
    t0 = Clock::now();
    cpu0 = std::clock();
    naba::Searcher searcher(db);
    std::size_t expected = 0;
    for (const auto& a : saved) {
      naba::SearchOptions o;
      o.limit = batch.size();
      o.source = a.source;
      o.since = a.since;
      o.all_duplicates = true;
      o.ingested_after = before;
      o.ingested_through = after;
      std::size_t n = searcher.search(a.query, o).results.size();
      expected += n;
      if (n != by_alert[a.name])
        fmt::print(stderr, "alert {} {} (source {}): {} delivered, {} found by search\n", a.name,
                   a.query, a.source, by_alert[a.name], n);
    }
    double search_secs = seconds_since(t0);
    double search_cpu = static_cast<double>(std::clock() - cpu0) / CLOCKS_PER_SEC;

    std::string report = fmt::format(
        "{{\"corpus\":\"{}\",\"bundled_sample\":{},\"base_articles\":{},\"batch_articles\":{},"
        "\"alerts\":{},\"refused_queries\":{},\"candidates\":{},\"matches_alert_run\":{},"
        "\"matches_restricted_search\":{},\"equal\":{},\"alert_run_s\":{:.3f},"
        "\"restricted_search_s\":{:.3f},\"speedup\":{:.1f},\"alert_run_cpu_s\":{:.3f},"
        "\"restricted_search_cpu_s\":{:.3f},\"cpu_speedup\":{:.1f},\"add_alerts_s\":{:.2f},"
        "\"base_index_s\":{:.1f}}}",
        corpus, bundled, base_index.empty() ? base_articles.size() : 0, batch.size(), saved.size(),
        refused, stats.candidates, delivered, expected, delivered == expected ? "true" : "false",
        run_secs, search_secs, run_secs > 0 ? search_secs / run_secs : 0.0, run_cpu, search_cpu,
        run_cpu > 0 ? search_cpu / run_cpu : 0.0, add_secs, base_secs);
    fmt::print("{}\n", report);
    if (!json_out.empty()) std::ofstream(json_out) << report << '\n';
    return delivered == expected ? 0 : 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "naba_bench_alerts: {}\n", e.what());
    return 2;
  }
}
