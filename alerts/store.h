// The alert store: a small RAII layer over SQLite (private to naba_alerts).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace naba::alerts {

class Statement;

/** One SQLite connection; errors become naba::Error(io) naming the file. */
class Store {
 public:
  enum class Mode {
    create,     ///< read-write, created if missing
    existing,   ///< read-write, it must exist
    read_only,  ///< it must exist, and nothing may write it (a read-only folder): immutable
  };
  Store(const std::string& path, Mode mode);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  void exec(const char* sql);
  Statement prepare(const char* sql);
  [[noreturn]] void fail(std::string_view what) const;
  const std::string& path() const { return path_; }
  sqlite3* handle() const { return db_; }

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
};

/** A prepared statement: bind(1, ...), then step() until it returns false. */
class Statement {
 public:
  Statement(Store& store, const char* sql);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int i, std::string_view text);
  Statement& bind(int i, std::int64_t value);
  /** Next row: true while there is one; resets the statement when done. */
  bool step();
  /** Runs a statement that returns no rows. */
  void run();
  std::string text(int column) const;
  std::int64_t integer(int column) const;
  void reset();

 private:
  Store* store_;
  sqlite3_stmt* stmt_ = nullptr;
};

/** BEGIN IMMEDIATE ... COMMIT, rolled back if not committed. */
class Transaction {
 public:
  /** @p begin: "BEGIN IMMEDIATE" for a write, "BEGIN" for reads. */
  explicit Transaction(Store& store, const char* begin = "BEGIN IMMEDIATE");
  ~Transaction();
  void commit();

 private:
  Store& store_;
  bool done_ = false;
};

}  // namespace naba::alerts
