// How naba lays articles out in a Xapian database: one document per article,
// its passages described by its shape (common/stored_article.h).
// Shared by the writer and the searcher (private to the libraries).
#pragma once

#include <xapian.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace naba::schema {

// Term prefixes. Unprefixed terms are body and title words (with positions).
inline constexpr std::string_view kId = "Q";       // Q<article id>
inline constexpr std::string_view kTitle = "S";    // S<term>: title words, for title:
inline constexpr std::string_view kSource = "XS";  // XS<source>, boolean
inline constexpr std::string_view kStory = "XT";   // XT<story id>
inline constexpr std::string_view kBand = "XB";    // XB<band><hash>: near-duplicate LSH bands
// XC<category>, boolean
inline constexpr std::string_view kCategory = "XC";

// Value slots.
inline constexpr Xapian::valueno kDate = 0;       // YYYYMMDD, sorts as a string
inline constexpr Xapian::valueno kArticleId = 1;  // the article id
inline constexpr Xapian::valueno kStoryId = 2;    // articles with the same text share it
inline constexpr Xapian::valueno kSignature = 3;  // MinHash signature
// "<passages>:<passage words>": its passage count, and the sum of its
// passages' lengths as ranking counts them (the title's terms in each), which
// the metadata below add up.
inline constexpr Xapian::valueno kPassages = 4;
// Ingest order (sortable_serialise): 1, 2, 3 ... per article written; a
// re-indexed article gets a new number. Alerts match "what was indexed since
// the last run" by it (docs/alerts.md).
inline constexpr Xapian::valueno kIngest = 5;
// The article's fields and body in one, deflated: indexes written before
// kStoredPassages (still read).
inline constexpr Xapian::valueno kStored = 6;
// The source as the corpus gives it (facets count it with a match spy).
inline constexpr Xapian::valueno kSourceName = 7;
// The category as the corpus gives it (its facet; absent in indexes made before it).
inline constexpr Xapian::valueno kCategoryName = 8;
// The article's fields, then each passage's text and word spans, each passage
// deflated on its own (StoredArticle): read only for the passages shown.
inline constexpr Xapian::valueno kStoredPassages = 9;
// The article's shape (schema::encode_shape), read for every candidate; in the
// document data in indexes of format 2 and 3.
inline constexpr Xapian::valueno kShapeSlot = 10;

// Metadata keys.
inline constexpr const char* kLastCommit = "naba:last_commit";
inline constexpr const char* kFormat = "naba:format";
// The last ingest number written, committed with its batch.
inline constexpr const char* kIngestSeq = "naba:ingest_seq";
// "4": one document per article, its shape in a value, nothing deflated, and
// its passages stored one by one. Formats "2" (shape in the document data and
// stored article deflated whole) and "3" (shape in the data, its hashes first)
// are still read, and marked "4" when written to: an older naba cannot read
// what this one writes. Format "1", one document per passage, is refused:
// re-index it.
inline constexpr const char* kFormatVersion = "4";
inline constexpr std::string_view kOlderFormatsRead[] = {"2", "3"};
// The articles, the passages of all articles, and the sum of their lengths (see kPassages):
// the average passage length of passage BM25.
inline constexpr const char* kArticleCount = "naba:articles";
inline constexpr const char* kPassageCount = "naba:passages";
inline constexpr const char* kPassageWords = "naba:passage_words";
// The analyzer version (Analyzer::version()) the index was made with; absent
// in indexes made before naba recorded it. Set when the index is created, and
// kept when articles are added by another version: the index then holds
// articles of both analyses, and searches warn until it is made again.
inline constexpr const char* kAnalyzerVersion = "naba:analyzer";
// "0": passage text was indexed without word positions (phrases are checked
// against each passage's word order); absent or "1": with them (indexes made
// before this key, and shards).
inline constexpr const char* kBodyPositions = "naba:body_positions";
// "0": title words were indexed without positions too (title phrases are
// checked against the title's word order in the shape); absent or "1": with
// them (indexes made before this key kept them whatever kBodyPositions says).
inline constexpr const char* kTitlePositions = "naba:title_positions";

/** Throws Error(corrupt) for an index written in another format (naming
 *  @p path and saying to re-index it); an empty index passes. */
void check_format(const Xapian::Database& db, const std::string& path);

/** The passage count and passage words of an article's document (kPassages). */
std::pair<std::uint64_t, std::uint64_t> passages_of(const Xapian::Document& doc);

/** Whether @p db holds the word positions of passage text, and of title text. */
bool has_body_positions(const Xapian::Database& db);
bool has_title_positions(const Xapian::Database& db);

/** Opens the index at @p path for reading. A commit landing while glass opens
 *  it can make it read a block just recycled, reported as corruption ("Expected
 *  block 717 to be level 2", seen under a writer committing every 5 articles):
 *  it tries again (common/read_retry.h); a damaged index fails every time. */
Xapian::Database open_reader(const std::string& path);

/** Word terms: words of the body and title and names (not the upper-case
 *  prefixed terms above). A passage's word terms, sorted, are its vocabulary. */
inline bool is_word_term(std::string_view term) {
  return !term.empty() && !(term[0] >= 'A' && term[0] <= 'Z');
}

/** The ingest number as committed in @p db's metadata (0: none yet). */
std::uint64_t last_ingest(const Xapian::Database& db);

/** Source names as filter terms: case-folded, spaces kept. */
std::string source_term(std::string_view source);

/** Category names as filter terms, as source_term. */
std::string category_term(std::string_view category);

/** A date's value: "YYYYMMDD" from an ISO-8601 date, "" if it has none or it is
 *  no real day (2018-02-30, 9999-99-99). */
std::string date_value(std::string_view iso_date);

}  // namespace naba::schema
