#include "http/account_handlers.h"

#include "core/clock.h"
#include "http/handler_support.h"
#include "http/input.h"

namespace siklus::http {
namespace {

using nlohmann::json;
namespace reg = siklus::registry;

json account_json(const identity::Account& a) {
  return {
      {"username", a.user.username},
      {"role", reg::role_code(a.user.role)},
      {"scope", a.user.scope},
      {"scope_name", a.user.scope_name},
      {"display_name", a.user.display_name},
      {"disabled", a.disabled},
      {"created_at", a.created_at},
      {"password_changed_at", a.password_changed_at.empty() ? json() : json(a.password_changed_at)},
      {"sessions", a.sessions}};
}

Result<std::optional<reg::Role>> read_role(JsonFields& f) {
  auto text = f.string("role", 32);
  if (!text) return text.error();
  if (!*text) return std::optional<reg::Role>();
  auto role = identity::parse_role(**text);
  if (!role) return Error::invalid("role", "expected dinkes_admin, puskesmas, nakes or kader");
  return std::optional<reg::Role>(*role);
}

}  // namespace

AccountHandlers::AccountHandlers(registry::Registry& registry) : registry_(registry) {}

Result<Response> AccountHandlers::users(RequestContext& ctx) const {
  auto list = registry_.users(user_of(ctx));
  if (!list) return list.error();
  json items = json::array();
  for (const auto& a : *list) items.push_back(account_json(a));
  return json_response(200, {{"items", std::move(items)}});
}

Result<Response> AccountHandlers::create_user(RequestContext& ctx) const {
  auto body = ctx.json_body();
  if (!body) return body.error();
  JsonFields f(*body);
  reg::NewUser nu;
  auto username = f.required_string("username", 64);
  if (!username) return username.error();
  auto password = f.required_string("password", 1024);
  if (!password) return password.error();
  auto role = read_role(f);
  if (!role) return role.error();
  if (!*role) return Error::invalid("role", "required");
  auto scope = f.string("scope", 64);
  if (!scope) return scope.error();
  auto name = f.string("display_name", 200);
  if (!name) return name.error();
  SK_TRY(f.finish());
  nu.username = *username;
  nu.password = *password;
  nu.role = **role;
  nu.scope = scope->value_or("");
  nu.display_name = name->value_or("");
  auto created = registry_.create_user(user_of(ctx), nu);
  if (!created) return domain_error(ctx, created.error());
  return json_response(201, account_json(*created));
}

Result<Response> AccountHandlers::update_user(RequestContext& ctx) const {
  const std::string username = ctx.param("username");
  auto body = ctx.json_body();
  if (!body) return body.error();
  JsonFields f(*body);
  reg::UserUpdate u;
  auto role = read_role(f);
  if (!role) return role.error();
  u.role = *role;
  auto scope = f.string("scope", 64);
  if (!scope) return scope.error();
  u.scope = *scope;
  auto name = f.string("display_name", 200);
  if (!name) return name.error();
  u.display_name = *name;
  auto disabled = f.boolean("disabled");
  if (!disabled) return disabled.error();
  u.disabled = *disabled;
  auto password = f.string("password", 1024);
  if (!password) return password.error();
  SK_TRY(f.finish());
  if (body->empty()) return domain_error(ctx, Error::invalid("body", "nothing to change"));
  const reg::User& admin = user_of(ctx);
  // The password first: when it is refused, nothing else of the request has changed.
  if (*password) {
    if (auto s = registry_.reset_password(admin, username, **password); !s) {
      const Error& e = s.error();
      return domain_error(ctx,
                          e.field == "new_password" ? Error::invalid("password", e.message) : e);
    }
  }
  if (u.role || u.scope || u.display_name || u.disabled) {
    auto updated = registry_.update_user(admin, username, u);
    if (!updated) return domain_error(ctx, updated.error());
    return json_response(200, account_json(*updated));
  }
  auto list = registry_.users(admin);
  if (!list) return list.error();
  for (const auto& a : *list) {
    if (a.user.username == username) return json_response(200, account_json(a));
  }
  return Error::not_found("no such user");
}

Result<Response> AccountHandlers::change_password(RequestContext& ctx) const {
  auto body = ctx.json_body();
  if (!body) return body.error();
  JsonFields f(*body);
  auto current = f.required_string("current_password", 1024);
  if (!current) return current.error();
  auto next = f.required_string("new_password", 1024);
  if (!next) return next.error();
  SK_TRY(f.finish());
  auto s = registry_.change_password(user_of(ctx), Router::token_of(ctx.request), *current, *next);
  if (!s) return domain_error(ctx, s.error());
  return json_response(200, {{"status", "ok"}});
}

Result<Response> AccountHandlers::sessions(RequestContext& ctx) const {
  auto list = registry_.sessions(user_of(ctx), Router::token_of(ctx.request));
  if (!list) return list.error();
  json items = json::array();
  for (const auto& s : *list) {
    items.push_back({{"id", s.id},
                     {"created_at", Clock::iso_time(s.created_at)},
                     {"expires_at", Clock::iso_time(s.expires_at)},
                     {"current", s.current}});
  }
  return json_response(200, {{"items", std::move(items)}});
}

Result<Response> AccountHandlers::logout_everywhere(RequestContext& ctx) const {
  auto n = registry_.logout_everywhere(user_of(ctx), Router::token_of(ctx.request));
  if (!n) return n.error();
  return json_response(200, {{"ended", *n}});
}

}  // namespace siklus::http
