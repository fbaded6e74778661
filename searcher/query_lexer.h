// The query language's words: the query text split into words (with their
// field, title: source: date:), quoted phrases, parentheses and operators.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace naba::detail {

enum class Kind { word, phrase, lparen, rparen, op_and, op_or, op_not, minus, end };

struct Lexeme {
  Kind kind;
  std::string text;   // word or phrase text
  std::string field;  // "title", "source", "date" or ""
};

/** Splits @p q into lexemes, the last of kind end; throws Error(bad_query) for
 *  an unclosed quote (its position counted in characters) or an empty field. */
std::vector<Lexeme> lex(std::string_view q);

}  // namespace naba::detail
