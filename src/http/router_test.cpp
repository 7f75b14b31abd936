#include "http/router.h"

#include <gtest/gtest.h>

namespace siklus::http {
namespace {

Request make(Verb method, std::string target, std::string body = {},
             std::string content_type = "application/json") {
  Request req{method, target, 11};
  if (!body.empty()) {
    req.set(bhttp::field::content_type, content_type);
    req.body() = std::move(body);
    req.prepare_payload();
  }
  return req;
}

nlohmann::json body_of(const Response& res) { return nlohmann::json::parse(res.body()); }

class RouterTest : public ::testing::Test {
 protected:
  Router router_{{
                     {Verb::get, "/api/v1/health", "health", Access::kPublic,
                      [](RequestContext&) -> Result<Response> {
                        return json_response(200, {{"status", "ok"}});
                      }},
                     {Verb::get, "/api/v1/people/{id}", "person", Access::kSession,
                      [](RequestContext& ctx) -> Result<Response> {
                        if (ctx.param("id") == "404") return Error::not_found("not found");
                        return json_response(200, {{"id", ctx.param("id")},
                                                   {"user", ctx.user->username},
                                                   {"as", std::any_cast<int>(ctx.user->account)}});
                      }},
                     {Verb::post, "/api/v1/people", "create", Access::kSession,
                      [](RequestContext& ctx) -> Result<Response> {
                        auto body = ctx.json_body();
                        if (!body) return body.error();
                        return json_response(201, *body);
                      }},
                     {Verb::get, "/api/v1/boom", "throws", Access::kPublic,
                      [](RequestContext&) -> Result<Response> { throw std::runtime_error("bug"); }},
                 },
                 [](std::string_view token) -> Result<AuthUser> {
                   if (token == "good") return AuthUser{"good", "siti", 7};
                   return Error{ErrorCode::kUnauthenticated, "no", {}};
                 },
                 nullptr};
  Peer peer_{"127.0.0.1", 5000};
};

TEST_F(RouterTest, MatchesPatterns) {
  std::map<std::string, std::string, std::less<>> params;
  EXPECT_TRUE(Router::match("/api/v1/people/{id}", "/api/v1/people/42", &params));
  EXPECT_EQ(params["id"], "42");
  EXPECT_TRUE(Router::match("/api/v1/people/{id}", "/api/v1/people/42/", &params));
  EXPECT_FALSE(Router::match("/api/v1/people/{id}", "/api/v1/people", &params));
  EXPECT_FALSE(Router::match("/api/v1/people/{id}", "/api/v1/people/42/x", &params));
  EXPECT_TRUE(Router::match("/api/v1/regions/{code}", "/api/v1/regions/33.71", &params));
  EXPECT_EQ(params["code"], "33.71");
}

TEST_F(RouterTest, PublicRouteAndSecurityHeaders) {
  auto req = make(Verb::get, "/api/v1/health");
  auto res = router_.handle(req, peer_);
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(body_of(res)["status"], "ok");
  EXPECT_EQ(res["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(res["X-Frame-Options"], "DENY");
  EXPECT_FALSE(res["Content-Security-Policy"].empty());
  EXPECT_EQ(res[bhttp::field::cache_control], "no-store");
}

TEST_F(RouterTest, SessionFromCookieOrBearer) {
  auto anon = make(Verb::get, "/api/v1/people/5");
  auto res = router_.handle(anon, peer_);
  EXPECT_EQ(res.result_int(), 401u);
  EXPECT_EQ(body_of(res)["error"]["code"], "unauthenticated");

  auto bad = make(Verb::get, "/api/v1/people/5");
  bad.set(bhttp::field::cookie, "theme=dark; sid=forged");
  EXPECT_EQ(router_.handle(bad, peer_).result_int(), 401u);

  auto cookie = make(Verb::get, "/api/v1/people/5");
  cookie.set(bhttp::field::cookie, "theme=dark; sid=good");
  res = router_.handle(cookie, peer_);
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(body_of(res)["user"], "siti");
  EXPECT_EQ(body_of(res)["as"], 7);

  auto bearer = make(Verb::get, "/api/v1/people/5");
  bearer.set(bhttp::field::authorization, "Bearer good");
  EXPECT_EQ(router_.handle(bearer, peer_).result_int(), 200u);
}

TEST_F(RouterTest, WrongMethodIs405WithAllow) {
  auto req = make(Verb::delete_, "/api/v1/people");
  auto res = router_.handle(req, peer_);
  EXPECT_EQ(res.result_int(), 405u);
  EXPECT_EQ(res[bhttp::field::allow], "POST");
  auto unknown = make(Verb::get, "/api/v1/nothing");
  EXPECT_EQ(router_.handle(unknown, peer_).result_int(), 404u);
}

TEST_F(RouterTest, ErrorsAndExceptionsBecomeJson) {
  auto nf = make(Verb::get, "/api/v1/people/404");
  nf.set(bhttp::field::authorization, "Bearer good");
  auto res = router_.handle(nf, peer_);
  EXPECT_EQ(res.result_int(), 404u);
  EXPECT_EQ(body_of(res)["error"]["message"], "Data tidak ditemukan");

  auto boom = make(Verb::get, "/api/v1/boom");
  boom.set(bhttp::field::accept_language, "en");
  res = router_.handle(boom, peer_);
  EXPECT_EQ(res.result_int(), 500u);
  EXPECT_EQ(body_of(res)["error"]["message"], "internal error");
}

TEST_F(RouterTest, BodyMustBeJson) {
  auto form = make(Verb::post, "/api/v1/people", "a=1", "application/x-www-form-urlencoded");
  form.set(bhttp::field::authorization, "Bearer good");
  auto res = router_.handle(form, peer_);
  EXPECT_EQ(res.result_int(), 400u);
  EXPECT_EQ(body_of(res)["error"]["field"], "Content-Type");

  auto broken = make(Verb::post, "/api/v1/people", "{\"name\":");
  broken.set(bhttp::field::authorization, "Bearer good");
  res = router_.handle(broken, peer_);
  EXPECT_EQ(res.result_int(), 400u);
  EXPECT_EQ(body_of(res)["error"]["field"], "body");
}

TEST_F(RouterTest, BadQueryStringIs400) {
  auto req = make(Verb::get, "/api/v1/health?q=%zz");
  auto res = router_.handle(req, peer_);
  EXPECT_EQ(res.result_int(), 400u);
  EXPECT_EQ(body_of(res)["error"]["field"], "q");
}

TEST_F(RouterTest, RouteTableAndLogMasking) {
  auto table = router_.route_table();
  ASSERT_EQ(table.size(), 4u);
  EXPECT_EQ(table[1]["path"], "/api/v1/people/{id}");
  EXPECT_EQ(table[1]["auth"], "session");
  EXPECT_EQ(Router::loggable_path("/api/v1/people/3371014105900001"),
            "/api/v1/people/337101********01");
  EXPECT_EQ(Router::loggable_path("/api/v1/people/42"), "/api/v1/people/42");
}

TEST_F(RouterTest, NonApiWithoutWebApp) {
  auto req = make(Verb::get, "/orang/1");
  EXPECT_EQ(router_.handle(req, peer_).result_int(), 404u);
  auto post = make(Verb::post, "/orang/1");
  EXPECT_EQ(router_.handle(post, peer_).result_int(), 405u);
}

}  // namespace
}  // namespace siklus::http
