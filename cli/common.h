// Pieces every subcommand shares: the --db option, error messages, terminals.
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

/** True if file descriptor @p fd is a terminal. */
bool is_terminal(int fd);

/** How matches are marked in text output. */
struct Marks {
  std::string open, close;
};

/** --color auto|always|never: ANSI colour (auto: on a terminal, unless NO_COLOR
 *  is set), else [brackets]. */
Marks marks_for(const std::string& color);

/** The passage text with its highlights marked, made safe for a terminal
 *  (terminal_text). */
std::string marked(const PassageHit& p, const Marks& m);

/** Warns on stderr of each malformed line of @p index's aliases file: it is
 *  skipped, and searches and the alias commands go on. */
void warn_bad_alias_lines(const std::string& index);

/** "cannot write standard output: REASON" for errno @p error (0: an I/O error). */
std::string output_error(int error);

/** Flushes stdout; throws Error(io) with output_error if any write to it failed
 *  (a full disk, a closed pipe), so no command reports success for lost output. */
void flush_standard_output();

/** flush_standard_output, then closes stdout (the last chance to see an error). */
void close_standard_output();

}  // namespace naba::cli
