#include <fmt/core.h>

#include <cstdio>
#include <exception>
#include <sstream>
#include <string>
#include <system_error>

#include "naba/error.h"
#include "naba/version.h"

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/terminal_text.h"

namespace {

// "naba bogus" and "naba alert bogus": CLI11 says only "A subcommand is required";
// name the word it did not know, and the commands there are.
std::string unknown_command(const CLI::App& app) {
  const CLI::App* at = &app;
  while (!at->get_subcommands().empty()) at = at->get_subcommands().front();
  const auto commands = at->get_subcommands([](const CLI::App*) { return true; });
  const auto rest = at->remaining();
  if (commands.empty() || rest.empty() || !at->get_subcommands().empty()) return {};
  std::string names;
  for (const auto* c : commands) names += (names.empty() ? "" : ", ") + c->get_name();
  return fmt::format("unknown command '{}' (commands: {})", rest.front(), names);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"naba: full-text search for Arabic news"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("naba ") + naba::version());
  int exit_code = 0;
  naba::cli::setup_alert(app, exit_code);
  naba::cli::setup_alias(app, exit_code);
  naba::cli::setup_analyze(app, exit_code);
  naba::cli::setup_index(app, exit_code);
  naba::cli::setup_search(app, exit_code);
  naba::cli::setup_serve(app, exit_code);
  naba::cli::setup_stats(app, exit_code);
  try {
    app.parse(argc, argv);
    naba::cli::close_standard_output();
  } catch (const CLI::ParseError& e) {
    if (std::string what = unknown_command(app); !what.empty()) {
      fmt::print(stderr, "naba: {}\n", naba::cli::terminal_text(what));
      return 2;
    }
    // Help and version on stdout, checked like any output; a message quotes
    // what was typed, escaped.
    std::ostringstream out, err;
    const int status = app.exit(e, out, err);
    fmt::print("{}", out.str());
    fmt::print(stderr, "{}", naba::cli::terminal_text(err.str()));
    try {
      naba::cli::close_standard_output();
    } catch (const naba::Error& write_error) {
      fmt::print(stderr, "naba: {}\n", write_error.what());
      return 2;
    }
    return status == 0 ? 0 : 2;
  } catch (const naba::Error& e) {
    // Messages quote their input (a query, a name, a file's line): shown escaped.
    fmt::print(stderr, "naba: {}\n", naba::cli::terminal_text(naba::cli::error_message(e)));
    return 2;
  } catch (const std::system_error& e) {  // fmt::print could not write
    fmt::print(stderr, "naba: {}\n",
               std::ferror(stdout) ? naba::cli::output_error(e.code().value()) : e.what());
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "naba: {}\n", naba::cli::terminal_text(e.what()));
    return 2;
  }
  return exit_code;
}
