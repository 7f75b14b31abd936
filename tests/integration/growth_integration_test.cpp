// WHO growth through the real binary: a server started before the reference is installed answers
// growth.not_installed, picks the reference up from the change feed within a second of
// `siklus import who-growth`, and then gives the same z-scores as `siklus growth`. A second
// import changes nothing. Needs WHO's files (SIKLUS_WHO_GROWTH_DIR, set by ./dev test).

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "fixture.h"

namespace siklus::itest {
namespace {

std::string who_dir() {
  const char* env = std::getenv("SIKLUS_WHO_GROWTH_DIR");
  return env && *env && fs::is_directory(env) ? std::string(env) : std::string();
}

std::pair<int, json> cli(const std::string& args) {
  auto [code, out] =
      run_command(shell_quote(SIKLUS_BIN) + " --db " + shell_quote(g_env->db) + " --json " + args);
  return {code, json::parse(out, nullptr, false)};
}

const json kChild = {{"sex", "L"},    {"birth", "2024-01-15"}, {"date", "2025-02-20"},
                     {"weight", 9.4}, {"height", 75.2},        {"recumbent", true},
                     {"head", 46.1},  {"muac", 14.2}};

class GrowthIntegration : public ServerTest {};

TEST_F(GrowthIntegration, ImportIsPickedUpAndBothDoorsAgree) {
  const std::string dir = who_dir();
  if (dir.empty()) {
    GTEST_SKIP() << "WHO growth files absent: set SIKLUS_WHO_GROWTH_DIR (./dev test sets it to "
                    "../shared/data/who-growth)";
  }
  Api nakes = as("nakes");
  auto before = nakes.call(V::post, "/api/v1/growth/assess", kChild.dump(),
                           {{"Content-Type", "application/json"}});
  ASSERT_EQ(before.result_int(), 409u) << before.body();
  EXPECT_EQ(body_json(before)["error"]["message_id"], "growth.not_installed");
  auto [no_ref_code, no_ref] =
      cli("growth --sex L --birth 2024-01-15 --date 2025-02-20 --weight 9");
  EXPECT_NE(no_ref_code, 0);
  EXPECT_NE(no_ref.dump().find("siklus import who-growth"), std::string::npos) << no_ref.dump();

  auto [code, report] = cli("import who-growth " + shell_quote(dir));
  ASSERT_EQ(code, 0) << report.dump();
  EXPECT_FALSE(report["unchanged"].get<bool>());
  EXPECT_GT(report["rows"].get<int>(), 25000);
  const auto imported = std::chrono::steady_clock::now();

  // The server follows the change feed: the reference arrives without a restart.
  Response after;
  while (true) {
    after = nakes.call(V::post, "/api/v1/growth/assess", kChild.dump(),
                       {{"Content-Type", "application/json"}});
    if (after.result_int() != 409) break;
    if (std::chrono::steady_clock::now() - imported > std::chrono::seconds(5)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - imported);
  ASSERT_EQ(after.result_int(), 200u) << after.body();
  EXPECT_LT(waited.count(), 1000) << "the server took " << waited.count() << " ms";
  std::cout << "reference picked up by the server " << waited.count() << " ms after the import\n";
  const json http = body_json(after);

  auto [cli_code, cli_answer] =
      cli("growth --sex L --birth 2024-01-15 --date 2025-02-20 --weight 9.4 --height 75.2 "
          "--recumbent --head 46.1 --muac 14.2");
  ASSERT_EQ(cli_code, 0) << cli_answer.dump();
  EXPECT_EQ(http, cli_answer);
  EXPECT_EQ(http["age_days"], 402);
  for (const char* z : {"waz", "haz", "whz", "bmiz", "hcz", "acz"}) {
    EXPECT_TRUE(http[z].is_number()) << z << ": " << http.dump();
  }
  EXPECT_EQ(http["status"]["weight_for_age"], "normal");

  auto [again_code, again] = cli("import who-growth " + shell_quote(dir));
  ASSERT_EQ(again_code, 0) << again.dump();
  EXPECT_TRUE(again["unchanged"].get<bool>());
  EXPECT_EQ(again["rows"], 0);
}

TEST_F(GrowthIntegration, CurvesAndRefusals) {
  const std::string dir = who_dir();
  if (dir.empty()) GTEST_SKIP() << "WHO growth files absent (SIKLUS_WHO_GROWTH_DIR)";
  auto [code, report] = cli("import who-growth " + shell_quote(dir));
  ASSERT_EQ(code, 0) << report.dump();
  Api kader = as("kader");
  Response curves;
  for (int i = 0; i < 100; ++i) {  // until the feed has delivered the reference
    curves = kader.call(V::get, "/api/v1/growth/curves?indicator=wfl&sex=P");
    if (curves.result_int() != 409) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(curves.result_int(), 200u) << curves.body();
  EXPECT_EQ(curves[bhttp::field::cache_control], "private, max-age=3600");
  const json c = body_json(curves);
  EXPECT_EQ(c["x_unit"], "cm");
  EXPECT_EQ(c["points"].size(), 131u);  // 45-110 cm every 0.5 cm
  EXPECT_EQ(c["points"][0].size(), 8u);

  EXPECT_EQ(kader.call(V::get, "/api/v1/growth/curves?indicator=xyz&sex=P").result_int(), 400u);
  EXPECT_EQ(Api(port()).call(V::get, "/api/v1/growth/curves?indicator=wfa&sex=L").result_int(),
            401u);

  json heavy = kChild;
  heavy["weight"] = 30;  // a 30 kg one-year-old: beyond WHO's flag
  auto refused = kader.call(V::post, "/api/v1/growth/assess", heavy.dump(),
                            {{"Content-Type", "application/json"}});
  ASSERT_EQ(refused.result_int(), 400u) << refused.body();
  EXPECT_EQ(body_json(refused)["error"]["field"], "weight");
  EXPECT_EQ(body_json(refused)["error"]["message_id"], "growth.implausible");
  json typo = kChild;
  typo["wieght"] = 9;
  auto unknown = kader.call(V::post, "/api/v1/growth/assess", typo.dump(),
                            {{"Content-Type", "application/json"}});
  EXPECT_EQ(unknown.result_int(), 400u);
  EXPECT_EQ(body_json(unknown)["error"]["field"], "wieght");
}

}  // namespace
}  // namespace siklus::itest
