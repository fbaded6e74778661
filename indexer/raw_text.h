// Checks on raw bytes read from a corpus file, before they are trusted as text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace naba::raw_text {

/** Whether @p s is all white space. */
bool is_blank(std::string_view s);
/** @p s without leading and trailing white space. */
std::string_view trim(std::string_view s);
/** Whether @p s is valid UTF-8. */
bool valid_utf8(std::string_view s);
/** "1.5 MB", for messages. */
std::string megabytes(std::size_t bytes);
/** A copy of @p s with every byte outside a valid UTF-8 sequence replaced by '?'. */
void replace_invalid_utf8(std::string_view s, std::string& out);
/** Whether @p head (a file's first bytes) looks like binary data, not text. */
bool looks_binary(std::string_view head);

}  // namespace naba::raw_text
