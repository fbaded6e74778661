// Tests for naba::CorpusReader: formats, folders and every kind of bad input.
#include <doctest/doctest.h>
#include <zlib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "naba/corpus.h"
#include "test_helpers.h"

namespace fs = std::filesystem;
using namespace std::string_literals;

namespace {

using naba::test::TempDir;

// Everything one reader produced.
struct Result {
  std::vector<naba::Article> articles;
  std::vector<naba::ReadProblem> problems;
  std::size_t counted_problems = 0;
  std::size_t bytes_read = 0;
};

Result read_all(std::vector<std::string> paths) {
  Result result;
  naba::CorpusReader reader(std::move(paths));
  reader.on_problem([&](const naba::ReadProblem& p) { result.problems.push_back(p); });
  naba::Article article;
  while (reader.next(article)) result.articles.push_back(article);
  result.counted_problems = reader.problems();
  result.bytes_read = reader.bytes_read();
  return result;
}

std::vector<std::string> ids(const Result& result) {
  std::vector<std::string> out;
  for (const auto& a : result.articles) out.push_back(a.id);
  return out;
}

const std::string kGood =
    R"({"id":"a1","title":"عنوان","body":"فقرة أولى\nفقرة ثانية","date":"2020-01-02",)"
    R"("source":"SANA","category":"politics","url":"https://example.com/a1","extra":[1,{"x":2}]})"
    "\n"
    R"({"url":null,"body":"","id":"a2","title":"بلا نص","date":null})"
    "\n";

void check_good(const Result& r) {
  REQUIRE(r.articles.size() == 2);
  CHECK(r.problems.empty());
  const naba::Article& a = r.articles[0];
  CHECK(a.id == "a1");
  CHECK(a.title == "عنوان");
  CHECK(a.body == "فقرة أولى\nفقرة ثانية");
  CHECK(a.date == "2020-01-02");
  CHECK(a.source == "SANA");
  CHECK(a.category == "politics");
  CHECK(a.url == "https://example.com/a1");
  const naba::Article& b = r.articles[1];
  CHECK(b.id == "a2");
  CHECK(b.title == "بلا نص");
  CHECK(b.body.empty());
  CHECK(b.date.empty());
  CHECK(b.source.empty());
  CHECK(b.url.empty());
}

}  // namespace

TEST_CASE("corpus: good JSON Lines file") {
  TempDir dir;
  const Result r = read_all({dir.write("news.jsonl", kGood)});
  check_good(r);
  CHECK(r.bytes_read == kGood.size());
}

TEST_CASE("corpus: gzipped JSON Lines file") {
  TempDir dir;
  const std::string path = dir.write_gz("news.jsonl.gz", kGood);
  naba::CorpusReader reader({path});
  CHECK(reader.total_input_bytes() == fs::file_size(path));
  const Result r = read_all({path});
  check_good(r);
  CHECK(r.bytes_read == kGood.size());  // uncompressed
}

TEST_CASE("corpus: BOM, CRLF, blank lines and a last line without newline") {
  TempDir dir;
  const std::string text =
      "\xEF\xBB\xBF{\"id\":\"x1\",\"title\":\"t1\",\"body\":\"b1\"}\r\n"
      "\r\n"
      "   \t \n"
      "\n"
      "{\"id\":\"x2\",\"title\":\"t2\",\"body\":\"b2\"}\r\n"
      "{\"id\":\"x3\",\"body\":\"b3\"}";
  const Result r = read_all({dir.write("crlf.jsonl", text)});
  CHECK(r.problems.empty());
  CHECK(ids(r) == std::vector<std::string>{"x1", "x2", "x3"});
  CHECK(r.articles[1].title == "t2");
  CHECK(r.articles[1].body == "b2");
  CHECK(r.articles[2].title.empty());
}

TEST_CASE("corpus: bad lines are reported with file and line, good lines still read") {
  TempDir dir;
  // One bad line of each kind; "..."s keeps the embedded NUL byte.
  const std::string text =
      "{\"id\":\"ok1\",\"body\":\"b\"}\n"                          // 1
      "{\"id\":\"bad\",\"body\": \n"                               // 2
      "{\"title\":\"t\",\"body\":\"b\"}\n"                         // 3
      "{\"id\":\"\",\"body\":\"b\"}\n"                             // 4
      "{\"id\":\"t-only\",\"title\":\"t\"}\n"                      // 5
      "{\"id\":\"w\",\"title\":5,\"body\":\"b\"}\n"                // 6
      "{\"id\":\"w2\",\"body\":\"b\",\"date\":7}\n"                // 7
      "{\"id\":true,\"body\":\"b\"}\n"                             // 8
      "{\"id\":\"nul\",\"body\":\"a\0b\"}\n"                       // 9
      "{\"id\":\"u\",\"title\":\"ok\",\"body\":\"x\xFF\xFEy\"}\n"  // 10
      "[\"id\",\"body\"]\n"                                        // 11
      "{\"id\":\"t\",\"body\":\"b\"} {\"x\":1}\n"                  // 12
      "{\"id\":\"ok2\",\"body\":\"b\",\"other\":\"\xC3\"}\n"       // 13: bad byte in unknown field
      "\n"s;
  const std::string path = dir.write("bad.jsonl", text);
  const Result r = read_all({path});
  CHECK(ids(r) == std::vector<std::string>{"ok1", "ok2"});

  const std::vector<std::pair<std::size_t, std::string>> expected = {
      {3, "missing field \"id\""},
      {4, "field \"id\" is empty"},
      {5, "missing field \"body\""},
      {6, "field \"title\" must be a string or null, got number"},
      {7, "field \"date\" must be a string or null, got number"},
      {8, "field \"id\" must be a string or number, got boolean"},
      {9, "NUL byte in line"},
      {10, "invalid UTF-8 in field \"body\""},
      {11, "not a JSON object (got array)"},
      {12, "trailing characters after the JSON object"},
  };
  REQUIRE(r.problems.size() == expected.size() + 1);
  CHECK(r.counted_problems == r.problems.size());
  CHECK(r.problems[0].file == path);
  CHECK(r.problems[0].line == 2);
  CHECK(r.problems[0].message.rfind("invalid JSON: ", 0) == 0);
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(i);
    CHECK(r.problems[i + 1].file == path);
    CHECK(r.problems[i + 1].line == expected[i].first);
    CHECK(r.problems[i + 1].message == expected[i].second);
  }
}

TEST_CASE("corpus: invalid UTF-8 is pinned to the field that holds it") {
  TempDir dir;
  const Result r =
      read_all({dir.write("u.jsonl", "{\"id\":\"a\",\"title\":\"\xC0\xAF\",\"body\":\"b\"}\n")});
  CHECK(r.articles.empty());
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].line == 1);
  CHECK(r.problems[0].message == "invalid UTF-8 in field \"title\"");
}

TEST_CASE("corpus: numeric id is taken as its text") {
  TempDir dir;
  const Result r = read_all(
      {dir.write("n.jsonl", "{\"id\": 12345 ,\"body\":\"b\"}\n{\"id\":-7,\"body\":\"c\"}\n")});
  CHECK(r.problems.empty());
  CHECK(ids(r) == std::vector<std::string>{"12345", "-7"});
}

TEST_CASE("corpus: folders are read recursively in path order, other files ignored") {
  TempDir dir;
  dir.write("b.jsonl", R"({"id":"b1","body":"x"})"
                       "\n"
                       R"({"id":"b2","body":"y"})"
                       "\n");
  dir.write("a/z.txt", "\n\n  عنوان المقال  \r\nالفقرة الأولى\r\n\r\nالفقرة الثانية\r\n");
  dir.write_gz("a/deep/c.jsonl.gz", R"({"id":"c1","title":"ct","body":"cb"})"
                                    "\n");
  dir.write("a/image.png", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  dir.write("notes.md", "# not an article\n");
  const Result r = read_all({dir.path.string()});
  CHECK(r.problems.empty());
  REQUIRE(ids(r) == std::vector<std::string>{"c1", "z", "b1", "b2"});
  CHECK(r.articles[0].title == "ct");
  CHECK(r.articles[1].title == "عنوان المقال");
  CHECK(r.articles[1].body == "الفقرة الأولى\n\nالفقرة الثانية");
}

TEST_CASE("corpus: bad .txt files are problems for the whole file") {
  TempDir dir;
  const std::string bad = dir.write("bad.txt", "title\n\xFF\xFE body\n");
  const std::string empty = dir.write("empty.txt", "  \n\n");
  const std::string good = dir.write("good.txt", "only a title");
  const Result r = read_all({bad, empty, good});
  REQUIRE(r.problems.size() == 2);
  CHECK(r.problems[0].file == bad);
  CHECK(r.problems[0].line == 0);
  CHECK(r.problems[0].message == "invalid UTF-8");
  CHECK(r.problems[1].file == empty);
  CHECK(ids(r) == std::vector<std::string>{"good"});
  CHECK(r.articles[0].title == "only a title");
  CHECK(r.articles[0].body.empty());
}

TEST_CASE("corpus: missing path is a problem and the next path is still read") {
  TempDir dir;
  const std::string missing = (dir.path / "nope.jsonl").string();
  const std::string other = dir.write("data.json", R"({"id":"j1","body":"b"})"
                                                   "\n");
  const Result r = read_all({missing, other});
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].file == missing);
  CHECK(r.problems[0].line == 0);
  CHECK(r.problems[0].message == "no such file or directory");
  CHECK(ids(r) == std::vector<std::string>{"j1"});  // other extension named explicitly: JSON Lines
}

TEST_CASE("corpus: truncated gzip is reported at the line where it broke") {
  TempDir dir;
  std::string text;
  for (int i = 1; i <= 20000; ++i) {
    text +=
        "{\"id\":\"n" + std::to_string(i) + "\",\"body\":\"" + std::to_string(i * 7919) + "\"}\n";
  }
  const std::string path = dir.write_gz("cut.jsonl.gz", text);
  fs::resize_file(path, fs::file_size(path) / 2);
  const Result r = read_all({path});
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].file == path);
  CHECK(r.problems[0].line == r.articles.size() + 1);
  CHECK(r.problems[0].message.find("truncated") != std::string::npos);
  REQUIRE(r.articles.size() > 100);
  CHECK(r.articles.size() < 20000);
  std::string last_id = "n";  // (not "n" + ...: a GCC 12 -Wrestrict false positive)
  last_id += std::to_string(r.articles.size());
  CHECK(r.articles.back().id == last_id);
}

TEST_CASE(
    "corpus: a binary file is one problem, and so is a file of prose; bad lines after JSON are "
    "capped at 100 in a row") {
  TempDir dir;
  std::string junk;
  for (int i = 0; i < 500; ++i) junk += std::string("\x89\0\xFF\x01garbage\n", 12);
  const std::string bin = dir.write("blob.bin", junk);
  std::string prose;
  for (int i = 0; i < 150; ++i) prose += "not json at all\n";
  const std::string first = R"({"id":"first","body":"b"})";
  const std::string text = dir.write("notes.jsonl", first + "\n" + prose);
  const std::string only_prose = dir.write("prose.jsonl", prose);
  const std::string good = dir.write("good.jsonl", R"({"id":"after","body":"b"})"
                                                   "\n");
  const Result r = read_all({bin, text, only_prose, good});
  REQUIRE(r.problems.size() == 103);
  CHECK(r.problems[0].file == bin);
  CHECK(r.problems[0].line == 0);
  CHECK(r.problems[0].message == "binary file, not JSON Lines; skipped");
  CHECK(r.problems[1].file == text);
  CHECK(r.problems[1].line == 2);
  CHECK(r.problems[1].message.starts_with("invalid JSON"));
  CHECK(r.problems[100].line == 101);
  CHECK(r.problems[101].message == "too many bad lines; skipping the rest of the file");
  CHECK(r.problems[102].file == only_prose);
  CHECK(r.problems[102].line == 0);
  CHECK(
      r.problems[102].message.starts_with("not JSON Lines: 100 lines, none a JSON object (line 1: "
                                          "invalid JSON"));
  CHECK(ids(r) == std::vector<std::string>{"first", "after"});
}

TEST_CASE("corpus: a 20 MB line is read through; the article is over the size limit") {
  TempDir dir;
  std::string body;
  const std::string word = "كلمة ";
  while (body.size() < 20u << 20) body += word;
  body += "النهاية";
  const std::string under_limit = body.substr(0, naba::kMaxArticleBytes - 100);
  const std::string text = R"({"id":"big","title":"كبير","body":")" + body + "\"}\n" +
                           R"({"id":"small","body":"s"})" + "\n" + R"({"id":"largest","body":")" +
                           under_limit + "\"}\n";
  const Result r = read_all({dir.write_gz("big.jsonl.gz", text)});
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].line == 1);
  CHECK(r.problems[0].message.find("over the 4.0 MB limit") != std::string::npos);
  REQUIRE(ids(r) == std::vector<std::string>{"small", "largest"});
  CHECK(r.articles[1].body == under_limit);
  CHECK(r.bytes_read == text.size());
}

TEST_CASE("corpus: a binary file is skipped with one message; a stray NUL is reported by line") {
  TempDir dir;
  std::string binary;
  for (unsigned i = 0; i < 20000; ++i) binary.push_back(static_cast<char>((i * 2654435761u) >> 13));
  using namespace std::string_literals;
  const std::string text =
      "{\"id\":\"a\",\"body\":\"x\"}\n{\"id\":\"b\",\"body\":\"y\0z\"}\n{\"id\":\"c\",\"body\":\"w\"}\n"s;
  const Result r = read_all({dir.write("image.jsonl", binary), dir.write("nul.jsonl", text)});
  REQUIRE(r.problems.size() == 2);
  CHECK(r.problems[0].line == 0);
  CHECK(r.problems[0].message == "binary file, not JSON Lines; skipped");
  CHECK(r.problems[1].line == 2);
  CHECK(r.problems[1].message == "NUL byte in line");
  CHECK(ids(r) == std::vector<std::string>{"a", "c"});
}

TEST_CASE("corpus: a duplicate id is a warning naming both places; the later copy is read") {
  TempDir dir;
  const std::string first = dir.write("one.jsonl",
                                      "{\"id\":\"x\",\"body\":\"old\"}\n"
                                      "{\"id\":\"x\",\"body\":\"new\"}\n");
  const std::string second = dir.write("x.txt", "title\nnewest\n");
  const Result r = read_all({first, second});
  REQUIRE(r.problems.size() == 2);
  CHECK(r.problems[0].warning);
  CHECK(r.problems[0].line == 2);
  CHECK(r.problems[0].message ==
        "duplicate id: \"x\" was already read at " + first + ":1; this later copy replaces it");
  CHECK(r.problems[1].message.find("already read at " + first + ":2;") != std::string::npos);
  CHECK(ids(r) == std::vector<std::string>{"x", "x", "x"});
  CHECK(r.articles[2].body == "newest");
}

TEST_CASE("corpus: a line over 32 MB is skipped without holding it; the next line is read") {
  TempDir dir;
  std::string text = "{\"id\":\"huge\",\"body\":\"" + std::string(naba::kMaxLineBytes + 10, 'a') +
                     "\"}\n{\"id\":\"after\",\"body\":\"b\"}\n";
  const Result r = read_all({dir.write("huge.jsonl", text)});
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].line == 1);
  CHECK(r.problems[0].message == "line longer than 32.0 MB; skipped");
  CHECK(ids(r) == std::vector<std::string>{"after"});
}
