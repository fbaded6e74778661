// naba alert add|list|rm|run: saved searches delivered over new articles.
#include <unistd.h>

#include <fmt/core.h>

#include <cerrno>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/alert_output.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/terminal_text.h"
#include "naba/alerts.h"
#include "naba/error.h"
#include "server/json_out.h"

namespace naba::cli {
namespace {

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

// Words like "-روسيا" look like options to CLI11: take them as query words.
void take_excluded_words(CLI::App* sub, std::vector<std::string>& words) {
  for (const auto& extra : sub->remaining()) {
    if (extra == "--") continue;
    bool excluded_word =
        extra.size() > 1 && extra[0] == '-' && static_cast<unsigned char>(extra[1]) >= 0x80;
    if (!excluded_word) throw CLI::ExtrasError({extra});
    words.push_back(extra);
  }
}

struct AlertCommand {
  std::string db;
  Alert alert;
  std::vector<std::string> words;  // add: the query; run: alert names
  bool json = false, dry_run = false;
  std::string color = "auto";
};

int add(AlertCommand& cmd) {
  cmd.alert.query = joined(cmd.words);
  Alerts alerts(cmd.db);
  alerts.add(cmd.alert);
  std::size_t n = alerts.count_matches(cmd.alert);
  fmt::print(stderr, "saved alert {}: {}\n", cmd.alert.name, terminal_text(cmd.alert.query));
  if (n == 0)
    fmt::print(stderr,
               "warning: alert {} matches nothing in the index {} (check the spelling; it is "
               "kept and will run on new articles)\n",
               cmd.alert.name, cmd.db);
  else
    fmt::print(stderr, "it matches {}{} articles already indexed; it will deliver {}\n",
               n >= 200 ? "about " : "", n,
               cmd.alert.since.empty()
                   ? "articles indexed from now on"
                   : "those dated from " + cmd.alert.since + " on, then new ones");
  return 0;
}

int list(const AlertCommand& cmd) {
  Alerts alerts(cmd.db);
  for (const auto& a : alerts.list()) {
    if (cmd.json) {
      fmt::print("{}\n", json::dump(json::alert(a)));
      continue;
    }
    fmt::print("{}\t{}", terminal_text(a.name), terminal_text(a.query));
    if (!a.source.empty()) fmt::print("\t--source {}", terminal_text(a.source));
    if (!a.since.empty()) fmt::print("\t--since {}", terminal_text(a.since));
    fmt::print("\t{} delivered, last run {}\n", a.delivered,
               a.last_run.empty() ? "never" : a.last_run);
  }
  return 0;
}

int remove(const AlertCommand& cmd) {
  Alerts alerts(cmd.db);
  if (!alerts.remove(cmd.alert.name))
    throw Error(Error::Code::not_found, "no alert named '" + cmd.alert.name + "'");
  fmt::print(stderr, "removed alert {}\n", terminal_text(cmd.alert.name));
  return 0;
}

int run(const AlertCommand& cmd) {
  Alerts alerts(cmd.db);
  warn_bad_alias_lines(cmd.db);
  AlertRunOptions options{cmd.words, cmd.dry_run, flush_alert_output};
  AlertRunStats s =
      alerts.run(options, [&](const AlertDelivery& d) { print_delivery(d, cmd.json, cmd.color); });
  fmt::print(stderr, "{} alerts run over {} new articles: {} new matches{}\n", s.alerts, s.articles,
             s.matches, cmd.dry_run ? " (dry run: nothing recorded)" : "");
  return s.matches ? 0 : 1;
}

}  // namespace

void print_delivery(const AlertDelivery& d, bool json, const std::string& color) {
  if (json) {
    for (const auto& r : d.matches)
      fmt::print("{}\n", json::dump(json::alert_match(d.alert->name, r)));
  } else {
    Marks m = marks_for(color);
    fmt::print("== {}: {} ({} new)\n", terminal_text(d.alert->name), terminal_text(d.alert->query),
               d.matches.size());
    for (std::size_t i = 0; i < d.matches.size(); ++i) {
      const auto& r = d.matches[i];
      fmt::print("{}. {}\n   {} | {} | {}\n", i + 1, terminal_text(r.title), terminal_text(r.id),
                 r.source.empty() ? "-" : terminal_text(r.source),
                 r.date.empty() ? "-" : terminal_text(r.date));
      for (const auto& p : r.passages) fmt::print("   ¶{} {}\n", p.index + 1, marked(p, m));
    }
    fmt::print("\n");
  }
}

void flush_alert_output() {
  // Recorded as delivered only once it has left the process.
  try {
    flush_standard_output();
  } catch (const Error& e) {
    throw Error(Error::Code::io, std::string(e.what()) + "; the last alerts are not recorded");
  }
  if (::fsync(STDOUT_FILENO) != 0 && errno != EINVAL && errno != EROFS)
    throw Error(Error::Code::io, "cannot sync the alert output; the last alerts are not recorded");
}

void setup_alert(CLI::App& app, int& exit_code) {
  auto* alert = app.add_subcommand(
      "alert",
      "Saved searches run over newly indexed articles: every new match is delivered once, "
      "and never lost (a run killed midway delivers its unrecorded matches again)");
  alert->require_subcommand(1);

  auto cmd = std::make_shared<AlertCommand>();
  auto* add_cmd = alert->add_subcommand(
      "add",
      "Save an alert. The query is checked (same language as naba search); an alert "
      "that matches nothing already indexed gets a warning.");
  add_db_option(add_cmd, cmd->db);
  add_cmd->add_option("name", cmd->alert.name, "Alert name (one word)")->required();
  add_cmd->add_option("query", cmd->words, "The query (put -- first if a word starts with -)")
      ->required();
  add_cmd->add_option("--source", cmd->alert.source,
                      "Only articles from this source (full name, any case)");
  add_cmd->add_option("--since", cmd->alert.since,
                      "Only articles dated on or after YYYY-MM-DD; the first run also delivers "
                      "those already indexed (default: only articles indexed from now on)");
  add_cmd->allow_extras();
  add_cmd->callback([cmd, add_cmd, &exit_code] {
    take_excluded_words(add_cmd, cmd->words);
    exit_code = add(*cmd);
  });

  auto* list_cmd = alert->add_subcommand("list", "List the alerts and what they have delivered");
  add_db_option(list_cmd, cmd->db);
  list_cmd->add_flag("--json", cmd->json, "One JSON object per alert");
  list_cmd->callback([cmd, &exit_code] { exit_code = list(*cmd); });

  auto* rm_cmd = alert->add_subcommand("rm", "Delete an alert and its delivery record");
  add_db_option(rm_cmd, cmd->db);
  rm_cmd->add_option("name", cmd->alert.name, "Alert name")->required();
  rm_cmd->callback([cmd, &exit_code] { exit_code = remove(*cmd); });

  auto* run_cmd = alert->add_subcommand(
      "run",
      "Deliver, for each alert, the articles indexed since it last delivered that match it, "
      "ranked, each with its best passage highlighted. Exit status: 0 something delivered, "
      "1 nothing new, 2 error.");
  add_db_option(run_cmd, cmd->db);
  run_cmd->add_option("name", cmd->words, "Alerts to run (default: all)");
  run_cmd->add_flag("--json", cmd->json,
                    "One JSON object per match: alert, id, title, date, source, url, score, "
                    "paragraph, passage, highlights (code-point offsets)");
  run_cmd->add_flag("--dry-run", cmd->dry_run,
                    "Show what would be delivered without recording it as delivered");
  run_cmd->add_option("--color", cmd->color, "Mark matches with colour or [brackets]")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  run_cmd->callback([cmd, &exit_code] { exit_code = run(*cmd); });
}

}  // namespace naba::cli
