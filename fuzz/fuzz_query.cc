// Fuzzes the query parser: any bytes parse into a Xapian query or throw naba::Error
// (bad_query); anything else escaping, or a sanitizer report, is a finding.
#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "naba/analyzer.h"
#include "naba/error.h"
#include "searcher/query_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static naba::Analyzer analyzer;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const naba::detail::ParsedQuery parsed = naba::detail::parse_query(text, analyzer);
    (void)parsed.query.get_description();
  } catch (const naba::Error&) {
    // A message for the user: the expected outcome for a malformed query.
  }
  return 0;
}
