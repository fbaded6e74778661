// Pieces every subcommand shares: the --db option, JSON strings, terminals.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <string_view>

#include "naba/error.h"
#include "naba/search.h"

namespace naba::cli {

/** Adds --db (default: $NABA_DB, else the per-user default) to @p cmd. */
void add_db_option(CLI::App* cmd, std::string& db);

/** A library error as the command prints it: the library speaks in API
 *  terms, the command adds what to type next, by error code. */
std::string error_message(const Error& e);

/** @p s as a JSON string literal, quotes included. */
std::string json_string(std::string_view s);

/** True if file descriptor @p fd is a terminal. */
bool is_terminal(int fd);

/** How matches are marked in text output. */
struct Marks {
  std::string open, close;
};

/** --color auto|always|never: ANSI colour (auto: on a terminal, unless NO_COLOR
 *  is set), else [brackets]. */
Marks marks_for(const std::string& color);

/** The passage text with its highlights marked. */
std::string marked(const PassageHit& p, const Marks& m);

}  // namespace naba::cli
