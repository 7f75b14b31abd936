#include "transport/demo.h"

#include <gtest/gtest.h>

namespace siklus::transport {
namespace {

TEST(DemoTransportTest, KotaMagelangSizedCityGetsTenTripsADayAndAFleet) {
  std::vector<DemoFacility> facilities;
  std::vector<DemoResident> residents;
  for (int p = 0; p < 5; ++p) {
    DemoFacility f{p + 1,
                   "PKM-" + std::to_string(p),
                   "puskesmas",
                   "Puskesmas",
                   -7.47 - p * 0.005,
                   110.21 + p * 0.004,
                   {"33710" + std::to_string(p)}};
    facilities.push_back(f);
  }
  facilities.push_back({10, "RS-1", "hospital", "RSUD Tidar", -7.48, 110.22, {}});
  for (int i = 0; i < 120000; ++i) {
    residents.push_back({i + 1, "33710" + std::to_string(i % 5), i % 100});
  }
  DemoTransportOptions o;
  o.today = *Date::parse("2026-12-01");
  o.now_minute = 7 * 60;
  const DemoTransport a = generate_demo_transport(facilities, residents, o);
  const DemoTransport b = generate_demo_transport(facilities, residents, o);
  ASSERT_EQ(a.days.size(), 7u);
  EXPECT_EQ(a.bookings.size(), b.bookings.size());  // deterministic for a seed
  EXPECT_GE(a.bookings.size(), 7u * 10);
  int stretchers = 0, ambulances = 0;
  for (const auto& bk : a.bookings) {
    stretchers += bk.mobility == "stretcher";
    EXPECT_GE(bk.minute, 8 * 60);
    if (bk.day == o.today) {
      EXPECT_GE(bk.minute, o.now_minute + 60);
    }
  }
  for (const auto& v : a.vehicles) ambulances += v.stretchers > 0;
  EXPECT_GT(stretchers, 0);
  EXPECT_GE(ambulances, 2);
}

}  // namespace
}  // namespace siklus::transport
