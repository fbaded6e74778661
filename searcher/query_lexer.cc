#include "searcher/query_lexer.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "naba/error.h"
#include "naba/search.h"

namespace naba::detail {
namespace {

// Control characters separate words like spaces do (a pasted escape sequence must not glue
// two words into a phrase).
bool is_space(char c) {
  return c == ' ' || static_cast<unsigned char>(c) < 0x20 || c == '\x7f';
}

// The field named before the first colon of @p word, if the word looks like
// "name:...": a name of letters (any script; 10:30 is a time, not a field).
std::optional<std::string> field_name(std::string_view word) {
  auto colon = word.find(':');
  if (colon == 0 || colon == std::string_view::npos) return std::nullopt;
  std::string name;
  for (char c : word.substr(0, colon)) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x80 && !std::isalpha(u)) return std::nullopt;
    name.push_back(static_cast<char>(std::tolower(u)));
  }
  return name;
}

// Latin letters before a colon are someone's idea of a field name; Arabic ones
// are prose (قال: ...), split without a word said.
bool looks_like_field(std::string_view name) {
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
}

bool is_known_field(std::string_view name) {
  return name == "title" || name == "source" || name == "date";
}

}  // namespace

std::vector<Lexeme> lex(std::string_view q, std::vector<std::string>& warnings) {
  std::vector<Lexeme> out;
  std::size_t i = 0;
  auto read_quoted = [&](std::size_t open) {
    auto close = q.find('"', open + 1);
    if (close == std::string_view::npos)
      throw Error(Error::Code::bad_query, "unbalanced quote: the phrase opened at character " +
                                              std::to_string(codepoint_offset(q, open) + 1) +
                                              " is never closed");
    std::string text(q.substr(open + 1, close - open - 1));
    i = close + 1;
    return text;
  };
  // A word, or a field and its word or "phrase". An unknown field's name is a
  // word of its own (ICU would keep url:x as one word, found nowhere).
  auto add_word = [&](std::string_view word) {
    auto name = field_name(word);
    for (; name && !is_known_field(*name); name = field_name(word)) {
      // Appended, not added up: GCC 12 warns (-Wrestrict) on "..." + std::string.
      std::string warning = "'";
      warning.append(word.substr(0, name->size()))
          .append(":' is not a field (title:, source:, date:); searched as words");
      if (looks_like_field(*name) &&
          std::find(warnings.begin(), warnings.end(), warning) == warnings.end())
        warnings.push_back(std::move(warning));
      out.push_back({Kind::word, std::string(word.substr(0, name->size())), {}});
      word.remove_prefix(name->size() + 1);
    }
    if (word.empty()) return;
    Lexeme lx{Kind::word, std::string(word), {}};
    if (name) {
      lx.field = *name;
      lx.text = word.substr(name->size() + 1);
      if (lx.text.empty() && i < q.size() && q[i] == '"') {
        lx.kind = Kind::phrase;
        lx.text = read_quoted(i);
      } else if (lx.text.empty()) {
        throw Error(Error::Code::bad_query,
                    *name + ": needs a word or a \"phrase\" right after the colon");
      }
    }
    out.push_back(lx);
  };
  while (i < q.size()) {
    char c = q[i];
    if (is_space(c)) {
      ++i;
    } else if (c == '(' || c == ')') {
      out.push_back({c == '(' ? Kind::lparen : Kind::rparen, {}, {}});
      ++i;
    } else if (c == '"') {
      out.push_back({Kind::phrase, read_quoted(i), {}});
    } else if (c == '-' && (out.empty() || out.back().kind != Kind::word || is_space(q[i - 1])) &&
               i + 1 < q.size() && !is_space(q[i + 1])) {
      out.push_back({Kind::minus, {}, {}});
      ++i;
    } else {
      std::size_t start = i;
      while (i < q.size() && !is_space(q[i]) && q[i] != '(' && q[i] != ')' && q[i] != '"') ++i;
      std::string word(q.substr(start, i - start));
      if (word == "AND")
        out.push_back({Kind::op_and, word, {}});
      else if (word == "OR")
        out.push_back({Kind::op_or, word, {}});
      else if (word == "NOT")
        out.push_back({Kind::op_not, word, {}});
      else
        add_word(word);
    }
  }
  out.push_back({Kind::end, {}, {}});
  return out;
}

}  // namespace naba::detail
