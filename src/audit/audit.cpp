#include "audit/audit.h"

#include <ctime>

#include "core/clock.h"
#include "core/date.h"

namespace siklus::audit {
namespace {

// Migration 1 is the shape the registry's migration 2 created before audit was its own module:
// IF NOT EXISTS lets existing databases record it over their table; 2 adds what other domains
// record (object, area, counts).
constexpr store::Migration kMigrations[] = {
    {1, "audit log", R"sql(
CREATE TABLE IF NOT EXISTS audit_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  user_id INTEGER,
  username TEXT NOT NULL,
  action TEXT NOT NULL,
  person_id INTEGER,
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS audit_person ON audit_log (person_id, seq);
)sql"},
    {2, "object, area and count of every domain's events", R"sql(
ALTER TABLE audit_log ADD COLUMN object TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN area TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN row_count INTEGER;
CREATE INDEX audit_user ON audit_log (username, seq);
CREATE INDEX audit_at ON audit_log (at);
)sql"},
};

// "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ".
bool valid_time(const std::string& t) {
  if (t.size() != 10 && t.size() != 20) return false;
  if (!Date::parse(std::string_view(t).substr(0, 10))) return false;
  if (t.size() == 10) return true;
  auto digits = [&](size_t at) {
    return t[at] >= '0' && t[at] <= '9' && t[at + 1] >= '0' && t[at + 1] <= '9';
  };
  return t[10] == 'T' && digits(11) && t[13] == ':' && digits(14) && t[16] == ':' && digits(17) &&
         t[19] == 'Z';
}

}  // namespace

Status AuditLog::migrate(store::Database& db) {
  SK_TRY(db.migrate("audit", kMigrations));
  // Nobody, not even the owner, changes or removes an entry.
  return store::make_append_only(db, "audit_log");
}

AuditLog::AuditLog(std::shared_ptr<store::Database> db, Options options)
    : db_(std::move(db)), options_(std::move(options)) {}

Result<std::unique_ptr<AuditLog>> AuditLog::open(std::shared_ptr<store::Database> db,
                                                 Options options) {
  std::unique_ptr<AuditLog> log(new AuditLog(std::move(db), std::move(options)));
  std::lock_guard lock(log->mu_);
  SK_TRY(migrate(*log->db_));
  return log;
}

Result<int64_t> AuditLog::insert_locked(const identity::User& who, const Event& e) {
  const int64_t now = options_.now ? options_.now() : static_cast<int64_t>(std::time(nullptr));
  auto st = db_->prepare(
      "INSERT INTO audit_log (at, user_id, username, action, object, person_id, area, detail, "
      "row_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq");
  if (!st) return st.error();
  auto& s = **st;
  s.bind(1, Clock::iso_time(now));
  s.bind(2, who.id != 0 ? std::optional<int64_t>(who.id) : std::nullopt);
  s.bind(3, who.username).bind(4, e.action).bind(5, e.object).bind(6, e.person_id);
  s.bind(7, e.area).bind(8, e.detail).bind(9, e.count);
  auto r = s.step();
  if (!r) return r.error();
  if (!*r) return Error::internal("audit insert returned no row");
  const int64_t seq = s.column_int64(0);
  SK_TRY(s.run());  // finish the statement
  return seq;
}

Status AuditLog::record(const identity::User& who, const Event& e) {
  std::lock_guard lock(mu_);
  store::Transaction tx(*db_, who.username);
  SK_TRY(tx.begin());
  auto seq = insert_locked(who, e);
  if (!seq) return seq.error();
  SK_TRY(tx.record({"audit_log", std::to_string(*seq), "insert"}));
  return tx.commit();
}

Status AuditLog::record_in_transaction(const identity::User& who, const Event& e) {
  std::lock_guard lock(mu_);
  auto seq = insert_locked(who, e);
  if (!seq) return seq.error();
  return {};
}

Result<Page> AuditLog::query(const Query& q) {
  if (q.page < 1) return Error::invalid("page", "page starts at 1");
  if (q.page_size < 1 || q.page_size > 1000) {
    return Error::invalid("page_size", "page_size must be 1-1000");
  }
  if (!q.since.empty() && !valid_time(q.since)) {
    return Error::invalid("since", "expected a date YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ");
  }
  if (!q.until.empty() && !valid_time(q.until)) {
    return Error::invalid("until", "expected a date YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ");
  }
  // A date as `until` includes its whole day: every "YYYY-MM-DDT…" sorts below "YYYY-MM-DDU".
  const std::string until = q.until.size() == 10 ? q.until + "U" : q.until + " ";
  const std::string where =
      " WHERE (? = '' OR username = ?) AND (? = 0 OR person_id = ?) AND (? = '' OR at >= ?) "
      "AND (? = '' OR at < ?) AND (? = '' OR action = ?)";
  auto bind_filters = [&](store::Statement& s) {
    s.bind(1, q.user).bind(2, q.user).bind(3, q.person_id ? 1 : 0).bind(4, q.person_id.value_or(0));
    s.bind(5, q.since).bind(6, q.since).bind(7, q.until).bind(8, until);
    s.bind(9, q.action).bind(10, q.action);
  };
  std::lock_guard lock(mu_);
  Page page;
  page.page = q.page;
  page.page_size = q.page_size;
  {
    auto st = db_->prepare("SELECT COUNT(*) FROM audit_log" + where);
    if (!st) return st.error();
    bind_filters(**st);
    auto r = (*st)->step();
    if (!r) return r.error();
    page.total = (*st)->column_int64(0);
  }
  auto st = db_->prepare(
      "SELECT seq, at, username, user_id, action, object, person_id, area, detail, row_count "
      "FROM audit_log" +
      where + " ORDER BY seq DESC LIMIT ? OFFSET ?");
  if (!st) return st.error();
  bind_filters(**st);
  (*st)->bind(11, q.page_size).bind(12, static_cast<int64_t>(q.page - 1) * q.page_size);
  while (true) {
    auto r = (*st)->step();
    if (!r) return r.error();
    if (!*r) break;
    auto& s = **st;
    Entry e;
    e.seq = s.column_int64(0);
    e.at = s.column_string(1);
    e.user = s.column_string(2);
    if (!s.is_null(3)) e.user_id = s.column_int64(3);
    e.action = s.column_string(4);
    e.object = s.column_string(5);
    if (!s.is_null(6)) e.person_id = s.column_int64(6);
    e.area = s.column_string(7);
    e.detail = s.column_string(8);
    if (!s.is_null(9)) e.count = s.column_int64(9);
    page.entries.push_back(std::move(e));
  }
  return page;
}

}  // namespace siklus::audit
