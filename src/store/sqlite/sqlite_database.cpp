#include "store/sqlite/sqlite_database.h"

#include <string>

namespace siklus::store::sqlite {
namespace {

class SqliteStatement final : public Statement {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* st) : db_(db), st_(st) {}
  ~SqliteStatement() override { sqlite3_finalize(st_); }

  Statement& bind(int i, int64_t v) override {
    rewind_if_done();
    sqlite3_bind_int64(st_, i, v);
    return *this;
  }
  Statement& bind(int i, double v) override {
    rewind_if_done();
    sqlite3_bind_double(st_, i, v);
    return *this;
  }
  Statement& bind(int i, std::string_view t) override {
    rewind_if_done();
    sqlite3_bind_text(st_, i, t.data(), static_cast<int>(t.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& bind_null(int i) override {
    rewind_if_done();
    sqlite3_bind_null(st_, i);
    return *this;
  }
  Result<bool> step() override {
    const int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) {
      stepped_ = true;
      return true;
    }
    stepped_ = true;
    if (rc == SQLITE_DONE) return false;
    Error e = sqlite_error(db_, rc, sqlite3_sql(st_));
    sqlite3_reset(st_);
    return e;
  }
  void reset() override {
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
    stepped_ = false;
  }
  bool is_null(int c) const override { return sqlite3_column_type(st_, c) == SQLITE_NULL; }
  int64_t column_int64(int c) const override { return sqlite3_column_int64(st_, c); }
  double column_double(int c) const override { return sqlite3_column_double(st_, c); }
  std::string_view column_text(int c) const override {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st_, c));
    if (!p) return {};
    return {p, static_cast<size_t>(sqlite3_column_bytes(st_, c))};
  }

 private:
  // Binding after a step starts a new execution: rewind (keeping other bindings).
  void rewind_if_done() {
    if (stepped_) {
      sqlite3_reset(st_);
      stepped_ = false;
    }
  }
  sqlite3* db_;
  sqlite3_stmt* st_;
  bool stepped_ = false;
};

}  // namespace

Error sqlite_error(sqlite3* db, int rc, std::string_view what) {
  const int primary = rc & 0xff;
  std::string msg = std::string(db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  if (!what.empty()) msg += " (in: " + std::string(what.substr(0, 120)) + ")";
  switch (primary) {
    case SQLITE_CONSTRAINT:
      return {ErrorCode::kConflict, msg, {}};
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return {ErrorCode::kBusy, msg, {}};
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_FULL:
    case SQLITE_READONLY:
      return {ErrorCode::kIo, msg, {}};
    default:
      return {ErrorCode::kInternal, msg, {}};
  }
}

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::open(const std::string& path) {
  std::unique_ptr<SqliteDatabase> d(new SqliteDatabase());
  d->path_ = path;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &d->db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    Error e = sqlite_error(d->db_, rc, "");
    e.code = ErrorCode::kIo;
    e.message = path + ": cannot open database: " + e.message;
    return e;
  }
  sqlite3_extended_result_codes(d->db_, 1);
  sqlite3_busy_timeout(d->db_, 5000);
  // Durability first (issue 8): WAL + FULL fsyncs on every commit; FKs enforced.
  SK_TRY(
      d->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
              "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536;"));
  SK_TRY(d->exec(kStoreSchema));
  return d;
}

SqliteDatabase::~SqliteDatabase() {
  if (db_) sqlite3_close_v2(db_);
}

Result<std::unique_ptr<Statement>> SqliteDatabase::prepare(std::string_view sql) {
  sqlite3_stmt* st = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &st, nullptr);
  if (rc != SQLITE_OK) return sqlite_error(db_, rc, sql);
  if (!st) return Error::internal("empty SQL statement");
  return std::unique_ptr<Statement>(new SqliteStatement(db_, st));
}

Status SqliteDatabase::exec(std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    Error e = sqlite_error(db_, rc, "");
    if (err) {
      e.message = err;
      sqlite3_free(err);
    }
    return e;
  }
  return {};
}

int64_t SqliteDatabase::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }

// IMMEDIATE takes the write lock up front, so a transaction never fails half-way with BUSY
// on lock upgrade.
Status SqliteDatabase::begin_write() { return exec("BEGIN IMMEDIATE"); }
Status SqliteDatabase::commit_write() { return exec("COMMIT"); }
void SqliteDatabase::rollback_write() {
  if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

}  // namespace siklus::store::sqlite
