// SQLite FTS5 peer: one row per article in an FTS5 table (id UNINDEXED, title, body) with
// tokenize='unicode61 remove_diacritics 2', the text stored in FTS5's own content table.
// A query is the OR of its whitespace-separated words, each quoted (so FTS5 syntax characters
// in the text are literal), ranked by bm25() with snippet() of the body for every hit (with
// --ids-only, the same query without snippet()).
// Command line: see baseline_driver.h (--corpus is not needed: FTS5 keeps the text).
#include <sqlite3.h>

#include <filesystem>
#include <stdexcept>

#include "baseline_driver.h"

namespace {

class Db {
 public:
  Db(const std::string& path, int flags) {
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      const std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw std::runtime_error(path + ": " + msg);
    }
  }
  ~Db() { sqlite3_close(db_); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  void exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      const std::string msg = err ? err : sqlite3_errmsg(db_);
      sqlite3_free(err);
      throw std::runtime_error(msg);
    }
  }
  sqlite3_stmt* prepare(const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
      throw std::runtime_error(sqlite3_errmsg(db_));
    }
    return stmt;
  }
  const char* error() const { return sqlite3_errmsg(db_); }

 private:
  sqlite3* db_ = nullptr;
};

class Fts5Indexer : public naba_bench::Indexer {
 public:
  explicit Fts5Indexer(const std::string& path)
      : db_(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) {
    db_.exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;");
    db_.exec(
        "CREATE VIRTUAL TABLE articles USING fts5(id UNINDEXED, title, body, "
        "tokenize='unicode61 remove_diacritics 2')");
    db_.exec("BEGIN");
    insert_ = db_.prepare("INSERT INTO articles(id, title, body) VALUES (?, ?, ?)");
  }
  ~Fts5Indexer() override { sqlite3_finalize(insert_); }
  void add(const naba::Article& a) override {
    sqlite3_bind_text(insert_, 1, a.id.data(), static_cast<int>(a.id.size()), SQLITE_STATIC);
    sqlite3_bind_text(insert_, 2, a.title.data(), static_cast<int>(a.title.size()), SQLITE_STATIC);
    sqlite3_bind_text(insert_, 3, a.body.data(), static_cast<int>(a.body.size()), SQLITE_STATIC);
    const int rc = sqlite3_step(insert_);
    sqlite3_reset(insert_);
    if (rc != SQLITE_DONE) throw std::runtime_error(a.id + ": " + db_.error());
  }
  void commit() override { db_.exec("COMMIT"); }

 private:
  Db db_;
  sqlite3_stmt* insert_ = nullptr;
};

/** The FTS5 query for free text: "w1" OR "w2" ..., quotes doubled inside a word. */
std::string fts5_query(const std::string& text) {
  std::string out, word;
  auto flush = [&] {
    if (word.empty()) return;
    if (!out.empty()) out += " OR ";
    out += '"' + word + '"';
    word.clear();
  };
  for (const char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      flush();
    } else {
      if (c == '"') word += '"';
      word += c;
    }
  }
  flush();
  return out;
}

class Fts5Searcher : public naba_bench::Searcher {
 public:
  explicit Fts5Searcher(const std::string& path)
      : db_(path, SQLITE_OPEN_READONLY),
        select_(
            db_.prepare("SELECT id, bm25(articles), snippet(articles, 2, '<b>', '</b>', '...', 48) "
                        "FROM articles WHERE articles MATCH ? ORDER BY bm25(articles) LIMIT ?")),
        select_ids_(db_.prepare("SELECT id, bm25(articles) FROM articles WHERE articles MATCH ? "
                                "ORDER BY bm25(articles) LIMIT ?")) {}
  ~Fts5Searcher() override {
    sqlite3_finalize(select_);
    sqlite3_finalize(select_ids_);
  }
  std::vector<naba_bench::Hit> search(const std::string& text, std::size_t n, bool snippets,
                                      std::size_t& snippet_bytes) override {
    const std::string query = fts5_query(text);
    std::vector<naba_bench::Hit> hits;
    if (query.empty()) return hits;
    sqlite3_stmt* const select = snippets ? select_ : select_ids_;
    sqlite3_bind_text(select, 1, query.data(), static_cast<int>(query.size()), SQLITE_STATIC);
    sqlite3_bind_int64(select, 2, static_cast<sqlite3_int64>(n));
    int rc;
    while ((rc = sqlite3_step(select)) == SQLITE_ROW) {
      const auto* id = reinterpret_cast<const char*>(sqlite3_column_text(select, 0));
      // bm25() is lower for better matches; the run's score is higher for better.
      hits.push_back({id ? id : "", -sqlite3_column_double(select, 1)});
      if (snippets) snippet_bytes += static_cast<std::size_t>(sqlite3_column_bytes(select, 2));
    }
    sqlite3_reset(select);
    if (rc != SQLITE_DONE) throw std::runtime_error(db_.error());
    return hits;
  }

 private:
  Db db_;
  sqlite3_stmt* select_;
  sqlite3_stmt* select_ids_;
};

}  // namespace

int main(int argc, char** argv) {
  const naba_bench::Engine engine{
      "naba_bench_fts5", "fts5", false,
      [](const std::string& db) {
        std::filesystem::remove(db);  // a fresh index, as the other engines make
        return std::make_unique<Fts5Indexer>(db);
      },
      [](const std::string& db, const naba_bench::Bodies&) {
        return std::make_unique<Fts5Searcher>(db);
      }};
  return naba_bench::run(engine, argc, argv);
}
