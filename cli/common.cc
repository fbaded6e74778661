#include "cli/common.h"

#include <unistd.h>

#include <cstdlib>

#include <fmt/core.h>

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
  std::string out;
  std::size_t at = 0;
  for (const auto& h : p.highlights) {
    out.append(p.text, at, h.start - at);
    out += m.open;
    out.append(p.text, h.start, h.end - h.start);
    out += m.close;
    at = h.end;
  }
  out.append(p.text, at, std::string::npos);
  return out;
}

}  // namespace naba::cli
