// Names of several words, user aliases and entity-aware ranking, end to end.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "naba/aliases.h"
#include "naba/analyzer.h"
#include "naba/error.h"
#include "naba/index.h"
#include "naba/search.h"
#include "test_helpers.h"

namespace fs = std::filesystem;

namespace {

using naba::test::article;
using naba::test::TempDir;

const std::string kOther =
    "وقال المتحدث إن الاجتماع ناقش الأوضاع الاقتصادية والسياسية في المنطقة وسبل التعاون بين "
    "البلدين في مجالات التجارة والطاقة والتعليم والصحة خلال الأعوام المقبلة.";

// Each article names its subject one way only.
void build(const fs::path& db) {
  naba::Index w(db.string());
  w.add(article("sdf-long", "تقدم في الشمال",
                "سيطرت قوات سوريا الديمقراطية على قرية جديدة قرب الرقة.\n" + kOther));
  w.add(article("sdf-short", "بيان", "أعلنت قسد أنها أسرت عشرات المسلحين.\n" + kOther));
  w.add(article("sdf-latin", "Statement", "The SDF said the Syrian Democratic Forces advanced."));
  w.add(article("deir", "قصف", "قتل خمسة مدنيين في قصف على بدير الزور اليوم.\n" + kOther));
  w.add(article("deir-joined", "غارات", "غارات على ديرالزور وريفها.\n" + kOther));
  w.add(article("silo", "تصريحات", "وقال طلال سلو إن المعركة مستمرة في الريف الشرقي.\n" + kOther));
  w.add(
      article("caliphate", "تحليل", "سقطت عاصمة الخلافة المزعومة بعد أشهر من القتال.\n" + kOther));
  w.commit();
}

std::vector<std::string> ids(const naba::SearchResults& r) {
  std::vector<std::string> out;
  for (const auto& res : r.results) out.push_back(res.id);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> marked(const naba::SearchResult& r) {
  std::vector<std::string> out;
  for (const auto& p : r.passages)
    for (const auto& h : p.highlights) out.push_back(p.text.substr(h.start, h.end - h.start));
  return out;
}

using Ids = std::vector<std::string>;

}  // namespace

TEST_CASE("the analyzer marks names of several words at their first word") {
  naba::Analyzer a;
  auto t = a.analyze("هاجمت لقوات سوريا الديمقراطية");
  REQUIRE(t.size() == 4);
  CHECK(t[0].entity.empty());
  CHECK(t[1].entity == "~قسد");  // clitic on the first word
  CHECK(t[1].entity_words == 3);
  CHECK(t[1].entity_end == t[3].end);
  CHECK(t[1].term != "~قسد");  // the word keeps its own term beside the name's
  CHECK(a.analyze("قسد")[0].term == "~قسد");

  auto deir = a.analyze("Deir ez-Zor");
  CHECK(deir[0].entity == a.analyze("ديرالزور")[0].term);
  CHECK(a.analyze("Dayr az-Zawr")[0].entity == deir[0].entity);
  CHECK(a.analyze("دير البلح")[0].entity != deir[0].entity);
  CHECK(a.analyze("دير")[0].entity.empty());  // one word of a name is no name

  // Acronyms are names only in capitals.
  CHECK(a.analyze("SDF")[0].term == "~قسد");
  CHECK(a.analyze("sdf")[0].term == "sdf");

  auto e = a.entity("~قسد");
  REQUIRE(e);
  CHECK(e->id == "sdf");
  CHECK(e->type == "group");
  CHECK(e->max_words == 3);
  CHECK(!a.entity("قسد"));
}

TEST_CASE("a name of several words matches every spelling, in words, phrases and booleans") {
  TempDir db;
  build(db.path);
  naba::Searcher s(db.path.string());
  naba::SearchOptions all;
  all.all_duplicates = true;
  const Ids sdf{"sdf-latin", "sdf-long", "sdf-short"};
  CHECK(ids(s.search("قسد", all)) == sdf);
  CHECK(ids(s.search("قوات سوريا الديمقراطية", all)) == sdf);
  CHECK(ids(s.search("Syrian Democratic Forces", all)) == sdf);
  CHECK(ids(s.search("SDF", all)) == sdf);
  CHECK(ids(s.search("\"قوات سوريا الديمقراطية\"", all)) == sdf);
  // Inside a phrase: the name may be one word in the text and three in the query, or the reverse.
  CHECK(ids(s.search("\"أعلنت قوات سوريا الديمقراطية\"", all)) == Ids{"sdf-short"});
  CHECK(ids(s.search("\"سيطرت قسد على قرية\"", all)) == Ids{"sdf-long"});
  CHECK(ids(s.search("\"سيطرت قسد على مدينة\"", all)).empty());
  // In boolean queries.
  CHECK(ids(s.search("قسد AND الرقة", all)) == Ids{"sdf-long"});
  CHECK(ids(s.search("(Syrian Democratic Forces) -الرقة", all)) == Ids{"sdf-latin", "sdf-short"});

  const Ids deir{"deir", "deir-joined"};
  CHECK(ids(s.search("دير الزور", all)) == deir);
  CHECK(ids(s.search("Deir ez-Zor", all)) == deir);
  CHECK(ids(s.search("Deir al-Zour", all)) == deir);
  CHECK(ids(s.search("ديرالزور", all)) == deir);

  // The whole mention is highlighted, clitics and all.
  auto r = s.search("SDF", all);
  for (const auto& res : r.results) {
    auto m = marked(res);
    REQUIRE(!m.empty());
    if (res.id == "sdf-long") CHECK(m == std::vector<std::string>{"قوات سوريا الديمقراطية"});
    if (res.id == "sdf-short") CHECK(m == std::vector<std::string>{"قسد"});
    if (res.id == "sdf-latin")
      CHECK(m == std::vector<std::string>{"SDF", "Syrian Democratic Forces"});
  }
  auto d = s.search("Deir ez-Zor", all);
  for (const auto& res : d.results)
    CHECK(marked(res) == std::vector<std::string>{res.id == "deir" ? "بدير الزور" : "ديرالزور"});
}

TEST_CASE("a user alias works at once, both ways, without re-indexing") {
  TempDir db;
  build(db.path);
  naba::Searcher s(db.path.string());
  naba::SearchOptions all;
  all.all_duplicates = true;
  CHECK(s.search("Talal Silo", all).results.empty());
  CHECK(ids(s.search("Raqqa", all)) == Ids{"sdf-long"});

  naba::Aliases aliases(db.path.string());
  CHECK(aliases.add("Talal Silo", {"طلال سلو"}) == 1);
  // الرقه is the name itself; Raqqa is the same gazetteer name as الرقة.
  CHECK(aliases.add("الرقة", {"عاصمة الخلافة", "الرقه"}) == 1);
  CHECK(aliases.add("Raqqa", {"عاصمة الخلافة"}) == 0);
  CHECK(aliases.entries().size() == 2);
  CHECK(fs::exists(db.path / "aliases.tsv"));

  // The same Searcher sees the change on its next search.
  auto silo = s.search("Talal Silo", all);
  REQUIRE(ids(silo) == Ids{"silo"});
  CHECK(marked(silo.results[0]) == std::vector<std::string>{"طلال سلو"});
  CHECK(ids(s.search("\"طلال سلو\"", all)) == Ids{"silo"});

  // Any spelling of Raqqa finds the user's spelling, and the user's spelling finds the
  // gazetteer's, each highlighted whole.
  auto raqqa = s.search("Raqqa", all);
  CHECK(ids(raqqa) == Ids{"caliphate", "sdf-long"});
  for (const auto& res : raqqa.results)
    CHECK(marked(res) ==
          std::vector<std::string>{res.id == "caliphate" ? "عاصمة الخلافة" : "الرقة"});
  CHECK(ids(s.search("بالرقة", all)) == Ids{"caliphate", "sdf-long"});
  CHECK(ids(s.search("عاصمة الخلافة", all)) == Ids{"caliphate", "sdf-long"});
  CHECK(ids(s.search("\"قرب عاصمة الخلافة\"", all)) == Ids{"sdf-long"});  // in a phrase too

  // A second handle on the same file sees what the first wrote.
  naba::Aliases again(db.path.string());
  REQUIRE(again.find("بالرقة"));  // names compare as the name they are
  CHECK(again.find("Al-Raqqah")->spellings == std::vector<std::string>{"عاصمة الخلافة"});

  CHECK(aliases.remove("الرقة", {"عاصمة الخلافة"}) == 1);
  CHECK(ids(s.search("Raqqa", all)) == Ids{"sdf-long"});
  CHECK(aliases.remove("Talal Silo") == 1);
  CHECK(s.search("Talal Silo", all).results.empty());
  CHECK(aliases.entries().empty());
  CHECK_THROWS_AS(aliases.remove("Talal Silo"), naba::Error);
}

TEST_CASE("bad aliases get clear errors") {
  TempDir db;
  build(db.path);
  naba::Aliases aliases(db.path.string());
  CHECK_THROWS_WITH_AS(aliases.add("x", {"a|b"}), doctest::Contains("'|'"), naba::Error);
  CHECK_THROWS_WITH_AS(aliases.add("x", {"..."}), doctest::Contains("no word"), naba::Error);
  CHECK_THROWS_AS(naba::Aliases((db.path / "missing").string()).add("x", {"y"}), naba::Error);
  CHECK_THROWS_WITH_AS(aliases.add("x", {"في"}), doctest::Contains("only stop words"), naba::Error);
  CHECK_THROWS_WITH_AS(aliases.add("x\x1b[31m", {"y"}), doctest::Contains("control character"),
                       naba::Error);
  // A malformed line is skipped and reported, not fatal: the alias commands can repair it.
  std::ofstream(db.path / "aliases.tsv") << "# comment\nok\tspelling\nno tab here\n";
  naba::Aliases with_bad_line(db.path.string());
  CHECK(with_bad_line.entries().size() == 1);
  REQUIRE(with_bad_line.bad_lines().size() == 1);
  CHECK(with_bad_line.bad_lines()[0].find("aliases.tsv:3") != std::string::npos);
  CHECK(with_bad_line.add("x", {"y"}) == 1);
  CHECK(with_bad_line.remove("ok") == 1);
  std::ifstream in(db.path / "aliases.tsv");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(text.find("no tab here\n") != std::string::npos);  // the user's line is kept
}

TEST_CASE("aliases.tsv reads back what it writes: a '#' after spaces starts a comment") {
  // Found by fuzz_aliases: "  #x<TAB>y" was read as the name #x, written back as "#x<TAB>y",
  // a comment, and so lost at the next change.
  TempDir db;
  build(db.path);
  std::ofstream(db.path / "aliases.tsv") << "  # a comment\tnot a name\nok\tspelling\n";
  naba::Aliases aliases(db.path.string());
  CHECK(aliases.entries().size() == 1);
  CHECK(aliases.add("x", {"y"}) == 1);
  CHECK(naba::Aliases(db.path.string()).entries().size() == 2);
  CHECK_THROWS_WITH_AS(aliases.add("#x", {"y"}), doctest::Contains("comment"), naba::Error);
}

TEST_CASE("passages about a name rank above passages that brush past it") {
  TempDir db;
  {
    naba::Index w(db.path.string());
    // A short passage that mentions Aleppo once, in passing: plain BM25 prefers it.
    w.add(article("passing", "اقتصاد", "وصل الوزير إلى حلب أمس."));
    // A long passage that names Aleppo once, in an article whose title is about it.
    w.add(article("about", "معارك عنيفة في حلب",
                  "تجددت المعارك في أحياء حلب الشرقية حيث قصفت الطائرات مواقع المسلحين في "
                  "المدينة القديمة، وقال سكان إن القصف استمر طوال الليل وإن آلاف العائلات "
                  "نزحت من أحياء المدينة نحو الريف الغربي هربا من المعارك التي اشتدت بعد "
                  "انهيار الهدنة وفشل المفاوضات بين الأطراف المتحاربة في التوصل إلى اتفاق "
                  "يسمح بدخول المساعدات الإنسانية وإجلاء الجرحى والمرضى من الأحياء المحاصرة."));
    w.commit();
  }
  naba::Searcher s(db.path.string());
  naba::SearchOptions all;
  all.all_duplicates = true;
  for (const char* q : {"حلب", "Aleppo", "بحلب"}) {
    auto r = s.search(q, all);
    REQUIRE(r.results.size() == 2);
    CHECK_MESSAGE(r.results[0].id == "about", q);
  }
}
