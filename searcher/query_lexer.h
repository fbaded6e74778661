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
 *  an unclosed quote (its position counted in characters) or an empty field.
 *  Field names are case-insensitive; an unknown one (url:x) is searched as
 *  words, with a message added to @p warnings. */
std::vector<Lexeme> lex(std::string_view q, std::vector<std::string>& warnings);

}  // namespace naba::detail
