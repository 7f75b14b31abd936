#include "core/clock.h"

#include <gtest/gtest.h>

namespace siklus {
namespace {

TEST(Clock, FixedClockFormatsUtcAndWibDay) {
  // 2024-03-10T18:30:00Z is already 2024-03-11 01:30 in Jakarta.
  FixedClock clock(1710095400);
  EXPECT_EQ(clock.now_iso(), "2024-03-10T18:30:00Z");
  EXPECT_EQ(clock.today_wib().to_string(), "2024-03-11");
  clock.advance_seconds(-3600 * 2);
  EXPECT_EQ(clock.now_iso(), "2024-03-10T16:30:00Z");
  EXPECT_EQ(clock.today_wib().to_string(), "2024-03-10");
  EXPECT_EQ(clock.now_unix(), 1710095400 - 7200);
}

TEST(Clock, SystemClockAgreesWithTodayWib) {
  auto clock = wall_clock();
  EXPECT_GT(clock->now_unix(), 1700000000);  // after 2023
  EXPECT_EQ(clock->now_iso().size(), 20u);
  EXPECT_EQ(clock->today_wib(), today_wib());  // may differ only across midnight WIB
}

}  // namespace
}  // namespace siklus
