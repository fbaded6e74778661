// naba alert add|set|list|rm|run: saved searches delivered over new articles,
// to standard output, a webhook or a command.
#include <unistd.h>

#include <fmt/core.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/alert_output.h"
#include "cli/alert_schedule.h"
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
  DeliveryRetry retry;
  std::string every;  // run: loop, a run this often
  // set:
  bool to_stdout = false, digest = false, no_digest = false, rotate_secret = false;
};

// The secret goes to standard output alone, for a script to keep; the rest to stderr.
void show_secret(const std::string& name, const std::string& secret) {
  fmt::print(stderr,
             "the secret of alert {} signs its messages (X-Naba-Signature); it is shown this "
             "once, on standard output (naba alert set {} --rotate-secret draws a new one)\n",
             name, name);
  fmt::print("{}\n", secret);
}

std::string channel_text(const AlertChannel& c) {
  std::string out = !c.webhook.empty() ? "webhook " + c.webhook
                    : !c.exec.empty()  ? "exec " + c.exec
                                       : "stdout";
  return c.digest ? out + " (digest)" : out;
}

int add(AlertCommand& cmd) {
  cmd.alert.query = joined(cmd.words);
  Alerts alerts(cmd.db);
  std::string secret = alerts.add(cmd.alert);
  std::size_t n = alerts.count_matches(cmd.alert);
  fmt::print(stderr, "saved alert {}: {} -> {}\n", cmd.alert.name, terminal_text(cmd.alert.query),
             terminal_text(channel_text(cmd.alert.channel)));
  if (!cmd.alert.channel.webhook.empty() || !cmd.alert.channel.exec.empty())
    show_secret(cmd.alert.name, secret);
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

int set(const AlertCommand& cmd) {
  if (cmd.digest && cmd.no_digest)
    throw CLI::ValidationError("--digest", "give --digest or --no-digest, not both");
  int channels =
      !cmd.alert.channel.webhook.empty() + !cmd.alert.channel.exec.empty() + cmd.to_stdout;
  if (channels > 1)
    throw CLI::ValidationError("--webhook", "give one of --webhook, --exec and --stdout");
  AlertChange change;
  if (channels) change.channel = cmd.alert.channel;  // --stdout: both empty
  if (cmd.digest || cmd.no_digest) change.digest = cmd.digest;
  change.rotate_secret = cmd.rotate_secret;
  if (!channels && !change.digest && !change.rotate_secret)
    throw CLI::ValidationError("set",
                               "nothing to change: give --webhook, --exec, --stdout, "
                               "--digest, --no-digest or --rotate-secret");
  Alerts alerts(cmd.db);
  if (change.channel && !change.digest)  // a new channel keeps the digest setting
    for (const auto& a : alerts.list())
      if (a.name == cmd.alert.name) change.channel->digest = a.channel.digest;
  std::string secret = alerts.set(cmd.alert.name, change);
  for (const auto& a : alerts.list())
    if (a.name == cmd.alert.name)
      fmt::print(stderr, "alert {} -> {}\n", terminal_text(a.name),
                 terminal_text(channel_text(a.channel)));
  if (!secret.empty()) show_secret(cmd.alert.name, secret);
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
    fmt::print("\t-> {}\t{} delivered, {} pending, last run {}, last success {}, last failure {}",
               terminal_text(channel_text(a.channel)), a.delivered, a.pending,
               a.last_run.empty() ? "never" : a.last_run,
               a.last_success.empty() ? "never" : a.last_success,
               a.last_failure.empty() ? "never" : a.last_failure);
    if (!a.failure.empty())
      fmt::print("\t{}: {}", a.failing ? "FAILING" : "failed", terminal_text(a.failure));
    fmt::print("\n");
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

// Exit status: 0 something delivered, 1 nothing new, 3 some matches left pending.
int run_once(Alerts& alerts, const AlertCommand& cmd) {
  AlertRunOptions options{cmd.words, cmd.dry_run, flush_alert_output, cmd.retry, stop_requested};
  AlertRunStats s =
      alerts.run(options, [&](const AlertDelivery& d) { print_delivery(d, cmd.json, cmd.color); });
  fmt::print(stderr, "{} alerts run over {} new articles: {} new matches{}{}\n", s.alerts,
             s.articles, s.matches, cmd.dry_run ? " (dry run: nothing recorded)" : "",
             s.pending ? fmt::format("; {} alerts failed, {} matches pending (naba alert list)",
                                     s.failed, s.pending)
                       : "");
  return s.pending ? 3 : s.matches ? 0 : 1;
}

int run(const AlertCommand& cmd) {
  double every = cmd.every.empty() ? 0 : parse_duration(cmd.every, "--every");
  Alerts alerts(cmd.db);
  warn_bad_alias_lines(cmd.db);
  catch_stop_signals();  // a signal ends the run after the delivery in progress
  if (!every) return run_once(alerts, cmd);
  while (!stop_requested()) {
    auto started = std::chrono::steady_clock::now();
    try {
      run_once(alerts, cmd);
    } catch (const Error& e) {  // the next run may succeed (a full disk, a busy store)
      fmt::print(stderr, "error: {}\n", terminal_text(error_message(e)));
    }
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
    sleep_unless_stopped(every - took.count());
  }
  fmt::print(stderr, "stopped by a signal\n");
  return 0;
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

namespace {

void add_channel_options(CLI::App* sub, AlertCommand& cmd) {
  sub->add_option("--webhook", cmd.alert.channel.webhook,
                  "POST each message as JSON to this http:// or https:// URL, signed "
                  "(X-Naba-Signature) with an Idempotency-Key; failures are retried, then left "
                  "pending for the next run");
  sub->add_option("--exec", cmd.alert.channel.exec,
                  "Write each message to this shell command's standard input; an exit status "
                  "other than 0 leaves its matches pending");
}

}  // namespace

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
  add_channel_options(add_cmd, *cmd);
  add_cmd->add_flag("--digest", cmd->alert.channel.digest,
                    "One message per run with every new match and a plain-text summary "
                    "(default: one message per match)");
  add_cmd->allow_extras();
  add_cmd->callback([cmd, add_cmd, &exit_code] {
    take_excluded_words(add_cmd, cmd->words);
    exit_code = add(*cmd);
  });

  auto* set_cmd =
      alert->add_subcommand("set", "Change an alert's channel, its digest setting or its secret");
  add_db_option(set_cmd, cmd->db);
  set_cmd->add_option("name", cmd->alert.name, "Alert name")->required();
  add_channel_options(set_cmd, *cmd);
  set_cmd->add_flag("--stdout", cmd->to_stdout,
                    "Deliver on standard output again (naba alert run)");
  set_cmd->add_flag("--digest", cmd->digest, "One message per run with every new match");
  set_cmd->add_flag("--no-digest", cmd->no_digest, "One message per match");
  set_cmd->add_flag("--rotate-secret", cmd->rotate_secret,
                    "Draw a new secret (shown once); the old one no longer signs");
  set_cmd->callback([cmd, &exit_code] { exit_code = set(*cmd); });

  auto* list_cmd = alert->add_subcommand(
      "list",
      "List the alerts, their channels and deliveries: delivered and pending matches, last "
      "run, last success, last failure and why");
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
      "ranked, each with its best passage highlighted, to each alert's channel. Exit status: 0 "
      "something delivered, 1 nothing new, 2 error, 3 a channel failed (its matches stay "
      "pending for the next run).");
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
  run_cmd
      ->add_option("--attempts", cmd->retry.attempts,
                   "Webhook attempts per message before its matches are left pending")
      ->check(CLI::Range(1u, 100u))
      ->capture_default_str();
  run_cmd
      ->add_option("--backoff", cmd->retry.backoff_seconds,
                   "Seconds before the second attempt, doubled after each (429's "
                   "Retry-After wins)")
      ->check(CLI::Range(0.0, 3600.0))
      ->capture_default_str();
  run_cmd
      ->add_option("--give-up", cmd->retry.give_up_seconds,
                   "Seconds after a message's first attempt when no new one starts")
      ->check(CLI::Range(0.0, 86400.0))
      ->capture_default_str();
  run_cmd
      ->add_option("--timeout", cmd->retry.timeout_seconds,
                   "Seconds one webhook attempt or one --exec command may take")
      ->check(CLI::Range(0.01, 3600.0))
      ->capture_default_str();
  run_cmd->add_option("--every", cmd->every,
                      "Run again and again, one run this often (90s, 15m, 2h, 1d); SIGTERM ends "
                      "the loop after the delivery in progress");
  run_cmd->callback([cmd, &exit_code] { exit_code = run(*cmd); });
}

}  // namespace naba::cli
