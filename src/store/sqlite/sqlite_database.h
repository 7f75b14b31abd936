#pragma once
// SQLite backend: WAL, foreign keys ON, synchronous=FULL, a busy timeout; one connection per
// thread, so many threads read at once (WAL readers never block each other or the writer) while
// SQLite serializes the writers (BEGIN IMMEDIATE waits up to the busy timeout).
//
// Each thread that touches the database gets its own connection, opened lazily on first use and
// kept until the Database closes (threads of a pool reuse theirs). Transactions, statements and
// last_insert_id belong to the calling thread's connection: a Statement must be used, and a
// Transaction committed, on the thread that created it.
//
// ":memory:" opens a private temporary file (WAL, synchronous=OFF, deleted on close) rather than
// an in-memory database: SQLite in-memory databases are per connection (or need shared-cache
// mode with table-level locks), and tests should exercise the same concurrency as production.

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "store/database.h"

namespace siklus::store::sqlite {

class SqliteDatabase final : public Database {
 public:
  //! Opens (creating) the file, or a private temporary one for ":memory:"; sets the pragmas and
  //! creates the store tables.
  static Result<std::unique_ptr<SqliteDatabase>> open(const std::string& path);
  ~SqliteDatabase() override;

  std::string_view backend() const override { return "sqlite"; }
  Result<std::unique_ptr<Statement>> prepare(std::string_view sql) override;
  Status exec(std::string_view sql) override;
  int64_t last_insert_id() const override;
  Status begin_write() override;
  Status commit_write() override;
  void rollback_write() override;
  Status begin_bulk_load() override;
  Status end_bulk_load() override;

  //! The calling thread's connection, opened on first use.
  Result<sqlite3*> connection();
  //! As given to open() (":memory:" stays ":memory:").
  const std::string& path() const { return path_; }
  //! Connections opened so far (one per thread that used the database).
  size_t connection_count() const;

 private:
  SqliteDatabase();
  Result<sqlite3*> open_connection();

  const uint64_t instance_;  // unique per object for the process's life; keys the thread cache
  std::string path_;         // as given
  std::string file_;         // the file opened (a temporary one for ":memory:")
  bool temporary_ = false;
  mutable std::mutex mu_;  // conns_
  std::unordered_map<std::thread::id, sqlite3*> conns_;
};

//! Maps an SQLite result code to our error codes (constraint -> kConflict, busy -> kBusy).
Error sqlite_error(sqlite3* db, int rc, std::string_view what);

//! Makes `table` append-only: UPDATE and DELETE abort with "<table> is append-only" (kConflict).
Status make_append_only_sqlite(SqliteDatabase& db, std::string_view table);

}  // namespace siklus::store::sqlite
