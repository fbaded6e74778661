// naba search: ranked articles with their best passages, matches highlighted
// (colour on a terminal, [brackets] in a pipe), JSON, or a TREC run (--batch).
#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/terminal_text.h"
#include "naba/error.h"
#include "naba/index.h"
#include "naba/search.h"
#include "server/json_out.h"

namespace naba::cli {
namespace {

struct SearchCommand {
  std::string db;
  std::vector<std::string> words;
  SearchOptions options;
  std::string sort = "relevance";
  std::string color = "auto";
  bool json = false;
  std::string batch;
  std::string latency_json;
  std::string facets;
  bool as_written = false;
};

void print_text(const SearchResults& r, const Marks& m) {
  for (const auto& res : r.results) {
    fmt::print("{}. {}\n   {} | {} | {} | score {:.3f}", res.rank, terminal_text(res.title),
               terminal_text(res.id), res.source.empty() ? "-" : terminal_text(res.source),
               res.date.empty() ? "-" : terminal_text(res.date), res.score);
    if (res.duplicates) fmt::print(" | +{} more of this story", res.duplicates);
    fmt::print("\n");
    for (const auto& p : res.passages) fmt::print("   ¶{} {}\n", p.index + 1, marked(p, m));
    fmt::print("\n");
  }
  fmt::print("{} of {}{} matching articles\n", r.results.size(), r.total_exact ? "" : "about ",
             r.total);
}

// --partial: say on stderr which shards did not answer.
void warn_partial(const SearchResults& r) {
  for (const auto& shard : r.missing_shards)
    fmt::print(stderr, "naba search: partial results: shard '{}' did not answer\n",
               terminal_text(shard));
}

std::string to_json(const SearchResults& r) {
  return json::dump(json::search_results(r));
}

// Facet counts after the results: "source: BBC 16, CNN 13".
void print_facets(const SearchResults& r) {
  for (const auto& f : r.facets) {
    std::string counts;
    for (const auto& c : f.counts)
      counts += fmt::format("{}{} {}", counts.empty() ? "" : ", ", terminal_text(c.value), c.count);
    fmt::print("{}{}: {}\n", f.name, f.complete ? "" : " (incomplete)", counts);
  }
}

double percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(q * (v.size() - 1) + 0.5))];
}

// The query with its syntax taken out: quotes, parentheses, leading '-' and
// the operators become spaces, so a stray quote in a headline still searches.
std::string as_plain_words(const std::string& query) {
  std::string out;
  std::string word;
  auto flush = [&] {
    while (!word.empty() && word.front() == '-') word.erase(0, 1);
    if (!word.empty() && word != "AND" && word != "OR" && word != "NOT") out += word + " ";
    word.clear();
  };
  for (char c : query) {
    if (c == '"' || c == '(' || c == ')' || c == ' ' || c == '\t')
      flush();
    else
      word.push_back(c);
  }
  flush();
  return out;
}

// --batch: one TREC run line per retrieved article. A query that does not
// parse is run as plain words, with a warning: a batch never stops halfway.
int run_batch(const SearchCommand& cmd, Searcher& searcher) {
  std::ifstream in(cmd.batch);
  if (!in) throw Error(Error::Code::io, "cannot read " + cmd.batch);
  std::vector<std::pair<std::string, std::string>> queries;
  std::size_t line_no = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto tab = line.find('\t');
    if (line.empty()) continue;
    if (tab == std::string::npos || tab == 0) {  // an empty qid would make an empty column
      fmt::print(stderr, "{}:{}: expected qid<TAB>query{}\n", terminal_text(cmd.batch), line_no,
                 tab == 0 ? " (the qid is empty)" : "");
      continue;
    }
    queries.emplace_back(line.substr(0, tab), line.substr(tab + 1));
  }
  for (auto& [qid, query] : queries) {
    try {
      searcher.search(query, cmd.options);  // also the warm pass for --latency-json
    } catch (const Error& e) {
      if (e.code() != Error::Code::bad_query) continue;  // reported in the timed pass
      fmt::print(stderr, "{}\n",
                 terminal_text(fmt::format("{}: query {}: {}; searching its plain words", cmd.batch,
                                           qid, e.what())));
      query = as_plain_words(query);
    }
  }
  if (std::string w = searcher.analysis_warning(); !w.empty())
    fmt::print(stderr, "naba: warning: {}\n", w);
  std::vector<double> ms;
  std::size_t failed = 0;
  for (const auto& [qid, query] : queries) {
    auto t0 = std::chrono::steady_clock::now();
    try {
      SearchResults r = searcher.search(query, cmd.options);
      ms.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      if (cmd.json) {  // one JSON object per line, the qid first
        json::Json line = {{"qid", qid}};
        line.update(json::search_results(r));
        fmt::print("{}\n", json::dump(line));
      } else
        for (const auto& res : r.results)
          fmt::print("{} Q0 {} {} {:.6f} naba\n", terminal_text(qid), terminal_text(res.id),
                     res.rank, res.score);
      if (&qid == &queries.front().first) warn_partial(r);
    } catch (const Error& e) {
      ++failed;
      fmt::print(
          stderr, "{}\n",
          terminal_text(fmt::format("{}: query {}: {}; no results", cmd.batch, qid, e.what())));
    }
  }
  if (!cmd.latency_json.empty()) {
    std::ofstream out(cmd.latency_json);
    out << fmt::format("{{\"queries\":{},\"p50_ms\":{:.3f},\"p95_ms\":{:.3f},\"p99_ms\":{:.3f}}}\n",
                       ms.size(), percentile(ms, 0.5), percentile(ms, 0.95), percentile(ms, 0.99));
    if (!out.flush()) throw Error(Error::Code::io, "cannot write " + cmd.latency_json);
  }
  fmt::print(stderr, "{} queries, {} could not be run\n", queries.size(), failed);
  return 0;
}

int run(SearchCommand& cmd) {
  cmd.options.sort = cmd.sort == "date" ? SortOrder::date : SortOrder::relevance;
  cmd.options.correct = !cmd.as_written;
  for (std::size_t at = 0; at < cmd.facets.size();) {
    std::size_t comma = std::min(cmd.facets.find(',', at), cmd.facets.size());
    if (comma > at) cmd.options.facets.push_back(cmd.facets.substr(at, comma - at));
    at = comma + 1;
  }
  require_index(cmd.db);  // "no index at DB" for an empty folder too, not Xapian's words
  Searcher searcher(cmd.db);
  warn_bad_alias_lines(cmd.db);
  if (!cmd.batch.empty()) return run_batch(cmd, searcher);
  std::string query;
  for (const auto& w : cmd.words) query += (query.empty() ? "" : " ") + w;
  SearchResults r = searcher.search(query, cmd.options);
  warn_partial(r);
  for (const auto& warning : r.warnings)
    fmt::print(stderr, "naba: warning: {}\n", terminal_text(warning));
  if (cmd.json) {
    fmt::print("{}\n", to_json(r));
  } else {
    print_text(r, marks_for(cmd.color));
    print_facets(r);
  }
  return r.results.empty() ? 1 : 0;
}

}  // namespace

void setup_search(CLI::App& app, int& exit_code) {
  auto cmd = std::make_shared<SearchCommand>();
  auto* sub = app.add_subcommand(
      "search",
      "Search the index: articles ranked by their best passages, matches highlighted. Query "
      "language: words (ranked; all present ranks higher), \"exact phrases\", AND OR NOT -word "
      "( ), title:word source:name date:YYYY-MM-DD..YYYY-MM-DD. Exit status: 0 results, "
      "1 none, 2 error.");
  add_db_option(sub, cmd->db);
  sub->get_option("--db")->description(
      "Index folder, or a stub file listing shards (docs/scaling.md) (default: $NABA_DB, else "
      "$XDG_DATA_HOME/naba/index, else ~/.local/share/naba/index)");
  sub->add_option(
      "query", cmd->words,
      "The query (arguments are joined by spaces; put -- first if a word starts with -)");
  sub->add_option("-n,--limit", cmd->options.limit, "Articles to show")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  sub->add_option("--offset", cmd->options.offset, "Skip this many articles first")
      ->check(CLI::Range(0, 1000000000))  // refuses -1, which would wrap around
      ->capture_default_str();
  sub->add_option("--passages", cmd->options.passages, "Best passages to show per article")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  sub->add_option("--source", cmd->options.source,
                  "Only articles from this source (full name, any case)");
  sub->add_option("--category", cmd->options.category,
                  "Only articles of this category (the corpus's \"category\", any case)");
  sub->add_option("--since", cmd->options.since, "Only articles dated on or after YYYY-MM-DD");
  sub->add_option("--until", cmd->options.until, "Only articles dated on or before YYYY-MM-DD");
  sub->add_option("--sort", cmd->sort, "Order: relevance, or date (newest first)")
      ->check(CLI::IsMember({"relevance", "date"}))
      ->capture_default_str();
  sub->add_flag(
      "--all-duplicates", cmd->options.all_duplicates,
      "Show every copy of a story (default: one per story, with the count of the others)");
  sub->add_flag("--json", cmd->json,
                "Print one JSON object (highlights are code-point offsets; with --batch, one "
                "per line with its qid)");
  sub->add_option("--facets", cmd->facets,
                  "Count every matching article by FACET,...: source, category, date:day, "
                  "date:month, date:year (JSON: \"facets\")")
      ->type_name("FACET,...");
  sub->add_flag("--as-written", cmd->as_written,
                "Search every word as written: none found in no article is searched as the "
                "nearest word the index holds (JSON: \"corrections\")");
  sub->add_flag("--partial", cmd->options.partial,
                "Over shards (--db STUB): if a shard is down, search the others and flag the "
                "results partial (JSON: \"partial\":true) instead of failing");
  sub->add_option(
         "--color", cmd->color,
         "Mark matches with colour (auto: on a terminal, unless NO_COLOR is set) or [brackets]")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  sub->add_option(
         "--batch", cmd->batch,
         "Run every qid<TAB>query line of FILE and print a TREC run (qid Q0 id rank score naba)")
      ->type_name("FILE");
  sub->add_option(
         "--latency-json", cmd->latency_json,
         "With --batch: time each query after a warm pass and write p50/p95/p99 ms to FILE")
      ->type_name("FILE");
  // "-روسيا" looks like an option to CLI11: take such words as query words.
  sub->allow_extras();
  sub->callback([cmd, sub, &exit_code] {
    for (const auto& extra : sub->remaining()) {
      if (extra == "--") continue;
      bool excluded_word =
          extra.size() > 1 && extra[0] == '-' && static_cast<unsigned char>(extra[1]) >= 0x80;
      if (!excluded_word) throw CLI::ExtrasError({extra});
      cmd->words.push_back(extra);
    }
    if (cmd->batch.empty() && cmd->words.empty())
      throw CLI::ValidationError("query", "give a QUERY to search for (or --batch FILE)");
    if (!cmd->batch.empty() && !cmd->words.empty())
      throw CLI::ValidationError("query",
                                 "--batch FILE takes its queries from FILE; give no "
                                 "query words with it");
    if (!cmd->latency_json.empty() && cmd->batch.empty())
      throw CLI::ValidationError("--latency-json", "needs --batch FILE");
    exit_code = run(*cmd);
  });
}

}  // namespace naba::cli
