#include "core/date.h"

#include <gtest/gtest.h>

namespace siklus {

TEST(Date, ParsesStrictIsoDates) {
  EXPECT_EQ(Date::parse("2024-02-29"), (Date{2024, 2, 29}));
  EXPECT_FALSE(Date::parse("2023-02-29"));
  EXPECT_FALSE(Date::parse("2023-2-01"));
  EXPECT_FALSE(Date::parse("2023-13-01"));
  EXPECT_FALSE(Date::parse("abcd-01-01"));
  EXPECT_FALSE(Date::parse(""));
}

TEST(Date, DaysRoundTrip) {
  EXPECT_EQ((Date{1970, 1, 1}).days(), 0);
  EXPECT_EQ((Date{2000, 3, 1}).days(), 11017);
  for (int64_t d = -40000; d < 60000; d += 37) EXPECT_EQ(Date::from_days(d).days(), d);
}

TEST(Date, AgesCountWholeYearsAndMonths) {
  EXPECT_EQ(age_in_years({2000, 6, 15}, {2024, 6, 14}), 23);
  EXPECT_EQ(age_in_years({2000, 6, 15}, {2024, 6, 15}), 24);
  EXPECT_EQ(age_in_months({2024, 1, 31}, {2024, 2, 29}), 0);
  EXPECT_EQ(age_in_months({2024, 1, 31}, {2024, 3, 31}), 2);
}

}  // namespace siklus
