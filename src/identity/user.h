#pragma once
// Who acts: roles, users, sessions (issue 7 item 8: identity is its own module, below every
// domain). A domain service receives the acting `User` on every call and decides from its role
// and scope what that user may see.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace siklus::identity {

enum class Role { kDinkesAdmin, kPuskesmas, kNakes, kKader };
const char* role_code(Role role);                       // "dinkes_admin", "puskesmas", …
std::optional<Role> parse_role(std::string_view text);  // inverse of role_code

struct User {
  int64_t id = 0;  // 0: not a stored account (the system, or a failed login's name)
  std::string username;
  Role role = Role::kDinkesAdmin;
  //! dinkes_admin: the kab/kota code ("3371"); other roles: the facility id as decimal text.
  std::string scope;
  std::string scope_name;    // "Kota Magelang", "Puskesmas Jurangombo", "Posyandu Mawar RW 03"
  std::string display_name;  // "Admin Dinkes Kota Magelang"
};

//! The operator at the machine (CLI commands that need no login). Recorded in the audit log under
//! `name`; has no scope, so domain services that scope by region refuse it.
User system_user(std::string name = "cli");

struct NewUser {
  std::string username;  // 3–64 characters: letters, digits, . _ -
  std::string password;  // password_policy.h
  Role role = Role::kDinkesAdmin;
  //! dinkes_admin: kab/kota code (dots allowed). Others: facility id or facility key
  //! ("PKM-337101-01"). Empty for dinkes_admin means the city of the only loaded demo city.
  std::string scope;
  std::string display_name;  // defaults to the username
};

//! A stored account as the administration pages list it.
struct Account {
  User user;
  bool disabled = false;
  std::string created_at;           // ISO time
  std::string password_changed_at;  // ISO time; empty if never changed since creation
  int64_t sessions = 0;             // live sessions
};

//! What an administrator may change on an account; unset fields stay as they are. `scope` must
//! already be resolved (see NewUser::scope) by the caller.
struct AccountPatch {
  std::optional<Role> role;
  std::optional<std::string> scope;
  std::optional<std::string> display_name;
  std::optional<bool> disabled;
};

//! One live session of a user (the token itself is never kept, only its hash).
struct SessionInfo {
  std::string id;  // the first 12 characters of the token hash: names a session, opens nothing
  int64_t created_at = 0;  // Unix seconds
  int64_t expires_at = 0;
  bool current = false;  // the session making the request
};

struct LoginRequest {
  std::string username;
  std::string password;
  std::string client_address;  // IP of the client, for throttling per address
};

struct Session {
  std::string token;  // 256-bit random, base64url; only its hash is stored
  User user;
  int64_t expires_at = 0;  // Unix seconds
};

}  // namespace siklus::identity
