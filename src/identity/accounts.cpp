#include "identity/accounts.h"

#include <ctime>

#include "core/clock.h"
#include "identity/credentials.h"
#include "identity/password_policy.h"

namespace siklus::identity {
namespace {

// Databases made before identity was its own module already hold these tables (the registry's
// migration 2 created them): IF NOT EXISTS lets this migration record its version over them.
constexpr store::Migration kMigrations[] = {
    {1, "users and sessions", R"sql(
CREATE TABLE IF NOT EXISTS app_user (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('dinkes_admin', 'puskesmas', 'nakes', 'kader')),
  scope TEXT NOT NULL,
  display_name TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS session (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS session_expiry ON session (expires_at);
)sql"},
    // Administration in the browser: an account can be switched off without deleting its history
    // (audit entries name it), and a password change is dated.
    {2, "disabled accounts and password dates", R"sql(
ALTER TABLE app_user ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE app_user ADD COLUMN password_changed_at TEXT;
)sql"},
};

Error unauthenticated(const char* message) { return {ErrorCode::kUnauthenticated, message, {}}; }

}  // namespace

Status Accounts::migrate(store::Database& db) { return db.migrate("identity", kMigrations); }

Accounts::Accounts(std::shared_ptr<store::Database> db, AccountsOptions options)
    : db_(std::move(db)), options_(std::move(options)), guard_(options_.guard) {}

Result<std::unique_ptr<Accounts>> Accounts::open(std::shared_ptr<store::Database> db,
                                                 AccountsOptions options) {
  std::unique_ptr<Accounts> a(new Accounts(std::move(db), std::move(options)));
  std::lock_guard lock(a->mu_);
  SK_TRY(migrate(*a->db_));
  return a;
}

int64_t Accounts::now() const {
  return options_.now ? options_.now() : static_cast<int64_t>(std::time(nullptr));
}

Result<User> Accounts::load_locked(std::string_view column, std::string_view value,
                                   std::string* password_hash, bool* disabled) {
  // `column` is one of two literals chosen here, never input.
  auto st = db_->prepare(
      "SELECT id, username, role, scope, display_name, password_hash, disabled FROM app_user "
      "WHERE " +
      std::string(column) + " = ?");
  if (!st) return st.error();
  (*st)->bind(1, value);
  auto r = (*st)->step();
  if (!r) return r.error();
  if (!*r) return Error::not_found("no such user");
  auto& s = **st;
  User u;
  u.id = s.column_int64(0);
  u.username = s.column_string(1);
  u.role = parse_role(s.column_text(2)).value_or(Role::kKader);
  u.scope = s.column_string(3);
  u.display_name = s.column_string(4);
  if (password_hash) *password_hash = s.column_string(5);
  if (disabled) *disabled = s.column_int64(6) != 0;
  if (options_.scope_name) u.scope_name = options_.scope_name(u);
  return u;
}

Result<User> Accounts::user(int64_t id) {
  std::lock_guard lock(mu_);
  return load_locked("id", std::to_string(id), nullptr);
}

Result<User> Accounts::add_user(const NewUser& nu) {
  SK_TRY(check_username(nu.username));
  SK_TRY(check_password(nu.password, nu.username));
  auto hash = hash_password(nu.password);  // slow on purpose; outside the lock
  if (!hash) return hash.error();
  std::lock_guard lock(mu_);
  store::Transaction tx(*db_, "cli");
  SK_TRY(tx.begin());
  auto ins = db_->prepare(
      "INSERT INTO app_user (username, password_hash, role, scope, display_name, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
  if (!ins) return ins.error();
  (*ins)->bind(1, nu.username).bind(2, *hash).bind(3, role_code(nu.role)).bind(4, nu.scope);
  (*ins)->bind(5, nu.display_name.empty() ? nu.username : nu.display_name);
  (*ins)->bind(6, Clock::iso_time(now()));
  auto r = (*ins)->step();
  if (!r) {
    if (r.error().code == ErrorCode::kConflict) {
      return Error::conflict("username", "username already exists: " + nu.username);
    }
    return r.error();
  }
  const int64_t id = (*ins)->column_int64(0);
  SK_TRY((*ins)->run());
  SK_TRY(tx.record({"user", std::to_string(id), "insert"}));
  SK_TRY(tx.commit());
  return load_locked("id", std::to_string(id), nullptr);
}

Result<Session> Accounts::login(const LoginRequest& req, int* retry_after) {
  const int64_t t = now();
  const int64_t wait = guard_.wait(req.client_address, req.username, t);
  if (wait > 0) {
    if (retry_after) *retry_after = static_cast<int>(wait);
    return Error{ErrorCode::kRateLimited,
                 "too many failed logins; try again in " + std::to_string(wait) + " s", "password"};
  }
  std::optional<User> user;
  std::string hash;
  bool disabled = false;
  {
    std::lock_guard lock(mu_);
    auto u = load_locked("username", req.username, &hash, &disabled);
    if (u) {
      user = std::move(*u);
    } else if (u.error().code != ErrorCode::kNotFound) {
      return u.error();
    }
  }
  if (!user) {
    // Same work as a real check, so timing does not reveal which usernames exist.
    std::call_once(dummy_once_, [this] {
      if (auto h = hash_password("not-a-password-of-anyone")) dummy_hash_ = *h;
    });
    (void)verify_password(dummy_hash_, req.password);
  }
  if (!user || !verify_password(hash, req.password)) {
    guard_.failed(req.client_address, req.username, t);
    return unauthenticated("wrong username or password");
  }
  guard_.succeeded(req.client_address, req.username);
  // Said only after the right password, so it tells nothing to someone guessing.
  if (disabled) {
    return Error{ErrorCode::kForbidden, "this account is disabled; ask the Dinkes admin",
                 "username"};
  }
  Session s;
  s.token = new_session_token();
  s.user = *user;
  s.expires_at = t + options_.session_ttl_seconds;
  std::lock_guard lock(mu_);
  store::Transaction tx(*db_, user->username);
  SK_TRY(tx.begin());
  auto ins = db_->prepare(
      "INSERT INTO session (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)");
  if (!ins) return ins.error();
  (*ins)->bind(1, token_hash(s.token)).bind(2, user->id).bind(3, t).bind(4, s.expires_at);
  SK_TRY((*ins)->run());
  auto purge = db_->prepare("DELETE FROM session WHERE expires_at < ?");
  if (!purge) return purge.error();
  (*purge)->bind(1, t);
  SK_TRY((*purge)->run());
  SK_TRY(tx.record({"session", std::to_string(user->id), "login"}));
  SK_TRY(tx.commit());
  return s;
}

Status Accounts::logout(std::string_view token) {
  std::lock_guard lock(mu_);
  store::Transaction tx(*db_, "session");
  SK_TRY(tx.begin());
  auto del = db_->prepare("DELETE FROM session WHERE token_hash = ?");
  if (!del) return del.error();
  (*del)->bind(1, token_hash(token));
  SK_TRY((*del)->run());
  SK_TRY(tx.record({"session", "-", "logout"}));
  return tx.commit();
}

Result<Session> Accounts::session(std::string_view token) {
  const int64_t t = now();
  const std::string h = token_hash(token);
  std::lock_guard lock(mu_);
  auto st = db_->prepare("SELECT user_id, expires_at FROM session WHERE token_hash = ?");
  if (!st) return st.error();
  (*st)->bind(1, h);
  auto r = (*st)->step();
  if (!r) return r.error();
  if (!*r || (*st)->column_int64(1) <= t)
    return unauthenticated("not logged in or session expired");
  const int64_t user_id = (*st)->column_int64(0);
  int64_t expires = (*st)->column_int64(1);
  bool disabled = false;
  auto user = load_locked("id", std::to_string(user_id), nullptr, &disabled);
  if (!user || disabled) return unauthenticated("not logged in or session expired");
  // Sliding expiry, written at most every half lifetime so requests stay read-only.
  if (expires - t < options_.session_ttl_seconds / 2) {
    expires = t + options_.session_ttl_seconds;
    store::Transaction tx(*db_, user->username);
    SK_TRY(tx.begin());
    auto up = db_->prepare("UPDATE session SET expires_at = ? WHERE token_hash = ?");
    if (!up) return up.error();
    (*up)->bind(1, expires).bind(2, h);
    SK_TRY((*up)->run());
    SK_TRY(tx.record({"session", std::to_string(user_id), "extend"}));
    SK_TRY(tx.commit());
  }
  return Session{std::string(token), *user, expires};
}

// ---- administration -----------------------------------------------------------------------------

namespace {

constexpr const char* kAccountColumns =
    "SELECT u.id, u.username, u.role, u.scope, u.display_name, u.disabled, u.created_at, "
    "u.password_changed_at, (SELECT COUNT(*) FROM session s WHERE s.user_id = u.id AND "
    "s.expires_at > ?) FROM app_user u ";

}  // namespace

Result<std::vector<Account>> Accounts::accounts() {
  std::lock_guard lock(mu_);
  auto st = db_->prepare(std::string(kAccountColumns) + "ORDER BY u.username");
  if (!st) return st.error();
  (*st)->bind(1, now());
  std::vector<Account> out;
  while (true) {
    auto r = (*st)->step();
    if (!r) return r.error();
    if (!*r) break;
    auto& s = **st;
    Account a;
    a.user.id = s.column_int64(0);
    a.user.username = s.column_string(1);
    a.user.role = parse_role(s.column_text(2)).value_or(Role::kKader);
    a.user.scope = s.column_string(3);
    a.user.display_name = s.column_string(4);
    a.disabled = s.column_int64(5) != 0;
    a.created_at = s.column_string(6);
    a.password_changed_at = s.column_string(7);
    a.sessions = s.column_int64(8);
    if (options_.scope_name) a.user.scope_name = options_.scope_name(a.user);
    out.push_back(std::move(a));
  }
  return out;
}

Result<Account> Accounts::account(std::string_view username) {
  auto all = accounts();
  if (!all) return all.error();
  for (Account& a : *all) {
    if (a.user.username == username) return std::move(a);
  }
  return Error::not_found("no such user");
}

Result<Account> Accounts::update(std::string_view username, const AccountPatch& patch,
                                 std::string_view actor) {
  {
    std::lock_guard lock(mu_);
    auto user = load_locked("username", username, nullptr);
    if (!user) return user.error();
    store::Transaction tx(*db_, std::string(actor));
    SK_TRY(tx.begin());
    auto up = db_->prepare(
        "UPDATE app_user SET role = COALESCE(?, role), scope = COALESCE(?, scope), "
        "display_name = COALESCE(?, display_name), disabled = COALESCE(?, disabled) "
        "WHERE id = ?");
    if (!up) return up.error();
    auto& u = **up;
    if (patch.role)
      u.bind(1, role_code(*patch.role));
    else
      u.bind_null(1);
    if (patch.scope)
      u.bind(2, *patch.scope);
    else
      u.bind_null(2);
    if (patch.display_name)
      u.bind(3, *patch.display_name);
    else
      u.bind_null(3);
    if (patch.disabled)
      u.bind(4, int64_t{*patch.disabled ? 1 : 0});
    else
      u.bind_null(4);
    u.bind(5, user->id);
    SK_TRY(u.run());
    // A disabled account, or one whose role or scope changed, starts again from a login.
    if (patch.disabled.value_or(false) || patch.role || patch.scope) {
      SK_TRY(end_sessions_in_tx(user->id, {}));
    }
    SK_TRY(tx.record({"user", std::to_string(user->id), "update"}));
    SK_TRY(tx.commit());
  }
  return account(username);
}

Result<bool> Accounts::check_password_of(std::string_view username, std::string_view password) {
  std::string hash;
  {
    std::lock_guard lock(mu_);
    auto user = load_locked("username", username, &hash);
    if (!user) return user.error();
  }
  return verify_password(hash, password);
}

Status Accounts::set_password(std::string_view username, std::string_view new_password,
                              std::string_view actor, std::string_view keep_token) {
  if (auto ok = check_password(new_password, username); !ok) {
    return Error::invalid("new_password", ok.error().message);
  }
  auto hash = hash_password(new_password);  // slow on purpose; outside the lock
  if (!hash) return hash.error();
  std::lock_guard lock(mu_);
  auto user = load_locked("username", username, nullptr);
  if (!user) return user.error();
  store::Transaction tx(*db_, std::string(actor));
  SK_TRY(tx.begin());
  auto up =
      db_->prepare("UPDATE app_user SET password_hash = ?, password_changed_at = ? WHERE id = ?");
  if (!up) return up.error();
  (*up)->bind(1, *hash).bind(2, Clock::iso_time(now())).bind(3, user->id);
  SK_TRY((*up)->run());
  // Whoever held the old password is logged out everywhere, except the one changing it.
  SK_TRY(end_sessions_in_tx(user->id, keep_token));
  SK_TRY(tx.record({"user", std::to_string(user->id), "password"}));
  return tx.commit();
}

Result<std::vector<SessionInfo>> Accounts::sessions(int64_t user_id,
                                                    std::string_view current_token) {
  const std::string current = current_token.empty() ? std::string() : token_hash(current_token);
  std::lock_guard lock(mu_);
  auto st = db_->prepare(
      "SELECT token_hash, created_at, expires_at FROM session WHERE user_id = ? AND expires_at > ? "
      "ORDER BY created_at DESC, token_hash");
  if (!st) return st.error();
  (*st)->bind(1, user_id).bind(2, now());
  std::vector<SessionInfo> out;
  while (true) {
    auto r = (*st)->step();
    if (!r) return r.error();
    if (!*r) break;
    SessionInfo s;
    const std::string h = (*st)->column_string(0);
    s.id = h.substr(0, 12);
    s.created_at = (*st)->column_int64(1);
    s.expires_at = (*st)->column_int64(2);
    s.current = !current.empty() && h == current;
    out.push_back(std::move(s));
  }
  return out;
}

Result<int64_t> Accounts::end_sessions(int64_t user_id, std::string_view keep_token,
                                       std::string_view actor) {
  std::lock_guard lock(mu_);
  store::Transaction tx(*db_, std::string(actor));
  SK_TRY(tx.begin());
  auto n = end_sessions_in_tx(user_id, keep_token);
  if (!n) return n.error();
  SK_TRY(tx.record({"session", std::to_string(user_id), "logout_all"}));
  SK_TRY(tx.commit());
  return *n;
}

Result<int64_t> Accounts::end_sessions_in_tx(int64_t user_id, std::string_view keep_token) {
  auto count = db_->prepare("SELECT COUNT(*) FROM session WHERE user_id = ? AND token_hash <> ?");
  if (!count) return count.error();
  const std::string keep = keep_token.empty() ? std::string() : token_hash(keep_token);
  (*count)->bind(1, user_id).bind(2, keep);
  auto r = (*count)->step();
  if (!r) return r.error();
  const int64_t n = (*count)->column_int64(0);
  auto del = db_->prepare("DELETE FROM session WHERE user_id = ? AND token_hash <> ?");
  if (!del) return del.error();
  (*del)->bind(1, user_id).bind(2, keep);
  SK_TRY((*del)->run());
  return n;
}

Status insert_users(store::Database& db, std::span<const UserRecord> users, std::string_view now) {
  auto ins = db.prepare(
      "INSERT INTO app_user (username, password_hash, role, scope, display_name, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?)");
  if (!ins) return ins.error();
  for (const UserRecord& u : users) {
    (*ins)->reset();
    (*ins)->bind(1, u.username).bind(2, u.password_hash).bind(3, role_code(u.role));
    (*ins)->bind(4, u.scope).bind(5, u.display_name).bind(6, now);
    SK_TRY((*ins)->run());
  }
  return {};
}

Status delete_users(store::Database& db, std::string_view scope_first, std::string_view scope_last,
                    std::span<const std::string> scopes, std::span<const std::string> usernames) {
  auto range = db.prepare("DELETE FROM app_user WHERE scope >= ? AND scope < ?");
  if (!range) return range.error();
  (*range)->bind(1, scope_first).bind(2, scope_last);
  SK_TRY((*range)->run());
  auto by_scope = db.prepare("DELETE FROM app_user WHERE scope = ?");
  if (!by_scope) return by_scope.error();
  for (const std::string& s : scopes) {
    (*by_scope)->reset();
    (*by_scope)->bind(1, s);
    SK_TRY((*by_scope)->run());
  }
  auto by_name = db.prepare("DELETE FROM app_user WHERE username = ?");
  if (!by_name) return by_name.error();
  for (const std::string& n : usernames) {
    (*by_name)->reset();
    (*by_name)->bind(1, n);
    SK_TRY((*by_name)->run());
  }
  return {};
}

}  // namespace siklus::identity
