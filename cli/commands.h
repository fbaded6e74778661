// One setup function per subcommand; each adds itself to the app.
#pragma once

#include <CLI/CLI.hpp>

namespace naba::cli {

// Each callback stores the command's exit status in exit_code.
void setup_alert(CLI::App& app, int& exit_code);
void setup_alias(CLI::App& app, int& exit_code);
void setup_analyze(CLI::App& app, int& exit_code);
void setup_index(CLI::App& app, int& exit_code);
void setup_search(CLI::App& app, int& exit_code);
void setup_serve(CLI::App& app, int& exit_code);
void setup_stats(CLI::App& app, int& exit_code);

}  // namespace naba::cli
