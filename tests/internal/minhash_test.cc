// Near-duplicate detection (indexer/minhash.h): signatures of word
// sequences, their stored form and their LSH band terms.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <set>
#include <vector>

#include "indexer/minhash.h"

namespace {

using naba::minhash::Signature;

// A text of @p count words, word i hashed as @p first + i.
std::vector<std::uint64_t> words(std::uint64_t first, std::size_t count) {
  std::vector<std::uint64_t> out(count);
  std::iota(out.begin(), out.end(), first);
  return out;
}

Signature signature(const std::vector<std::uint64_t>& text) {
  auto sig = naba::minhash::signature_of(text);
  REQUIRE(sig.has_value());
  return *sig;
}

}  // namespace

TEST_CASE("minhash: the same text, or nearly, tells the same story; another text does not") {
  const auto text = words(1000, 200);
  auto edited = text;
  edited.back() = 7;  // one word of 200 changed
  auto shortened = text;
  shortened.resize(190);  // a copy without its last sentence

  CHECK(signature(text) == signature(words(1000, 200)));
  CHECK(naba::minhash::same_story(signature(text), signature(edited)));
  CHECK(naba::minhash::same_story(signature(text), signature(shortened)));
  CHECK_FALSE(naba::minhash::same_story(signature(text), signature(words(5000, 200))));
  // Half the text in common is not enough (estimated Jaccard below 0.75).
  CHECK_FALSE(naba::minhash::same_story(signature(text), signature(words(1100, 200))));
  CHECK_FALSE(naba::minhash::signature_of({}).has_value());
  CHECK(naba::minhash::signature_of({42}).has_value());  // a one-word title still has one
}

TEST_CASE("minhash: a signature survives its stored form; band terms differ by band") {
  const Signature sig = signature(words(1, 50));
  const std::string stored = naba::minhash::encode(sig);
  CHECK(naba::minhash::decode(stored) == sig);
  CHECK_FALSE(naba::minhash::decode(stored.substr(1)).has_value());
  CHECK_FALSE(naba::minhash::decode("").has_value());

  std::set<std::string> bands;
  for (std::size_t band = 0; band < naba::minhash::kLookupBands; ++band) {
    const std::string term = naba::minhash::band_term(sig, band);
    CHECK(term.rfind("XB" + std::to_string(band), 0) == 0);
    CHECK(term == naba::minhash::band_term(signature(words(1, 50)), band));
    bands.insert(term);
  }
  CHECK(bands.size() == naba::minhash::kLookupBands);
  CHECK(naba::minhash::band_term(sig, 0) !=
        naba::minhash::band_term(signature(words(9000, 50)), 0));
}

TEST_CASE("minhash: two signatures of one story always share a looked-up band") {
  // Every way of making kHashes - kSameStoryMatches hashes differ (the most
  // same_story allows) leaves one of the kLookupBands band terms in common.
  const Signature sig = signature(words(1, 50));
  constexpr std::size_t kDiffering = naba::minhash::kHashes - naba::minhash::kSameStoryMatches;
  std::vector<bool> differs(naba::minhash::kHashes, false);
  std::fill(differs.end() - kDiffering, differs.end(), true);
  std::size_t pairs = 0;
  do {
    Signature other = sig;
    for (std::size_t h = 0; h < naba::minhash::kHashes; ++h)
      if (differs[h]) other[h] ^= 1;
    REQUIRE(naba::minhash::same_story(sig, other));
    bool shared = false;
    for (std::size_t band = 0; band < naba::minhash::kLookupBands; ++band)
      shared =
          shared || naba::minhash::band_term(sig, band) == naba::minhash::band_term(other, band);
    CHECK(shared);
    ++pairs;
  } while (std::next_permutation(differs.begin(), differs.end()));
  CHECK(pairs == 1820);  // 16 choose 4
}
