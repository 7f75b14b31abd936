#pragma once
// PostgreSQL backend through libpq. A bounded pool of connections ("sessions"); a thread borrows
// one for as long as it holds a Statement or an open Transaction, and gives it back when it holds
// neither, so the same thread always sees its own transaction. Statements are prepared once per
// session (cached by SQL text). Writers take one transaction-level advisory lock, as SQLite has
// one writer, so change_log seqs are assigned in commit order for the change feed. Inside a
// transaction every statement runs under a savepoint, so a failing statement (a unique violation
// the caller handles) leaves the transaction usable, as on SQLite.
//
// A lost connection surfaces as kBusy ("database unavailable"); the session is dropped and the
// next borrow opens a new connection, so the pool recovers when the server is back.

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "store/database.h"

namespace siklus::store::postgres {

struct Session;
class Pool;

class PostgresDatabase final : public Database {
 public:
  //! Connects (the URL goes to libpq as is), checks the server, creates the store tables.
  static Result<std::unique_ptr<PostgresDatabase>> open(const std::string& url,
                                                        const OpenOptions& options);
  ~PostgresDatabase() override;

  std::string_view backend() const override { return "postgresql"; }
  Result<std::unique_ptr<Statement>> prepare(std::string_view sql) override;
  Status exec(std::string_view sql) override;
  int64_t last_insert_id() const override;
  Status begin_write() override;
  Status commit_write() override;
  void rollback_write() override;
  Status begin_bulk_load() override;
  Status end_bulk_load() override;

  //! Sessions open now (idle or borrowed); never above the pool size.
  size_t open_sessions() const;

 private:
  explicit PostgresDatabase(std::shared_ptr<Pool> pool);
  //! The calling thread's session: the one it holds, or a newly borrowed one.
  Result<std::shared_ptr<Session>> session();

  std::shared_ptr<Pool> pool_;
  mutable std::mutex mu_;  // bound_, pinned_
  std::unordered_map<std::thread::id, std::weak_ptr<Session>> bound_;
  // Held from begin_write to commit/rollback so the transaction keeps its session.
  std::unordered_map<std::thread::id, std::shared_ptr<Session>> pinned_;
  std::unordered_set<std::thread::id> bulk_threads_;  // between begin/end_bulk_load
};

//! Makes `table` append-only with a trigger that raises an integrity error (kConflict).
Status make_append_only_postgres(Database& db, std::string_view table);

}  // namespace siklus::store::postgres
