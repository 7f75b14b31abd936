#include "store/sqlite/sqlite_database.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
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
  int column_count() const override { return sqlite3_column_count(st_); }
  std::string column_name(int c) const override {
    const char* name = sqlite3_column_name(st_, c);
    return name ? name : "";
  }
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

namespace {

std::atomic<uint64_t> next_instance{1};

// The last connection this thread used, so the common case (one database per thread) skips the
// map and its mutex. Instance numbers are never reused, so a stale entry never matches.
struct ThreadCache {
  uint64_t instance = 0;
  sqlite3* db = nullptr;
};
thread_local ThreadCache tl_cache;

// Connection pragmas; journal_mode=WAL is a property of the file but is cheap to repeat.
// Durability first (issue 8): FULL fsyncs on every commit, except for a private temporary file.
std::string connection_pragmas(bool temporary) {
  return std::string("PRAGMA journal_mode=WAL; PRAGMA synchronous=") +
         (temporary ? "OFF" : "FULL") +
         "; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536;";
}

Status exec_on(sqlite3* db, std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  const int rc = sqlite3_exec(db, text.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    Error e = sqlite_error(db, rc, "");
    if (err) {
      e.message = err;
      sqlite3_free(err);
    }
    return e;
  }
  return {};
}

std::string temporary_file() {
  static std::atomic<int> n{0};
  return (std::filesystem::temp_directory_path() /
          ("siklus_mem_" + std::to_string(getpid()) + "_" + std::to_string(++n) + ".db"))
      .string();
}

void remove_files(const std::string& file) {
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::filesystem::remove(file + suffix, ignored);
  }
}

}  // namespace

SqliteDatabase::SqliteDatabase() : instance_(next_instance.fetch_add(1)) {}

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::open(const std::string& path) {
  std::unique_ptr<SqliteDatabase> d(new SqliteDatabase());
  d->path_ = path;
  d->temporary_ = path == ":memory:";
  d->file_ = d->temporary_ ? temporary_file() : path;
  if (d->temporary_) remove_files(d->file_);
  auto conn = d->connection();  // the opening thread's connection; also creates the file
  if (!conn) return conn.error();
  SK_TRY(exec_on(*conn, kStoreSchema));
  return d;
}

Result<sqlite3*> SqliteDatabase::open_connection() {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(file_.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Error e = sqlite_error(db, rc, "");
    e.code = ErrorCode::kIo;
    e.message = path_ + ": cannot open database: " + e.message;
    sqlite3_close_v2(db);
    return e;
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 5000);
  auto s = exec_on(db, connection_pragmas(temporary_));
  if (!s) {
    sqlite3_close_v2(db);
    Error e = s.error();
    e.message = path_ + ": " + e.message;
    return e;
  }
  return db;
}

Result<sqlite3*> SqliteDatabase::connection() {
  if (tl_cache.instance == instance_) return tl_cache.db;
  const auto me = std::this_thread::get_id();
  std::lock_guard lock(mu_);
  auto it = conns_.find(me);
  if (it == conns_.end()) {
    // Opened under the lock: rare (once per thread), and it keeps the first open (which creates
    // the file and sets WAL) from racing a second one.
    auto db = open_connection();
    if (!db) return db.error();
    it = conns_.emplace(me, *db).first;
  }
  tl_cache = {instance_, it->second};
  return it->second;
}

size_t SqliteDatabase::connection_count() const {
  std::lock_guard lock(mu_);
  return conns_.size();
}

SqliteDatabase::~SqliteDatabase() {
  for (auto& [thread, db] : conns_) sqlite3_close_v2(db);
  if (tl_cache.instance == instance_) tl_cache = {};
  if (temporary_) remove_files(file_);
}

Result<std::unique_ptr<Statement>> SqliteDatabase::prepare(std::string_view sql) {
  auto db = connection();
  if (!db) return db.error();
  sqlite3_stmt* st = nullptr;
  const int rc = sqlite3_prepare_v3(*db, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &st, nullptr);
  if (rc != SQLITE_OK) return sqlite_error(*db, rc, sql);
  if (!st) return Error::internal("empty SQL statement");
  return std::unique_ptr<Statement>(new SqliteStatement(*db, st));
}

Status SqliteDatabase::exec(std::string_view sql) {
  auto db = connection();
  if (!db) return db.error();
  return exec_on(*db, sql);
}

int64_t SqliteDatabase::last_insert_id() const {
  // const_cast: looking up (or lazily opening) this thread's connection does not change the
  // database's observable state.
  auto db = const_cast<SqliteDatabase*>(this)->connection();
  return db ? sqlite3_last_insert_rowid(*db) : 0;
}

// IMMEDIATE takes the write lock up front, so a transaction never fails half-way with BUSY
// on lock upgrade.
Status SqliteDatabase::begin_write() { return exec("BEGIN IMMEDIATE"); }
Status SqliteDatabase::commit_write() { return exec("COMMIT"); }
void SqliteDatabase::rollback_write() {
  auto db = connection();
  if (db && !sqlite3_get_autocommit(*db)) sqlite3_exec(*db, "ROLLBACK", nullptr, nullptr, nullptr);
}

// A large page cache keeps the B-trees of a multi-million-row load in memory (512 MiB); back to
// the normal size afterwards, and let SQLite refresh its planner statistics.
Status SqliteDatabase::begin_bulk_load() { return exec("PRAGMA cache_size=-524288"); }
Status SqliteDatabase::end_bulk_load() {
  return exec("PRAGMA cache_size=-65536; PRAGMA optimize;");
}

Status make_append_only_sqlite(SqliteDatabase& db, std::string_view table) {
  const std::string t(table);
  const std::string message = "'" + t + " is append-only'";
  return db.exec("CREATE TRIGGER IF NOT EXISTS " + t + "_no_update BEFORE UPDATE ON " + t +
                 " BEGIN SELECT RAISE(ABORT, " + message + "); END;" +
                 "CREATE TRIGGER IF NOT EXISTS " + t + "_no_delete BEFORE DELETE ON " + t +
                 " BEGIN SELECT RAISE(ABORT, " + message + "); END;");
}

}  // namespace siklus::store::sqlite
