#include "routing/travel.h"

#include <gtest/gtest.h>

namespace siklus::routing {
namespace {

TEST(TravelTest, EuclideanIsDistanceOverSpeed) {
  EuclideanSource s(2);
  auto m = s.matrices({{0, 0}, {3, 4}});
  ASSERT_TRUE(m);
  EXPECT_DOUBLE_EQ(m->distances[1], 5);
  EXPECT_DOUBLE_EQ(m->durations[1], 2.5);
  EXPECT_DOUBLE_EQ(m->durations[0], 0);
}

TEST(TravelTest, HaversineMedanOneDegreeOfLatitude) {
  // One degree of latitude is about 111.2 km anywhere.
  EXPECT_NEAR(haversine_m({98.67, 3.59}, {98.67, 4.59}), 111195, 50);
  HaversineSource s(1.5, 10);
  auto m = s.matrices({{98.67, 3.59}, {98.67, 3.60}});
  ASSERT_TRUE(m);
  EXPECT_NEAR(m->distances[1], 1.5 * 1111.95, 1);
  EXPECT_NEAR(m->durations[1], m->distances[1] / 10, 1e-9);
}

TEST(TravelTest, HaversineRejectsNonCoordinates) {
  HaversineSource s;
  auto m = s.matrices({{500, 3}});
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().field, "locations[0]");
}

TEST(TravelTest, MatrixSourceChecksSize) {
  MatrixSource s({2, {0, 1, 1, 0}, {}});
  EXPECT_TRUE(s.matrices({{0, 0}, {0, 0}}));
  EXPECT_FALSE(s.matrices({{0, 0}}));
}

}  // namespace
}  // namespace siklus::routing
