// Life-cycle care over HTTP against the real server on the demo city: a kader records in her RW
// (and nowhere else), a phone's resend is recorded once, a correction keeps the old value, the
// due list follows a record within a second (change feed), and the XLSX export is a zip.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <thread>

#include "fixture.h"

namespace siklus::itest {
namespace {

// A weight near the WHO median for the child's age on `today` (both YYYY-MM-DD), so a growth
// reference never finds it implausible.
double plausible_weight(const std::string& birth, const std::string& today) {
  const int months = (std::stoi(today.substr(0, 4)) - std::stoi(birth.substr(0, 4))) * 12 +
                     std::stoi(today.substr(5, 2)) - std::stoi(birth.substr(5, 2));
  if (months <= 6) return 3.3 + 0.7 * std::max(months, 0);
  if (months <= 12) return 7.5 + 0.35 * (months - 6);
  return 9.6 + 0.2 * (months - 12);
}

class CareApi : public ServerTest {
 protected:
  // Whether the due list of the kader's scope on `date` still lists `service` for `person`.
  static bool listed(Api& api, int64_t person, const std::string& service) {
    auto due = api.get("/api/v1/care/due");
    for (const auto& i : due["items"]) {
      if (i["person_id"] == person && i["service"] == service) return true;
    }
    return false;
  }
};

TEST_F(CareApi, KaderRecordsCorrectsAndTheDueListFollows) {
  Api kader = as("kader");
  auto due = kader.get("/api/v1/care/due");
  ASSERT_TRUE(due.contains("items"));
  const std::string today = due["date"];
  // A child of her RW not weighed this month.
  int64_t child = 0;
  double weight = 0;
  for (const auto& i : due["items"]) {
    if (i["service"] == "anthropometry") {
      child = i["person_id"];
      weight = plausible_weight(i["birth_date"], today);
      break;
    }
  }
  ASSERT_NE(child, 0) << "no child due for weighing in the kader's RW";

  const json body = {{"person_id", child},
                     {"date", today},
                     {"service", "anthropometry"},
                     {"place", "posyandu"},
                     {"weight_kg", weight}};
  const std::map<std::string, std::string> key = {{"Idempotency-Key", "itest-phone-entry-1"}};
  const auto t0 = std::chrono::steady_clock::now();
  auto first = kader.call(V::post, "/api/v1/care/services", body.dump(), key);
  ASSERT_EQ(first.result_int(), 201u) << first.body();
  const json rec = body_json(first);
  EXPECT_EQ(rec["recorded_by"], g_env->logins["kader"].username);
  EXPECT_FALSE(rec["duplicate"].get<bool>());

  // The due list drops the weighing within a second of the record.
  bool gone = false;
  while (std::chrono::steady_clock::now() - t0 < std::chrono::seconds(1)) {
    if (!listed(kader, child, "anthropometry")) {
      gone = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(gone) << "the weighing is still due a second after it was recorded";

  // The phone resends the same entry: the first record comes back, nothing new is stored.
  auto again = kader.call(V::post, "/api/v1/care/services", body.dump(), key);
  ASSERT_EQ(again.result_int(), 200u) << again.body();
  EXPECT_EQ(body_json(again)["id"], rec["id"]);
  EXPECT_TRUE(body_json(again)["duplicate"].get<bool>());
  auto timeline = kader.get("/api/v1/people/" + std::to_string(child) + "/care");
  int copies = 0;
  for (const auto& s : timeline["services"]) copies += s["id"] == rec["id"];
  EXPECT_EQ(copies, 1);

  // A correction keeps the old weight in the history.
  const std::string path = "/api/v1/care/services/" + rec["id"].dump();
  auto fixed = kader.call(V::patch, path, json{{"weight_kg", weight + 0.4}}.dump());
  ASSERT_EQ(fixed.result_int(), 200u) << fixed.body();
  EXPECT_DOUBLE_EQ(body_json(fixed)["fields"]["weight_kg"].get<double>(), weight + 0.4);
  auto detail = kader.get(path);
  ASSERT_EQ(detail["history"].size(), 1u);
  EXPECT_DOUBLE_EQ(detail["history"][0]["fields"]["weight_kg"].get<double>(), weight);

  // Impossible input is refused naming the field.
  json heavy = body;
  heavy["weight_kg"] = 300;
  auto refused = kader.call(V::post, "/api/v1/care/services", heavy.dump());
  EXPECT_EQ(refused.result_int(), 422u);
  EXPECT_EQ(body_json(refused)["error"]["field"], "weight_kg");
}

// A service written by another process (the CLI beside the server) reaches the server's due
// list through the change feed, within a second.
TEST_F(CareApi, ServiceRecordedElsewhereReachesTheDueListThroughTheChangeFeed) {
  Api kader = as("kader");
  auto due = kader.get("/api/v1/care/due");
  const std::string today = due["date"];
  int64_t child = 0;
  double weight = 0;
  for (const auto& i : due["items"]) {
    if (i["service"] == "anthropometry") {
      child = i["person_id"];
      weight = plausible_weight(i["birth_date"], today);
      break;
    }
  }
  ASSERT_NE(child, 0);
  const fs::path file = g_env->dir / "care-record.json";
  std::ofstream(file) << json{
      {"person_id", child},
      {"date", today},
      {"service", "anthropometry"},
      {"place", "posyandu"},
      {"weight_kg", weight}}.dump();
  auto [code, out] = run_command(shell_quote(SIKLUS_BIN) + " --db " + shell_quote(g_env->db) +
                                 " care record " + shell_quote(file) + " --json 2>&1");
  ASSERT_EQ(code, 0) << out;
  const auto t0 = std::chrono::steady_clock::now();
  bool gone = false;
  while (std::chrono::steady_clock::now() - t0 < std::chrono::seconds(1)) {
    if (!listed(kader, child, "anthropometry")) {
      gone = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(gone) << "the server's due list missed a service recorded by the CLI";
}

TEST_F(CareApi, KaderCannotRecordOutsideHerRw) {
  Api admin = as("dinkes_admin");
  Api kader = as("kader");
  auto people = admin.get("/api/v1/people?page_size=50");
  int64_t outside = 0;
  for (const auto& p : people["items"]) {
    const int64_t id = p["id"];
    if (kader.call(V::get, "/api/v1/people/" + std::to_string(id)).result_int() == 404) {
      outside = id;
      break;
    }
  }
  ASSERT_NE(outside, 0);
  const json body = {{"person_id", outside},
                     {"date", "2026-01-05"},
                     {"service", "diagnosis"},
                     {"place", "home"},
                     {"icd10", "J06.9"}};
  auto res = kader.call(V::post, "/api/v1/care/services", body.dump());
  EXPECT_EQ(res.result_int(), 404u) << res.body();
  EXPECT_EQ(kader.call(V::get, "/api/v1/people/" + std::to_string(outside) + "/care").result_int(),
            404u);
}

TEST_F(CareApi, DueListExportsAValidXlsx) {
  Api puskesmas = as("puskesmas");
  auto res = puskesmas.call(V::get, "/api/v1/care/due?format=xlsx");
  ASSERT_EQ(res.result_int(), 200u) << res.body().substr(0, 200);
  const std::string& b = res.body();
  ASSERT_GT(b.size(), 100u);
  EXPECT_EQ(b.substr(0, 4), std::string("PK\x03\x04", 4));  // a zip's local file header
  EXPECT_NE(b.find("xl/worksheets/sheet1.xml"), std::string::npos);
  EXPECT_NE(std::string(res[bhttp::field::content_disposition]).find(".xlsx"), std::string::npos);
}

}  // namespace
}  // namespace siklus::itest
