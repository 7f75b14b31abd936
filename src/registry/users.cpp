// Accounts as the registry serves them: identity stores users and sessions; the registry knows
// what a scope means (a city, a facility), so it resolves scopes, decides which admin may touch
// which account (her own city's), and writes the audit entries.

#include "identity/password_policy.h"
#include "registry/registry_impl.h"

namespace siklus::registry {
namespace {

Error admin_only() {
  return Error{ErrorCode::kForbidden, "only the Dinkes admin manages accounts", {}};
}

}  // namespace

Result<std::string> Registry::Impl::resolve_scope(Role role, const std::string& typed) {
  if (role == Role::kDinkesAdmin) {
    std::string code = typed;
    if (code.empty()) {
      auto st = db->prepare("SELECT DISTINCT city_code FROM facility LIMIT 2");
      if (!st) return st.error();
      std::vector<std::string> cities;
      while (true) {
        auto r = (*st)->step();
        if (!r) return r.error();
        if (!*r) break;
        cities.push_back((*st)->column_string(0));
      }
      if (cities.size() != 1)
        return Error::invalid("scope", "dinkes_admin needs --scope with the kab/kota code");
      code = cities[0];
    }
    auto norm = normalize_region_code(code);
    if (!norm || region_level(*norm) != RegionLevel::kCity || !regions.find(*norm)) {
      return Error::invalid("scope", "dinkes_admin scope must be an existing kab/kota code");
    }
    return *norm;
  }
  if (typed.empty())
    return Error::invalid("scope", "this role needs --scope with a facility id or key");
  auto st = db->prepare("SELECT id, type FROM facility WHERE key = ? OR CAST(id AS TEXT) = ?");
  if (!st) return st.error();
  (*st)->bind(1, typed).bind(2, typed);
  auto r = (*st)->step();
  if (!r) return r.error();
  if (!*r) return Error::invalid("scope", "no facility with id or key " + typed);
  const std::string type = (*st)->column_string(1);
  if (role == Role::kPuskesmas && type != "puskesmas") {
    return Error::invalid("scope", "puskesmas users need a puskesmas facility");
  }
  if (role == Role::kKader && type != "posyandu") {
    return Error::invalid("scope", "kader users need a posyandu facility");
  }
  if (role == Role::kNakes && type == "posyandu") {
    return Error::invalid("scope", "nakes work at a facility, not a posyandu");
  }
  return std::to_string((*st)->column_int64(0));
}

std::string Registry::Impl::account_city(const User& account) {
  if (account.role == Role::kDinkesAdmin) return account.scope;
  auto f = load_facility(std::strtoll(account.scope.c_str(), nullptr, 10));
  return f ? f->city_code : std::string();
}

Result<User> Registry::add_user(const NewUser& nu) {
  Impl& m = *impl_;
  // Input errors first, before looking anything up.
  SK_TRY(identity::check_username(nu.username));
  SK_TRY(identity::check_password(nu.password, nu.username));
  NewUser resolved = nu;
  {
    auto scope = m.resolve_scope(nu.role, nu.scope);
    if (!scope) return scope.error();
    resolved.scope = *scope;
  }
  return m.accounts->add_user(resolved);
}

Result<std::vector<identity::Account>> Registry::users(const User& admin) {
  Impl& m = *impl_;
  if (admin.role != Role::kDinkesAdmin) return m.refused(admin, admin_only(), "app_user", "");
  auto all = m.accounts->accounts();
  if (!all) return all.error();
  std::vector<identity::Account> out;
  {
    for (identity::Account& a : *all) {
      if (m.account_city(a.user) == admin.scope) out.push_back(std::move(a));
    }
  }
  SK_TRY(m.record(admin, {"read", "app_user", std::nullopt, admin.scope, "list",
                          static_cast<int64_t>(out.size())}));
  return out;
}

Result<identity::Account> Registry::create_user(const User& admin, const NewUser& nu) {
  Impl& m = *impl_;
  if (admin.role != Role::kDinkesAdmin) return m.refused(admin, admin_only(), "app_user", "");
  SK_TRY(identity::check_username(nu.username));
  SK_TRY(identity::check_password(nu.password, nu.username));
  NewUser resolved = nu;
  {
    auto scope = m.resolve_scope(
        nu.role, nu.scope.empty() && nu.role == Role::kDinkesAdmin ? admin.scope : nu.scope);
    if (!scope) return scope.error();
    resolved.scope = *scope;
    User probe;
    probe.role = nu.role;
    probe.scope = *scope;
    // An admin makes accounts for her own city only; elsewhere the facility does not exist
    // for her, so the answer is the same as for an unknown facility.
    if (m.account_city(probe) != admin.scope) {
      return Error::invalid("scope", "no facility with id or key " + nu.scope);
    }
  }
  auto user = m.accounts->add_user(resolved);
  if (!user) return user.error();
  SK_TRY(m.record(admin,
                  {"create", "app_user", std::nullopt, admin.scope,
                   "username=" + user->username + " role=" + role_code(user->role), std::nullopt}));
  return m.accounts->account(user->username);
}

Result<identity::Account> Registry::update_user(const User& admin, std::string_view username,
                                                const UserUpdate& update) {
  Impl& m = *impl_;
  if (admin.role != Role::kDinkesAdmin) return m.refused(admin, admin_only(), "app_user", "");
  auto target = m.accounts->account(username);
  if (!target) return target.error();
  identity::AccountPatch patch;
  patch.display_name = update.display_name;
  patch.disabled = update.disabled;
  patch.role = update.role;
  std::string changed;
  {
    if (m.account_city(target->user) != admin.scope) {
      return m.refused(admin, Error::not_found("no such user"), "app_user", admin.scope);
    }
    if (update.role || update.scope) {
      const Role role = update.role.value_or(target->user.role);
      // A new role needs a scope of its kind: the old one is checked again when none is given.
      const std::string typed = update.scope.value_or(
          role == Role::kDinkesAdmin && target->user.role != Role::kDinkesAdmin
              ? admin.scope
              : target->user.scope);
      auto scope = m.resolve_scope(role, typed);
      if (!scope) return scope.error();
      User probe;
      probe.role = role;
      probe.scope = *scope;
      if (m.account_city(probe) != admin.scope) {
        return Error::invalid("scope", "no facility with id or key " + typed);
      }
      patch.scope = *scope;
    }
  }
  if (target->user.id == admin.id && (update.disabled.value_or(false) || update.role)) {
    return Error::invalid(update.role ? "role" : "disabled",
                          "you cannot disable your own account or change your own role");
  }
  if (update.display_name && (update.display_name->empty() || update.display_name->size() > 200)) {
    return Error::invalid("display_name", "display name: 1-200 characters");
  }
  auto out = m.accounts->update(username, patch, admin.username);
  if (!out) return out.error();
  m.forget_scope(out->user.id);
  if (update.role) changed += " role=" + std::string(role_code(*update.role));
  if (patch.scope) changed += " scope=" + *patch.scope;
  if (update.display_name) changed += " display_name";
  if (update.disabled) changed += *update.disabled ? " disabled" : " enabled";
  SK_TRY(m.record(admin, {"update", "app_user", std::nullopt, admin.scope,
                          "username=" + std::string(username) + changed, std::nullopt}));
  return out;
}

Status Registry::reset_password(const User& admin, std::string_view username,
                                std::string_view password) {
  Impl& m = *impl_;
  if (admin.role != Role::kDinkesAdmin) return m.refused(admin, admin_only(), "app_user", "");
  auto target = m.accounts->account(username);
  if (!target) return target.error();
  {
    if (m.account_city(target->user) != admin.scope) {
      return m.refused(admin, Error::not_found("no such user"), "app_user", admin.scope);
    }
  }
  // The admin's own sessions stay only when she resets her own password from this one.
  SK_TRY(m.accounts->set_password(username, password, admin.username));
  return m.record(admin, {"password_reset", "app_user", std::nullopt, admin.scope,
                          "username=" + std::string(username), std::nullopt});
}

Status Registry::change_password(const User& user, std::string_view token, std::string_view current,
                                 std::string_view next) {
  Impl& m = *impl_;
  auto ok = m.accounts->check_password_of(user.username, current);
  if (!ok) return ok.error();
  if (!*ok) {
    SK_TRY(
        m.record(user, {"password_change_failed", "app_user", std::nullopt, "", "", std::nullopt}));
    return Error::invalid("current_password", "the current password is wrong");
  }
  if (current == next) {
    return Error::invalid("new_password", "the new password must differ from the current one");
  }
  SK_TRY(m.accounts->set_password(user.username, next, user.username, token));
  return m.record(user, {"password_change", "app_user", std::nullopt, "", "", std::nullopt});
}

Result<std::vector<identity::SessionInfo>> Registry::sessions(const User& user,
                                                              std::string_view token) {
  return impl_->accounts->sessions(user.id, token);
}

Result<int64_t> Registry::logout_everywhere(const User& user, std::string_view token) {
  Impl& m = *impl_;
  auto n = m.accounts->end_sessions(user.id, token, user.username);
  if (!n) return n.error();
  SK_TRY(m.record(user, {"logout_all", "session", std::nullopt, "", "", *n}));
  return n;
}

}  // namespace siklus::registry
