// Pieces every subcommand shares: the --db option, JSON strings, terminals.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <string_view>

namespace naba::cli {

/** Adds --db (default: $NABA_DB, else the per-user default) to @p cmd. */
void add_db_option(CLI::App* cmd, std::string& db);

/** @p s as a JSON string literal, quotes included. */
std::string json_string(std::string_view s);

/** True if file descriptor @p fd is a terminal. */
bool is_terminal(int fd);

}  // namespace naba::cli
