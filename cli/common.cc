#include "cli/common.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <fmt/core.h>

#include "cli/terminal_text.h"
#include "naba/aliases.h"
#include "naba/index.h"

namespace naba::cli {

std::string error_message(const Error& e) {
  switch (e.code()) {
    case Error::Code::locked:
      return std::string(e.what()) + "; wait for it, or pass --wait";
    default:
      return e.what();
  }
}

void add_db_option(CLI::App* cmd, std::string& db) {
  db = default_index_path();
  cmd->add_option("--db", db,
                  "Index folder (default: $NABA_DB, else $XDG_DATA_HOME/naba/index, else "
                  "~/.local/share/naba/index)")
      ->capture_default_str();
}

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20)
          out += fmt::format("\\u{:04x}", c);
        else
          out.push_back(c);
    }
  }
  return out + "\"";
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
