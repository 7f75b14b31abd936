// The live PWS over HTTP against the real server on the demo city: a service recorded through
// POST /api/v1/care/services shows in the PWS table within a second (change feed), the version a
// dashboard polls moves, the child appears among the names counted, and the XLSX is a zip.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "fixture.h"

namespace siklus::itest {
namespace {

class PwsApi : public ServerTest {
 protected:
  static json figure(const json& table, const std::string& code) {
    for (const auto& i : table["indicators"]) {
      if (i["code"] == code) return i;
    }
    return json();
  }
};

TEST_F(PwsApi, ARecordedWeighingShowsWithinASecond) {
  Api kader = as("kader");
  auto due = kader.get("/api/v1/care/due");
  const std::string today = due["date"];
  const std::string period = today.substr(0, 7);
  // A child of her RW not weighed this month (so D/S will move by one).
  int64_t child = 0;
  std::string birth;
  for (const auto& i : due["items"]) {
    if (i["service"] == "anthropometry") {
      child = i["person_id"];
      birth = i["birth_date"];
      break;
    }
  }
  ASSERT_NE(child, 0) << "no child due for weighing in the kader's RW";
  const int months = (std::stoi(today.substr(0, 4)) - std::stoi(birth.substr(0, 4))) * 12 +
                     std::stoi(today.substr(5, 2)) - std::stoi(birth.substr(5, 2));
  const double weight = months <= 6    ? 3.3 + 0.7 * std::max(months, 0)
                        : months <= 12 ? 7.5 + 0.35 * (months - 6)
                                       : 9.6 + 0.2 * (months - 12);

  auto before = kader.get("/api/v1/pws?period=" + period);
  ASSERT_TRUE(before.contains("indicators")) << before.dump();
  const int64_t weighed = figure(before, "d_s")["numerator"];
  const int64_t version = kader.get("/api/v1/pws/version")["version"];

  const json body = {{"person_id", child},
                     {"date", today},
                     {"service", "anthropometry"},
                     {"place", "posyandu"},
                     {"weight_kg", weight}};
  const auto t0 = std::chrono::steady_clock::now();
  auto res = kader.call(V::post, "/api/v1/care/services", body.dump());
  ASSERT_EQ(res.result_int(), 201u) << res.body();
  bool seen = false;
  while (std::chrono::steady_clock::now() - t0 < std::chrono::seconds(1)) {
    auto now = kader.get("/api/v1/pws?period=" + period);
    if (figure(now, "d_s")["numerator"] == weighed + 1) {
      seen = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(seen) << "D/S did not move within a second of the record";
  EXPECT_GT(kader.get("/api/v1/pws/version")["version"].get<int64_t>(), version);

  // The child is among those counted, with a link to the RW's due list.
  auto counted = kader.get("/api/v1/pws/people?indicator=d_s&which=counted&period=" + period);
  bool named = false;
  for (const auto& p : counted["people"]) named |= p["id"] == child;
  EXPECT_TRUE(named);

  // The admin's city table lists its puskesmas, and its XLSX is a zip file.
  Api admin = as("dinkes_admin");
  auto city = admin.get("/api/v1/pws?period=" + period);
  EXPECT_EQ(city["level"], "city");
  ASSERT_FALSE(city["children"].empty());
  EXPECT_EQ(city["children"][0]["level"], "puskesmas");
  auto xlsx = admin.call(V::get, "/api/v1/pws?format=xlsx&period=" + period);
  ASSERT_EQ(xlsx.result_int(), 200u);
  EXPECT_EQ(xlsx.body().substr(0, 2), "PK");
  // A malformed period is the caller's mistake, with a stable message id.
  auto bad = admin.call(V::get, "/api/v1/pws?period=2026-13");
  EXPECT_EQ(bad.result_int(), 422u);
  EXPECT_NE(bad.body().find("pws.period_invalid"), std::string::npos) << bad.body();
}

}  // namespace
}  // namespace siklus::itest
