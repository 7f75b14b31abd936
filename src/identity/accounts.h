#pragma once
// Accounts and sessions: the tables app_user and session (owned here), password hashes, session
// tokens and login throttling. What a user's scope *means* (which facility, which region) is the
// registry's business: it resolves a scope before add_user and names it through `scope_name`.

#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "identity/login_guard.h"
#include "identity/user.h"
#include "store/database.h"

namespace siklus::identity {

struct AccountsOptions {
  //! Session lifetime (sliding), seconds.
  int64_t session_ttl_seconds = 8 * 3600;
  //! The clock (Unix seconds); default the wall clock.
  std::function<int64_t()> now;
  //! Fills User::scope_name from role and scope (called under this service's lock: it must not
  //! call back into Accounts).
  std::function<std::string(const User&)> scope_name;
  LoginGuardOptions guard;
};

//! For bulk tools (the demo city), inside the caller's transaction: users whose argon2id hash
//! the caller made. No policy check here; the caller generated the passwords.
struct UserRecord {
  std::string username;
  std::string password_hash;
  Role role = Role::kKader;
  std::string scope;  // city code, or facility id as decimal text
  std::string display_name;
};
Status insert_users(store::Database& db, std::span<const UserRecord> users, std::string_view now);
//! Removes the users scoped to a code in [scope_first, scope_last), to one of `scopes`, or named
//! in `usernames` (a city being rebuilt), with their sessions.
Status delete_users(store::Database& db, std::string_view scope_first, std::string_view scope_last,
                    std::span<const std::string> scopes, std::span<const std::string> usernames);

class Accounts {
 public:
  //! Migrates module "identity" (creates app_user and session unless present).
  static Result<std::unique_ptr<Accounts>> open(std::shared_ptr<store::Database> db,
                                                AccountsOptions options = {});
  //! Schema only, for bulk tools that do not need the service.
  static Status migrate(store::Database& db);

  //! `user.scope` must already be resolved (city code, or facility id as decimal text).
  //! Checks username and password policy; kConflict (field "username") when taken.
  Result<User> add_user(const NewUser& user);
  //! kUnauthenticated on a wrong username or password (same message for both); kRateLimited
  //! while login_guard.h holds the client back, with the seconds in *retry_after_seconds.
  Result<Session> login(const LoginRequest& request, int* retry_after_seconds = nullptr);
  Status logout(std::string_view token);
  //! The session of a token (kUnauthenticated if unknown or expired); extends its expiry.
  Result<Session> session(std::string_view token);
  //! kNotFound when no such user.
  Result<User> user(int64_t id);
  //! kNotFound when no such user.
  Result<Account> account(std::string_view username);
  //! Every account, by username. The caller (the registry) decides who may see which.
  Result<std::vector<Account>> accounts();
  //! Applies `patch` as `actor`. Disabling ends the account's sessions at once.
  Result<Account> update(std::string_view username, const AccountPatch& patch,
                         std::string_view actor);
  //! Sets a new password (password policy applies, field "new_password") and ends every session
  //! of the account except `keep_token` (the caller's own, when users change their own password).
  Status set_password(std::string_view username, std::string_view new_password,
                      std::string_view actor, std::string_view keep_token = {});
  //! True when `password` is the account's password (for "type your current password").
  Result<bool> check_password_of(std::string_view username, std::string_view password);
  //! Live sessions of a user, newest first; `current_token` marks the caller's.
  Result<std::vector<SessionInfo>> sessions(int64_t user_id, std::string_view current_token);
  //! Ends every session of the user except `keep_token`; returns how many ended.
  Result<int64_t> end_sessions(int64_t user_id, std::string_view keep_token,
                               std::string_view actor);

 private:
  Accounts(std::shared_ptr<store::Database> db, AccountsOptions options);
  int64_t now() const;
  Result<User> load_locked(std::string_view column, std::string_view value,
                           std::string* password_hash, bool* disabled = nullptr);
  //! Inside the caller's transaction, with the connection held.
  Result<int64_t> end_sessions_in_tx(int64_t user_id, std::string_view keep_token);

  std::shared_ptr<store::Database> db_;
  AccountsOptions options_;
  //! Serializes this service's statements (the store is thread-safe; this keeps each
  //! read-then-write of an account or of the log in one piece within the process).
  std::recursive_mutex mu_;
  LoginGuard guard_;
  std::once_flag dummy_once_;
  std::string dummy_hash_;
};

}  // namespace siklus::identity
