#include "indexer/minhash.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "common/schema.h"

namespace naba::minhash {
namespace {

constexpr std::size_t kRows = kHashes / kBands;

std::uint64_t mix(std::uint64_t x) {  // splitmix64 finaliser
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

std::optional<Signature> signature_of(const std::vector<std::uint64_t>& term_hashes) {
  if (term_hashes.empty()) return std::nullopt;
  Signature sig;
  sig.fill(UINT32_MAX);
  std::size_t n = term_hashes.size();
  for (std::size_t i = 0; i + 2 < n || (n < 3 && i == 0); ++i) {
    std::uint64_t shingle = term_hashes[i];
    for (std::size_t k = 1; k < 3 && i + k < n; ++k)
      shingle = mix(shingle * 31 + term_hashes[i + k]);
    for (std::size_t h = 0; h < kHashes; ++h)
      sig[h] =
          std::min(sig[h], static_cast<std::uint32_t>(mix(shingle ^ (h * 0x9e3779b97f4a7c15ULL))));
  }
  return sig;
}

std::string encode(const Signature& sig) {
  return std::string(reinterpret_cast<const char*>(sig.data()), sizeof(Signature));
}

std::optional<Signature> decode(std::string_view value) {
  if (value.size() != sizeof(Signature)) return std::nullopt;
  Signature sig;
  std::memcpy(sig.data(), value.data(), sizeof sig);
  return sig;
}

std::string band_term(const Signature& sig, std::size_t band) {
  std::uint64_t h = band;
  for (std::size_t r = 0; r < kRows; ++r) h = mix(h * 1000003 + sig[band * kRows + r]);
  char buf[24];
  std::snprintf(buf, sizeof buf, "%zu%016llx", band, static_cast<unsigned long long>(h));
  return std::string(schema::kBand) + buf;
}

bool same_story(const Signature& a, const Signature& b) {
  std::size_t same = 0;
  for (std::size_t h = 0; h < kHashes; ++h) same += a[h] == b[h];
  return same >= kSameStoryMatches;
}

}  // namespace naba::minhash
