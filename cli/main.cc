#include <fmt/core.h>

#include <exception>

#include "naba/error.h"
#include "naba/version.h"

#include "cli/commands.h"
#include "cli/common.h"

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
  naba::cli::setup_stats(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  } catch (const naba::Error& e) {
    fmt::print(stderr, "naba: {}\n", naba::cli::error_message(e));
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "naba: {}\n", e.what());
    return 2;
  }
  return exit_code;
}
