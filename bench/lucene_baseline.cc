// Lucene++ 3.0.8 peer (liblucene++-dev): its ArabicAnalyzer (Lucene's Arabic normaliser, light10
// stemmer and stop words) on one "text" field (title + body) per article, the id stored; the
// classic QueryParser (default OR) over the escaped query text, Lucene's default TF-IDF
// similarity, and a Highlighter fragment of every hit's body (read from --corpus: the index
// does not store the text), or with --ids-only the hits' stored ids alone. Segments are left
// as the default merge policy made them (no optimize), as for the other engines. Command line:
// see baseline_driver.h.
#include <ArabicAnalyzer.h>
#include <Highlighter.h>
#include <LuceneHeaders.h>
#include <QueryScorer.h>
#include <SimpleFragmenter.h>
#include <SimpleHTMLFormatter.h>

#include "baseline_driver.h"

namespace {

using namespace Lucene;

const wchar_t* const kText = L"text";
const wchar_t* const kId = L"id";

// QueryParser::escape is protected in Lucene++: the same, for the query syntax characters.
String escape(const String& text) {
  static const String kSpecial = L"\\+-!():^[]\"{}~*?|&/";
  String out;
  for (const wchar_t c : text) {
    if (kSpecial.find(c) != String::npos) out += L'\\';
    out += c;
  }
  return out;
}

AnalyzerPtr arabic_analyzer() {
  return newLucene<ArabicAnalyzer>(LuceneVersion::LUCENE_30);
}

class LuceneIndexer : public naba_bench::Indexer {
 public:
  explicit LuceneIndexer(const std::string& db)
      : writer_(newLucene<IndexWriter>(FSDirectory::open(StringUtils::toUnicode(db)),
                                       arabic_analyzer(), true,
                                       IndexWriter::MaxFieldLengthUNLIMITED)) {
    writer_->setRAMBufferSizeMB(64);
  }
  ~LuceneIndexer() override { writer_->close(); }
  void add(const naba::Article& a) override {
    DocumentPtr doc = newLucene<Document>();
    doc->add(newLucene<Field>(kId, StringUtils::toUnicode(a.id), Field::STORE_YES,
                              Field::INDEX_NOT_ANALYZED_NO_NORMS));
    doc->add(newLucene<Field>(kText, StringUtils::toUnicode(a.title + "\n" + a.body),
                              Field::STORE_NO, Field::INDEX_ANALYZED));
    writer_->addDocument(doc);
  }
  void commit() override { writer_->commit(); }

 private:
  IndexWriterPtr writer_;
};

class LuceneSearcher : public naba_bench::Searcher {
 public:
  LuceneSearcher(const std::string& db, const naba_bench::Bodies& bodies)
      : searcher_(newLucene<IndexSearcher>(
            IndexReader::open(FSDirectory::open(StringUtils::toUnicode(db)), true))),
        analyzer_(arabic_analyzer()),
        parser_(newLucene<QueryParser>(LuceneVersion::LUCENE_30, kText, analyzer_)),
        bodies_(bodies) {}
  std::vector<naba_bench::Hit> search(const std::string& text, std::size_t n, bool snippets,
                                      std::size_t& snippet_bytes) override {
    QueryPtr query;
    try {
      query = parser_->parse(escape(StringUtils::toUnicode(text)));
    } catch (LuceneException& e) {
      throw std::runtime_error(StringUtils::toUTF8(e.getError()));
    }
    const TopDocsPtr top = searcher_->search(query, static_cast<int32_t>(n));
    std::vector<naba_bench::Hit> hits;
    for (const ScoreDocPtr& sd : top->scoreDocs)
      hits.push_back({StringUtils::toUTF8(searcher_->doc(sd->doc)->get(kId)), sd->score});
    if (!snippets) return hits;
    HighlighterPtr highlighter = newLucene<Highlighter>(newLucene<SimpleHTMLFormatter>(),
                                                        newLucene<QueryScorer>(query, kText));
    highlighter->setTextFragmenter(newLucene<SimpleFragmenter>(250));
    for (const naba_bench::Hit& hit : hits) {
      const auto body = bodies_.find(hit.id);
      if (body == bodies_.end()) continue;
      const String fragment =
          highlighter->getBestFragment(analyzer_, kText, StringUtils::toUnicode(body->second));
      snippet_bytes += StringUtils::toUTF8(fragment).size();
    }
    return hits;
  }

 private:
  SearcherPtr searcher_;
  AnalyzerPtr analyzer_;
  QueryParserPtr parser_;
  const naba_bench::Bodies& bodies_;
};

}  // namespace

int main(int argc, char** argv) {
  const naba_bench::Engine engine{
      "naba_bench_lucene", "lucene", true,
      [](const std::string& db) { return std::make_unique<LuceneIndexer>(db); },
      [](const std::string& db, const naba_bench::Bodies& bodies) {
        return std::make_unique<LuceneSearcher>(db, bodies);
      }};
  return naba_bench::run(engine, argc, argv);
}
