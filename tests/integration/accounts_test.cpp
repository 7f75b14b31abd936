// User administration and one's own account over HTTP (issue 14 item 2), against the real server:
// the admin creates, disables, re-enables and resets accounts of her city; the policy, a taken
// name and her own account are refused with the field; sessions end when they must; the user
// changes her own password and logs out elsewhere. Only accounts made here are changed, so the
// demo logins the other suites share keep working.

#include <gtest/gtest.h>

#include "fixture.h"

namespace siklus::itest {
namespace {

class AccountsIntegration : public ServerTest {
 protected:
  // Logs in; the cookie, or "" with the response's status in *status.
  std::string login(const std::string& username, const std::string& password,
                    unsigned* status = nullptr, json* body = nullptr) {
    Api anon(port());
    auto res = anon.call(V::post, "/api/v1/session",
                         json{{"username", username}, {"password", password}}.dump());
    if (status) *status = res.result_int();
    if (body) *body = body_json(res);
    return res.result_int() == 200 ? cookie_pair(res) : std::string();
  }

  std::string a_posyandu() {
    auto list = as("dinkes_admin").get("/api/v1/facilities?type=posyandu");
    return list["items"][0]["id"].dump();
  }
};

TEST_F(AccountsIntegration, AdminManagesAccountsOfHerCity) {
  Api admin = as("dinkes_admin");
  auto users = admin.get("/api/v1/users");
  ASSERT_GE(users["items"].size(), 4u);
  std::set<std::string> roles;
  for (const auto& u : users["items"]) roles.insert(u["role"].get<std::string>());
  EXPECT_EQ(roles.size(), 4u);
  EXPECT_EQ(users.dump().find("password_hash"), std::string::npos);

  const std::string posyandu = a_posyandu();
  // The policy, with the field and its own message id.
  auto weak = admin.call(V::post, "/api/v1/users",
                         json{{"username", "kader.baru"},
                              {"password", "password123"},
                              {"role", "kader"},
                              {"scope", posyandu}}
                             .dump());
  EXPECT_EQ(weak.result_int(), 422u) << weak.body();
  EXPECT_EQ(body_json(weak)["error"]["field"], "password");
  EXPECT_EQ(body_json(weak)["error"]["message_id"], "password.common");
  // A kader must sit at a posyandu.
  auto wrong = admin.call(V::post, "/api/v1/users",
                          json{{"username", "kader.baru"},
                               {"password", "kuda-lari-di-sawah-1"},
                               {"role", "puskesmas"},
                               {"scope", posyandu}}
                              .dump());
  EXPECT_EQ(wrong.result_int(), 422u);
  EXPECT_EQ(body_json(wrong)["error"]["message_id"], "account.scope_needs_puskesmas");

  auto made = admin.call(V::post, "/api/v1/users",
                         json{{"username", "kader.baru"},
                              {"password", "kuda-lari-di-sawah-1"},
                              {"role", "kader"},
                              {"scope", posyandu},
                              {"display_name", "Kader Baru"}}
                             .dump());
  ASSERT_EQ(made.result_int(), 201u) << made.body();
  EXPECT_EQ(body_json(made)["scope"], posyandu);
  EXPECT_EQ(body_json(made)["disabled"], false);
  auto taken = admin.call(V::post, "/api/v1/users",
                          json{{"username", "kader.baru"},
                               {"password", "kuda-lari-di-sawah-2"},
                               {"role", "kader"},
                               {"scope", posyandu}}
                              .dump());
  EXPECT_EQ(taken.result_int(), 409u);

  const std::string cookie = login("kader.baru", "kuda-lari-di-sawah-1");
  ASSERT_FALSE(cookie.empty());
  Api kader(port(), cookie);
  kader.get("/api/v1/me");

  // Disabled: the live session ends at once, and a login says why (after the right password).
  auto off = admin.call(V::patch, "/api/v1/users/kader.baru", R"({"disabled":true})");
  ASSERT_EQ(off.result_int(), 200u) << off.body();
  EXPECT_EQ(body_json(off)["disabled"], true);
  EXPECT_EQ(kader.call(V::get, "/api/v1/me").result_int(), 401u);
  unsigned status = 0;
  json body;
  EXPECT_EQ(login("kader.baru", "kuda-lari-di-sawah-1", &status, &body), "");
  EXPECT_EQ(status, 403u);
  EXPECT_EQ(body["error"]["message_id"], "auth.account_disabled");
  EXPECT_EQ(login("kader.baru", "wrong-password-here", &status), "");
  EXPECT_EQ(status, 401u);  // a wrong password learns nothing of the account

  // Enabled again, then reset: the old password stops working, the new one works.
  ASSERT_EQ(admin.call(V::patch, "/api/v1/users/kader.baru", R"({"disabled":false})").result_int(),
            200u);
  auto reset =
      admin.call(V::patch, "/api/v1/users/kader.baru", R"({"password":"sapi-makan-rumput-hijau"})");
  ASSERT_EQ(reset.result_int(), 200u) << reset.body();
  EXPECT_EQ(login("kader.baru", "kuda-lari-di-sawah-1", &status), "");
  EXPECT_FALSE(login("kader.baru", "sapi-makan-rumput-hijau").empty());

  // Her own account: refused, and unknown accounts are 404.
  const std::string me = admin.get("/api/v1/me")["username"];
  auto self = admin.call(V::patch, "/api/v1/users/" + me, R"({"disabled":true})");
  EXPECT_EQ(self.result_int(), 422u);
  EXPECT_EQ(body_json(self)["error"]["message_id"], "account.self_change");
  EXPECT_EQ(admin.call(V::patch, "/api/v1/users/nobody.here", R"({"disabled":true})").result_int(),
            404u);

  // Each of these is on the record.
  auto audit = admin.get("/api/v1/audit?user=" + me + "&page_size=50");
  std::set<std::string> actions;
  for (const auto& e : audit["entries"]) {
    if (e["object"] == "app_user") actions.insert(e["action"].get<std::string>());
  }
  for (const char* a : {"read", "create", "update", "password_reset"}) {
    EXPECT_TRUE(actions.count(a)) << a;
  }
}

TEST_F(AccountsIntegration, OwnPasswordAndSessions) {
  Api admin = as("dinkes_admin");
  ASSERT_EQ(admin
                .call(V::post, "/api/v1/users",
                      json{{"username", "nakes.sendiri"},
                           {"password", "ikan-berenang-di-kolam"},
                           {"role", "kader"},
                           {"scope", a_posyandu()}}
                          .dump())
                .result_int(),
            201u);
  Api phone(port(), login("nakes.sendiri", "ikan-berenang-di-kolam"));
  Api laptop(port(), login("nakes.sendiri", "ikan-berenang-di-kolam"));
  auto sessions = laptop.get("/api/v1/me/sessions");
  ASSERT_EQ(sessions["items"].size(), 2u);
  int current = 0;
  for (const auto& s : sessions["items"]) current += s["current"].get<bool>() ? 1 : 0;
  EXPECT_EQ(current, 1);

  auto bad = laptop.call(V::post, "/api/v1/me/password",
                         R"({"current_password":"not-my-password","new_password":"x"})");
  EXPECT_EQ(bad.result_int(), 422u);
  EXPECT_EQ(body_json(bad)["error"]["field"], "current_password");
  auto weak =
      laptop.call(V::post, "/api/v1/me/password",
                  R"({"current_password":"ikan-berenang-di-kolam","new_password":"12345678"})");
  EXPECT_EQ(weak.result_int(), 422u);
  EXPECT_EQ(body_json(weak)["error"]["field"], "new_password");
  auto ok = laptop.call(
      V::post, "/api/v1/me/password",
      R"({"current_password":"ikan-berenang-di-kolam","new_password":"burung-terbang-ke-utara"})");
  ASSERT_EQ(ok.result_int(), 200u) << ok.body();
  // The other session ended; this one stays.
  EXPECT_EQ(phone.call(V::get, "/api/v1/me").result_int(), 401u);
  laptop.get("/api/v1/me");
  EXPECT_FALSE(login("nakes.sendiri", "burung-terbang-ke-utara").empty());

  auto ended = laptop.call(V::delete_, "/api/v1/me/sessions");
  ASSERT_EQ(ended.result_int(), 200u);
  EXPECT_EQ(body_json(ended)["ended"], 1);
  EXPECT_EQ(laptop.get("/api/v1/me/sessions")["items"].size(), 1u);
}

}  // namespace
}  // namespace siklus::itest
