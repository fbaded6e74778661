// Words news does not write: the nearest words it does, for a query word
// found in no article (a typo, or two words run together).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace naba::detail {

/** True if the lexicon has seen the normalised word @p normalized, or the
 *  word without a proclitic (و ف ب ل ك ال ...), an imperfect's prefix (ي ت ن)
 *  or a pronoun (ها ه هم ...), at least three letters left: a word news
 *  writes, to be searched as written. */
bool news_writes(std::string_view normalized);

/** The lexicon's words nearest to @p normalized, a normalised Arabic word of
 *  at least four letters, best first, at most @p max of them:
 *  - one edit away (a letter dropped, added or changed, or two side by side
 *    swapped), the most frequent first;
 *  - two words run together where the first ends in a letter that does not
 *    join the next (ا د ذ ر ز و ء), so that the space looks typed: written
 *    "first second", ranked by the rarer word's frequency.
 *  Empty for a shorter word, or one with a letter outside Arabic's. */
std::vector<std::string> nearest_words(std::string_view normalized, std::size_t max);

}  // namespace naba::detail
