// Near-duplicate detection (indexer/minhash.h): signatures of word
// sequences, their stored form and their LSH band terms.
#include <doctest/doctest.h>

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
  for (std::size_t band = 0; band < naba::minhash::kBands; ++band) {
    const std::string term = naba::minhash::band_term(sig, band);
    CHECK(term.rfind("XB" + std::to_string(band), 0) == 0);
    CHECK(term == naba::minhash::band_term(signature(words(1, 50)), band));
    bands.insert(term);
  }
  CHECK(bands.size() == naba::minhash::kBands);
  CHECK(naba::minhash::band_term(sig, 0) !=
        naba::minhash::band_term(signature(words(9000, 50)), 0));
}
