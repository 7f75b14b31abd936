#pragma once
// The one storage interface (design.md): domain code speaks SQL through Database, Transaction and
// Statement and never includes a backend header. SQL uses `?` positional parameters and the
// dialect SQLite and PostgreSQL share (INSERT … ON CONFLICT … DO UPDATE, RETURNING, CTEs); a
// PostgreSQL backend rewrites `?` to `$n`. Every write goes through a Transaction, and every write
// transaction appends to the ordered change log (monotonic seq) before it commits, so engines can
// rebuild from the store and the log after a crash.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"

namespace siklus::store {

//! A prepared statement. Parameters are 1-based, columns 0-based (as in both SQLite and libpq).
//! Not thread-safe; belongs to the Database (or Transaction) that prepared it.
class Statement {
 public:
  virtual ~Statement() = default;
  virtual Statement& bind(int index, int64_t value) = 0;
  virtual Statement& bind(int index, double value) = 0;
  virtual Statement& bind(int index, std::string_view text) = 0;
  virtual Statement& bind_null(int index) = 0;
  Statement& bind(int index, int value) { return bind(index, static_cast<int64_t>(value)); }
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, const std::string& text) {
    return bind(index, std::string_view(text));
  }
  //! Binds the value or NULL.
  template <typename T>
  Statement& bind(int index, const std::optional<T>& v) {
    return v ? bind(index, *v) : bind_null(index);
  }

  //! Runs to the next row: true if a row is available, false when done. kConflict on a
  //! constraint violation (unique, foreign key, check), kBusy when locked.
  virtual Result<bool> step() = 0;
  //! Runs a statement that returns no rows (or ignores them).
  Status run();
  //! Clears bindings and rewinds for reuse with new parameters.
  virtual void reset() = 0;

  virtual bool is_null(int column) const = 0;
  virtual int64_t column_int64(int column) const = 0;
  virtual double column_double(int column) const = 0;
  //! Valid until the next step/reset.
  virtual std::string_view column_text(int column) const = 0;
  //! The result's shape (valid after a step that returned a row).
  virtual int column_count() const = 0;
  virtual std::string column_name(int column) const = 0;
  int column_int(int column) const { return static_cast<int>(column_int64(column)); }
  std::string column_string(int column) const { return std::string(column_text(column)); }
};

//! One change log entry (table change_log): what a write transaction did.
struct Change {
  std::string entity;  // "person", "facility", "user", "region", …
  std::string id;      // entity id, or a range "first-last" for bulk batches
  std::string op;      // "insert", "update", "delete", "import", …
};

class Database;

//! A write transaction. Rolled back on destruction unless committed. Commit refuses when no
//! change was recorded: every write must reach the change log (design.md).
class Transaction {
 public:
  Transaction(Database& db, std::string actor);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  Status begin();
  //! Appends to change_log in this transaction (seq assigned by the store, monotonic).
  Status record(const Change& change);
  Status commit();
  void rollback();
  bool active() const { return active_; }

 private:
  Database& db_;
  std::string actor_;
  bool active_ = false;
  int changes_ = 0;
};

//! One schema step. Versions are per `module` and applied in order, each in one transaction.
struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;  // may hold several statements
};

//! Safe to share between threads: each thread works on its own connection (SQLite) or pooled
//! session (PostgreSQL), so a Transaction, a Statement and last_insert_id() belong to the thread
//! that made them. Readers run concurrently; writers are serialized by the backend.
class Database {
 public:
  virtual ~Database() = default;
  //! "sqlite" or "postgresql": for the rare dialect switch (e.g. bulk-load pragmas).
  virtual std::string_view backend() const = 0;
  virtual Result<std::unique_ptr<Statement>> prepare(std::string_view sql) = 0;
  //! Runs one or more statements without parameters.
  virtual Status exec(std::string_view sql) = 0;
  //! Last id assigned by an INSERT on this connection (prefer RETURNING).
  virtual int64_t last_insert_id() const = 0;

  //! Applies the migrations of `module` whose version is above the recorded one, in order, each
  //! in its own transaction together with its row in schema_migrations. Refuses (kConflict) a
  //! database whose `module` is at a version this binary does not know (made by a newer one).
  Status migrate(std::string_view module, std::span<const Migration> migrations);
  //! Highest applied version of `module` (0 if none).
  Result<int> schema_version(std::string_view module);

  //! Source of the timestamps the store writes (change_log.at, feed_position.updated_at).
  //! Domains bind their own timestamps from it too, so a test pins one clock for everything.
  //! Set it before the database is shared between threads.
  const Clock& clock() const { return *clock_; }
  std::shared_ptr<const Clock> shared_clock() const { return clock_; }
  void set_clock(std::shared_ptr<const Clock> clock) { clock_ = std::move(clock); }

  //! Brackets a large import on the calling thread: backend tuning for bulk writes (a large
  //! page cache on SQLite; nothing on PostgreSQL, which uses COPY instead). Domains call these
  //! rather than issuing PRAGMAs. end_bulk_load() restores the normal settings.
  virtual Status begin_bulk_load() { return {}; }
  virtual Status end_bulk_load() { return {}; }

  //! Raw transaction control, used by Transaction. Nested begin is an internal error.
  virtual Status begin_write() = 0;
  virtual Status commit_write() = 0;
  virtual void rollback_write() = 0;

 protected:
  Database() = default;

 private:
  std::shared_ptr<const Clock> clock_ = wall_clock();
};

//! The tables the store itself owns (schema_migrations, change_log, feed_position); created by
//! open().
extern const std::string_view kStoreSchema;

//! Makes `table` append-only: any later UPDATE or DELETE of its rows fails with kConflict
//! ("<table> is append-only"). Idempotent; call it from the owner's open() after migrating.
//! (A trigger on SQLite, a rule or trigger on PostgreSQL: the dialect stays in store.)
Status make_append_only(Database& db, std::string_view table);

struct OpenOptions {
  //! PostgreSQL: connections at most (each thread holding a Statement or Transaction holds one;
  //! the rest wait for one). SQLite opens one connection per thread and ignores it.
  int pool_size = 8;
};

//! `postgresql://…` or `postgres://…` (a libpq URL).
bool is_postgres_url(std::string_view url);

//! Opens the backend named by `url`: a PostgreSQL URL selects PostgreSQL; `sqlite://PATH`, a
//! plain file path or ":memory:" selects SQLite. A PostgreSQL server that cannot be reached is
//! kBusy with a message naming the server (password hidden).
Result<std::unique_ptr<Database>> open_database(const std::string& url,
                                                const OpenOptions& options = {});

}  // namespace siklus::store
