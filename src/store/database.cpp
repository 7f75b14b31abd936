#include "store/database.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "store/postgres/postgres_database.h"
#include "store/sqlite/sqlite_database.h"

namespace siklus::store {

// Timestamps are bound from the Database's clock, not SQL defaults (portable across backends).
// Databases created before that keep their old DEFAULT clauses, which are simply never used.
const std::string_view kStoreSchema = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  module TEXT NOT NULL,
  version INTEGER NOT NULL,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL,
  PRIMARY KEY (module, version)
);
CREATE TABLE IF NOT EXISTS change_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  op TEXT NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS feed_position (
  name TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);
)sql";

Status Statement::run() {
  for (;;) {
    auto r = step();
    if (!r) return r.error();
    if (!*r) return {};
  }
}

Transaction::Transaction(Database& db, std::string actor) : db_(db), actor_(std::move(actor)) {}

Transaction::~Transaction() { rollback(); }

Status Transaction::begin() {
  if (active_) return Error::internal("transaction already begun");
  SK_TRY(db_.begin_write());
  active_ = true;
  changes_ = 0;
  return {};
}

Status Transaction::record(const Change& change) {
  if (!active_) return Error::internal("change recorded outside a transaction");
  auto st = db_.prepare(
      "INSERT INTO change_log (entity, entity_id, op, actor, at) VALUES (?, ?, ?, ?, ?)");
  if (!st) return st.error();
  (*st)->bind(1, change.entity).bind(2, change.id).bind(3, change.op).bind(4, actor_);
  (*st)->bind(5, db_.clock().now_iso());
  SK_TRY((*st)->run());
  ++changes_;
  return {};
}

Status Transaction::commit() {
  if (!active_) return Error::internal("commit without an active transaction");
  if (changes_ == 0) {
    rollback();
    return Error::internal("write transaction without a change log entry");
  }
  auto s = db_.commit_write();
  if (!s) {
    rollback();
    return s;
  }
  active_ = false;
  return {};
}

void Transaction::rollback() {
  if (!active_) return;
  db_.rollback_write();
  active_ = false;
}

Result<int> Database::schema_version(std::string_view module) {
  auto st = prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations WHERE module = ?");
  if (!st) return st.error();
  (*st)->bind(1, module);
  auto row = (*st)->step();
  if (!row) return row.error();
  return *row ? (*st)->column_int(0) : 0;
}

Status Database::migrate(std::string_view module, std::span<const Migration> migrations) {
  auto current = schema_version(module);
  if (!current) return current.error();
  int last = *current;
  int known = 0;
  for (const Migration& m : migrations) known = std::max(known, m.version);
  if (last > known) {
    return Error{ErrorCode::kConflict,
                 std::string(module) + ": the database is at schema version " +
                     std::to_string(last) + " but this siklus knows only up to " +
                     std::to_string(known) + "; it was written by a newer siklus, use that one",
                 {}};
  }
  for (const Migration& m : migrations) {
    if (m.version <= last) continue;
    if (m.version != last + 1) {
      return Error::internal(std::string(module) + ": migration " + std::to_string(m.version) +
                             " follows " + std::to_string(last) + " (gap or disorder)");
    }
    Transaction tx(*this, "migration");
    SK_TRY(tx.begin());
    auto s = exec(m.sql);
    if (!s) {
      return Error{s.error().code,
                   std::string(module) + " migration " + std::to_string(m.version) + " (" +
                       std::string(m.name) + "): " + s.error().message,
                   {}};
    }
    auto ins = prepare(
        "INSERT INTO schema_migrations (module, version, name, applied_at) VALUES (?, ?, ?, ?)");
    if (!ins) return ins.error();
    (*ins)->bind(1, module).bind(2, m.version).bind(3, m.name).bind(4, clock().now_iso());
    SK_TRY((*ins)->run());
    SK_TRY(tx.record({"schema", std::string(module) + ":" + std::to_string(m.version), "migrate"}));
    SK_TRY(tx.commit());
    last = m.version;
  }
  return {};
}

Status make_append_only(Database& db, std::string_view table) {
  const bool valid_name = !table.empty() && !std::isdigit(static_cast<unsigned char>(table[0])) &&
                          std::all_of(table.begin(), table.end(), [](char c) {
                            return std::islower(static_cast<unsigned char>(c)) ||
                                   std::isdigit(static_cast<unsigned char>(c)) || c == '_';
                          });
  if (!valid_name) return Error::invalid("table", "not a table name: " + std::string(table));
  if (auto* sqlite_db = dynamic_cast<sqlite::SqliteDatabase*>(&db)) {
    return sqlite::make_append_only_sqlite(*sqlite_db, table);
  }
  if (db.backend() == "postgresql") return postgres::make_append_only_postgres(db, table);
  return Error::internal("make_append_only: no implementation for backend " +
                         std::string(db.backend()));
}

bool is_postgres_url(std::string_view url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

Result<std::unique_ptr<Database>> open_database(const std::string& url,
                                                const OpenOptions& options) {
  if (is_postgres_url(url)) {
    auto db = postgres::PostgresDatabase::open(url, options);
    if (!db) return db.error();
    return std::unique_ptr<Database>(std::move(*db));
  }
  constexpr std::string_view kSqliteScheme = "sqlite://";
  const std::string path = url.starts_with(kSqliteScheme) ? url.substr(kSqliteScheme.size()) : url;
  auto db = sqlite::SqliteDatabase::open(path);
  if (!db) return db.error();
  return std::unique_ptr<Database>(std::move(*db));
}

}  // namespace siklus::store
