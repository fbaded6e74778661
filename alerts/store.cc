#include "alerts/store.h"

#include "naba/error.h"

namespace naba::alerts {

namespace {

// @p path as the URI of an immutable store (% ? # escaped; "file://" before an absolute path).
std::string immutable_uri(const std::string& path) {
  std::string uri = path.starts_with('/') ? "file://" : "file:";
  for (char c : path)
    uri += c == '%' ? "%25" : c == '?' ? "%3f" : c == '#' ? "%23" : std::string(1, c);
  return uri + "?immutable=1";
}

}  // namespace

Store::Store(const std::string& path, Mode mode) : path_(path) {
  // NOFOLLOW: a symbolic link planted in the index folder must not make naba
  // write to its target.
  int rc = 0;
  if (mode == Mode::read_only)  // SQLite would create the WAL's -shm file, which the folder forbids
    rc = sqlite3_open_v2(immutable_uri(path).c_str(), &db_,
                         SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOFOLLOW, nullptr);
  else
    rc = sqlite3_open_v2(path.c_str(), &db_,
                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW |
                             (mode == Mode::create ? SQLITE_OPEN_CREATE : 0),
                         nullptr);
  if (rc != SQLITE_OK) fail("cannot open");
  sqlite3_busy_timeout(db_, 30000);  // a writer holds the store for one alert's record at most
}

Store::~Store() {
  sqlite3_close_v2(db_);
}

void Store::fail(std::string_view what) const {
  throw Error(Error::Code::io, "alert store " + path_ + ": " + std::string(what) + ": " +
                                   (db_ ? sqlite3_errmsg(db_) : "out of memory"));
}

void Store::exec(const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string m = message ? message : "unknown error";
    sqlite3_free(message);
    throw Error(Error::Code::io, "alert store " + path_ + ": " + m);
  }
}

Statement Store::prepare(const char* sql) {
  return Statement(*this, sql);
}

Statement::Statement(Store& store, const char* sql) : store_(&store) {
  if (sqlite3_prepare_v2(store.handle(), sql, -1, &stmt_, nullptr) != SQLITE_OK)
    store.fail("bad statement");
}

Statement::~Statement() {
  sqlite3_finalize(stmt_);
}

Statement::Statement(Statement&& other) noexcept : store_(other.store_), stmt_(other.stmt_) {
  other.stmt_ = nullptr;
}

Statement& Statement::bind(int i, std::string_view text) {
  if (sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT) !=
      SQLITE_OK)
    store_->fail("bind");
  return *this;
}

Statement& Statement::bind(int i, std::int64_t value) {
  if (sqlite3_bind_int64(stmt_, i, value) != SQLITE_OK) store_->fail("bind");
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  reset();
  if (rc != SQLITE_DONE) store_->fail("step");
  return false;
}

void Statement::run() {
  while (step()) {
  }
}

std::string Statement::text(int column) const {
  auto p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return p ? std::string(p, sqlite3_column_bytes(stmt_, column)) : std::string();
}

std::int64_t Statement::integer(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Transaction::Transaction(Store& store, const char* begin) : store_(store) {
  store_.exec(begin);
}

Transaction::~Transaction() {
  if (!done_) sqlite3_exec(store_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  store_.exec("COMMIT");
  done_ = true;
}

}  // namespace naba::alerts
