#include "searcher/query_lexer.h"

#include "naba/error.h"
#include "naba/search.h"

namespace naba::detail {
namespace {

// Control characters separate words like spaces do (a pasted escape sequence must not glue
// two words into a phrase).
bool is_space(char c) {
  return c == ' ' || static_cast<unsigned char>(c) < 0x20 || c == '\x7f';
}

}  // namespace

std::vector<Lexeme> lex(std::string_view q) {
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
      else {
        Lexeme lx{Kind::word, word, {}};
        for (std::string field : {"title", "source", "date"}) {
          if (word.size() >= field.size() + 1 &&
              word.compare(0, field.size() + 1, field + ":") == 0) {
            lx.field = field;
            lx.text = word.substr(field.size() + 1);
            if (lx.text.empty() && i < q.size() && q[i] == '"') {
              lx.kind = Kind::phrase;
              lx.text = read_quoted(i);
            } else if (lx.text.empty()) {
              throw Error(Error::Code::bad_query,
                          field + ": needs a word or a \"phrase\" right after the colon");
            }
          }
        }
        out.push_back(lx);
      }
    }
  }
  out.push_back({Kind::end, {}, {}});
  return out;
}

}  // namespace naba::detail
