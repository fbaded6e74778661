// Plain Xapian baseline, set up the way the peer engines were measured: one document per
// article, TermGenerator + QueryParser with Xapian::Stem("arabic") and STEM_SOME, BM25 defaults,
// MSet::snippet() of every hit's body (read from --corpus: the index stores only the article id),
// or with --ids-only the hits' ids alone.
// Command line: see baseline_driver.h.
#include <xapian.h>

#include "baseline_driver.h"

namespace {

const Xapian::Stem& stemmer() {
  static const Xapian::Stem stem("arabic");
  return stem;
}

class XapianIndexer : public naba_bench::Indexer {
 public:
  explicit XapianIndexer(const std::string& db) : db_(db, Xapian::DB_CREATE_OR_OPEN) {
    tg_.set_stemmer(stemmer());
    tg_.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  }
  void add(const naba::Article& a) override {
    Xapian::Document doc;
    tg_.set_document(doc);
    tg_.index_text(a.title, 1, "S");
    tg_.increase_termpos();
    tg_.index_text(a.title + "\n" + a.body);
    doc.set_data(a.id);
    const std::string id_term = "Q" + a.id;
    doc.add_boolean_term(id_term);
    db_.replace_document(id_term, doc);
  }
  void commit() override { db_.commit(); }

 private:
  Xapian::WritableDatabase db_;
  Xapian::TermGenerator tg_;
};

class XapianSearcher : public naba_bench::Searcher {
 public:
  XapianSearcher(const std::string& db, const naba_bench::Bodies& bodies)
      : db_(db), enquire_(db_), bodies_(bodies) {
    qp_.set_stemmer(stemmer());
    qp_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    qp_.set_default_op(Xapian::Query::OP_OR);
    qp_.set_database(db_);
    enquire_.set_weighting_scheme(Xapian::BM25Weight());
  }
  std::vector<naba_bench::Hit> search(const std::string& text, std::size_t n, bool snippets,
                                      std::size_t& snippet_bytes) override {
    static const std::string kNoText;
    Xapian::Query query;
    try {
      query = qp_.parse_query(text, Xapian::QueryParser::FLAG_DEFAULT);
    } catch (const Xapian::QueryParserError& e) {
      throw std::runtime_error(e.get_msg());
    }
    enquire_.set_query(query);
    const Xapian::MSet mset = enquire_.get_mset(0, static_cast<Xapian::doccount>(n));
    std::vector<naba_bench::Hit> hits;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      hits.push_back({it.get_document().get_data(), it.get_weight()});
      if (!snippets) continue;
      const auto body = bodies_.find(hits.back().id);
      snippet_bytes +=
          mset.snippet(body == bodies_.end() ? kNoText : body->second, 500, stemmer()).size();
    }
    return hits;
  }

 private:
  Xapian::Database db_;
  Xapian::Enquire enquire_;
  Xapian::QueryParser qp_;
  const naba_bench::Bodies& bodies_;
};

}  // namespace

int main(int argc, char** argv) {
  const naba_bench::Engine engine{
      "naba_bench_xapian", "xapian", true,
      [](const std::string& db) { return std::make_unique<XapianIndexer>(db); },
      [](const std::string& db, const naba_bench::Bodies& bodies) {
        return std::make_unique<XapianSearcher>(db, bodies);
      }};
  return naba_bench::run(engine, argc, argv, [] {
    try {
      throw;
    } catch (const Xapian::Error& e) {
      return e.get_description();
    }
  });
}
