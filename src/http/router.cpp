#include "http/router.h"

#include <spdlog/spdlog.h>

#include <cctype>
#include <chrono>

namespace siklus::http {
namespace {

constexpr std::string_view kApiPrefix = "/api/";
constexpr std::string_view kFhirPrefix = "/fhir/";  // the FHIR R4 API (fhir_handlers.h)

bool is_api(std::string_view path) {
  return path.substr(0, kApiPrefix.size()) == kApiPrefix || path == "/api" ||
         path.substr(0, kFhirPrefix.size()) == kFhirPrefix;
}

// Splits on '/', skipping the leading one: "/a/b" -> {"a","b"}; a trailing '/' is ignored.
std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t pos = path.empty() || path.front() != '/' ? 0 : 1;
  while (pos < path.size()) {
    auto end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    out.push_back(path.substr(pos, end - pos));
    pos = end + 1;
  }
  if (!out.empty() && out.back().empty()) out.pop_back();
  return out;
}

}  // namespace

std::string RequestContext::param(std::string_view name) const {
  const auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

Response RequestContext::error(const Error& e, unsigned status, int retry_after_s) const {
  return error_response(e, language, status, retry_after_s);
}

Result<nlohmann::json> RequestContext::json_body() const {
  // Requiring a JSON content type also keeps cross-site form posts out (they cannot send it
  // without a CORS preflight, which this server never grants).
  const auto type = sv(request[bhttp::field::content_type]);
  if (!is_json_media_type(type)) {
    return Error::invalid("Content-Type",
                          "the request is not JSON (Content-Type must be application/json)");
  }
  return parse_json_object(request.body());
}

Router::Router(std::vector<Route> routes, Authenticator authenticator,
               std::shared_ptr<const StaticFiles> web)
    : routes_(std::move(routes)), authenticator_(std::move(authenticator)), web_(std::move(web)) {}

bool Router::match(std::string_view pattern, std::string_view path,
                   std::map<std::string, std::string, std::less<>>* params) {
  const auto want = segments(pattern);
  const auto got = segments(path);
  if (want.size() != got.size()) return false;
  std::map<std::string, std::string, std::less<>> found;
  for (size_t i = 0; i < want.size(); ++i) {
    const auto w = want[i];
    if (w.size() >= 2 && w.front() == '{' && w.back() == '}') {
      if (got[i].empty()) return false;
      auto decoded = url_decode(got[i], false);
      if (!decoded) return false;
      found.emplace(std::string(w.substr(1, w.size() - 2)), std::move(*decoded));
    } else if (w != got[i]) {
      return false;
    }
  }
  if (params) *params = std::move(found);
  return true;
}

std::string Router::token_of(const Request& request) {
  const auto cookies = sv(request[bhttp::field::cookie]);
  size_t pos = 0;
  while (pos < cookies.size()) {
    auto end = cookies.find(';', pos);
    if (end == std::string_view::npos) end = cookies.size();
    auto item = cookies.substr(pos, end - pos);
    pos = end + 1;
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    if (item.substr(0, 4) == "sid=" && item.size() > 4) return std::string(item.substr(4));
  }
  const auto auth = sv(request[bhttp::field::authorization]);
  if (auth.size() > 7 && iequals(auth.substr(0, 7), "Bearer ")) {
    return std::string(auth.substr(7));
  }
  return {};
}

std::string Router::loggable_path(std::string_view path) {
  std::string out(path.substr(0, 300));
  size_t i = 0;
  while (i < out.size()) {
    if (!std::isdigit(static_cast<unsigned char>(out[i]))) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < out.size() && std::isdigit(static_cast<unsigned char>(out[j]))) ++j;
    if (j - i >= 16) {
      for (size_t k = i + 6; k < j - 2; ++k) out[k] = '*';
    }
    i = j;
  }
  return out;
}

nlohmann::json Router::route_table() const {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : routes_) {
    out.push_back({{"method", std::string(sv(to_string(r.method)))},
                   {"path", r.pattern},
                   {"description", r.description},
                   {"auth", r.access == Access::kSession ? "session" : "none"}});
  }
  return out;
}

Response Router::dispatch(RequestContext& ctx) const {
  const auto method = ctx.request.method();
  if (!is_api(ctx.path)) {
    if (method == Verb::get || method == Verb::head) {
      if (web_) {
        const auto encodings = ctx.request[bhttp::field::accept_encoding];
        Response res = web_->serve(ctx.path, method == Verb::head,
                                   std::string_view(encodings.data(), encodings.size()));
        apply_common_headers(res, false);
        return res;
      }
      Response res = ctx.error(Error::not_found("not found"));
      apply_common_headers(res, false);
      return res;
    }
    Response res =
        ctx.error(Error{ErrorCode::kInvalidArgument, "method not allowed", "method"}, 405);
    res.set(bhttp::field::allow, "GET, HEAD");
    return res;
  }

  const Route* route = nullptr;
  std::string allow;
  for (const auto& r : routes_) {
    std::map<std::string, std::string, std::less<>> params;
    if (!match(r.pattern, ctx.path, &params)) continue;
    if (r.method == method) {
      route = &r;
      ctx.params = std::move(params);
      break;
    }
    if (allow.find(sv(to_string(r.method))) == std::string::npos) {
      if (!allow.empty()) allow += ", ";
      allow += std::string(sv(to_string(r.method)));
    }
  }
  if (!route) {
    if (!allow.empty()) {
      Response res =
          ctx.error(Error{ErrorCode::kInvalidArgument, "method not allowed", "method"}, 405);
      res.set(bhttp::field::allow, allow);
      return res;
    }
    return ctx.error(Error::not_found("no such API endpoint"));
  }

  if (route->access == Access::kSession) {
    const std::string token = token_of(ctx.request);
    if (token.empty()) {
      return ctx.error(Error{ErrorCode::kUnauthenticated, "login required", {}});
    }
    auto user = authenticator_
                    ? authenticator_(token)
                    : Result<AuthUser>(
                          Error{ErrorCode::kUnauthenticated, "session expired or invalid", {}});
    if (!user) {
      if (user.error().code == ErrorCode::kUnauthenticated) {
        return ctx.error(Error{ErrorCode::kUnauthenticated, "session expired or invalid", {}});
      }
      return ctx.error(user.error());
    }
    ctx.user = std::move(*user);
  }
  auto result = route->handler(ctx);
  if (!result) return ctx.error(result.error());
  return std::move(*result);
}

Response Router::handle(Request& request, const Peer& peer) const {
  const auto started = std::chrono::steady_clock::now();
  const std::string path(target_path(sv(request.target())));
  const Language language = negotiate_language(sv(request[bhttp::field::accept_language]));
  Response res;
  std::string username;
  std::string query_names;
  try {
    auto query = Query::parse(target_query(sv(request.target())));
    if (!query) {
      res = error_response(query.error(), language);
    } else {
      query_names = query->names();
      RequestContext ctx{request, peer, path, std::move(*query), language, {}, {}};
      res = dispatch(ctx);
      if (ctx.user) username = ctx.user->username;
    }
  } catch (const std::exception& e) {
    spdlog::error("{} {}: unhandled exception: {}", std::string(sv(to_string(request.method()))),
                  loggable_path(path), e.what());
    res = error_response(Error::internal("internal error"), language);
  } catch (...) {
    spdlog::error("{} {}: unhandled exception", std::string(sv(to_string(request.method()))),
                  loggable_path(path));
    res = error_response(Error::internal("internal error"), language);
  }
  if (is_api(path)) apply_common_headers(res, true);
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::steady_clock::now() - started)
                      .count();
  const unsigned status = res.result_int();
  const auto level = status >= 500 ? spdlog::level::err : spdlog::level::info;
  // Query values can hold a NIK or a name: log only which parameters were sent.
  spdlog::log(level, "{} {}{}{} {} {:.2f}ms {}B ip={} user={}",
              std::string(sv(to_string(request.method()))), loggable_path(path),
              query_names.empty() ? "" : "?", query_names, status, static_cast<double>(us) / 1000.0,
              res.body().size(), peer.address, username.empty() ? "-" : username);
  return res;
}

}  // namespace siklus::http
