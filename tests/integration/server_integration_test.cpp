// Integration tests against the real `siklus serve` on a demo city (Kota Magelang): login per
// role, throttling, cookie attributes, scope (404 outside the area), people search, person page,
// NIK masking, audit, bad input (4xx naming the field) and graceful SIGTERM.

#include <gtest/gtest.h>

#include <set>

#include "fixture.h"

namespace siklus::itest {
namespace {

TEST_F(ServerTest, HealthNeedsNoLoginAndCarriesSecurityHeaders) {
  Api anon(port());
  auto res = anon.call(V::get, "/api/v1/health");
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(body_json(res)["status"], "ok");
  EXPECT_EQ(res["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(res["X-Frame-Options"], "DENY");
  EXPECT_FALSE(res["Content-Security-Policy"].empty());
  EXPECT_FALSE(res["Referrer-Policy"].empty());
  // The rest of the API needs a session.
  auto me = anon.call(V::get, "/api/v1/me");
  EXPECT_EQ(me.result_int(), 401u);
  EXPECT_EQ(body_json(me)["error"]["code"], "unauthenticated");
}

TEST_F(ServerTest, EveryDemoRoleLogsInWithASafeCookie) {
  ASSERT_GE(g_env->logins.size(), 4u) << g_env->demo.dump().substr(0, 400);
  for (const char* role : {"dinkes_admin", "puskesmas", "nakes", "kader"}) {
    const auto it = g_env->logins.find(role);
    ASSERT_NE(it, g_env->logins.end()) << role;
    Api anon(port());
    auto res = anon.call(
        V::post, "/api/v1/session",
        json{{"username", it->second.username}, {"password", it->second.password}}.dump());
    ASSERT_EQ(res.result_int(), 200u) << role << ": " << res.body();
    auto body = body_json(res);
    EXPECT_EQ(body["role"], role);
    EXPECT_EQ(body["username"], it->second.username);
    EXPECT_FALSE(body.contains("password"));
    const std::string cookie(res[bhttp::field::set_cookie]);
    EXPECT_EQ(cookie.rfind("sid=", 0), 0u) << cookie;
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
    EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
    EXPECT_NE(cookie.find("Path=/"), std::string::npos) << cookie;
    // The cookie works, and the same token works as a bearer token.
    Api user(port(), cookie_pair(res));
    EXPECT_EQ(user.get("/api/v1/me")["role"], role);
    Api bearer(port());
    auto me = bearer.call(V::get, "/api/v1/me", {},
                          {{"Authorization", "Bearer " + cookie_pair(res).substr(4)}});
    EXPECT_EQ(me.result_int(), 200u);
  }
}

TEST_F(ServerTest, WrongPasswordIs401WithTheSameAnswerForUnknownUsers) {
  const auto& admin = g_env->logins.at("dinkes_admin");
  Api anon(port());
  auto wrong =
      anon.call(V::post, "/api/v1/session",
                json{{"username", admin.username}, {"password", "not-the-password"}}.dump());
  EXPECT_EQ(wrong.result_int(), 401u);
  EXPECT_TRUE(wrong[bhttp::field::set_cookie].empty());
  auto unknown = anon.call(V::post, "/api/v1/session",
                           json{{"username", "nobody-here"}, {"password", "whatever123"}}.dump());
  EXPECT_EQ(unknown.result_int(), 401u);
  EXPECT_EQ(body_json(wrong)["error"], body_json(unknown)["error"]);
}

TEST_F(ServerTest, LogoutEndsTheSession) {
  const auto& nakes = g_env->logins.at("nakes");
  Api anon(port());
  auto res = anon.call(V::post, "/api/v1/session",
                       json{{"username", nakes.username}, {"password", nakes.password}}.dump());
  ASSERT_EQ(res.result_int(), 200u);
  Api user(port(), cookie_pair(res));
  EXPECT_EQ(user.call(V::get, "/api/v1/me").result_int(), 200u);
  auto out = user.call(V::delete_, "/api/v1/session");
  EXPECT_EQ(out.result_int(), 200u);
  EXPECT_NE(std::string(out[bhttp::field::set_cookie]).find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(user.call(V::get, "/api/v1/me").result_int(), 401u);
}

// Admin: a person in a kecamatan that the kader's RW does not belong to.
json person_outside(Api& admin, const std::string& village_of_kader) {
  auto city = admin.get("/api/v1/regions/me");
  for (const auto& kec : city["children"]) {
    const std::string code = kec["code"];
    if (village_of_kader.rfind(code, 0) == 0) continue;
    auto page = admin.get("/api/v1/people?region=" + code + "&page_size=5");
    if (!page["items"].empty()) return page["items"][0];
  }
  return {};
}

TEST_F(ServerTest, ScopedUserGets404OutsideTheirArea) {
  Api admin = as("dinkes_admin");
  Api kader = as("kader");
  auto mine = kader.get("/api/v1/people?page_size=5");
  ASSERT_FALSE(mine["items"].empty()) << mine.dump();
  const std::string village = mine["items"][0]["village_code"];
  // The kader can open someone in their own area.
  EXPECT_EQ(kader.call(V::get, "/api/v1/people/" + mine["items"][0]["id"].dump()).result_int(),
            200u);

  auto other = person_outside(admin, village);
  ASSERT_FALSE(other.is_null());
  auto res = kader.call(V::get, "/api/v1/people/" + other["id"].dump());
  EXPECT_EQ(res.result_int(), 404u);
  auto none = kader.call(V::get, "/api/v1/people/999999999");
  EXPECT_EQ(none.result_int(), 404u);
  // Same answer as for someone who does not exist: scope does not leak existence.
  EXPECT_EQ(body_json(res), body_json(none));
  // Nor does search: the kader may not look up a NIK at all (and is audited for trying); the
  // puskesmas of another area finds nobody by it.
  const std::string nik = other["nik"];
  auto by_nik = kader.call(V::get, "/api/v1/people?q=" + nik);
  EXPECT_EQ(by_nik.result_int(), 403u) << by_nik.body();
  EXPECT_EQ(by_nik.body().find(nik), std::string::npos);
  EXPECT_EQ(admin.get("/api/v1/people?q=" + nik)["total"].get<int>() >= 1, true);
  auto refused =
      admin.get("/api/v1/audit?action=refused&user=" + g_env->logins.at("kader").username);
  EXPECT_GE(refused["total"].get<int>(), 2) << refused.dump();  // the person and the NIK
  // And the puskesmas user of another area cannot see the kader's person either, or vice versa.
  Api pusk = as("puskesmas");
  auto region = kader.call(V::get, "/api/v1/regions/" + other["village_code"].get<std::string>());
  EXPECT_EQ(region.result_int(), 404u);
  (void)pusk;
}

TEST_F(ServerTest, SearchByExactNikAndByMisspeltName) {
  Api admin = as("dinkes_admin");
  auto page = admin.get("/api/v1/people?page=3&page_size=10");
  ASSERT_EQ(page["items"].size(), 10u);
  EXPECT_GT(page["total"].get<int>(), 100000);
  const auto person = page["items"][4];
  const std::string nik = person["nik"];
  ASSERT_EQ(nik.size(), 16u);
  auto exact = admin.get("/api/v1/people?q=" + nik);
  ASSERT_GE(exact["items"].size(), 1u);
  EXPECT_EQ(exact["items"][0]["id"], person["id"]);
  EXPECT_EQ(exact["items"][0]["nik"], nik);

  // One typo in the name: swap two inner letters of the longest word.
  std::string name = person["name"];
  size_t best = 0, best_len = 0, pos = 0;
  while (pos < name.size()) {
    auto end = name.find(' ', pos);
    if (end == std::string::npos) end = name.size();
    if (end - pos > best_len) best = pos, best_len = end - pos;
    pos = end + 1;
  }
  ASSERT_GE(best_len, 4u) << name;
  std::string typo = name;
  std::swap(typo[best + 1], typo[best + 2]);
  if (typo == name) typo[best + 2] = typo[best + 2] == 'a' ? 'e' : 'a';
  std::string q;
  for (char c : typo) q += c == ' ' ? std::string("+") : std::string(1, c);
  auto fuzzy = admin.get("/api/v1/people?q=" + q + "&page_size=100");
  ASSERT_FALSE(fuzzy["items"].empty()) << typo;
  bool found_name = false, found_person = false;
  for (const auto& item : fuzzy["items"]) {
    found_name |= item["name"] == name;
    found_person |= item["id"] == person["id"];
  }
  EXPECT_TRUE(found_name) << "searched " << typo << " for " << name;
  EXPECT_TRUE(found_person || fuzzy["total"].get<int>() > 100) << typo;
}

TEST_F(ServerTest, PersonPageHasAddressHouseholdAndFacilities) {
  Api admin = as("dinkes_admin");
  auto page = admin.get("/api/v1/people?page_size=20&include_inactive=false");
  json detail;
  for (const auto& item : page["items"]) {
    detail = admin.get("/api/v1/people/" + item["id"].dump());
    if (detail["household"]["members"].size() >= 2) break;
  }
  ASSERT_TRUE(detail.is_object());
  EXPECT_EQ(detail["address"]["village"]["code"], detail["village_code"]);
  EXPECT_FALSE(detail["address"]["district"]["name"].get<std::string>().empty());
  EXPECT_FALSE(detail["address"]["city"]["name"].get<std::string>().empty());
  ASSERT_GE(detail["household"]["members"].size(), 2u) << detail.dump();
  bool self = false;
  for (const auto& m : detail["household"]["members"]) self |= m["id"] == detail["id"];
  EXPECT_TRUE(self);
  EXPECT_EQ(detail["household"]["members"][0]["relation"], "head");
  for (const auto& m : detail["household"]["members"]) {
    const std::string r = m["relation"];
    EXPECT_TRUE(r == "head" || r == "spouse" || r == "child" || r == "other") << r;
  }
  ASSERT_TRUE(detail["facilities"]["puskesmas"].is_object()) << detail["facilities"].dump();
  EXPECT_EQ(detail["facilities"]["puskesmas"]["type"], "puskesmas");
  EXPECT_TRUE(detail["facilities"]["pustu"].is_object());
}

TEST_F(ServerTest, NikIsMaskedForKaderOnly) {
  Api kader = as("kader");
  auto page = kader.get("/api/v1/people?page_size=10");
  ASSERT_FALSE(page["items"].empty());
  // Only the kecamatan prefix (which the address shows anyway) is left: with the birth date and
  // sex a kader sees, any serial digit shown would give the NIK back (issue 7).
  auto masked = [](const json& v) {
    const std::string t = v.get<std::string>();
    return t.size() == 16 && t.substr(6) == std::string(10, '*');
  };
  for (const auto& item : page["items"]) EXPECT_TRUE(masked(item["nik"])) << item["nik"];
  auto detail = kader.get("/api/v1/people/" + page["items"][0]["id"].dump());
  EXPECT_TRUE(masked(detail["nik"])) << detail["nik"];
  if (!detail["no_kk"].is_null()) {
    EXPECT_TRUE(masked(detail["no_kk"])) << detail["no_kk"];
    EXPECT_TRUE(masked(detail["household"]["no_kk"]));
  }
  for (const auto& m : detail["household"]["members"]) EXPECT_TRUE(masked(m["nik"])) << m["nik"];
  Api admin = as("dinkes_admin");
  auto full = admin.get("/api/v1/people/" + page["items"][0]["id"].dump());
  EXPECT_EQ(full["nik"].get<std::string>().find('*'), std::string::npos);
  EXPECT_EQ(full["nik"].get<std::string>().size(), 16u);
}

TEST_F(ServerTest, ReadsAreAudited) {
  Api admin = as("dinkes_admin");
  Api pusk = as("puskesmas");
  auto page = pusk.get("/api/v1/people?page_size=1");
  ASSERT_FALSE(page["items"].empty());
  const std::string id = page["items"][0]["id"].dump();
  pusk.get("/api/v1/people/" + id);
  auto audit = admin.get("/api/v1/audit?person=" + id);
  bool found = false;
  for (const auto& e : audit["entries"]) {
    found |= e["action"] == "read" && e["object"] == "person" &&
             e["user"] == g_env->logins.at("puskesmas").username && e["person_id"].dump() == id;
  }
  EXPECT_TRUE(found) << audit.dump();
  // Only the Dinkes admin reads the audit log.
  auto denied = pusk.call(V::get, "/api/v1/audit?person=" + id);
  EXPECT_EQ(denied.result_int(), 403u);
}

std::string two(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

TEST_F(ServerTest, CreateAndPatchAPerson) {
  Api admin = as("dinkes_admin");
  auto page = admin.get("/api/v1/people?page_size=1");
  const std::string village = page["items"][0]["village_code"];
  // A valid NIK for a woman born 1991-07-09 in this kecamatan: day + 40.
  const std::string nik = village.substr(0, 6) + two(9 + 40) + two(7) + "91" + "9876";
  json person = {{"nik", nik},
                 {"name", "Dewi Lestari Uji"},
                 {"sex", "P"},
                 {"birth_date", "1991-07-09"},
                 {"village_code", village},
                 {"rt", 2},
                 {"rw", "3"},
                 {"street", "Jl. Uji 1"}};
  auto created = admin.call(V::post, "/api/v1/people", person.dump());
  ASSERT_EQ(created.result_int(), 201u) << created.body();
  auto body = body_json(created);
  EXPECT_EQ(body["nik"], nik);
  EXPECT_EQ(body["rw"], 3);
  const std::string id = body["id"].dump();
  EXPECT_EQ(admin.get("/api/v1/people?q=" + nik)["items"][0]["id"].dump(), id);
  // The same NIK again conflicts.
  auto again = admin.call(V::post, "/api/v1/people", person.dump());
  EXPECT_EQ(again.result_int(), 409u);
  EXPECT_EQ(body_json(again)["error"]["field"], "nik");

  auto moved = admin.call(V::patch, "/api/v1/people/" + id,
                          json{{"status", "PINDAH"}, {"status_date", "2026-01-15"}}.dump());
  ASSERT_EQ(moved.result_int(), 200u) << moved.body();
  EXPECT_EQ(body_json(moved)["status"], "PINDAH");
  EXPECT_EQ(body_json(moved)["status_date"], "2026-01-15");
  auto audit = admin.get("/api/v1/audit?person=" + id);
  std::set<std::string> actions;
  for (const auto& e : audit["entries"]) actions.insert(e["action"]);
  EXPECT_TRUE(actions.count("create")) << audit.dump();
  EXPECT_TRUE(actions.count("update")) << audit.dump();
}

// Bad input is a 4xx naming the field, never a 500.
TEST_F(ServerTest, BadInputIs4xxNamingTheField) {
  Api admin = as("dinkes_admin");
  struct Case {
    V method;
    std::string target, body;
    unsigned status;
    std::string field;
  };
  const std::string village = admin.get("/api/v1/people?page_size=1")["items"][0]["village_code"];
  const std::vector<Case> cases = {
      {V::post, "/api/v1/people", "{\"nik\": ", 400, "body"},
      {V::post, "/api/v1/people", "[1,2,3]", 400, "body"},
      {V::post, "/api/v1/people", R"({"nik": 3371014107910001, "name": "A"})", 400, "nik"},
      {V::post, "/api/v1/people", R"({"nik": "3371014107910001", "name": ["A"]})", 400, "name"},
      {V::post, "/api/v1/people", R"({"nik": "3371014107910001", "rt": "x"})", 400, "rt"},
      {V::post, "/api/v1/people", R"({"nik": "3371014107910001", "rt": 5000})", 400, "rt"},
      {V::post, "/api/v1/people", R"({"nik": "3371014107910001", "birth_date": "2023-02-30"})", 400,
       "birth_date"},
      {V::post, "/api/v1/people", R"({"nik": "3371014107910001", "birth_date": 19910701})", 400,
       "birth_date"},
      {V::post, "/api/v1/people", R"({"nik": "3371014107910001", "nmae": "typo"})", 400, "nmae"},
      {V::post, "/api/v1/people",
       json{{"nik", "33710141079100"}, {"name", "A"}, {"village_code", village}}.dump(), 422,
       "nik"},
      {V::post, "/api/v1/people",
       json{{"nik", village.substr(0, 6) + "4107910001"},
            {"name", "A"},
            {"village_code", village},
            {"sex", "X"}}
           .dump(),
       422, "sex"},
      {V::patch, "/api/v1/people/1", R"({"status": "GONE"})", 422, "status"},
      {V::patch, "/api/v1/people/1", R"({"status_date": "yesterday"})", 400, "status_date"},
      {V::post, "/api/v1/session", R"({"username": 1, "password": "x"})", 400, "username"},
      {V::post, "/api/v1/session", "not json", 400, "body"},
      {V::get, "/api/v1/people?page=abc", "", 400, "page"},
      {V::get, "/api/v1/people?page_size=1000", "", 400, "page_size"},
      {V::get, "/api/v1/people?q=%zz", "", 400, "q"},
      {V::get, "/api/v1/facilities?type=spaceport", "", 400, "type"},
      {V::get, "/api/v1/facilities/abc", "", 400, "id"},
      {V::get, "/api/v1/audit?person=abc", "", 400, "person"},
  };
  for (const auto& c : cases) {
    auto res = admin.call(c.method, c.target, c.body);
    EXPECT_EQ(res.result_int(), c.status) << c.target << " " << c.body << " -> " << res.body();
    auto err = body_json(res)["error"];
    EXPECT_EQ(err["field"], c.field) << c.target << " " << c.body << " -> " << res.body();
    EXPECT_FALSE(err["message"].get<std::string>().empty());
  }
  // A form post is not JSON.
  auto form = admin.call(V::post, "/api/v1/people", "nik=1",
                         {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(form.result_int(), 400u);
  EXPECT_EQ(body_json(form)["error"]["field"], "Content-Type");
  // The media type is parsed exactly: any case and parameters pass, look-alikes do not.
  const std::string login = json{{"username", "nobody-here"}, {"password", "x"}}.dump();
  for (const char* type : {"APPLICATION/JSON", "application/json; charset=UTF-8"}) {
    auto res = Api(port()).call(V::post, "/api/v1/session", login, {{"Content-Type", type}});
    EXPECT_EQ(res.result_int(), 401u) << type << ": " << res.body();
  }
  for (const char* type : {"application/jsonx", "application/json-seq", "text/json",
                           "application/json; charset=latin1"}) {
    auto res = Api(port()).call(V::post, "/api/v1/session", login, {{"Content-Type", type}});
    EXPECT_EQ(res.result_int(), 400u) << type;
    EXPECT_EQ(body_json(res)["error"]["field"], "Content-Type") << type;
  }
}

TEST_F(ServerTest, OversizedBodyIs413) {
  Api admin = as("dinkes_admin");
  const std::string big = "{\"name\": \"" + std::string(2 << 20, 'a') + "\"}";
  auto res = admin.call(V::post, "/api/v1/people", big);
  EXPECT_EQ(res.result_int(), 413u);
  EXPECT_EQ(body_json(res)["error"]["code"], "too_large");
  EXPECT_EQ(body_json(res)["error"]["field"], "body");
  // The server is fine afterwards.
  EXPECT_EQ(as("dinkes_admin").call(V::get, "/api/v1/health").result_int(), 200u);
}

TEST_F(ServerTest, MessagesInIndonesianByDefaultEnglishOnRequest) {
  Client c(port());
  auto id = c.request(V::get, "/api/v1/me");
  EXPECT_EQ(body_json(id)["error"]["message"], "Silakan masuk terlebih dahulu");
  auto en = c.request(V::get, "/api/v1/me", {}, {{"Accept-Language", "en-US,en;q=0.9"}});
  EXPECT_EQ(body_json(en)["error"]["message"], "login required");
}

TEST_F(ServerTest, RouteTableAnd405) {
  Api anon(port());
  auto routes = anon.get("/api/v1/meta/routes")["routes"];
  std::set<std::string> seen;
  for (const auto& r : routes)
    seen.insert(r["method"].get<std::string>() + " " + r["path"].get<std::string>());
  for (const char* want : {"GET /api/v1/health", "POST /api/v1/session", "GET /api/v1/people",
                           "GET /api/v1/people/{id}", "PATCH /api/v1/people/{id}",
                           "GET /api/v1/audit", "GET /api/v1/regions/{code}"}) {
    EXPECT_TRUE(seen.count(want)) << want;
  }
  auto res = anon.call(V::put, "/api/v1/people/1");
  EXPECT_EQ(res.result_int(), 405u);
  EXPECT_NE(std::string(res[bhttp::field::allow]).find("GET"), std::string::npos);
  EXPECT_EQ(anon.call(V::get, "/api/v1/nothing-here").result_int(), 404u);
}

TEST_F(ServerTest, RegionsStatsAndFacilities) {
  Api admin = as("dinkes_admin");
  auto city = admin.get("/api/v1/regions/33.71");
  EXPECT_EQ(city["code"], "3371");
  EXPECT_EQ(city["children"].size(), 3u);
  auto stats = admin.get("/api/v1/stats/population?region=3371");
  EXPECT_EQ(stats["residents"], 127394);
  EXPECT_EQ(stats["pyramid"].size(), 16u);
  uint64_t sum = 0;
  for (const auto& c : stats["children"]) sum += c["residents"].get<uint64_t>();
  EXPECT_EQ(sum, 127394u);
  auto pkm = admin.get("/api/v1/facilities?type=puskesmas");
  ASSERT_FALSE(pkm["items"].empty());
  bool jurangombo = false;
  for (const auto& f : pkm["items"]) jurangombo |= f["name"] == "Puskesmas Jurangombo";
  EXPECT_TRUE(jurangombo);
  auto one = admin.get("/api/v1/facilities/" + pkm["items"][0]["id"].dump());
  EXPECT_FALSE(one["catchment"].empty());
  // The kader sees only their own part of the city.
  Api kader = as("kader");
  auto mine = kader.get("/api/v1/stats/population");
  EXPECT_LT(mine["residents"].get<int>(), 127394);
  EXPECT_EQ(kader.call(V::get, "/api/v1/audit").result_int(), 403u);
}

TEST_F(ServerTest, ServesTheWebAppWithoutTraversal) {
  Client c(port());
  auto index = c.request(V::get, "/");
  EXPECT_EQ(index.result_int(), 200u);
  EXPECT_EQ(index[bhttp::field::content_type], "text/html; charset=utf-8");
  auto js = c.request(V::get, "/assets/app-1.js");
  EXPECT_EQ(js[bhttp::field::content_type], "text/javascript; charset=utf-8");
  auto spa = c.request(V::get, "/orang/12");
  EXPECT_EQ(spa.result_int(), 200u);
  EXPECT_NE(spa.body().find("<title>siklus"), std::string::npos);
  for (const char* bad : {"/../secret.txt", "/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt"}) {
    auto res = c.request(V::get, bad);
    EXPECT_EQ(res.body().find("outside the web root"), std::string::npos) << bad;
  }
}

// A fresh server: its login throttle starts empty.
TEST(ServerAlone, RepeatedFailedLoginsAreThrottled) {
  ensure_env();
  ServerProcess server(g_env->db, g_env->web, g_env->dir / "server-throttle.log");
  const auto& admin = g_env->logins.at("dinkes_admin");
  Client c(server.port());
  unsigned last = 0;
  Response res;
  for (int i = 0; i < 30 && last != 429; ++i) {
    res = c.request(
        V::post, "/api/v1/session",
        json{{"username", admin.username}, {"password", "wrong-" + std::to_string(i)}}.dump());
    last = res.result_int();
    ASSERT_TRUE(last == 401 || last == 429) << res.body();
  }
  EXPECT_EQ(last, 429u);
  EXPECT_FALSE(res[bhttp::field::retry_after].empty());
  EXPECT_EQ(body_json(res)["error"]["code"], "rate_limited");
  // Even the right password waits now.
  auto right = c.request(V::post, "/api/v1/session",
                         json{{"username", admin.username}, {"password", admin.password}}.dump());
  EXPECT_EQ(right.result_int(), 429u);
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait(std::chrono::seconds(30)), std::optional<int>(0));
}

TEST(ServerAlone, SigtermFinishesTheRequestInFlightAndExitsZero) {
  ensure_env();
  ServerProcess server(g_env->db, g_env->web, g_env->dir / "server-sigterm.log");
  Client idle(server.port());
  EXPECT_EQ(idle.request(V::get, "/api/v1/health").result_int(), 200u);
  Client busy(server.port());
  busy.send_raw("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n");  // the request has begun
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  server.signal(SIGTERM);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  busy.send_raw("Accept-Language: en\r\n\r\n");
  auto res = busy.read();
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(body_json(res)["status"], "ok");
  EXPECT_FALSE(res.keep_alive());
  EXPECT_EQ(server.wait(std::chrono::seconds(30)), std::optional<int>(0));
}

}  // namespace
}  // namespace siklus::itest
