#pragma once
// HTTP handlers for the registry (docs/api.md): session, me, regions, population statistics,
// facilities, people (search, detail, create, patch) and the audit log. They translate JSON and
// query parameters to registry calls and registry results back to JSON; scope, audit and NIK
// masking are the registry's job.

#include <string_view>

#include "http/router.h"
#include "registry/registry.h"

namespace siklus::http {

struct SessionCookieOptions {
  bool secure = false;  // add `Secure` (when served behind HTTPS)
  int64_t max_age_seconds = 8 * 3600;
};

class RegistryHandlers {
 public:
  RegistryHandlers(registry::Registry& registry, SessionCookieOptions cookie);

  //! The router's authenticator: token -> the registry user in AuthUser::account.
  Result<AuthUser> authenticate(std::string_view token) const;

  Result<Response> login(RequestContext& ctx) const;
  Result<Response> logout(RequestContext& ctx) const;
  Result<Response> me(RequestContext& ctx) const;
  Result<Response> region(RequestContext& ctx) const;
  Result<Response> population_stats(RequestContext& ctx) const;
  Result<Response> facilities(RequestContext& ctx) const;
  Result<Response> facility(RequestContext& ctx) const;
  Result<Response> search_people(RequestContext& ctx) const;
  Result<Response> person(RequestContext& ctx) const;
  Result<Response> create_person(RequestContext& ctx) const;
  Result<Response> update_person(RequestContext& ctx) const;
  Result<Response> audit(RequestContext& ctx) const;

 private:
  registry::Registry& registry_;
  SessionCookieOptions cookie_;
};

}  // namespace siklus::http
