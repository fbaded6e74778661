// Index and search end to end on a temporary index.
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "naba/error.h"
#include "naba/index.h"
#include "naba/passages.h"
#include "naba/search.h"
#include "test_helpers.h"

namespace fs = std::filesystem;

namespace {

using naba::test::article;
using naba::test::TempDir;

std::vector<std::string> ids(const naba::SearchResults& r) {
  std::vector<std::string> out;
  for (const auto& res : r.results) out.push_back(res.id);
  return out;
}

std::string highlighted(const naba::PassageHit& p, std::size_t i) {
  return p.text.substr(p.highlights[i].start, p.highlights[i].end - p.highlights[i].start);
}

const std::string kFiller =
    "وقال المتحدث إن الاجتماع ناقش الأوضاع الاقتصادية والسياسية في المنطقة وسبل التعاون بين "
    "البلدين في مجالات التجارة والطاقة والتعليم والصحة خلال الأعوام المقبلة.";

// Paragraphs that share a few words (الاقتصادية) but not their text.
const std::string kOther[] = {
    "أعلنت الحكومة عن خطة لدعم القطاعات الاقتصادية المتضررة من الجفاف وارتفاع أسعار الوقود "
    "وتوفير قروض ميسرة للمزارعين والشركات الصغيرة في الأرياف.",
    "شهدت البورصة ارتفاعا ملحوظا بعد صدور البيانات الاقتصادية الفصلية التي أظهرت نموا في "
    "الصادرات الصناعية وتراجعا في معدلات البطالة بين الشباب.",
    "ناقش البرلمان مشروع قانون الموازنة وسط خلافات حول الإصلاحات الاقتصادية المقترحة وحجم "
    "الإنفاق على الدفاع والبنية التحتية والنقل العام."};

void build_corpus(const fs::path& db) {
  naba::Index w(db.string());
  w.add(article("a1", "معارك في الرقة", "تواصلت المعارك في الرَّقَّة اليوم.\n" + kFiller, "2017-06-10",
                "BBC"));
  w.add(article("a2", "محادثات أستانا",
                "بدأت في أستانة جولة محادثات جديدة حول سوريا.\n" + kOther[0], "2018-01-20", "CNN"));
  w.add(
      article("a3", "درعا", "قصف على درعا وريفها وبدرعا قتلى.\n" + kOther[1], "2018-03-05", "BBC"));
  w.add(article("a4", "اقتصاد", kOther[2], "2018-05-01", "CNN"));
  // a5 is a wire copy of a1 under another id.
  w.add(article("a5", "معارك في الرقة", "تواصلت المعارك في الرَّقَّة اليوم.\n" + kFiller, "2017-06-11",
                "AFP"));
  w.commit();
}

// The sample corpus indexed, a searcher on it, and options that show every copy.
struct SampleIndex {
  TempDir db;
  naba::SearchOptions all;
  SampleIndex() {
    build_corpus(db.path);
    all.all_duplicates = true;
  }
  naba::Searcher searcher() const { return naba::Searcher(db.path.string()); }
};

}  // namespace

TEST_CASE("passages: paragraphs, long ones cut at sentences, tiny ones merged") {
  std::string body = "عنوان فرعي\n" + kFiller + "\n\n" + kFiller;
  const naba::PassageLimits limits{90, 12};
  auto spans = naba::split_passages(body, limits);
  REQUIRE(spans.size() == 2);
  CHECK(spans[0].start == 0);      // the tiny heading joined the paragraph after it,
  CHECK(spans[0].paragraph == 1);  // which holds most of the passage
  CHECK(spans[1].paragraph == 3);
  CHECK(body.substr(spans[1].start, spans[1].end - spans[1].start) == kFiller);

  std::string long_paragraph;
  for (int i = 0; i < 12; ++i) long_paragraph += kFiller + " ";
  auto cut = naba::split_passages(long_paragraph, limits);
  CHECK(cut.size() > 2);
  for (const auto& s : cut) CHECK(s.paragraph == 0);
  CHECK(naba::split_passages(" \n \n").empty());
}

TEST_CASE_FIXTURE(SampleIndex,
                  "search finds every clitic and spelling form and highlights the original text") {
  naba::Searcher s = searcher();
  auto r = s.search("بالرقة", all);
  CHECK(ids(r) == std::vector<std::string>{"a1", "a5"});
  const auto& p = r.results[0].passages.at(0);
  REQUIRE(p.highlights.size() == 1);
  CHECK(highlighted(p, 0) == "الرَّقَّة");

  auto astana = s.search("استانا");
  CHECK(ids(astana) == std::vector<std::string>{"a2"});
  CHECK(highlighted(astana.results[0].passages[0], 0) == "أستانة");

  auto daraa = s.search("درعا");
  REQUIRE(daraa.results.size() == 1);
  CHECK(daraa.results[0].passages[0].highlights.size() == 2);  // درعا and بدرعا
}

TEST_CASE("one result per story unless all duplicates are asked for") {
  TempDir db;
  build_corpus(db.path);
  naba::Searcher s(db.path.string());
  auto folded = s.search("الرقة");
  REQUIRE(folded.results.size() == 1);
  CHECK(folded.results[0].duplicates == 1);
  auto stats = naba::index_stats(db.path.string());
  CHECK(stats.articles == 5);
  CHECK(stats.stories == 4);
  CHECK(stats.sources == 3);
  CHECK(stats.first_date == "2017-06-10");
  CHECK(stats.last_date == "2018-05-01");
}

TEST_CASE_FIXTURE(SampleIndex, "query language: phrases, boolean operators, fields, dates") {
  naba::Searcher s = searcher();
  CHECK(ids(s.search("\"جولة محادثات\"", all)) == std::vector<std::string>{"a2"});
  CHECK(s.search("\"محادثات جولة\"", all).results.empty());
  CHECK(ids(s.search("درعا OR أستانا", all)).size() == 2);
  CHECK(ids(s.search("المعارك AND اليوم", all)).size() == 2);
  CHECK(ids(s.search("المعارك NOT درعا", all)).size() == 2);
  CHECK(s.search("الاقتصادية -درعا", all).results.size() == 4);
  CHECK(ids(s.search("title:اقتصاد", all)) == std::vector<std::string>{"a4"});
  CHECK(s.search("الاقتصادية source:cnn", all).results.size() == 2);
  CHECK(s.search("الاقتصادية date:2018-01-01..2018-03-31", all).results.size() == 2);
  CHECK(s.search("(درعا OR الرقة) AND title:معارك", all).results.size() == 2);

  naba::SearchOptions since = all;
  since.since = "2018-03-01";
  since.sort = naba::SortOrder::date;
  CHECK(ids(s.search("الاقتصادية", since)) == std::vector<std::string>{"a4", "a3"});
  naba::SearchOptions source = all;
  source.source = "BBC";
  CHECK(s.search("الاقتصادية", source).results.size() == 2);
}

TEST_CASE_FIXTURE(SampleIndex, "a negated source: or date: drops those articles") {
  naba::Searcher s = searcher();
  auto found = [&](const std::string& query) {
    std::vector<std::string> out;
    for (const auto& r : s.search(query, all).results) out.push_back(r.source + " " + r.date);
    std::sort(out.begin(), out.end());
    return out;
  };
  const std::vector<std::string> not_bbc{"AFP 2017-06-11", "CNN 2018-01-20", "CNN 2018-05-01"};
  for (const char* query : {"الاقتصادية -source:bbc", "الاقتصادية NOT source:BBC",
                            "NOT source:bbc الاقتصادية", "(الاقتصادية -source:bbc)"}) {
    CAPTURE(query);
    CHECK(found(query) == not_bbc);
  }
  CHECK(found("درعا OR (الاقتصادية -source:bbc)") ==
        std::vector<std::string>{"AFP 2017-06-11", "BBC 2018-03-05", "CNN 2018-01-20",
                                 "CNN 2018-05-01"});
  CHECK(found("الاقتصادية -date:2018-01-01..") ==
        std::vector<std::string>{"AFP 2017-06-11", "BBC 2017-06-10"});
  CHECK(found("الاقتصادية NOT date:..2017-12-31") ==
        std::vector<std::string>{"BBC 2018-03-05", "CNN 2018-01-20", "CNN 2018-05-01"});
  CHECK(found("الاقتصادية -source:bbc -date:2018-01-01..") ==
        std::vector<std::string>{"AFP 2017-06-11"});
  CHECK_THROWS_AS(s.search("-source:bbc", all), naba::Error);
}

TEST_CASE_FIXTURE(SampleIndex, "field names in any case; an unknown field is words, warned") {
  naba::Searcher s = searcher();
  CHECK(ids(s.search("Title:اقتصاد", all)) == std::vector<std::string>{"a4"});
  CHECK(s.search("الاقتصادية SOURCE:CNN", all).results.size() == 2);
  CHECK(s.search("الاقتصادية", all).warnings.empty());

  auto unknown = s.search("foo:الاقتصادية", all);
  CHECK(unknown.results.size() == 5);
  CHECK(unknown.warnings ==
        std::vector<std::string>{
            "'foo:' is not a field (title:, source:, date:); searched as words"});
  CHECK(s.search(s.parse("url:درعا"), all).warnings.size() == 1);  // a parsed query too
}

// Two passages: حلب in the first, درعا in the second.
const std::string kTwoParagraphs =
    kOther[0] + " " + kOther[2] + " حلب\n" + kOther[1] + " " + kFiller + " درعا";

TEST_CASE("an excluded word removes the whole article, not only its passage") {
  TempDir db;
  build_corpus(db.path);
  {
    naba::Index w(db.path.string());
    w.add(article("a6", "تقرير", kTwoParagraphs));
  }
  naba::Searcher s(db.path.string());
  REQUIRE(naba::split_passages(kTwoParagraphs).size() == 2);
  CHECK(ids(s.search("حلب")) == std::vector<std::string>{"a6"});
  CHECK(s.search("حلب -درعا").results.empty());
  CHECK(s.search("حلب NOT درعا").results.empty());
  CHECK(s.search("حلب AND NOT بدرعا").results.empty());
}

TEST_CASE("re-indexing an id replaces the article") {
  TempDir db;
  build_corpus(db.path);
  {
    naba::Index w(db.path.string());
    w.add(article("a3", "درعا", "خبر جديد عن حلب.", "2018-03-05", "BBC"));
  }
  naba::Searcher s(db.path.string());
  CHECK(s.search("حلب").results.size() == 1);
  CHECK(s.search("بدرعا").results.size() == 1);  // only the title still says درعا
  CHECK(naba::index_stats(db.path.string()).articles == 5);
}

TEST_CASE("a searcher kept across commits shows what each article says now") {
  // The searcher keeps what it read of each article across commits
  // (searcher/analysis_cache.h): an article re-indexed under its id, deleted
  // or added after must never be shown as it was read before.
  TempDir db;
  {
    naba::Index w(db.path.string());
    w.add(article("k1", "معارك في حلب", "تواصلت المعارك في حلب اليوم وسط قصف عنيف."));
    w.add(article("k2", "أمطار في دمشق", "هطلت أمطار غزيرة على دمشق صباح اليوم."));
  }
  naba::Searcher s(db.path.string());
  auto r = s.search("حلب");
  REQUIRE(r.results.size() == 1);
  REQUIRE(r.results[0].passages.size() == 1);
  CHECK(r.results[0].passages[0].text.find("قصف") != std::string::npos);
  REQUIRE(s.search("دمشق").results.size() == 1);
  {
    naba::Index w(db.path.string());
    w.add(article("k1", "هدنة في حلب", "أعلنت هدنة في حلب بعد أسابيع من الاشتباكات."));
    w.add(article("k3", "ثلوج في دمشق", "تساقطت ثلوج على دمشق للمرة الأولى منذ سنوات."));
  }
  r = s.search("حلب");
  REQUIRE(r.results.size() == 1);
  CHECK(r.results[0].id == "k1");
  CHECK(r.results[0].title == "هدنة في حلب");
  REQUIRE(r.results[0].passages.size() == 1);
  const auto& hit = r.results[0].passages[0];
  CHECK(hit.text.find("هدنة") != std::string::npos);
  REQUIRE(hit.highlights.size() == 1);
  CHECK(hit.text.substr(hit.highlights[0].start, hit.highlights[0].end - hit.highlights[0].start) ==
        "حلب");
  CHECK(s.search("قصف").results.empty());
  auto damascus = ids(s.search("دمشق"));
  std::sort(damascus.begin(), damascus.end());
  CHECK(damascus == std::vector<std::string>{"k2", "k3"});
}

TEST_CASE("an index whose creation was killed is created again; one that lost its data is not") {
  // What a kill leaves between Xapian creating the empty tables and writing
  // the revision file iamglass.
  TempDir db;
  fs::create_directories(db.path);
  for (const char* name : {"flintlock", "postlist.glass", "termlist.glass"})
    std::ofstream(db.path / name);
  {
    naba::Index w(db.path.string());
    w.add(article("a1", "معارك في الرقة", "تواصلت المعارك في الرَّقَّة اليوم."));
  }
  CHECK(naba::index_stats(db.path.string()).articles == 1);

  // An index with data but no revision file is refused and kept as it is.
  fs::remove(db.path / "iamglass");
  const auto size = fs::file_size(db.path / "postlist.glass");
  REQUIRE(size > 0);
  CHECK_THROWS_AS(naba::Index(db.path.string()), naba::Error);
  CHECK(fs::file_size(db.path / "postlist.glass") == size);
}

TEST_CASE("malformed queries get a message, not a crash") {
  TempDir db;
  build_corpus(db.path);
  naba::Searcher s(db.path.string());
  for (std::string bad : {"\"الرقة", "(الرقة", "الرقة)", "AND", "OR درعا", "درعا AND", "NOT", "-",
                          "", "   ", "في من على", "ـــ", "date:yesterday الرقة", "()"}) {
    try {
      s.search(bad);
      // A lone "-" or similar may also be read as no word at all: either way, no crash.
    } catch (const naba::Error& e) {
      CHECK(e.code() == naba::Error::Code::bad_query);
      CHECK(std::string(e.what()).size() > 10);
    }
  }
  CHECK_THROWS_AS(s.search("\"الرقة"), naba::Error);
  CHECK_THROWS_AS(s.search("(الرقة"), naba::Error);
  CHECK_THROWS_AS(s.search(""), naba::Error);
  CHECK_THROWS_AS(s.search("title:(الرقة OR درعا)"), naba::Error);  // a field needs a word
  CHECK(s.search(std::string(10000, 'x') + " الرقة").results.size() >= 0);
}

TEST_CASE("a missing index is Error(not_found) naming its path") {
  try {
    naba::Searcher s("/nonexistent/naba-index");
    FAIL("no error");
  } catch (const naba::Error& e) {
    CHECK(e.code() == naba::Error::Code::not_found);
    CHECK(std::string(e.what()) == "no index at /nonexistent/naba-index");
  }
}

TEST_CASE("an article that covers the query in other passages outranks an equal passage") {
  // "a" repeats زلزال in its only passage, so its best passage beats b's; but b
  // also names بركان in its second passage, and the whole article counts.
  TempDir db;
  build_corpus(db.path);
  const std::string quake = "ضرب زلزال قوي المنطقة الحدودية فجر اليوم. " + kOther[0];
  const std::string volcano = kOther[1] + " " + kFiller + " وثار بركان قريب.";
  {
    naba::Index w(db.path.string());
    w.add(article("a", "", "ضرب زلزال قوي المنطقة الحدودية فجر اليوم وزلزال آخر. " + kOther[0]));
    w.add(article("b", "", quake + "\n" + volcano));
  }
  REQUIRE(naba::split_passages(quake + "\n" + volcano).size() == 2);
  naba::Searcher s(db.path.string());
  naba::SearchOptions all;
  all.all_duplicates = true;
  // The best passages alone: a's (two mentions) before b's (one).
  CHECK(ids(s.search("زلزال", all)) == std::vector<std::string>{"a", "b"});
  naba::SearchResults r = s.search("زلزال بركان", all);
  REQUIRE(r.results.size() == 2);
  CHECK(ids(r) == std::vector<std::string>{"b", "a"});
  // A result's score is its best passage's, article evidence included.
  CHECK(r.results[0].score == doctest::Approx(r.results[0].passages[0].score));
}

TEST_CASE("of one article's paragraphs, the one covering more of the query ranks first") {
  // Both paragraphs hold the title's words (counted in every passage); the
  // short lead repeats them, the long second paragraph also has the question's
  // other word (صحراء). BM25 and the lead boost alone put the lead first; the
  // second covers more of the query, and that decides.
  TempDir db;
  build_corpus(db.path);
  const std::string lead =
      "مفاعل ديمونة هو مفاعل نووي، ويعد مفاعل ديمونة من أقدم المفاعلات، وبني مفاعل ديمونة سرا. " +
      kOther[0];
  const std::string where =
      kOther[2] + " " + kFiller + " " + kOther[1] + " " + kOther[0] + " ويقع في صحراء النقب.";
  {
    naba::Index w(db.path.string());
    w.add(article("r", "مفاعل ديمونة", lead + "\n" + where));
    w.add(article("s", "", "عبرت القافلة صحراء سيناء في ثلاثة أيام. " + kFiller));
    w.add(article("t", "", "تمتد الصحراء الكبرى عبر شمال أفريقيا. " + kOther[1]));
    // Articles without the query's words: idf as in a real archive, where
    // صحراء is rarer than one article in three.
    for (int i = 0; i < 12; ++i)
      w.add(
          article(std::string("f").append(std::to_string(i)), "", kOther[i % 3] + "\n" + kFiller));
  }
  REQUIRE(naba::split_passages(lead + "\n" + where).size() == 2);
  naba::Searcher s(db.path.string());
  naba::SearchOptions two;
  two.passages = 2;
  naba::SearchResults r = s.search("أي صحراء مفاعل ديمونة", two);
  REQUIRE(r.results.size() >= 1);
  REQUIRE(r.results[0].id == "r");
  REQUIRE(r.results[0].passages.size() == 2);
  CHECK(r.results[0].passages[0].index == 1);  // the paragraph that says where
  CHECK(r.results[0].passages[0].score > r.results[0].passages[1].score);
  // A result's score is still its best passage's.
  CHECK(r.results[0].score == doctest::Approx(r.results[0].passages[0].score));
  // Shown alone, the best passage is the same one.
  naba::SearchResults one = s.search("أي صحراء مفاعل ديمونة");
  REQUIRE(!one.results.empty());
  CHECK(one.results[0].passages.at(0).index == 1);
}

TEST_CASE("the title's words: counted by the title in every passage, and its article first") {
  // A question names the article's subject (its title) and asks about one of
  // its paragraphs: the lead repeats the name, the second paragraph has the
  // question's other word twice. The name is the article's, so its repeats do
  // not make the lead more about it: the second paragraph ranks first. Another
  // article names the subject in passing, with the other word in the same
  // passage: the article whose title names it ranks first.
  TempDir db;
  build_corpus(db.path);
  const std::string lead =
      "مفاعل ديمونة مفاعل نووي، وبني مفاعل ديمونة سرا، ولا يزال مفاعل ديمونة يعمل. صحراء. " +
      kOther[0] + " " + kOther[1];
  const std::string where = kOther[2] + " يقع في صحراء النقب، وهي صحراء واسعة.";
  {
    naba::Index w(db.path.string());
    w.add(article("r", "مفاعل ديمونة", lead + "\n" + where));
    w.add(article("s", "", kOther[1] + " قرب ديمونة ومفاعل ديمونة تمتد صحراء وصحراء. " + kFiller));
    w.add(article("t", "", "تمتد الصحراء الكبرى عبر شمال أفريقيا. " + kOther[1]));
    for (int i = 0; i < 12; ++i)
      w.add(article(std::string("f") + static_cast<char>('a' + i), "",
                    kOther[i % 3] + "\n" + kFiller));
  }
  REQUIRE(naba::split_passages(lead + "\n" + where).size() == 2);
  naba::Searcher s(db.path.string());
  naba::SearchOptions two;
  two.passages = 2;
  two.all_duplicates = true;
  naba::SearchResults r = s.search("أين صحراء مفاعل ديمونة", two);
  REQUIRE(r.results.size() >= 2);
  CHECK(ids(r).at(0) == "r");
  CHECK(ids(r).at(1) == "s");
  REQUIRE(r.results[0].passages.size() == 2);
  CHECK(r.results[0].passages[0].index == 1);  // the paragraph that says where
}

TEST_CASE("an article whose title names the query's subject outranks a passing mention") {
  // u is about the oasis (its title) and says once that it lies in the desert;
  // v passes by it, naming the oasis twice and the desert once in a shorter
  // paragraph. BM25 alone puts v first; the title says what u is about.
  TempDir db;
  build_corpus(db.path);
  {
    naba::Index w(db.path.string());
    w.add(article("u", "واحة سيوة",
                  "تقع واحة سيوة في الصحراء الغربية. " + kOther[0] + " " + kOther[1]));
    w.add(article("v", "", "تقع سيوة قرب الصحراء، ومرت القافلة بسيوة. " + kOther[2]));
    for (int i = 0; i < 12; ++i)
      w.add(article(std::string("f") + static_cast<char>('a' + i), "",
                    kOther[i % 3] + "\n" + kFiller));
  }
  naba::Searcher s(db.path.string());
  naba::SearchOptions all;
  all.all_duplicates = true;
  naba::SearchResults r = s.search("أين تقع سيوة في الصحراء", all);
  CHECK(ids(r) == std::vector<std::string>{"u", "v"});
  // Without the title's word in the query, the title adds nothing: v, which
  // has the desert in a shorter paragraph, comes first.
  CHECK(ids(s.search("الصحراء", all)) == std::vector<std::string>{"v", "u"});
}

TEST_CASE(
    "the total is exact up to 200 matching articles, an estimate within 10% beyond, and says "
    "which") {
  TempDir db;
  {
    naba::Index w(db.path.string());
    // 2,000 articles: the river in 1,200, the mountain in 1,000 (both in 400 of them), and
    // 150 about snow.
    for (int i = 0; i < 2000; ++i) {
      std::string body = "خبر رقم " + std::to_string(i);
      if (i < 1200) body += " فاض نهر الفرات" + std::string(i % 3 ? "" : " وعاد النهر");
      if (i >= 800) body += " على جبل الشيخ";
      if (i % 13 == 0 && i < 1950) body += " تساقط الثلج";
      w.add(article(std::string("a").append(std::to_string(i)), "", body,
                    i % 3 ? "2018-05-01" : "2016-02-03", i % 2 ? "BBC" : "CNN"));
    }
  }
  naba::Searcher s(db.path.string());
  naba::SearchOptions all;
  all.all_duplicates = true;
  naba::SearchResults few = s.search("الثلج", all);
  CHECK(few.total_exact);
  CHECK(few.total == 150);
  // One word: Xapian knows how many articles have it.
  naba::SearchResults river = s.search("نهر", all);
  CHECK(river.total_exact);
  CHECK(river.total == 1200);
  // Either of two words, in 2,000 articles: Xapian ranks 40 and estimates the
  // rest; they are counted.
  naba::SearchResults many = s.search("نهر جبل", all);
  CHECK(many.total_exact);
  CHECK(many.total == 2000);
  all.limit = 5000;  // every match, to count them
  CHECK(s.search("نهر جبل", all).results.size() == 2000);
  // Filters alone too.
  all.limit = 10;
  for (auto [query, count] : {std::pair{"date:..2017-12-31", 667},
                              {"source:bbc", 1000},
                              {"source:cnn date:2018-01-01..", 666}}) {
    CAPTURE(query);
    naba::SearchResults filtered = s.search(query, all);
    CHECK(filtered.total_exact);
    CHECK(filtered.total == count);
  }
}

TEST_CASE("a word in no article, and unknown to news, is searched as the nearest word it holds") {
  TempDir db;
  {
    naba::Index w(db.path.string());
    w.add(article("cancer", "الطب",
                  "أعلن الأطباء علاجا جديدا لمرض السرطان في المستشفى.\n" + kFiller, "2018-01-01",
                  "BBC"));
    w.add(article("alex", "تاريخ", "قاد الإسكندر الأكبر جيوشه إلى الشرق.\n" + kOther[0],
                  "2018-01-02", "BBC"));
    w.add(article("odd", "كلمة", "ظهرت كلمة قرطزطز في النص وحدها.\n" + kOther[1], "2018-01-03",
                  "BBC"));
    w.commit();
  }
  naba::Searcher s(db.path.string());

  SUBCASE("a letter off") {
    naba::SearchResults r = s.search("علاج الصرطان");
    REQUIRE(r.corrections.size() == 1);
    CHECK(r.corrections[0].word == "الصرطان");
    CHECK(r.corrections[0].searched == "السرطان");
    REQUIRE(!r.warnings.empty());
    CHECK(r.warnings.back().find("الصرطان") != std::string::npos);
    REQUIRE(ids(r) == std::vector<std::string>{"cancer"});
    const naba::PassageHit& p = r.results[0].passages[0];
    std::vector<std::string> marked;
    for (std::size_t i = 0; i < p.highlights.size(); ++i) marked.push_back(highlighted(p, i));
    CHECK(std::find(marked.begin(), marked.end(), "السرطان") != marked.end());
  }
  SUBCASE("two words run together") {
    naba::SearchResults r = s.search("الاسكندرالاكبر");
    REQUIRE(r.corrections.size() == 1);
    CHECK(r.corrections[0].searched == "الاسكندر الاكبر");
    CHECK(ids(r) == std::vector<std::string>{"alex"});
  }
  SUBCASE("searched as written: quoted, excluded, asked so, or parsed once") {
    CHECK(s.search("\"الصرطان\"").results.empty());
    naba::SearchOptions as_written;
    as_written.correct = false;
    naba::SearchResults off = s.search("الصرطان", as_written);
    CHECK(off.results.empty());
    CHECK(off.corrections.empty());
    naba::SearchResults excluded = s.search("الأكبر -الصرطان");
    CHECK(excluded.corrections.empty());
    CHECK(ids(excluded) == std::vector<std::string>{"alex"});
    naba::SearchResults parsed = s.search(s.parse("الصرطان"));
    CHECK(parsed.results.empty());
    CHECK(parsed.corrections.empty());
  }
  SUBCASE("a word the index holds, or that news writes, is never replaced") {
    naba::SearchResults odd = s.search("قرطزطز");  // no news word, but in an article
    CHECK(odd.corrections.empty());
    CHECK(ids(odd) == std::vector<std::string>{"odd"});
    naba::SearchResults school = s.search("المدرسة");  // news writes it; no article has it
    CHECK(school.corrections.empty());
    CHECK(school.results.empty());
  }
}
