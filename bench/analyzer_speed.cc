// Analyzer throughput: naba::Analyzer against Xapian's TermGenerator with the Arabic Snowball
// stemmer, on the same in-memory texts, best of three alternating runs each.
#include <fmt/core.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "naba/analyzer.h"
#include "naba/corpus.h"

namespace {

namespace fs = std::filesystem;

struct Pass {
  double seconds = 1e300;  // best so far
  std::size_t count = 0;   // tokens or terms, so the work cannot be optimised away
};

template <typename F>
void time_pass(Pass& pass, F&& run) {
  const auto start = std::chrono::steady_clock::now();
  const std::size_t count = run();
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  pass.seconds = std::min(pass.seconds, elapsed.count());
  pass.count = count;
}

std::string default_corpus() {
  const fs::path root(NABA_SOURCE_DIR);
  const fs::path shared = (root / "../shared/corpus/news.jsonl.gz").lexically_normal();
  if (fs::exists(shared)) return shared.string();
  return (root / "corpus/sample.jsonl").string();
}

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

int main(int argc, char** argv) {
  bool json = false, dump = false;
  std::string corpus, only;
  std::size_t limit = SIZE_MAX;
  int runs = 3;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--json") {
      json = true;
    } else if (arg == "--dump") {
      dump = true;
    } else if (arg == "--limit" && has_value) {
      limit = std::stoul(argv[++i]);
    } else if (arg == "--runs" && has_value) {
      runs = std::max(1, std::stoi(argv[++i]));
    } else if (arg == "--only" && has_value &&
               (argv[i + 1] == std::string_view("naba") ||
                argv[i + 1] == std::string_view("xapian"))) {
      only = argv[++i];
    } else if (arg == "-h" || arg == "--help") {
      fmt::print(
          "usage: naba_bench_analyzer [--json] [--limit N] [--runs N] [--only naba|xapian]\n"
          "                           [--dump] [CORPUS]\n"
          "Times naba::Analyzer and Xapian::TermGenerator (Arabic stemmer) over CORPUS\n"
          "(default: ../shared/corpus/news.jsonl.gz next to the repo, else corpus/sample.jsonl).\n"
          "The ratio is naba seconds / xapian seconds: above 1 means naba is slower.\n"
          "--limit N: the first N articles only; --runs N: best of N (default 3);\n"
          "--only: time one engine (for callgrind); --dump: print every naba token\n"
          "(term, normalized, position, span, flags, entity) instead of timing, to\n"
          "check that a speed-up leaves the analyzer's output unchanged.\n");
      return 0;
    } else if (arg.starts_with("-")) {
      fmt::print(stderr, "naba_bench_analyzer: unknown option {}\n", arg);
      return 2;
    } else {
      corpus = arg;
    }
  }
  if (corpus.empty()) corpus = default_corpus();
  fmt::print(stderr, "corpus: {}\n", corpus);

  // Load everything first so only analysis is timed.
  std::vector<std::string> texts;
  std::size_t bytes = 0;
  {
    naba::CorpusReader reader({corpus});
    naba::Article article;
    while (texts.size() < limit && reader.next(article)) {
      texts.push_back(article.title + "\n" + article.body);
      bytes += texts.back().size();
    }
    // Bad lines do not matter for timing; their count is enough.
    if (reader.problems() > 0)
      fmt::print(stderr, "{} bad lines or files skipped\n", reader.problems());
  }
  if (texts.empty()) {
    fmt::print(stderr, "naba_bench_analyzer: no articles in {}\n", corpus);
    return 1;
  }
  fmt::print(stderr, "{} articles, {:.1f} MB loaded\n", texts.size(), bytes / 1e6);

  const naba::Analyzer analyzer;  // dictionaries are loaded once, outside the timing
  if (dump) {
    // Reuses one token vector, as the timing does, so stale fields would show.
    std::vector<naba::Token> tokens;
    std::string out;
    for (std::size_t i = 0; i < texts.size(); ++i) {
      analyzer.analyze(texts[i], tokens);
      out.clear();
      fmt::format_to(std::back_inserter(out), "# {}\n", i);
      for (const naba::Token& t : tokens)
        fmt::format_to(std::back_inserter(out), "{}\t{}\t{}\t{}\t{}\t{}{}\t{}\t{}\t{}\n", t.term,
                       t.normalized, t.position, t.start, t.end, int(t.stopword), int(t.known_name),
                       t.entity, t.entity_words, t.entity_end);
      std::fwrite(out.data(), 1, out.size(), stdout);
    }
    return 0;
  }
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem("arabic"));

  Pass naba_pass, xapian_pass;
  for (int run = 0; run < runs; ++run) {
    if (only != "xapian")
      time_pass(naba_pass, [&] {
        std::vector<naba::Token> tokens;
        std::size_t count = 0;
        for (const std::string& text : texts) {
          analyzer.analyze(text, tokens);
          count += tokens.size();
        }
        return count;
      });
    if (only != "naba")
      time_pass(xapian_pass, [&] {
        std::size_t count = 0;
        for (const std::string& text : texts) {
          Xapian::Document doc;
          generator.set_document(doc);
          generator.index_text(text);
          count += doc.termlist_count();
        }
        return count;
      });
  }

  const double mb = bytes / 1e6;
  const double ratio = naba_pass.seconds / xapian_pass.seconds;
  if (json) {
    fmt::print(
        "{{\"corpus\":{},\"articles\":{},\"bytes\":{},"
        "\"naba\":{{\"seconds\":{:.4f},\"mb_per_s\":{:.2f},\"tokens\":{}}},"
        "\"xapian\":{{\"seconds\":{:.4f},\"mb_per_s\":{:.2f},\"terms\":{}}},"
        "\"ratio_naba_over_xapian\":{:.3f}}}\n",
        json_string(corpus), texts.size(), bytes, naba_pass.seconds, mb / naba_pass.seconds,
        naba_pass.count, xapian_pass.seconds, mb / xapian_pass.seconds, xapian_pass.count, ratio);
    return 0;
  }
  fmt::print("{:<8} {:>9} {:>9} {:>9} {:>14}\n", "engine", "MB", "seconds", "MB/s", "tokens/terms");
  fmt::print("{:<8} {:>9.1f} {:>9.3f} {:>9.2f} {:>14}\n", "naba", mb, naba_pass.seconds,
             mb / naba_pass.seconds, naba_pass.count);
  fmt::print("{:<8} {:>9.1f} {:>9.3f} {:>9.2f} {:>14}\n", "xapian", mb, xapian_pass.seconds,
             mb / xapian_pass.seconds, xapian_pass.count);
  fmt::print("ratio naba/xapian: {:.2f}x\n", ratio);
  return 0;
}
