#include "coverage/linkage_input.h"

#include <gtest/gtest.h>

namespace siklus::coverage {
namespace {

TEST(LinkageBirth, KeepsSwappedDaysButNotNonsense) {
  bool real = false;
  auto b = parse_linkage_birth("1985-05-13", &real);
  ASSERT_TRUE(b.has_value());
  EXPECT_TRUE(real);
  EXPECT_EQ(b->year, 1985);
  EXPECT_EQ(b->month, 5);
  EXPECT_EQ(b->day, 13);
  // A day/month swap is kept for the comparison, flagged as no real day.
  b = parse_linkage_birth("1985-13-05", &real);
  ASSERT_TRUE(b.has_value());
  EXPECT_FALSE(real);
  EXPECT_EQ(b->month, 13);
  // The rule the register's reader used to skip: month or day 0, years out of range.
  for (const char* bad : {"1985-00-05", "1985-05-00", "0000-01-01", "1700-01-01", "1985-5-13",
                          "1985/05/13", "19850513", "", "1985-05-1x", "1985-32-01"}) {
    EXPECT_FALSE(parse_linkage_birth(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace siklus::coverage
