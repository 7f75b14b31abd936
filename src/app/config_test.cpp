#include "app/config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace siklus::app {
namespace {

TEST(Config, EveryKeyIsRead) {
  auto c = parse_config(R"(
[database]
url = "/var/lib/siklus/kota.db"
[server]
listen = "0.0.0.0:9000"
web_dir = "/srv/web"
threads = 8
secure_cookie = true
body_limit_bytes = 2097152
header_limit_bytes = 32768
idle_timeout_s = 10
read_timeout_s = 5
[session]
lifetime_s = 3600
[coverage]
uhc_coverage_pct = 97.5
uhc_active_pct = 75
basic_coverage_pct = 90
premium_rupiah = 37800
[pws]
green_pct_of_target = 95
yellow_pct_of_target = 70
[routing]
osrm_url = "http://127.0.0.1:5000"
[log]
level = "debug"
)",
                        "t.toml");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->database.url, "/var/lib/siklus/kota.db");
  EXPECT_EQ(c->server.listen, "0.0.0.0:9000");
  EXPECT_EQ(c->server.web_dir, "/srv/web");
  EXPECT_EQ(c->server.threads, 8);
  EXPECT_TRUE(c->server.secure_cookie);
  EXPECT_EQ(c->server.body_limit_bytes, 2097152);
  EXPECT_EQ(c->server.header_limit_bytes, 32768);
  EXPECT_EQ(c->server.idle_timeout_s, 10);
  EXPECT_EQ(c->server.read_timeout_s, 5);
  EXPECT_EQ(c->session.lifetime_s, 3600);
  EXPECT_DOUBLE_EQ(c->coverage.uhc_coverage_pct, 97.5);
  EXPECT_DOUBLE_EQ(c->coverage.uhc_active_pct, 75);  // an integer is a fine percentage
  EXPECT_DOUBLE_EQ(c->coverage.basic_coverage_pct, 90);
  EXPECT_EQ(c->coverage.premium_rupiah, 37800);
  EXPECT_DOUBLE_EQ(c->pws.green_pct_of_target, 95);
  EXPECT_DOUBLE_EQ(c->pws.yellow_pct_of_target, 70);
  EXPECT_EQ(c->routing.osrm_url, "http://127.0.0.1:5000");
  EXPECT_EQ(c->log.level, "debug");
  EXPECT_EQ(c->source, "t.toml");
}

TEST(Config, MissingKeysKeepTheirDefaults) {
  auto c = parse_config("[server]\nthreads = 4\n", "t.toml");
  ASSERT_TRUE(c);
  const Config d;
  EXPECT_EQ(c->server.threads, 4);
  EXPECT_EQ(c->server.listen, d.server.listen);
  EXPECT_EQ(c->database.url, "siklus.db");
  EXPECT_EQ(c->session.lifetime_s, 8 * 3600);
  EXPECT_DOUBLE_EQ(c->coverage.uhc_coverage_pct, 98);
  EXPECT_EQ(c->coverage.premium_rupiah, 42000);
  EXPECT_EQ(c->log.level, "info");
}

TEST(Config, TheExampleFileIsValidAndHoldsTheDefaults) {
  auto c = load_config(std::filesystem::path(SK_SOURCE_DIR) / "siklus.example.toml");
  ASSERT_TRUE(c) << c.error().message;
  const Config d;
  EXPECT_EQ(c->database.url, d.database.url);
  EXPECT_EQ(c->server.listen, d.server.listen);
  EXPECT_EQ(c->server.threads, d.server.threads);
  EXPECT_EQ(c->server.body_limit_bytes, d.server.body_limit_bytes);
  EXPECT_EQ(c->session.lifetime_s, d.session.lifetime_s);
  EXPECT_DOUBLE_EQ(c->coverage.uhc_coverage_pct, d.coverage.uhc_coverage_pct);
  EXPECT_EQ(c->coverage.premium_rupiah, d.coverage.premium_rupiah);
  EXPECT_EQ(c->log.level, d.log.level);
  EXPECT_FALSE(c->satusehat.enabled());
  EXPECT_EQ(c->satusehat.timeout_s, d.satusehat.timeout_s);
}

TEST(Config, SatusehatKeysAreReadAndChecked) {
  auto c = parse_config(
      "[satusehat]\nfhir_url = \"https://x/fhir-r4/v1\"\nclient_id = \"cid\"\ncity = \"33.71\"\n",
      "t.toml");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_TRUE(c->satusehat.enabled());
  EXPECT_EQ(c->satusehat.city, "33.71");
  auto bad = parse_config("[satusehat]\ncity = \"Magelang\"\n", "t.toml");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "satusehat.city");
  auto url = parse_config("[satusehat]\nfhir_url = \"ftp://x\"\n", "t.toml");
  ASSERT_FALSE(url);
  EXPECT_EQ(url.error().field, "satusehat.fhir_url");
}

struct Bad {
  const char* text;
  const char* field;
  const char* says;  // part of the message
};

TEST(Config, BadKeysAndTypesNameFileLineAndKeyInBothLanguages) {
  const Bad cases[] = {
      {"[server]\nthreds = 4\n", "server.threds", "t.toml:2: server.threds: unknown key"},
      {"[sever]\nthreads = 4\n", "sever", "t.toml:1: sever: unknown key"},
      {"database = \"x.db\"\n", "database", "expected a [database] table"},
      {"[server]\nthreads = \"4\"\n", "server.threads",
       "t.toml:2: server.threads: expected an integer"},
      {"[server]\nthreads = 100\n", "server.threads", "must be between 1-64"},
      {"[server]\nsecure_cookie = \"yes\"\n", "server.secure_cookie", "expected true or false"},
      {"[server]\nlisten = 8080\n", "server.listen", "expected a string"},
      {"[server]\nlisten = \"host:http\"\n", "server.listen", "expected HOST:PORT"},
      {"[database]\nurl = \"\"\n", "database.url", "must not be empty"},
      {"\n\n[coverage]\nuhc_coverage_pct = \"98\"\n", "coverage.uhc_coverage_pct",
       "t.toml:4: coverage.uhc_coverage_pct: expected a number"},
      {"[coverage]\nuhc_active_pct = 120\n", "coverage.uhc_active_pct", "between 0 and 100"},
      {"[coverage]\npremium_rupiah = 42000.5\n", "coverage.premium_rupiah", "expected an integer"},
      {"[session]\nlifetime_s = 0\n", "session.lifetime_s", "must be between"},
      {"[routing]\nosrm_url = \"ftp://x\"\n", "routing.osrm_url", "start with http://"},
      {"[log]\nlevel = \"loud\"\n", "log.level", "expected trace, debug"},
      {"[server\nthreads = 4\n", "config", "t.toml:1:"},
  };
  for (const Bad& b : cases) {
    auto c = parse_config(b.text, "t.toml");
    ASSERT_FALSE(c) << b.text;
    EXPECT_EQ(c.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(c.error().field, b.field) << b.text;
    EXPECT_NE(c.error().message.find(b.says), std::string::npos) << c.error().message;
    // Both languages, one line: "… English / Indonesian".
    EXPECT_NE(c.error().message.find(" / "), std::string::npos) << c.error().message;
  }
  auto unknown = parse_config("[server]\nthreds = 4\n", "t.toml");
  EXPECT_NE(unknown.error().message.find("kunci tidak dikenal"), std::string::npos);
}

TEST(Config, FindConfigExplicitMissingFileFails) {
  auto c = find_config("/nonexistent/siklus.toml");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().field, "config");
}

TEST(Config, FindConfigUsesSiklusTomlInTheWorkingDirectory) {
  const auto dir = std::filesystem::temp_directory_path() / "siklus-config-test";
  std::filesystem::create_directories(dir);
  const auto old = std::filesystem::current_path();
  std::filesystem::current_path(dir);
  std::filesystem::remove("siklus.toml");
  auto defaults = find_config("");
  std::ofstream("siklus.toml") << "[server]\nthreads = 3\n";
  auto found = find_config("");
  std::filesystem::current_path(old);
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->source, "");
  EXPECT_EQ(defaults->server.threads, 2);
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_EQ(found->server.threads, 3);
}

TEST(Config, ConfigArgIsFoundAnywhereOnTheCommandLine) {
  const char* a[] = {"siklus", "serve", "--config", "x.toml", "--listen", ":0"};
  EXPECT_EQ(config_arg(6, a), "x.toml");
  const char* b[] = {"siklus", "--config=y.toml", "serve"};
  EXPECT_EQ(config_arg(3, b), "y.toml");
  const char* c[] = {"siklus", "serve"};
  EXPECT_EQ(config_arg(2, c), "");
}

}  // namespace
}  // namespace siklus::app
