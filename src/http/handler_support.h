#pragma once
// What every domain's handlers share: the acting user the router put on the request, a path id,
// and the status of a domain refusal. One place, so the handler files only translate.

#include <charconv>
#include <string>
#include <string_view>

#include "http/router.h"
#include "registry/registry.h"

namespace siklus::http {

//! The logged-in user of a session route (set by the router's authenticator).
inline const registry::User& user_of(const RequestContext& ctx) {
  return std::any_cast<const registry::User&>(ctx.user->account);
}

//! A positive integer path parameter; kInvalidArgument naming the parameter otherwise.
inline Result<int64_t> id_param(const RequestContext& ctx, std::string_view name) {
  const std::string text = ctx.param(name);
  int64_t v = 0;
  const auto* end = text.data() + text.size();
  auto [p, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc() || p != end || v <= 0) {
    return Error::invalid(std::string(name), "expected an id");
  }
  return v;
}

//! A well-formed request the domain rejects is a 422 (api.md); a malformed one stays 400.
inline Response domain_error(const RequestContext& ctx, const Error& e) {
  return ctx.error(e, e.code == ErrorCode::kInvalidArgument ? 422 : 0);
}

}  // namespace siklus::http
