// Jemput Sakit Antar Sehat over HTTP against the real server on the demo city: the board of
// tomorrow has the demo's planned trips, the call centre books a wheelchair trip with its return
// and it is inserted into the running plan, a stale re-plan is refused, the driver moves the trip
// forward (never back), and a stretcher booking to a posyandu is refused with a reason.

#include <gtest/gtest.h>

#include <ctime>

#include "fixture.h"

namespace siklus::itest {
namespace {

std::string tomorrow() {
  // WIB is UTC+7; a day ahead in either calendar is still ahead of the server's today.
  const std::time_t t = std::time(nullptr) + 7 * 3600 + 86400;
  char day[16];
  std::strftime(day, sizeof day, "%Y-%m-%d", std::gmtime(&t));
  return day;
}

class TransportApi : public ServerTest {};

TEST_F(TransportApi, BookInsertDispatchAndDriverUpdates) {
  Api admin = as("dinkes_admin");
  const std::string day = tomorrow();
  const std::string city = admin.get("/api/v1/regions/me")["code"];
  auto board = admin.get("/api/v1/transport/board?region=" + city + "&date=" + day);
  ASSERT_GE(board["trips"].size(), 10u) << "the demo books at least 10 trips a day";
  ASSERT_TRUE(board["plan"].is_object());
  const int64_t version = board["plan"]["version"];
  ASSERT_FALSE(board["vehicles"].empty());

  // A resident and a hospital of the city.
  auto people = admin.get("/api/v1/people?page_size=1&region=" + city);
  ASSERT_FALSE(people["items"].empty());
  const int64_t person = people["items"][0]["id"];
  int64_t hospital = 0, posyandu = 0;
  const json facilities = admin.get("/api/v1/facilities?region=" + city);
  for (const auto& f : facilities["items"]) {
    if (f["type"] == "hospital" && hospital == 0) hospital = f["id"];
    if (f["type"] == "posyandu" && posyandu == 0) posyandu = f["id"];
  }
  ASSERT_NE(hospital, 0);

  json booking = {{"person_id", person},
                  {"facility_id", hospital},
                  {"pickup", {{"address", "Jl. Pahlawan 12"}, {"lat", -7.475}, {"lon", 110.218}}},
                  {"date", day},
                  {"time", "11:00"},
                  {"mobility", "wheelchair"},
                  {"companion", true},
                  {"return_after_minutes", 90}};
  auto res = admin.call(V::post, "/api/v1/transport/trips", booking.dump());
  ASSERT_EQ(res.result_int(), 201u) << res.body();
  auto booked = body_json(res);
  ASSERT_EQ(booked["trips"].size(), 2u);
  EXPECT_EQ(booked["trips"][1]["time"], "12:30");
  ASSERT_TRUE(booked["plan"].is_object()) << booked.dump();
  EXPECT_EQ(booked["plan"]["version"], version + 1);
  EXPECT_EQ(booked["plan"]["inserted"].size() + booked["plan"]["unassigned"].size(), 2u);
  const int64_t trip = booked["trips"][0]["id"];

  // A dispatcher still looking at the old version cannot overwrite the plan.
  auto stale = admin.call(V::post, "/api/v1/transport/plan",
                          json{{"region", city}, {"date", day}, {"version", version}}.dump());
  EXPECT_EQ(stale.result_int(), 409u) << stale.body();
  auto fresh = admin.call(V::post, "/api/v1/transport/plan",
                          json{{"region", city}, {"date", day}, {"version", version + 1}}.dump());
  ASSERT_EQ(fresh.result_int(), 200u) << fresh.body();
  EXPECT_EQ(body_json(fresh)["version"], version + 2);

  // The driver's phone.
  auto on_way = admin.call(V::post, "/api/v1/transport/trips/" + std::to_string(trip) + "/status",
                           R"({"status":"on_the_way"})");
  ASSERT_EQ(on_way.result_int(), 200u) << on_way.body();
  EXPECT_EQ(body_json(on_way)["status"], "on_the_way");
  auto back = admin.call(V::post, "/api/v1/transport/trips/" + std::to_string(trip) + "/status",
                         R"({"status":"planned"})");
  EXPECT_EQ(back.result_int(), 422u);

  // Bad input: a posyandu is no destination; a time in the past.
  booking["facility_id"] = posyandu;
  auto nowhere = admin.call(V::post, "/api/v1/transport/trips", booking.dump());
  EXPECT_EQ(nowhere.result_int(), 422u);
  EXPECT_EQ(body_json(nowhere)["error"]["message_id"], "transport.unknown_destination");
  booking["facility_id"] = hospital;
  booking["date"] = "2020-01-01";
  auto passed = admin.call(V::post, "/api/v1/transport/trips", booking.dump());
  EXPECT_EQ(passed.result_int(), 422u);
  EXPECT_EQ(body_json(passed)["error"]["message_id"], "transport.time_passed");
}

}  // namespace
}  // namespace siklus::itest
