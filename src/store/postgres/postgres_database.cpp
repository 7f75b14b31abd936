#include "store/postgres/postgres_database.h"

#include <libpq-fe.h>

#include <charconv>
#include <chrono>
#include <cstdlib>
#include <cstring>

#include "store/postgres/dialect.h"

namespace siklus::store::postgres {

// Arbitrary but fixed keys of the advisory locks every siklus process agrees on.
constexpr std::string_view kBeginWrite = "BEGIN; SELECT pg_advisory_xact_lock(7410001)";
constexpr std::string_view kSchemaLock = "SELECT pg_advisory_lock(7410002)";
constexpr std::string_view kSchemaUnlock = "SELECT pg_advisory_unlock(7410002)";
constexpr auto kBorrowTimeout = std::chrono::seconds(30);

struct Session {
  PGconn* conn = nullptr;
  std::unordered_map<std::string, std::string> prepared;  // translated SQL -> statement name
  bool in_transaction = false;
  bool bulk = false;  // in a bulk load: no savepoints (the first failure fails the batch)
  bool broken = false;
  ~Session() {
    if (conn) PQfinish(conn);
  }
};

namespace {

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

// The URL without its password, for messages.
std::string redact(const std::string& url) {
  const size_t scheme = url.find("://");
  const size_t at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos) return url;
  const size_t colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon) + ":***" + url.substr(at);
}

std::string trimmed(const char* text) {
  std::string s = text ? text : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

bool starts_with(const char* s, std::string_view prefix) {
  return s && std::string_view(s).substr(0, prefix.size()) == prefix;
}

// The server is down, restarting or out of connections: HTTP answers 503 with Retry-After.
Error unavailable(std::string message) {
  return Error{ErrorCode::kBusy, std::move(message), {}}.with_id("store.unavailable");
}

// Maps a failed result to our codes: integrity -> kConflict; lost connection, shutdown,
// serialization and lock failures -> kBusy (retry later, HTTP 503).
Error pg_error(Session& s, const PGresult* r, std::string_view what) {
  if (PQstatus(s.conn) != CONNECTION_OK) {
    s.broken = true;
    return unavailable("database unavailable: " + trimmed(PQerrorMessage(s.conn)));
  }
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string msg = primary ? primary : trimmed(PQerrorMessage(s.conn));
  if (!what.empty()) msg += " (in: " + std::string(what.substr(0, 120)) + ")";
  if (starts_with(state, "23")) return {ErrorCode::kConflict, msg, {}};
  if (starts_with(state, "40") || starts_with(state, "55P03") || starts_with(state, "08") ||
      starts_with(state, "57P") || starts_with(state, "53")) {
    if (starts_with(state, "40") || starts_with(state, "55P03")) {
      return {ErrorCode::kBusy, msg, {}};  // a lock or serialization conflict: retry
    }
    s.broken = true;
    return unavailable("database unavailable: " + msg);
  }
  return {ErrorCode::kInternal, msg, {}};
}

Result<PgResult> check(Session& s, PGresult* raw, std::string_view what) {
  PgResult r(raw);
  const auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return r;
  return pg_error(s, r.get(), what);
}

Result<PgResult> simple(Session& s, std::string_view sql) {
  const std::string text(sql);
  return check(s, PQexec(s.conn, text.c_str()), sql);
}

// Inside a transaction a statement runs under a savepoint, so its failure undoes only itself
// (SQLite's semantics) instead of aborting the whole transaction.
template <typename Run>
Result<PgResult> guarded(Session& s, Run run) {
  if (!s.in_transaction || s.bulk) return run();
  auto sp = simple(s, "SAVEPOINT sk_stmt");
  if (!sp) return sp.error();
  auto r = run();
  if (!r) {
    if (!s.broken) (void)simple(s, "ROLLBACK TO SAVEPOINT sk_stmt; RELEASE SAVEPOINT sk_stmt");
    return r;
  }
  auto rel = simple(s, "RELEASE SAVEPOINT sk_stmt");
  if (!rel) return rel.error();
  return r;
}

// The next result of a pipeline, or an error when the connection gives none.
Result<PgResult> pipeline_result(Session& s) {
  PgResult r(PQgetResult(s.conn));
  if (!r) return pg_error(s, nullptr, "pipeline");
  if (PQresultStatus(r.get()) != PGRES_PIPELINE_SYNC) {
    // Each query's results end with a NULL.
    while (PGresult* extra = PQgetResult(s.conn)) PQclear(extra);
  }
  return r;
}

// A prepared statement; inside a transaction under its own savepoint, sent with the savepoint
// and its release in one pipeline: one round trip instead of three.
Result<PgResult> run_prepared(Session& s, const std::string& name,
                              const std::vector<const char*>& params) {
  const int n = static_cast<int>(params.size());
  if (!s.in_transaction || s.bulk || PQenterPipelineMode(s.conn) != 1) {
    return guarded(s, [&] {
      return check(s, PQexecPrepared(s.conn, name.c_str(), n, params.data(), nullptr, nullptr, 0),
                   name);
    });
  }
  const bool sent =
      PQsendQueryParams(s.conn, "SAVEPOINT sk_stmt", 0, nullptr, nullptr, nullptr, nullptr, 0) &&
      PQsendQueryPrepared(s.conn, name.c_str(), n, params.data(), nullptr, nullptr, 0) &&
      PQsendQueryParams(s.conn, "RELEASE SAVEPOINT sk_stmt", 0, nullptr, nullptr, nullptr, nullptr,
                        0) &&
      PQpipelineSync(s.conn);
  if (!sent) {
    s.broken = true;
    return pg_error(s, nullptr, name);
  }
  Result<PgResult> results[4] = {Error::internal(""), Error::internal(""), Error::internal(""),
                                 Error::internal("")};
  for (auto& r : results) {
    r = pipeline_result(s);
    if (!r) break;
  }
  PQexitPipelineMode(s.conn);
  for (int i : {0, 3}) {
    if (!results[i]) return results[i].error();
  }
  auto statement = check(s, results[1]->release(), name);
  if (!statement) {
    if (!s.broken) (void)simple(s, "ROLLBACK TO SAVEPOINT sk_stmt; RELEASE SAVEPOINT sk_stmt");
    return statement.error();
  }
  auto released = check(s, results[2]->release(), "RELEASE SAVEPOINT");
  if (!released) return released.error();
  return statement;
}

void ignore_notice(void*, const char*) {}

Result<PGconn*> connect(const std::string& url) {
  PGconn* c = PQconnectdb(url.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    Error e = unavailable("cannot connect to PostgreSQL at " + redact(url) + ": " +
                          trimmed(PQerrorMessage(c)));
    PQfinish(c);
    return e;
  }
  // NOTICEs ("relation already exists, skipping") would go to stderr.
  PQsetNoticeProcessor(c, ignore_notice, nullptr);
  return c;
}

class PgStatement final : public Statement {
 public:
  PgStatement(std::shared_ptr<Session> s, std::string name, int parameters)
      : s_(std::move(s)),
        name_(std::move(name)),
        values_(static_cast<size_t>(parameters)),
        set_(static_cast<size_t>(parameters), false) {}

  Statement& bind(int i, int64_t v) override { return set(i, std::to_string(v)); }
  Statement& bind(int i, double v) override {
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return set(i, ec == std::errc() ? std::string(buf, end) : std::to_string(v));
  }
  Statement& bind(int i, std::string_view t) override { return set(i, std::string(t)); }
  Statement& bind_null(int i) override {
    rewind_if_done();
    if (in_range(i)) set_[static_cast<size_t>(i - 1)] = false;
    return *this;
  }

  Result<bool> step() override {
    if (!executed_) {
      std::vector<const char*> params(values_.size());
      for (size_t i = 0; i < values_.size(); ++i)
        params[i] = set_[i] ? values_[i].c_str() : nullptr;
      Session& s = *s_;
      auto r = run_prepared(s, name_, params);
      executed_ = true;
      if (!r) return r.error();
      result_ = std::move(*r);
      row_ = -1;
    }
    if (!result_) return false;
    ++row_;
    return row_ < PQntuples(result_.get());
  }
  void reset() override {
    result_.reset();
    executed_ = false;
    std::fill(set_.begin(), set_.end(), false);
  }
  bool is_null(int c) const override { return PQgetisnull(result_.get(), row_, c) != 0; }
  int column_count() const override { return result_ ? PQnfields(result_.get()) : 0; }
  std::string column_name(int c) const override {
    const char* name = result_ ? PQfname(result_.get(), c) : nullptr;
    return name ? name : "";
  }
  int64_t column_int64(int c) const override {
    const char* v = PQgetvalue(result_.get(), row_, c);
    if (v[0] == 't' && v[1] == '\0') return 1;  // a boolean expression, 1 as on SQLite
    if (std::strchr(v, '.') || std::strchr(v, 'e'))
      return static_cast<int64_t>(std::strtod(v, nullptr));
    return std::strtoll(v, nullptr, 10);
  }
  double column_double(int c) const override {
    const char* v = PQgetvalue(result_.get(), row_, c);
    if (v[0] == 't' && v[1] == '\0') return 1;
    return std::strtod(v, nullptr);
  }
  std::string_view column_text(int c) const override {
    if (PQgetisnull(result_.get(), row_, c)) return {};
    return {PQgetvalue(result_.get(), row_, c),
            static_cast<size_t>(PQgetlength(result_.get(), row_, c))};
  }

 private:
  bool in_range(int i) const { return i >= 1 && static_cast<size_t>(i) <= values_.size(); }
  Statement& set(int i, std::string v) {
    rewind_if_done();
    if (in_range(i)) {
      values_[static_cast<size_t>(i - 1)] = std::move(v);
      set_[static_cast<size_t>(i - 1)] = true;
    }
    return *this;
  }
  // Binding after a step starts a new execution (keeping the other bindings), as on SQLite.
  void rewind_if_done() {
    if (executed_) {
      result_.reset();
      executed_ = false;
    }
  }

  std::shared_ptr<Session> s_;
  std::string name_;
  std::vector<std::string> values_;
  std::vector<bool> set_;  // unset parameters are NULL, as on SQLite
  PgResult result_;
  int row_ = -1;
  bool executed_ = false;
};

}  // namespace

class Pool : public std::enable_shared_from_this<Pool> {
 public:
  Pool(std::string url, int size) : url_(std::move(url)), size_(size < 1 ? 1 : size) {}

  Result<std::shared_ptr<Session>> borrow() {
    std::unique_ptr<Session> s;
    {
      std::unique_lock lock(mu_);
      const bool ready =
          cv_.wait_for(lock, kBorrowTimeout, [&] { return !idle_.empty() || open_ < size_; });
      if (!ready) {
        return Error{ErrorCode::kBusy,
                     "all " + std::to_string(size_) + " database connections are busy",
                     {}};
      }
      if (!idle_.empty()) {
        s = std::move(idle_.back());
        idle_.pop_back();
      } else {
        ++open_;
      }
    }
    if (!s) {
      auto conn = connect(url_);
      if (!conn) {
        std::lock_guard lock(mu_);
        --open_;
        cv_.notify_one();
        return conn.error();
      }
      s = std::make_unique<Session>();
      s->conn = *conn;
    }
    return std::shared_ptr<Session>(
        s.release(), [self = shared_from_this()](Session* p) { self->give_back(p); });
  }

  size_t open() const {
    std::lock_guard lock(mu_);
    return static_cast<size_t>(open_);
  }
  const std::string& url() const { return url_; }

 private:
  void give_back(Session* raw) {
    std::unique_ptr<Session> s(raw);
    if (s->in_transaction || PQtransactionStatus(s->conn) != PQTRANS_IDLE) {
      // Abandoned mid-transaction (a bug or a lost connection): never hand it on half-done.
      s->in_transaction = false;
      if (!simple(*s, "ROLLBACK")) s->broken = true;
    }
    const bool healthy = !s->broken && PQstatus(s->conn) == CONNECTION_OK;
    std::lock_guard lock(mu_);
    if (healthy) {
      idle_.push_back(std::move(s));
    } else {
      // The server went away (a restart): the idle sessions are dead too, and each would cost
      // a caller one failed request; drop them all so the next borrow reconnects.
      open_ -= 1 + static_cast<int>(idle_.size());
      idle_.clear();
      s.reset();
    }
    cv_.notify_one();
  }

  const std::string url_;
  const int size_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Session>> idle_;
  int open_ = 0;
};

PostgresDatabase::PostgresDatabase(std::shared_ptr<Pool> pool) : pool_(std::move(pool)) {}

PostgresDatabase::~PostgresDatabase() = default;

Result<std::unique_ptr<PostgresDatabase>> PostgresDatabase::open(const std::string& url,
                                                                 const OpenOptions& options) {
  std::unique_ptr<PostgresDatabase> d(
      new PostgresDatabase(std::make_shared<Pool>(url, options.pool_size)));
  auto s = d->session();
  if (!s) return s.error();
  // Two processes starting at once would race on CREATE TABLE IF NOT EXISTS.
  auto lock = simple(**s, kSchemaLock);
  if (!lock) return lock.error();
  auto created = simple(**s, to_postgres(kStoreSchema).sql);
  auto unlock = simple(**s, kSchemaUnlock);
  if (!created) return created.error();
  if (!unlock) return unlock.error();
  return d;
}

size_t PostgresDatabase::open_sessions() const { return pool_->open(); }

Result<std::shared_ptr<Session>> PostgresDatabase::session() {
  const auto me = std::this_thread::get_id();
  {
    std::lock_guard lock(mu_);
    if (auto it = pinned_.find(me); it != pinned_.end()) return it->second;
    if (auto it = bound_.find(me); it != bound_.end()) {
      if (auto s = it->second.lock()) return s;
    }
  }
  auto s = pool_->borrow();  // may wait: not under mu_
  if (!s) return s.error();
  std::lock_guard lock(mu_);
  (*s)->bulk = bulk_threads_.contains(me);
  if (bound_.size() > 256)
    std::erase_if(bound_, [](const auto& kv) { return kv.second.expired(); });
  bound_[me] = *s;
  return *s;
}

Result<std::unique_ptr<Statement>> PostgresDatabase::prepare(std::string_view sql) {
  auto s = session();
  if (!s) return s.error();
  Session& session = **s;
  TranslatedSql t = to_postgres(sql);
  auto it = session.prepared.find(t.sql);
  if (it == session.prepared.end()) {
    std::string name = "sk" + std::to_string(session.prepared.size() + 1);
    auto r = guarded(session, [&]() -> Result<PgResult> {
      return check(session, PQprepare(session.conn, name.c_str(), t.sql.c_str(), 0, nullptr), sql);
    });
    if (!r) return r.error();
    it = session.prepared.emplace(t.sql, std::move(name)).first;
  }
  return std::unique_ptr<Statement>(new PgStatement(*s, it->second, t.parameters));
}

Status PostgresDatabase::exec(std::string_view sql) {
  auto s = session();
  if (!s) return s.error();
  Session& session = **s;
  const std::string text = to_postgres(sql).sql;
  auto r = guarded(session, [&] { return simple(session, text); });
  if (!r) return r.error();
  return {};
}

int64_t PostgresDatabase::last_insert_id() const {
  auto s = const_cast<PostgresDatabase*>(this)->session();
  if (!s) return 0;
  Session& session = **s;
  // lastval(): the value the session's last nextval returned, i.e. the id of its last INSERT
  // into a table with an identity (fails, harmlessly, before any).
  auto r = guarded(session, [&] { return simple(session, "SELECT lastval()"); });
  if (!r || PQntuples(r->get()) != 1) return 0;
  return std::strtoll(PQgetvalue(r->get(), 0, 0), nullptr, 10);
}

// Bulk loads write millions of rows; a savepoint per row would triple the round trips. A failing
// row then fails its whole batch (the caller's transaction rolls back), which imports report.
Status PostgresDatabase::begin_bulk_load() {
  auto s = session();
  if (!s) return s.error();
  std::lock_guard lock(mu_);
  bulk_threads_.insert(std::this_thread::get_id());
  (*s)->bulk = true;
  return {};
}

Status PostgresDatabase::end_bulk_load() {
  auto s = session();
  std::lock_guard lock(mu_);
  bulk_threads_.erase(std::this_thread::get_id());
  if (s) (*s)->bulk = false;
  return {};
}

Status PostgresDatabase::begin_write() {
  auto s = session();
  if (!s) return s.error();
  if ((*s)->in_transaction) return Error::internal("transaction already begun");
  auto r = simple(**s, kBeginWrite);
  if (!r) {
    if (!(*s)->broken) (void)simple(**s, "ROLLBACK");
    return r.error();
  }
  (*s)->in_transaction = true;
  std::lock_guard lock(mu_);
  pinned_[std::this_thread::get_id()] = *s;
  return {};
}

Status PostgresDatabase::commit_write() {
  std::shared_ptr<Session> s;
  {
    std::lock_guard lock(mu_);
    auto it = pinned_.find(std::this_thread::get_id());
    if (it == pinned_.end()) return Error::internal("commit without an active transaction");
    s = std::move(it->second);
    pinned_.erase(it);
  }
  s->in_transaction = false;
  auto r = simple(*s, "COMMIT");
  if (!r) return r.error();
  // COMMIT of an aborted transaction "succeeds" as ROLLBACK.
  if (std::string_view(PQcmdStatus(r->get())) == "ROLLBACK") {
    return Error{ErrorCode::kConflict, "transaction was rolled back by the server", {}};
  }
  return {};
}

void PostgresDatabase::rollback_write() {
  std::shared_ptr<Session> s;
  {
    std::lock_guard lock(mu_);
    auto it = pinned_.find(std::this_thread::get_id());
    if (it == pinned_.end()) return;
    s = std::move(it->second);
    pinned_.erase(it);
  }
  s->in_transaction = false;
  if (!s->broken) (void)simple(*s, "ROLLBACK");
}

Status make_append_only_postgres(Database& db, std::string_view table) {
  const std::string t(table);
  return db.exec(
      "CREATE OR REPLACE FUNCTION sk_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
      "RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = "
      "'integrity_constraint_violation'; END $$;"
      "CREATE OR REPLACE TRIGGER " +
      t + "_append_only BEFORE UPDATE OR DELETE ON " + t +
      " FOR EACH ROW EXECUTE FUNCTION sk_append_only();");
}

}  // namespace siklus::store::postgres
