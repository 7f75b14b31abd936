#pragma once
// The fixture the integration tests share: one demo database copy and web folder per test
// process, `siklus serve` per test suite, and a logged-in API client per demo role.

#include <gtest/gtest.h>

#include "harness.h"

namespace siklus::itest {

using V = bhttp::verb;

struct Env {
  fs::path dir;
  fs::path db;
  fs::path web;
  json demo;
  std::map<std::string, Login> logins;
};

inline Env* g_env = nullptr;

// The web folder, database copy and demo logins of this test process (made once).
inline void ensure_env() {
  if (g_env) return;
  g_env = new Env;
  g_env->dir = fs::temp_directory_path() / ("siklus-itest-" + std::to_string(::getpid()));
  fs::create_directories(g_env->dir / "web" / "assets");
  std::ofstream(g_env->dir / "web" / "index.html") << "<!doctype html><title>siklus</title>";
  std::ofstream(g_env->dir / "web" / "assets" / "app-1.js") << "console.log('siklus')";
  std::ofstream(g_env->dir / "secret.txt") << "outside the web root";
  g_env->web = g_env->dir / "web";
  g_env->db = g_env->dir / "siklus.db";
  g_env->demo = cached_demo(g_env->db);
  g_env->logins = demo_logins(g_env->demo);
}

// Removes the process's temp folder at exit.
class CleanUp : public ::testing::Environment {
 public:
  void TearDown() override {
    if (g_env) {
      std::error_code ec;
      fs::remove_all(g_env->dir, ec);
    }
  }
};
inline const auto* const kCleanUp = ::testing::AddGlobalTestEnvironment(new CleanUp);

// One API user on its own keep-alive connection.
class Api {
 public:
  Api(uint16_t port, std::string cookie = {}) : client_(port), cookie_(std::move(cookie)) {}
  Response call(V method, const std::string& target, const std::string& body = {},
                std::map<std::string, std::string> headers = {}) {
    if (!cookie_.empty()) headers.emplace("Cookie", cookie_);
    headers.emplace("Accept-Language", "en");
    return client_.request(method, target, body, headers);
  }
  json get(const std::string& target, unsigned want = 200) {
    auto res = call(V::get, target);
    EXPECT_EQ(res.result_int(), want) << target << ": " << res.body();
    return body_json(res);
  }
  Client& client() { return client_; }

 private:
  Client client_;
  std::string cookie_;
};

// "sid=TOKEN" from a Set-Cookie header.
inline std::string cookie_pair(const Response& res) {
  const std::string set(res[bhttp::field::set_cookie]);
  return set.substr(0, set.find(';'));
}

class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ensure_env();
    server_ = new ServerProcess(g_env->db, g_env->web, g_env->dir / "server.log");
  }
  static void TearDownTestSuite() {
    server_->signal(SIGTERM);
    const auto code = server_->wait(std::chrono::seconds(30));
    EXPECT_EQ(code, std::optional<int>(0));
    delete server_;
    server_ = nullptr;
    sessions_.clear();
  }

  static uint16_t port() { return server_->port(); }

  // A logged-in Api for a demo role (the login is made once per process and role).
  static Api as(const std::string& role) {
    if (!sessions_.count(role)) {
      const auto it = g_env->logins.find(role);
      if (it == g_env->logins.end()) throw std::runtime_error("the demo has no " + role + " user");
      Api anon(port());
      auto res = anon.call(
          V::post, "/api/v1/session",
          json{{"username", it->second.username}, {"password", it->second.password}}.dump());
      if (res.result_int() != 200) throw std::runtime_error("login failed: " + res.body());
      sessions_[role] = cookie_pair(res);
    }
    return Api(port(), sessions_[role]);
  }

  inline static ServerProcess* server_ = nullptr;
  inline static std::map<std::string, std::string> sessions_;
};

}  // namespace siklus::itest
