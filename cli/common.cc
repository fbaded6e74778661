#include "cli/common.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <utility>

#include <fmt/core.h>

#include "cli/terminal_text.h"
#include "naba/aliases.h"
#include "naba/index.h"

namespace naba::cli {

namespace {

// The library's messages name SearchOptions fields; naba's users know them as
// flags.
std::string in_flag_terms(std::string message) {
  static const std::pair<std::string_view, std::string_view> kFlags[] = {
      {"since takes", "--since takes"},
      {"until takes", "--until takes"},
  };
  for (auto [field, flag] : kFlags)
    if (message.starts_with(field)) return std::string(flag) + message.substr(field.size());
  constexpr std::string_view kPartial = "search the shards that answer with SearchOptions::partial";
  if (message.ends_with(kPartial))
    return message.substr(0, message.size() - kPartial.size()) +
           "pass --partial to search the shards that answer";
  return message;
}

// The naba command that helps, after a message naming what is missing or taken.
std::string with_command_hint(const std::string& message) {
  constexpr std::string_view kNoIndex = "no index at ", kNoAlert = "no alert named '";
  if (message.starts_with(kNoIndex) && message.find("; ") == std::string::npos) {
    std::string path = message.substr(kNoIndex.size());
    return message + "; create one with: naba index --db " + path + " FILE...";
  }
  if (message.starts_with(kNoAlert)) return message + " (see naba alert list)";
  if (constexpr std::string_view kTaken = "' already exists"; message.ends_with(kTaken)) {
    std::string name = message.substr(0, message.size() - kTaken.size());
    name = name.substr(name.find('\'') + 1);
    return message + " (remove it first: naba alert rm " + name + ")";
  }
  return message;
}

}  // namespace

std::string error_message(const Error& e) {
  switch (e.code()) {
    case Error::Code::locked:
      return std::string(e.what()) + "; wait for it, or pass --wait";
    case Error::Code::not_found:
    case Error::Code::bad_argument:
      return with_command_hint(in_flag_terms(e.what()));
    default:
      return in_flag_terms(e.what());
  }
}

void add_db_option(CLI::App* cmd, std::string& db) {
  db = default_index_path();
  cmd->add_option("--db", db,
                  "Index folder (default: $NABA_DB, else $XDG_DATA_HOME/naba/index, else "
                  "~/.local/share/naba/index)")
      ->capture_default_str();
}

bool is_terminal(int fd) {
  return isatty(fd) == 1;
}

Marks marks_for(const std::string& color) {
  const char* no_color = std::getenv("NO_COLOR");  // set and not empty: no colour
  bool ansi = color == "always" || (color == "auto" && is_terminal(1) && !(no_color && *no_color));
  return ansi ? Marks{"\x1b[1;31m", "\x1b[0m"} : Marks{"[", "]"};
}

std::string marked(const PassageHit& p, const Marks& m) {
  // Escaped piece by piece: the highlights are byte offsets into the raw text.
  const std::string_view text = p.text;
  std::string out;
  std::size_t at = 0;
  for (const auto& h : p.highlights) {
    out += terminal_text(text.substr(at, h.start - at));
    out += m.open;
    out += terminal_text(text.substr(h.start, h.end - h.start));
    out += m.close;
    at = h.end;
  }
  out += terminal_text(text.substr(at));
  return out;
}

void warn_bad_alias_lines(const std::string& index) {
  const Aliases aliases(index);
  for (const auto& line : aliases.bad_lines())
    fmt::print(stderr, "naba: warning: {}; line skipped\n", terminal_text(line));
}

std::string output_error(int error) {
  return std::string("cannot write standard output: ") + std::strerror(error ? error : EIO);
}

void flush_standard_output() {
  errno = 0;
  if (std::fflush(stdout) != 0 || std::ferror(stdout))
    throw Error(Error::Code::io, output_error(errno));
}

void close_standard_output() {
  flush_standard_output();
  errno = 0;
  if (std::fclose(stdout) != 0) throw Error(Error::Code::io, output_error(errno));
}

}  // namespace naba::cli
