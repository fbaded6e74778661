#include "common/schema.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "common/dates.h"
#include "common/read_retry.h"
#include "naba/error.h"

namespace naba::schema {

void check_format(const Xapian::Database& db, const std::string& path) {
  std::string format = db.get_metadata(kFormat);
  if (format == kFormatVersion || std::ranges::count(kOlderFormatsRead, format) ||
      (format.empty() && db.get_doccount() == 0))
    return;
  throw Error(Error::Code::corrupt,
              "index " + path + " was written by an older naba (index format " +
                  (format.empty() ? "0" : format) + ", this naba reads " + kFormatVersion +
                  "); index the articles again into a new folder: naba index --db NEWDIR ...");
}

std::pair<std::uint64_t, std::uint64_t> passages_of(const Xapian::Document& doc) {
  std::string v = doc.get_value(kPassages);
  char* end = nullptr;
  std::uint64_t passages = std::strtoull(v.c_str(), &end, 10);
  return {passages, *end == ':' ? std::strtoull(end + 1, nullptr, 10) : 0};
}

bool has_body_positions(const Xapian::Database& db) {
  return db.get_metadata(kBodyPositions) != "0";
}

bool has_title_positions(const Xapian::Database& db) {
  return db.get_metadata(kTitlePositions) != "0";
}

Xapian::Database open_reader(const std::string& path) {
  int waited_ms = 0;
  return retry_read([&] { return Xapian::Database(path); },
                    [&] { std::this_thread::sleep_for(std::chrono::milliseconds(++waited_ms)); });
}

std::uint64_t last_ingest(const Xapian::Database& db) {
  return std::strtoull(db.get_metadata(kIngestSeq).c_str(), nullptr, 10);
}

namespace {
std::string folded_term(std::string_view prefix, std::string_view text) {
  std::string term(prefix);
  for (char c : text)
    term.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return term.substr(0, 200);
}
}  // namespace

std::string source_term(std::string_view source) {
  return folded_term(kSource, source);
}

std::string category_term(std::string_view category) {
  return folded_term(kCategory, category);
}

std::string date_value(std::string_view iso) {
  if (!dates::starts_with_real_date(iso)) return {};  // 2018-02-30 is no day to range over
  std::string v;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) v.push_back(iso[i]);
  return v;
}

}  // namespace naba::schema
