#pragma once
// HTTP handlers for accounts (docs/api.md): the Dinkes admin's user administration (list, create,
// change role/scope/name, disable, reset a password) and everyone's own password and sessions.
// Thin: the registry checks who may do what, resolves scopes and writes the audit entries.

#include "http/router.h"
#include "registry/registry.h"

namespace siklus::http {

class AccountHandlers {
 public:
  explicit AccountHandlers(registry::Registry& registry);

  Result<Response> users(RequestContext& ctx) const;
  Result<Response> create_user(RequestContext& ctx) const;
  Result<Response> update_user(RequestContext& ctx) const;
  Result<Response> change_password(RequestContext& ctx) const;
  Result<Response> sessions(RequestContext& ctx) const;
  Result<Response> logout_everywhere(RequestContext& ctx) const;

 private:
  registry::Registry& registry_;
};

}  // namespace siklus::http
