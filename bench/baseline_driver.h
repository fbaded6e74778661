// The command line shared by the peer-engine baselines (naba_bench_xapian, naba_bench_lucene,
// naba_bench_fts5), so one driver (bench/peers.py, bench/eval_quality.py) runs them all:
//
//   naba_bench_X index DB PATH...
//   naba_bench_X search DB --batch FILE [-n 10] [--corpus PATH...] [--latency-json FILE]
//                              [--ids-only]
//
// `index` reads articles with naba's CorpusReader (one document per article), prints progress
// and the indexing speed on stderr and {"articles","seconds","bytes"} on stdout.
// `search` prints a TREC run (`qid Q0 id rank score TAG`) for a `qid<TAB>text` batch. Each query
// is timed warm (the batch runs once untimed first), one thread, including a snippet of every
// hit's text; engines that do not store the text read it from the --corpus files. With
// --ids-only a query returns the ids of its top hits and makes no snippet (--corpus is then
// not read).
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <exception>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/core.h>
#include <naba/corpus.h>

namespace naba_bench {

using Clock = std::chrono::steady_clock;

struct Hit {
  std::string id;
  double score;
};

/** Article id -> body, for engines that highlight text they do not store. */
using Bodies = std::unordered_map<std::string, std::string>;

class Indexer {
 public:
  virtual ~Indexer() = default;
  virtual void add(const naba::Article& article) = 0;
  /** Makes everything added durable; counted in the indexing time. */
  virtual void commit() = 0;
};

class Searcher {
 public:
  virtual ~Searcher() = default;
  /** The best @p n hits for @p text. With @p snippets, adds the size of every hit's snippet
   *  to @p snippet_bytes (so the snippets are made and cannot be optimised away); without, only
   *  the hits' ids are fetched. Throws on a bad query. */
  virtual std::vector<Hit> search(const std::string& text, std::size_t n, bool snippets,
                                  std::size_t& snippet_bytes) = 0;
};

struct Engine {
  std::string program;  // e.g. "naba_bench_lucene"
  std::string tag;      // the run tag, e.g. "lucene"
  bool reads_bodies;    // snippets need the text from --corpus
  std::function<std::unique_ptr<Indexer>(const std::string& db)> create;
  std::function<std::unique_ptr<Searcher>(const std::string& db, const Bodies& bodies)> open;
};

namespace detail {

inline int usage(const Engine& e) {
  fmt::print(stderr,
             "usage: {0} index DB PATH...\n"
             "       {0} search DB --batch FILE [-n 10] [--corpus PATH...] "
             "[--latency-json FILE] [--ids-only]\n",
             e.program);
  return 2;
}

inline int run_index(const Engine& e, const std::string& db,
                     const std::vector<std::string>& paths) {
  const auto start = Clock::now();
  auto indexer = e.create(db);
  naba::CorpusReader reader(paths);
  naba::Article a;
  std::size_t articles = 0, bytes = 0;
  while (reader.next(a)) {
    indexer->add(a);
    bytes += a.title.size() + a.body.size();
    if (++articles % 10000 == 0) fmt::print(stderr, "{} articles\n", articles);
  }
  indexer->commit();
  indexer.reset();  // closing may still write
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  fmt::print(stderr, "indexed {} articles in {:.2f} s ({:.0f} articles/s, {:.2f} MB/s)\n", articles,
             seconds, articles / seconds, bytes / 1e6 / seconds);
  fmt::print("{{\"articles\":{},\"seconds\":{:.3f},\"bytes\":{}}}\n", articles, seconds, bytes);
  return 0;
}

// Nearest-rank percentile of sorted values.
inline double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * sorted.size()));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

inline int run_search(const Engine& e, const std::string& db, const std::string& batch,
                      std::size_t n, const std::vector<std::string>& corpus,
                      const std::string& latency_json, bool ids_only) {
  std::vector<std::pair<std::string, std::string>> queries;
  std::ifstream in(batch);
  if (!in) {
    fmt::print(stderr, "cannot read {}\n", batch);
    return 1;
  }
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto tab = line.find('\t');
    if (tab != std::string::npos) queries.emplace_back(line.substr(0, tab), line.substr(tab + 1));
  }

  Bodies bodies;
  if (ids_only) {
    fmt::print(stderr, "ids only: no snippets\n");
  } else if (e.reads_bodies && corpus.empty()) {
    fmt::print(stderr, "no --corpus given: timings exclude highlighting\n");
  } else if (e.reads_bodies) {
    naba::CorpusReader reader(corpus);
    for (naba::Article a; reader.next(a);) bodies[a.id] = std::move(a.body);
  }
  auto searcher = e.open(db, bodies);

  std::vector<std::vector<Hit>> results(queries.size());
  std::vector<double> ms(queries.size());
  std::size_t snippet_bytes = 0, failed = 0;
  for (int pass = 0; pass < 2; ++pass) {
    for (std::size_t i = 0; i < queries.size(); ++i) {
      const auto start = Clock::now();
      try {
        results[i] = searcher->search(queries[i].second, n, !ids_only, snippet_bytes);
      } catch (const std::exception& ex) {
        results[i].clear();
        if (pass == 0) {
          ++failed;
          fmt::print(stderr, "{}: {}\n", queries[i].first, ex.what());
        }
      }
      ms[i] = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    }
  }

  for (std::size_t i = 0; i < queries.size(); ++i) {
    for (std::size_t r = 0; r < results[i].size(); ++r) {
      fmt::print("{} Q0 {} {} {:.6f} {}\n", queries[i].first, results[i][r].id, r + 1,
                 results[i][r].score, e.tag);
    }
  }
  std::vector<double> sorted = ms;
  std::sort(sorted.begin(), sorted.end());
  double total = 0;
  for (double v : ms) total += v;
  const std::string json = fmt::format(
      "{{\"queries\":{},\"failed\":{},\"snippets\":{},\"mean_ms\":{:.3f},\"p50_ms\":{:.3f},"
      "\"p95_ms\":{:.3f},\"p99_ms\":{:.3f}}}",
      ms.size(), failed, ids_only ? "false" : "true", ms.empty() ? 0.0 : total / ms.size(),
      percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99));
  fmt::print(stderr, "latency ({} queries, {} snippet bytes): {}\n", ms.size(), snippet_bytes,
             json);
  if (!latency_json.empty()) {
    std::ofstream out(latency_json);
    out << json << '\n';
    if (!out) {
      fmt::print(stderr, "cannot write {}\n", latency_json);
      return 1;
    }
  }
  return 0;
}

}  // namespace detail

/** Parses the command line and runs `index` or `search`. Errors that do not derive from
 *  std::exception are described by @p engine_error, called inside the catch block (it
 *  rethrows and returns the engine's message). */
inline int run(const Engine& e, int argc, char** argv,
               const std::function<std::string()>& engine_error = nullptr) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.size() >= 3 && args[0] == "index") {
      return detail::run_index(e, args[1], {args.begin() + 2, args.end()});
    }
    if (args.size() >= 2 && args[0] == "search") {
      std::string batch, latency_json;
      std::vector<std::string> corpus;
      std::size_t n = 10;
      bool ids_only = false;
      for (std::size_t i = 2; i < args.size(); ++i) {
        const bool has_value = i + 1 < args.size();
        if (args[i] == "--batch" && has_value) {
          batch = args[++i];
        } else if (args[i] == "-n" && has_value) {
          n = std::stoul(args[++i]);
        } else if (args[i] == "--ids-only") {
          ids_only = true;
        } else if (args[i] == "--latency-json" && has_value) {
          latency_json = args[++i];
        } else if (args[i] == "--corpus" && has_value) {
          while (i + 1 < args.size() && args[i + 1].rfind("-", 0) != 0) {
            corpus.push_back(args[++i]);
          }
        } else {
          return detail::usage(e);
        }
      }
      if (batch.empty()) return detail::usage(e);
      return detail::run_search(e, args[1], batch, n, corpus, latency_json, ids_only);
    }
  } catch (const std::exception& ex) {
    fmt::print(stderr, "error: {}\n", ex.what());
    return 1;
  } catch (...) {
    if (!engine_error) throw;
    fmt::print(stderr, "{}: {}\n", e.tag, engine_error());
    return 1;
  }
  return detail::usage(e);
}

}  // namespace naba_bench
