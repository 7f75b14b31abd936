#pragma once
// SQLite backend: WAL, foreign keys ON, synchronous=FULL, a busy timeout; one connection.
// Callers serialize access to one SqliteDatabase (the registry holds a mutex); open several
// for concurrent readers.

#include <sqlite3.h>

#include <memory>
#include <string>

#include "store/database.h"

namespace siklus::store::sqlite {

class SqliteDatabase final : public Database {
 public:
  //! Opens (creating) the file, or ":memory:"; sets the pragmas and creates the store tables.
  static Result<std::unique_ptr<SqliteDatabase>> open(const std::string& path);
  ~SqliteDatabase() override;

  std::string_view backend() const override { return "sqlite"; }
  Result<std::unique_ptr<Statement>> prepare(std::string_view sql) override;
  Status exec(std::string_view sql) override;
  int64_t last_insert_id() const override;
  Status begin_write() override;
  Status commit_write() override;
  void rollback_write() override;

  sqlite3* handle() const { return db_; }
  const std::string& path() const { return path_; }

 private:
  SqliteDatabase() = default;
  sqlite3* db_ = nullptr;
  std::string path_;
};

//! Maps an SQLite result code to our error codes (constraint -> kConflict, busy -> kBusy).
Error sqlite_error(sqlite3* db, int rc, std::string_view what);

}  // namespace siklus::store::sqlite
