// The query language (searcher/query_parser.h): what each construct parses to,
// and where a malformed query is wrong, counted in characters.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "naba/analyzer.h"
#include "naba/error.h"
#include "searcher/query_parser.h"

namespace {

using naba::detail::ParsedQuery;

ParsedQuery parse(const std::string& text) {
  static naba::Analyzer analyzer;
  return naba::detail::parse_query(text, analyzer);
}

std::set<std::string> terms(const Xapian::Query& q) {
  return {q.get_unique_terms_begin(), q.get_unique_terms_end()};
}

// The message of the Error(bad_query) that parsing @p text throws.
std::string error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const naba::Error& e) {
    CHECK(e.code() == naba::Error::Code::bad_query);
    return e.what();
  }
  FAIL("no error for: " << text);
  return {};
}

}  // namespace

TEST_CASE("words: either may match, both rank first, each is highlighted") {
  ParsedQuery q = parse("زلزال بركان");
  CHECK(q.query.get_type() == Xapian::Query::OP_OR);
  CHECK(terms(q.query).size() == 2);
  CHECK(q.highlight_terms == terms(q.query));
  CHECK(q.excluded.empty());
  CHECK(terms(parse("زلزال").query).size() == 1);
}

TEST_CASE("AND needs both, OR either, parentheses group") {
  ParsedQuery both = parse("زلزال AND بركان");
  CHECK(both.query.get_type() == Xapian::Query::OP_AND);
  CHECK(terms(both.query) == terms(parse("زلزال بركان").query));
  CHECK(parse("زلزال OR بركان").query.get_type() == Xapian::Query::OP_OR);

  ParsedQuery grouped = parse("(زلزال OR بركان) AND فيضان");
  CHECK(grouped.query.get_type() == Xapian::Query::OP_AND);
  REQUIRE(grouped.query.get_num_subqueries() == 2);
  CHECK(terms(grouped.query).size() == 3);
  CHECK(grouped.query.get_subquery(0).get_type() == Xapian::Query::OP_OR);
}

TEST_CASE("NOT and -word exclude whole articles, not one passage") {
  for (const char* text : {"زلزال NOT بركان", "زلزال -بركان"}) {
    ParsedQuery q = parse(text);
    CAPTURE(text);
    CHECK(terms(q.query) == terms(parse("زلزال").query));
    REQUIRE(q.excluded.size() == 1);
    CHECK(terms(q.excluded[0]) == terms(parse("بركان").query));
    CHECK(q.highlight_terms == terms(parse("زلزال").query));  // an excluded word is not marked
  }
  CHECK(terms(parse("زلزال-بركان").query).size() >= 1);  // a hyphen inside a word excludes nothing
  CHECK(parse("زلزال-بركان").excluded.empty());
}

TEST_CASE("a phrase needs its words in a row") {
  ParsedQuery q = parse("\"زلزال قوي\"");
  CHECK(q.query.get_type() == Xapian::Query::OP_PHRASE);
  CHECK(terms(q.query).size() == 2);
  CHECK(q.highlight_terms == terms(q.query));
  CHECK(terms(parse("\"زلزال قوي\" بركان").query).size() == 3);
}

TEST_CASE("fields: title: a title word, source: a filter, date: a value range") {
  ParsedQuery title = parse("title:زلزال");
  REQUIRE(terms(title.query).size() == 1);
  CHECK(*terms(title.query).begin() != *terms(parse("زلزال").query).begin());
  CHECK(terms(title.query).begin()->ends_with(*terms(parse("زلزال").query).begin()));

  ParsedQuery source = parse("source:SANA زلزال");
  CHECK(source.query.get_type() == Xapian::Query::OP_FILTER);
  CHECK(terms(source.query).size() == 2);

  ParsedQuery dated = parse("date:2018-01-01..2018-02-01 زلزال");
  CHECK(dated.query.get_type() == Xapian::Query::OP_FILTER);
  CHECK(dated.query.get_description().find("VALUE_RANGE") != std::string::npos);
  CHECK(dated.query.get_description().find("20180101 20180201") != std::string::npos);
}

TEST_CASE("errors say what is wrong, and where in characters, not bytes") {
  CHECK(error_of("\"زلزال") ==
        "unbalanced quote: the phrase opened at character 1 is never closed");
  // Five Arabic letters (ten bytes) and a space before the quote: character 7.
  CHECK(error_of("زلزال \"بركان") ==
        "unbalanced quote: the phrase opened at character 7 is never closed");
  CHECK(error_of("") == "the query is empty; give at least one word");
  CHECK(error_of("(زلزال") == "unbalanced parentheses: a '(' is never closed");
  CHECK(error_of("زلزال)") == "unbalanced parentheses: a ')' has no matching '('");
  CHECK(error_of("-زلزال") == "the query only excludes; add a word to search for");
  CHECK(error_of("()").find("empty parentheses") != std::string::npos);
  CHECK(error_of("زلزال AND").find("AND needs a word after it") != std::string::npos);
}

TEST_CASE("a date range that can match nothing is refused with a hint, not searched") {
  CHECK(error_of("زلزال date:..").find("give at least one end: date:2018-01-01..") !=
        std::string::npos);
  CHECK(error_of("زلزال date:2018-03-01..2018-01-31") ==
        "date:2018-03-01..2018-01-31 ends before it starts, so no article can match; did you "
        "mean date:2018-01-31..2018-03-01?");
  CHECK(error_of("-date:2019-01-01..2018-01-01 زلزال").find("ends before it starts") !=
        std::string::npos);
  // A range of one day, and open ranges, are fine.
  CHECK_NOTHROW(parse("زلزال date:2018-01-31..2018-01-31"));
  CHECK_NOTHROW(parse("زلزال date:2018-01-31.."));
  CHECK_NOTHROW(parse("زلزال date:..2018-01-31"));
}

TEST_CASE("a negated source: or date: excludes those articles, wherever it stands") {
  for (const char* text :
       {"زلزال -source:bbc", "زلزال NOT source:bbc", "NOT source:bbc زلزال", "-source:bbc زلزال",
        "(زلزال -source:bbc)", "زلزال AND NOT source:bbc", "بركان OR (زلزال -source:bbc)",
        "زلزال (-source:bbc)", "زلزال -(source:bbc)"}) {
    CAPTURE(text);
    const std::string description = parse(text).query.get_description();
    CHECK(description.find("AND_NOT XSbbc") != std::string::npos);
    CHECK(description.find("FILTER") == std::string::npos);  // not a filter on BBC
  }
  const std::string dated = parse("زلزال -date:2018-01-01..").query.get_description();
  CHECK(dated.find("AND_NOT VALUE_GE 0 20180101") != std::string::npos);
  CHECK(dated.find("FILTER") == std::string::npos);

  // Negated twice is the filter again; a source and a date excluded from a source.
  CHECK(parse("زلزال -(-source:bbc)").query.get_description().find("FILTER XSbbc") !=
        std::string::npos);
  const std::string both = parse("source:cnn -date:..2017-12-31 زلزال").query.get_description();
  CHECK(both.find("FILTER XScnn") != std::string::npos);
  CHECK(both.find("AND_NOT VALUE_LE 0 20171231") != std::string::npos);

  for (const char* only : {"-source:bbc", "NOT source:bbc", "-date:2018-01-01..", "(-source:bbc)"})
    CHECK(error_of(only) == "the query only excludes; add a word to search for");
  CHECK(error_of("زلزال OR -source:bbc").find("OR needs words") != std::string::npos);
}

TEST_CASE(
    "field names are case-insensitive; an unknown field is searched as words, with a warning") {
  CHECK(terms(parse("Title:زلزال").query) == terms(parse("title:زلزال").query));
  CHECK(parse("TITLE:\"زلزال قوي\"").query.get_type() == Xapian::Query::OP_PHRASE);
  CHECK(parse("SOURCE:BBC زلزال").query.get_description().find("FILTER XSbbc") !=
        std::string::npos);
  CHECK(parse("Date:2018-01-01.. زلزال").query.get_description().find("VALUE_GE") !=
        std::string::npos);
  CHECK(parse("Title:زلزال").warnings.empty());

  for (const char* text : {"url:زلزال", "foo:زلزال", "Foo:زلزال"}) {
    CAPTURE(text);
    ParsedQuery q = parse(text);
    std::string spaced(text);
    spaced[3] = ' ';  // the colon (url: foo: Foo:)
    CHECK(terms(q.query) == terms(parse(spaced).query));
    REQUIRE(q.warnings.size() == 1);
    CHECK(q.warnings[0].find(std::string(text).substr(0, 4) + "' is not a field") !=
          std::string::npos);
  }
  ParsedQuery url = parse("http://example");
  CHECK(terms(url.query) == terms(parse("http example").query));
  CHECK(url.warnings.size() == 1);
  ParsedQuery arabic = parse("عاجل:زلزال");  // prose, not a field: split, nothing said
  CHECK(terms(arabic.query) == terms(parse("عاجل زلزال").query));
  CHECK(arabic.warnings.empty());
  CHECK(parse("url:a url:b").warnings.size() == 1);      // said once
  CHECK(parse("url:title:زلزال").warnings.size() == 1);  // then a field
  CHECK(parse("زلزال 10:30").warnings.empty());          // a time, not a field
  std::string colons;  // thousands of unknown fields in one word: a loop, not a recursion
  for (int i = 0; i < 5000; ++i) colons += "url:";
  CHECK(parse(colons + "بركان").warnings.size() == 1);
  CHECK(error_of("Title:") == "title: needs a word or a \"phrase\" right after the colon");
}
