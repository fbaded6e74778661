// Plain Xapian baseline, set up the way the peer engines were measured: one document per
// article, TermGenerator + QueryParser with Xapian::Stem("arabic") and STEM_SOME, BM25 defaults.
//
//   naba_bench_xapian index DB PATH...
//   naba_bench_xapian search DB --batch FILE [-n 10] [--corpus PATH...] [--latency-json FILE]
//
// `search` prints a TREC run (`qid Q0 id rank score xapian`). Each query is timed (warm: the
// batch runs once untimed first) including MSet::snippet() of every hit's body, whose text is
// read from the --corpus files (the index stores only the article id, as the peers' did).
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <unordered_map>
#include <vector>

#include <fmt/core.h>
#include <naba/corpus.h>

namespace {

using Clock = std::chrono::steady_clock;

const Xapian::Stem& stemmer() {
  static const Xapian::Stem stem("arabic");
  return stem;
}

int usage() {
  fmt::print(stderr,
             "usage: naba_bench_xapian index DB PATH...\n"
             "       naba_bench_xapian search DB --batch FILE [-n 10] [--corpus PATH...] "
             "[--latency-json FILE]\n");
  return 2;
}

int run_index(const std::string& db_path, const std::vector<std::string>& paths) {
  Xapian::WritableDatabase db(db_path, Xapian::DB_CREATE_OR_OPEN);
  Xapian::TermGenerator tg;
  tg.set_stemmer(stemmer());
  tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  naba::CorpusReader reader(paths);
  naba::Article a;
  std::size_t articles = 0, bytes = 0;
  const auto start = Clock::now();
  while (reader.next(a)) {
    Xapian::Document doc;
    tg.set_document(doc);
    tg.index_text(a.title, 1, "S");
    tg.increase_termpos();
    tg.index_text(a.title + "\n" + a.body);
    doc.set_data(a.id);
    const std::string id_term = "Q" + a.id;
    doc.add_boolean_term(id_term);
    db.replace_document(id_term, doc);
    bytes += a.title.size() + a.body.size();
    if (++articles % 10000 == 0) fmt::print(stderr, "{} articles\n", articles);
  }
  db.commit();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  fmt::print(stderr, "indexed {} articles in {:.2f} s ({:.0f} articles/s, {:.2f} MB/s)\n", articles,
             seconds, articles / seconds, bytes / 1e6 / seconds);
  fmt::print("{{\"articles\":{},\"seconds\":{:.3f},\"bytes\":{}}}\n", articles, seconds, bytes);
  return 0;
}

// Nearest-rank percentile of sorted values.
double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * sorted.size()));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

int run_search(const std::string& db_path, const std::string& batch, Xapian::doccount n,
               const std::vector<std::string>& corpus, const std::string& latency_json) {
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

  std::unordered_map<std::string, std::string> bodies;
  if (corpus.empty()) {
    fmt::print(stderr, "no --corpus given: timings exclude highlighting\n");
  } else {
    naba::CorpusReader reader(corpus);
    for (naba::Article a; reader.next(a);) bodies[a.id] = std::move(a.body);
  }
  static const std::string kNoText;

  Xapian::Database db(db_path);
  Xapian::QueryParser qp;
  qp.set_stemmer(stemmer());
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  qp.set_default_op(Xapian::Query::OP_OR);
  qp.set_database(db);
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(Xapian::BM25Weight());

  struct Hit {
    std::string id;
    double score;
  };
  std::vector<std::vector<Hit>> results(queries.size());
  std::vector<double> ms(queries.size());
  std::size_t snippet_bytes = 0;  // keeps the snippets from being optimised away
  for (int pass = 0; pass < 2; ++pass) {
    for (std::size_t i = 0; i < queries.size(); ++i) {
      const auto start = Clock::now();
      std::vector<Hit> hits;
      Xapian::Query query;
      try {
        query = qp.parse_query(queries[i].second, Xapian::QueryParser::FLAG_DEFAULT);
      } catch (const Xapian::QueryParserError& e) {
        fmt::print(stderr, "{}: {}\n", queries[i].first, e.get_msg());
      }
      enquire.set_query(query);
      const Xapian::MSet mset = enquire.get_mset(0, n);
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        hits.push_back({it.get_document().get_data(), it.get_weight()});
        const auto body = bodies.find(hits.back().id);
        snippet_bytes +=
            mset.snippet(body == bodies.end() ? kNoText : body->second, 500, stemmer()).size();
      }
      ms[i] = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
      results[i] = std::move(hits);
    }
  }

  for (std::size_t i = 0; i < queries.size(); ++i) {
    for (std::size_t r = 0; r < results[i].size(); ++r) {
      fmt::print("{} Q0 {} {} {:.6f} xapian\n", queries[i].first, results[i][r].id, r + 1,
                 results[i][r].score);
    }
  }
  std::vector<double> sorted = ms;
  std::sort(sorted.begin(), sorted.end());
  double total = 0;
  for (double v : ms) total += v;
  const std::string json = fmt::format(
      "{{\"queries\":{},\"mean_ms\":{:.3f},\"p50_ms\":{:.3f},\"p95_ms\":{:.3f},\"p99_ms\":{:.3f}}}",
      ms.size(), ms.empty() ? 0.0 : total / ms.size(), percentile(sorted, 50),
      percentile(sorted, 95), percentile(sorted, 99));
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

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.size() >= 3 && args[0] == "index") {
      return run_index(args[1], {args.begin() + 2, args.end()});
    }
    if (args.size() >= 2 && args[0] == "search") {
      std::string batch, latency_json;
      std::vector<std::string> corpus;
      Xapian::doccount n = 10;
      for (std::size_t i = 2; i < args.size(); ++i) {
        const bool has_value = i + 1 < args.size();
        if (args[i] == "--batch" && has_value) {
          batch = args[++i];
        } else if (args[i] == "-n" && has_value) {
          n = static_cast<Xapian::doccount>(std::stoul(args[++i]));
        } else if (args[i] == "--latency-json" && has_value) {
          latency_json = args[++i];
        } else if (args[i] == "--corpus" && has_value) {
          while (i + 1 < args.size() && args[i + 1].rfind("-", 0) != 0) corpus.push_back(args[++i]);
        } else {
          return usage();
        }
      }
      if (batch.empty()) return usage();
      return run_search(args[1], batch, n, corpus, latency_json);
    }
  } catch (const Xapian::Error& e) {
    fmt::print(stderr, "xapian: {}\n", e.get_description());
    return 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 1;
  }
  return usage();
}
