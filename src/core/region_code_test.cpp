#include "core/region_code.h"

#include <gtest/gtest.h>

namespace siklus {

TEST(RegionCode, NormalizesWithOrWithoutDots) {
  EXPECT_EQ(normalize_region_code("33.71.01.1003"), "3371011003");
  EXPECT_EQ(normalize_region_code("3371"), "3371");
  EXPECT_FALSE(normalize_region_code("33.7"));
  EXPECT_FALSE(normalize_region_code("33.71.0a"));
}

TEST(RegionCode, LevelsParentsAndDots) {
  EXPECT_EQ(region_level("33"), RegionLevel::kProvince);
  EXPECT_EQ(region_level("337101"), RegionLevel::kDistrict);
  EXPECT_EQ(parent_region("3371011003"), "337101");
  EXPECT_EQ(parent_region("33"), "");
  EXPECT_EQ(dotted_region("3371011003"), "33.71.01.1003");
  EXPECT_TRUE(region_within("3371011003", "3371"));
  EXPECT_FALSE(region_within("3372011003", "3371"));
}

}  // namespace siklus
