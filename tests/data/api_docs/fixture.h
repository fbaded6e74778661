/** @file
 *  A made-up public header for tests/api_docs_test.py: each kind of
 *  declaration scripts/gen_api_docs.py must render, or leave out. */
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace naba {

/** A limit set with a brace initialiser and a shift. */
inline constexpr std::size_t kFixtureBytes = std::size_t{4} << 20;

/** A plain limit. */
inline constexpr int kFixtureCount = 7;

/** Options with default member initialisers. */
struct FixtureOptions {
  std::vector<std::string> names{};  ///< Braces, not a block.
  int depth = 2;
};

/** Kinds of fixture. */
enum class FixtureKind { one, two };

namespace detail {
/** Implementation only: must not appear. */
int fixture_hidden(int x);
}  // namespace detail

/** A class with an inline body and a constructor's member initialisers. */
class NABA_API Fixture {
 public:
  /** Makes one of @p n parts. */
  explicit Fixture(int n) : n_{n}, parts_{} {}

  /** The number of parts. */
  int parts() const noexcept { return n_; }

 private:
  int n_;
  std::vector<int> parts_;
};

/** A free function after the class. */
NABA_API std::string fixture_name(const Fixture& f);

}  // namespace naba
