#include "store/copy.h"

#include <sqlite3.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "store/sqlite/sqlite_database.h"

namespace siklus::store {
namespace {

constexpr int kBatchRows = 2000;

bool is_sqlite(const Database& db) { return db.backend() == "sqlite"; }

Result<std::vector<std::string>> strings(Database& db, const std::string& sql,
                                         const std::string& param = {}) {
  auto st = db.prepare(sql);
  if (!st) return st.error();
  if (!param.empty()) (*st)->bind(1, param);
  std::vector<std::string> out;
  for (;;) {
    auto row = (*st)->step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back((*st)->column_string(0));
  }
}

// Table names come from the database's own catalog, but are still checked before being spliced
// into SQL.
bool plain_name(const std::string& name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!(std::islower(static_cast<unsigned char>(c)) ||
          std::isdigit(static_cast<unsigned char>(c)) || c == '_')) {
      return false;
    }
  }
  return true;
}

// A value as both backends agree on it: numbers by their double value, text as is.
std::string canonical(const Statement& st, int c) {
  if (st.is_null(c)) return std::string("\x01N", 2);
  const std::string_view text = st.column_text(c);
  if (!text.empty()) {
    const std::string s(text);
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (end && *end == '\0' && s.find_first_not_of("0123456789+-.eE") == std::string::npos) {
      char buf[40];
      std::snprintf(buf, sizeof buf, "%.17g", v);
      return buf;
    }
  }
  return std::string(text);
}

uint64_t fnv1a(std::string_view s, uint64_t h = 1469598103934665603ULL) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

// Rows are hashed one by one and the hashes summed, so the order rows come back in (which
// differs between backends) does not matter.
Result<TableSummary> summarize_table(Database& db, const std::string& table) {
  const std::string sql = table == "schema_migrations"
                              ? "SELECT module, version FROM schema_migrations"
                              : "SELECT * FROM " + table;
  auto st = db.prepare(sql);
  if (!st) return st.error();
  TableSummary s{table, 0, 0};
  for (;;) {
    auto row = (*st)->step();
    if (!row) return row.error();
    if (!*row) return s;
    uint64_t h = 1469598103934665603ULL;
    for (int c = 0; c < (*st)->column_count(); ++c) {
      h = fnv1a(canonical(**st, c), h);
      h = fnv1a("\x1f", h);
    }
    s.checksum += h * 0x9E3779B97F4A7C15ULL;
    ++s.rows;
  }
}

Result<std::vector<std::string>> referenced_tables(Database& db, const std::string& table) {
  if (is_sqlite(db)) {
    return strings(db, "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?)", table);
  }
  return strings(db,
                 "SELECT DISTINCT ccu.table_name FROM information_schema.table_constraints tc "
                 "JOIN information_schema.constraint_column_usage ccu ON "
                 "tc.constraint_name = ccu.constraint_name AND tc.table_schema = ccu.table_schema "
                 "WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_name = ? AND "
                 "tc.table_schema = current_schema()",
                 table);
}

// The command's stderr and stdout, and whether it exited 0.
std::pair<bool, std::string> run(const std::string& command) {
  std::string out;
  FILE* p = ::popen((command + " 2>&1").c_str(), "r");
  if (!p) return {false, "cannot run " + command};
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  const int status = ::pclose(p);
  return {WIFEXITED(status) && WEXITSTATUS(status) == 0, out};
}

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

Status sqlite_copy(sqlite3* from, const std::string& to_file) {
  sqlite3* dest = nullptr;
  int rc =
      sqlite3_open_v2(to_file.c_str(), &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    Error e = Error::io(to_file + ": " + sqlite3_errmsg(dest));
    sqlite3_close_v2(dest);
    return e;
  }
  sqlite3_backup* b = sqlite3_backup_init(dest, "main", from, "main");
  if (!b) {
    Error e = Error::io(to_file + ": " + sqlite3_errmsg(dest));
    sqlite3_close_v2(dest);
    return e;
  }
  // -1: every page in one step, inside one read transaction of the source: a consistent
  // snapshot, while WAL lets writers go on.
  do {
    rc = sqlite3_backup_step(b, -1);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(50);
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish(b);
  Status s = rc == SQLITE_DONE ? Status{} : Status(sqlite::sqlite_error(dest, rc, "backup"));
  if (s) {
    char* err = nullptr;
    // A backup file stands alone: no -wal beside it.
    if (sqlite3_exec(dest, "PRAGMA journal_mode=DELETE", nullptr, nullptr, &err) != SQLITE_OK) {
      sqlite3_free(err);
    }
  }
  sqlite3_close_v2(dest);
  return s;
}

std::string file_magic(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  char buf[16] = {};
  in.read(buf, sizeof buf);
  return std::string(buf, static_cast<size_t>(in.gcount()));
}

}  // namespace

Result<std::vector<std::string>> list_tables(Database& db) {
  auto names = is_sqlite(db)
                   ? strings(db,
                             "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
                             "LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
                   : strings(db,
                             "SELECT table_name FROM information_schema.tables WHERE "
                             "table_schema = current_schema() AND table_type = 'BASE TABLE' "
                             "ORDER BY table_name");
  if (!names) return names.error();
  std::map<std::string, std::vector<std::string>> parents;
  for (const auto& t : *names) {
    if (!plain_name(t)) return Error::internal("unexpected table name: " + t);
    auto refs = referenced_tables(db, t);
    if (!refs) return refs.error();
    parents[t] = *refs;
  }
  std::vector<std::string> order;
  std::set<std::string> done, visiting;
  std::function<void(const std::string&)> visit = [&](const std::string& t) {
    if (done.count(t) || visiting.count(t) || !parents.count(t)) return;
    visiting.insert(t);
    for (const auto& p : parents[t]) {
      if (p != t) visit(p);
    }
    visiting.erase(t);
    done.insert(t);
    order.push_back(t);
  };
  for (const auto& t : *names) visit(t);
  return order;
}

Result<std::vector<TableSummary>> summarize(Database& db) {
  auto tables = list_tables(db);
  if (!tables) return tables.error();
  std::vector<TableSummary> out;
  for (const auto& t : *tables) {
    auto s = summarize_table(db, t);
    if (!s) return s.error();
    out.push_back(*s);
  }
  return out;
}

Status backup(Database& db, const std::string& url, const std::string& file) {
  const std::string partial = file + ".partial";
  std::error_code ignored;
  std::filesystem::remove(partial, ignored);
  if (auto* sqlite_db = dynamic_cast<sqlite::SqliteDatabase*>(&db)) {
    auto conn = sqlite_db->connection();
    if (!conn) return conn.error();
    auto s = sqlite_copy(*conn, partial);
    if (!s) {
      std::filesystem::remove(partial, ignored);
      return s;
    }
  } else {
    auto [ok, out] = run("pg_dump --format=custom --file=" + quote(partial) + " " + quote(url));
    if (!ok) {
      std::filesystem::remove(partial, ignored);
      return Error::io("pg_dump failed: " + out);
    }
  }
  std::filesystem::rename(partial, file, ignored);
  if (ignored) return Error::io(file + ": " + ignored.message());
  return {};
}

Status restore(const std::string& file, const std::string& url) {
  const std::string magic = file_magic(file);
  const bool sqlite_file = magic.starts_with("SQLite format 3");
  const bool pg_file = magic.starts_with("PGDMP");
  if (!sqlite_file && !pg_file) {
    return Error::invalid("from",
                          file + " is not a siklus backup (SQLite file or pg_dump archive)");
  }
  if (pg_file != is_postgres_url(url)) {
    return Error::invalid("from",
                          "a backup restores into the same kind of database it came from; "
                          "use siklus migrate to move between SQLite and PostgreSQL");
  }
  if (pg_file) {
    auto [ok, out] =
        run("pg_restore --exit-on-error --no-owner --dbname=" + quote(url) + " " + quote(file));
    if (!ok) return Error::io("pg_restore failed: " + out);
    return {};
  }
  const std::string path = url.starts_with("sqlite://") ? url.substr(9) : url;
  std::error_code ec;
  if (std::filesystem::exists(path, ec) && std::filesystem::file_size(path, ec) > 0) {
    return Error::conflict("db", path + " already exists; restore into a new file");
  }
  sqlite3* src = nullptr;
  if (sqlite3_open_v2(file.c_str(), &src, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    Error e = Error::io(file + ": " + sqlite3_errmsg(src));
    sqlite3_close_v2(src);
    return e;
  }
  auto s = sqlite_copy(src, path);
  sqlite3_close_v2(src);
  if (s) {
    // Back to the store's journal mode; the next open sets the rest.
    sqlite3* d = nullptr;
    if (sqlite3_open_v2(path.c_str(), &d, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
      sqlite3_exec(d, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
    }
    sqlite3_close_v2(d);
  }
  return s;
}

Result<std::vector<TableSummary>> copy_database(
    Database& from, Database& to, const std::function<void(const TableSummary&)>& progress) {
  auto versions_from = summarize_table(from, "schema_migrations");
  auto versions_to = summarize_table(to, "schema_migrations");
  if (!versions_from) return versions_from.error();
  if (!versions_to) return versions_to.error();
  if (!(*versions_from == *versions_to)) {
    return Error::conflict("from",
                           "the two databases are at different schema versions; open the source "
                           "once with this siklus so its migrations run, then migrate");
  }
  auto tables = list_tables(from);
  if (!tables) return tables.error();
  auto dest_tables = list_tables(to);
  if (!dest_tables) return dest_tables.error();
  const std::set<std::string> known(dest_tables->begin(), dest_tables->end());
  for (const auto& t : *tables) {
    if (!known.count(t)) {
      return Error::conflict("to", "table " + t + " has no schema in the destination");
    }
    if (t == "schema_migrations" || t == "change_log" || t == "feed_position") continue;
    auto s = summarize_table(to, t);
    if (!s) return s.error();
    if (s->rows != 0)
      return Error::conflict("to", "the destination is not empty (table " + t + ")");
  }
  // The destination's log holds only its own migrations: it takes the source's log instead,
  // so change-feed positions stay meaningful. The copy writes through the raw transaction
  // calls: the rows it writes are already in the log it copies.
  SK_TRY(to.begin_write());
  auto cleared = to.exec("DELETE FROM change_log; DELETE FROM feed_position;");
  if (!cleared) {
    to.rollback_write();
    return cleared.error();
  }
  SK_TRY(to.commit_write());

  std::vector<TableSummary> out;
  for (const auto& t : *tables) {
    if (t == "schema_migrations") continue;
    auto sel = from.prepare("SELECT * FROM " + t);
    if (!sel) return sel.error();
    std::unique_ptr<Statement> ins;
    int columns = 0, in_batch = 0;
    auto flush = [&]() -> Status {
      if (in_batch == 0) return {};
      in_batch = 0;
      return to.commit_write();
    };
    for (;;) {
      auto row = (*sel)->step();
      if (!row) {
        if (in_batch) to.rollback_write();
        return row.error();
      }
      if (!*row) break;
      if (!ins) {
        columns = (*sel)->column_count();
        std::string names, marks;
        for (int c = 0; c < columns; ++c) {
          const std::string name = (*sel)->column_name(c);
          if (!plain_name(name)) return Error::internal("unexpected column name: " + name);
          names += (c ? ", " : "") + name;
          marks += c ? ", ?" : "?";
        }
        auto p = to.prepare("INSERT INTO " + t + " (" + names + ") VALUES (" + marks + ")");
        if (!p) return p.error();
        ins = std::move(*p);
      }
      if (in_batch == 0) SK_TRY(to.begin_write());
      // Text for every value: each backend converts it to the column's type.
      for (int c = 0; c < columns; ++c) {
        if ((*sel)->is_null(c)) {
          ins->bind_null(c + 1);
        } else {
          ins->bind(c + 1, (*sel)->column_text(c));
        }
      }
      auto s = ins->run();
      if (!s) {
        to.rollback_write();
        return Error{s.error().code, t + ": " + s.error().message, {}};
      }
      if (++in_batch == kBatchRows) SK_TRY(flush());
    }
    SK_TRY(flush());
    if (!is_sqlite(to)) {
      // Identities go on after the copied ids (SQLite finds the next rowid by itself).
      auto cols = strings(to,
                          "SELECT column_name FROM information_schema.columns WHERE "
                          "table_schema = current_schema() AND is_identity = 'YES' AND "
                          "table_name = ?",
                          t);
      if (!cols) return cols.error();
      for (const auto& c : *cols) {
        if (!plain_name(c)) continue;
        SK_TRY(to.exec("SELECT setval(pg_get_serial_sequence('" + t + "', '" + c +
                       "'), COALESCE(MAX(" + c + "), 0) + 1, false) FROM " + t));
      }
    }
    auto a = summarize_table(from, t);
    auto b = summarize_table(to, t);
    if (!a) return a.error();
    if (!b) return b.error();
    if (!(*a == *b)) {
      return Error::conflict("to", t + ": the copy differs from the source (" +
                                       std::to_string(a->rows) + " rows, copied " +
                                       std::to_string(b->rows) + ")");
    }
    if (progress) progress(*a);
    out.push_back(*a);
  }
  out.insert(out.begin(), *versions_from);
  return out;
}

}  // namespace siklus::store
