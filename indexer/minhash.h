// Near-duplicate detection: a MinHash signature over an article's word
// 3-shingles, banded for lookup (LSH). Two articles whose signatures agree
// nearly everywhere tell the same story.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace naba::minhash {

inline constexpr std::size_t kHashes = 16, kBands = 8;
inline constexpr std::size_t kSameStoryMatches = 12;  // of kHashes: estimated Jaccard >= 0.75

// Two articles of one story (kSameStoryMatches equal hashes) differ in at most
// 4 hashes, which spoil at most 4 of the 2-hash bands: so they share one of
// any 5 bands, and only the first 5 are indexed and looked up. The other 3
// found no story more, and cost 12% of indexing time and 55 MB of a 480 MB
// index (docs/indexing.md, "Fewer terms to write").
inline constexpr std::size_t kLookupBands = kHashes - kSameStoryMatches + 1;
static_assert(kLookupBands <= kBands);
using Signature = std::array<std::uint32_t, kHashes>;

/** The signature of a text given as the hashes of its words in order;
 *  nullopt for no words. */
std::optional<Signature> signature_of(const std::vector<std::uint64_t>& term_hashes);

/** @p sig as stored (the value schema::kSignature), and back: nullopt for a
 *  value of another size. */
std::string encode(const Signature& sig);
std::optional<Signature> decode(std::string_view value);

/** The boolean term (schema::kBand) of @p sig's band number @p band (below
 *  kLookupBands): articles sharing one are looked at for the same story. */
std::string band_term(const Signature& sig, std::size_t band);

/** Whether @p a and @p b tell the same story: an estimated Jaccard
 *  similarity of their shingles of 0.75 or more. */
bool same_story(const Signature& a, const Signature& b);

}  // namespace naba::minhash
