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

// One demo city in a fresh database on the test server, served on port 0 (the template and the
// copy are made while holding the lock, so no process copies a template being written).
class PostgresCity : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_url_ = pg_server();
    if (!server_url_) return;
    dir_ = fs::temp_directory_path() / ("siklus-pgtest-" + std::to_string(::getpid()));
    fs::create_directories(dir_ / "web");
    std::ofstream(dir_ / "web" / "index.html") << "<!doctype html><title>siklus</title>";
    const std::string name = "sk_itest_" + std::to_string(::getpid());
    // A failure here is reported by each test's SetUp: gtest would only mark them skipped.
    if (!copy_demo_city(name)) {
      setup_error_ = "could not make the demo city on " + *server_url_ + "; see " +
                     (dir_ / "demo.log").string();
      return;
    }
    db_name_ = name;
    url_ = with_database(*server_url_, name);
    server_ = new ServerProcess(url_, dir_ / "web", dir_ / "server.log");
  }
  static void TearDownTestSuite() {
    if (server_) {
      server_->signal(SIGTERM);
      EXPECT_EQ(server_->wait(std::chrono::seconds(30)), std::optional<int>(0));
      delete server_;
      server_ = nullptr;
    }
    if (!db_name_.empty()) {
      psql(*server_url_, "DROP DATABASE IF EXISTS " + db_name_ + " WITH (FORCE)");
    }
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // The demo city is made once per binary and server, as a template database (under a file lock:
  // ctest runs test processes in parallel); each process serves its own copy of it.
  static bool copy_demo_city(const std::string& copy) {
    const fs::path cache(SK_INTEGRATION_CACHE_DIR);
    fs::create_directories(cache);
    std::error_code ec;
    const auto stamp = fs::last_write_time(SIKLUS_BIN, ec).time_since_epoch().count();
    const std::string name =
        "sk_itest_demo_" + std::to_string(static_cast<uint64_t>(stamp) % 1000000007);
    const fs::path logins = cache / (name + ".json");
    const int lock = ::open((cache / "pg-demo.lock").c_str(), O_CREAT | O_RDWR, 0644);
    if (lock < 0 || ::flock(lock, LOCK_EX) != 0) return false;
    const auto exists =
        run_command("psql -X -tAc " +
                    shell_quote("SELECT COUNT(*) FROM pg_database WHERE datname = '" + name + "'") +
                    " " + shell_quote(*server_url_));
    if (exists.second.find('1') != 0 || !fs::exists(logins)) {
      psql(*server_url_, "DROP DATABASE IF EXISTS " + name);
      if (psql(*server_url_, "CREATE DATABASE " + name) != 0) return ::close(lock), false;
      auto [code, text] =
          run_command("cd " + shell_quote(SK_SOURCE_DIR) + " && " + shell_quote(SIKLUS_BIN) +
                      " --db " + shell_quote(with_database(*server_url_, name)) +
                      " demo --city 33.71 --json 2>" + shell_quote((dir_ / "demo.log").string()));
      EXPECT_EQ(code, 0) << text;
      if (code != 0) return ::close(lock), false;
      std::ofstream(logins) << text;
    }
    std::ifstream in(logins);
    logins_ = demo_logins(json::parse(in));
    psql(*server_url_, "DROP DATABASE IF EXISTS " + copy);
    const bool copied = psql(*server_url_, "CREATE DATABASE " + copy + " TEMPLATE " + name) == 0;
    ::close(lock);
    return copied;
  }
  void SetUp() override {
    if (!server_url_) GTEST_SKIP() << "no PostgreSQL test server (SIKLUS_TEST_PG_URL or PGHOST)";
    ASSERT_TRUE(setup_error_.empty()) << setup_error_;
    ASSERT_TRUE(server_);
  }

  static std::string login(const std::string& role) {
    const Login& l = logins_.at(role);
    Api anon(server_->port());
    auto res = anon.call(V::post, "/api/v1/session",
                         json{{"username", l.username}, {"password", l.password}}.dump());
    EXPECT_EQ(res.result_int(), 200u) << res.body();
    return cookie_pair(res);
  }
  static Api as(const std::string& role) { return Api(server_->port(), login(role)); }

  inline static std::optional<std::string> server_url_;
  inline static std::string db_name_, url_;
  inline static fs::path dir_;
  inline static std::string setup_error_;
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

// The cluster stops under a steady stream of person reads (each also writes an audit entry) and
// starts again: meanwhile the answers are 503 with Retry-After, never another error or a crash,
// and the server serves again once the database is back, without a restart.
TEST_F(PostgresCity, DatabaseStoppedMidLoadAnswers503ThenRecovers) {
  const char* version = std::getenv("PGVERSION");
  if (!version || !std::getenv("PG_CLUSTER_CONF_ROOT")) {
    GTEST_SKIP() << "needs a pg_virtualenv cluster to stop and start";
  }
  const std::string cookie = login("dinkes_admin");
  Api admin(server_->port(), cookie);
  json page = admin.get("/api/v1/people?region=3371&page_size=1");
  ASSERT_FALSE(page["items"].empty());
  const std::string target = "/api/v1/people/" + page["items"][0]["id"].dump();
  const std::string cluster = std::string("pg_ctlcluster ") + version + " regress ";

  std::atomic<bool> stop{false};
  std::atomic<int> ok{0}, unavailable{0}, missing_retry_after{0}, other{0};
  std::string other_body;
  std::thread load([&] {
    std::optional<Api> api(std::in_place, server_->port(), cookie);
    while (!stop.load()) {
      try {
        auto res = api->call(V::get, target);
        if (res.result_int() == 200) {
          ++ok;
        } else if (res.result_int() == 503) {
          ++unavailable;
          missing_retry_after += res[bhttp::field::retry_after] != "1";
        } else {
          if (other++ == 0) other_body = std::to_string(res.result_int()) + " " + res.body();
        }
      } catch (const std::exception&) {
        api.emplace(server_->port(), cookie);  // the server closed the connection: reconnect
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const int before = ok.load();
  EXPECT_EQ(run_command(cluster + "stop -m fast 2>&1").first, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_EQ(run_command(cluster + "start 2>&1").first, 0);
  // Back within a few seconds: the pool reconnects on the next request.
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  const int at_start = ok.load();
  while (ok.load() < at_start + 5 && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  stop = true;
  load.join();
  EXPECT_GT(before, 0);
  EXPECT_GT(unavailable.load(), 0) << "no request saw the database down";
  EXPECT_EQ(missing_retry_after.load(), 0);
  EXPECT_EQ(other.load(), 0) << other_body;
  EXPECT_GE(ok.load(), at_start + 5) << "did not recover";
  EXPECT_EQ(Api(server_->port(), cookie).call(V::get, target).result_int(), 200u);
}

}  // namespace
}  // namespace siklus::itest
