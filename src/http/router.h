#pragma once
// Routing and middleware: matches a request against the one route table (routes.cpp), answers
// 405 for a known path with the wrong method, authenticates sessions (cookie `sid` or
// `Authorization: Bearer`), serves the web app for other GETs, logs every request (never bodies,
// query values, passwords, tokens or NIKs) and is the one place that catches exceptions (500).

#include <any>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "http/errors.h"
#include "http/input.h"
#include "http/message.h"
#include "http/static_files.h"

namespace siklus::http {

//! Who is calling, as the authenticator found them.
struct AuthUser {
  std::string token;
  std::string username;  // for the request log
  std::any account;      // the domain's user (registry::User), for handlers
};

//! Token -> user; kUnauthenticated when unknown or expired.
using Authenticator = std::function<Result<AuthUser>(std::string_view token)>;

enum class Access { kPublic, kSession };

//! Everything a handler sees about its request.
struct RequestContext {
  Request& request;
  const Peer& peer;
  std::string path;  // the target's path, still %-encoded, without the query string
  Query query;
  Language language = Language::kIndonesian;
  std::map<std::string, std::string, std::less<>> params;  // from {name} segments
  std::optional<AuthUser> user;

  //! A path parameter ("" if the route has none by that name).
  std::string param(std::string_view name) const;
  Response error(const Error& error, unsigned status = 0, int retry_after_s = 0) const;
  //! The body as a JSON object (requires a JSON Content-Type); errors name "body".
  Result<nlohmann::json> json_body() const;
};

//! A handler answers with a response or an Error mapped by errors.h.
using Handler = std::function<Result<Response>(RequestContext&)>;

struct Route {
  Verb method = Verb::get;
  std::string pattern;  // "/api/v1/people/{id}"
  std::string description;
  Access access = Access::kSession;
  Handler handler;
};

class Router {
 public:
  //! `web` may be null (API only).
  Router(std::vector<Route> routes, Authenticator authenticator,
         std::shared_ptr<const StaticFiles> web);

  //! The request boundary: never throws.
  Response handle(Request& request, const Peer& peer) const;

  const std::vector<Route>& routes() const { return routes_; }
  //! [{"method","path","description","auth"}] for GET /api/v1/meta/routes.
  nlohmann::json route_table() const;

  //! Matches `path` against `pattern`, filling `params`; exposed for tests.
  static bool match(std::string_view pattern, std::string_view path,
                    std::map<std::string, std::string, std::less<>>* params);
  //! The session token of a request: cookie `sid`, else `Authorization: Bearer`.
  static std::string token_of(const Request& request);
  //! A path fit for the log: runs of 16+ digits (NIKs, KK numbers) masked.
  static std::string loggable_path(std::string_view path);

 private:
  Response dispatch(RequestContext& ctx) const;

  std::vector<Route> routes_;
  Authenticator authenticator_;
  std::shared_ptr<const StaticFiles> web_;
};

}  // namespace siklus::http
