// Word normalisation: the folding every index term and query word goes through.
#pragma once

#include <string>
#include <string_view>

namespace naba::detail {

/** Appends the normalised form of one UTF-8 word to @p out: NFKC where the word
 *  has compatibility characters, Arabic marks and tatweel dropped, hamza-alef
 *  forms to ا, ى and ی to ي, ة to ه, ک to ك, ؤ and ئ to ء, Eastern digits to
 *  ASCII, Latin case-folded. The word must be valid UTF-8. */
void normalize_word(std::string_view word, std::string& out);

}  // namespace naba::detail
