// naba index: JSON Lines / .txt files and folders into the index, with
// progress on a terminal and a closing summary.
#include <fmt/core.h>

#include <chrono>
#include <csignal>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cli/alert_output.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/terminal_text.h"
#include "naba/alerts.h"
#include "naba/error.h"
#include "naba/index.h"
#include "naba/search.h"
#include "naba/shards.h"

namespace naba::cli {
namespace {

struct IndexOptions {
  std::string db;
  std::vector<std::string> paths;
  bool strict = false;
  bool wait = false;
  bool positions = false;
  std::size_t batch_size = Index::Options{}.batch_size;
  std::size_t shards = 0;  // 0: one index (or as many as --db already holds)
  std::string merge;
  bool alerts = false, alerts_json = false;
};

using Clock = std::chrono::steady_clock;

// Ctrl-C (SIGINT) stops indexing at the next article: what came before is
// committed, the summary printed, and naba exits 130. A second Ctrl-C kills.
volatile std::sig_atomic_t interrupted = 0;
void on_interrupt(int) {
  interrupted = 1;
}
struct Interrupted {};  // thrown from the progress callback, which runs after each article

void stop_at_next_article_on_interrupt() {
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  action.sa_flags = SA_RESTART | SA_RESETHAND;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
}

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// The message without the specifics (a field name stays), to group skips by reason.
std::string reason_of(const std::string& message) {
  auto colon = message.find(':');
  return colon == std::string::npos ? message : message.substr(0, colon);
}

int run(const IndexOptions& opts) {
  CorpusReader reader(opts.paths);
  std::map<std::string, std::size_t> skipped;
  std::size_t warnings = 0;
  reader.on_problem([&](const ReadProblem& p) {
    const char* kind = p.warning ? "warning: " : "";
    std::string where = p.line ? fmt::format("{}:{}", p.file, p.line) : p.file;
    fmt::print(stderr, "{}\n", terminal_text(fmt::format("{}: {}{}", where, kind, p.message)));
    if (p.warning) {
      ++warnings;
      return;
    }
    ++skipped[reason_of(p.message)];
    if (opts.strict)
      throw Error(Error::Code::bad_argument, "stopped at the first bad line (--strict)");
  });

  Index::Options writer_options{opts.wait, opts.batch_size, nullptr, opts.positions};
  // --alerts: run the saved alerts over each batch once it is committed.
  const bool run_alerts = opts.alerts || opts.alerts_json;
  std::optional<Alerts> alerts;  // opened at the first commit, when the index exists
  std::size_t alert_matches = 0;
  if (run_alerts) {
    writer_options.on_commit = [&] {
      if (!alerts) alerts.emplace(opts.db);
      AlertRunOptions run_options;
      run_options.flush = flush_alert_output;
      alert_matches +=
          alerts
              ->run(run_options,
                    [&](const AlertDelivery& d) { print_delivery(d, opts.alerts_json, "never"); })
              .matches;
    };
  }
  const auto start = Clock::now();
  const bool show_progress = is_terminal(2);
  auto last_shown = start;
  const double total_mb = reader.total_input_bytes() / 1e6;
  auto show = [&](const IndexProgress& p) {
    if (interrupted) throw Interrupted{};
    if (!show_progress || seconds_since(last_shown) < 0.5) return;
    last_shown = Clock::now();
    double secs = seconds_since(start), mb = reader.bytes_read() / 1e6;
    double eta = mb > 0 && total_mb > mb ? secs * (total_mb - mb) / mb : 0;
    fmt::print(stderr, "\r{} articles, {:.1f}/{:.1f} MB, {:.0f} articles/s, ETA {:.0f} s   ",
               p.articles, mb, total_mb, p.articles / secs, eta);
  };
  IndexProgress p;
  std::size_t shards = opts.shards ? opts.shards : existing_shards(opts.db);
  if (shards) {  // --shards: parallel writers, one per shard (docs/scaling.md)
    try {
      p = index_sharded(opts.db, shards, reader, writer_options,
                        [&](const IndexProgress& now) { show(p = now); });
    } catch (const Interrupted&) {  // the shards committed what they were given
    } catch (const Error& e) {
      if (reader.bytes_read() == 0) throw;  // refused before reading: no articles to speak of
      if (show_progress) fmt::print(stderr, "\n");
      fmt::print(stderr, "naba index: {}; {} articles before it are committed\n",
                 terminal_text(e.what()), p.articles);
      return 2;
    }
  } else {
    Index writer(opts.db, writer_options);
    try {
      writer.add_all(reader, show);
    } catch (const Interrupted&) {
      writer.commit();  // every article before the interrupt
    } catch (const Error& e) {
      if (show_progress) fmt::print(stderr, "\n");
      try {
        writer.commit();  // keep every good article before the stop (refused after a write error)
      } catch (const Error&) {
      }
      fmt::print(stderr, "naba index: {}; {} articles of this run are committed",
                 terminal_text(e.what()), writer.progress().committed);
      try {
        fmt::print(stderr, ", the index holds {} articles\n", index_stats(opts.db).articles);
      } catch (const Error&) {
        fmt::print(stderr, "\n");
      }
      return 2;
    }
    p = writer.progress();
  }
  if (show_progress) fmt::print(stderr, "\n");
  if (interrupted)
    fmt::print(stderr, "naba index: interrupted; the articles before it are committed\n");

  std::size_t problems = reader.problems() - warnings;
  double secs = seconds_since(start);
  fmt::print(
      stderr,
      "indexed {} articles ({} passages, {:.1f} MB) into {} in {:.1f} s ({:.0f} articles/s)\n",
      p.articles, p.passages, p.bytes / 1e6,
      shards ? fmt::format("{} ({} shards)", opts.db, shards) : opts.db, secs,
      secs > 0 ? p.articles / secs : 0.0);
  if (run_alerts) fmt::print(stderr, "alerts delivered {} new matches\n", alert_matches);
  if (p.articles > 0)  // added to an index made by another analyzer version
    if (std::string w = Searcher(opts.db).analysis_warning(); !w.empty())
      fmt::print(stderr, "naba index: warning: {}\n", w);
  if (problems) {
    fmt::print(stderr, "skipped {} bad lines or files:", problems);
    for (const auto& [reason, n] : skipped) fmt::print(stderr, " {} × {};", n, reason);
    fmt::print(stderr, "\n");
  }
  if (warnings)
    fmt::print(stderr,
               "{} warnings (duplicate ids: the later copy was kept; dates that are no real "
               "day: left out)\n",
               warnings);
  if (!opts.merge.empty() && !interrupted) {
    auto merge_start = Clock::now();
    merge_shards(opts.db, opts.merge);
    fmt::print(stderr, "merged {} shards into {} in {:.1f} s\n", shards, opts.merge,
               seconds_since(merge_start));
  }
  if (interrupted) return 130;  // as a shell reports a process Ctrl-C ended
  return problems || warnings ? 1 : 0;
}

}  // namespace

void setup_index(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<IndexOptions>();
  auto* cmd = app.add_subcommand(
      "index",
      "Index articles: JSON Lines (.jsonl, .jsonl.gz; fields id, title, body, date, source, "
      "category, url), plain .txt files (first line the title, the file name the id) and "
      "folders of these. Re-indexing an id replaces the article. Exit status: 0 all indexed, "
      "1 some lines skipped, 2 error, 130 interrupted (Ctrl-C: what came before is committed).");
  add_db_option(cmd, opts->db);
  cmd->add_option("path", opts->paths,
                  "Files, or folders searched recursively for .jsonl, .jsonl.gz and .txt")
      ->required();
  cmd->add_flag("--strict", opts->strict, "Stop at the first bad line (what came before is kept)");
  cmd->add_flag("--positions", opts->positions,
                "Keep word positions in a new index (phrases over remote shards need them; "
                "larger and slower to write)");
  cmd->add_flag("--wait", opts->wait, "Wait for another naba process writing the index to finish");
  cmd->add_option("--batch-size", opts->batch_size,
                  "Articles per commit; an interrupted run loses at most one batch")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  cmd->add_option("--shards", opts->shards,
                  "Spread articles over N shard indexes DIR/shard-0..N-1 (by a hash of the id), "
                  "written in parallel, listed in DIR/shards.stub; search with --db DIR. A folder "
                  "of shards keeps its count")
      ->check(CLI::Range(1, 256));
  cmd->add_option("--merge", opts->merge,
                  "After indexing into shards, merge them into one new index at PATH "
                  "(xapian-compact)")
      ->type_name("PATH");
  cmd->add_flag("--alerts", opts->alerts,
                "Run the saved alerts (naba alert) over each batch once it is committed, "
                "printing their deliveries on stdout");
  cmd->add_flag("--alerts-json", opts->alerts_json,
                "As --alerts, one JSON object per match (as naba alert run --json)");
  cmd->callback([opts, &exit_code] {
    std::size_t existing = existing_shards(opts->db);
    if (opts->shards && existing && opts->shards != existing)
      throw CLI::ValidationError(
          "--shards", fmt::format("{} holds {} shards: index into it with --shards {}, or without "
                                  "--shards (a folder of shards keeps its count)",
                                  opts->db, existing, existing));
    bool sharded = opts->shards || existing;
    if (!opts->merge.empty() && !sharded)
      throw CLI::ValidationError("--merge", "needs --shards N (or a --db folder of shards)");
    stop_at_next_article_on_interrupt();
    exit_code = run(*opts);
  });
}

}  // namespace naba::cli
