#include "growth/lms.h"

#include <gtest/gtest.h>

#include "growth/engine.h"

namespace siklus::growth {
namespace {

// The README's worked check: weianthro.txt boy, 365 days (L 0.0645, M 9.646, S 0.10925).
constexpr Lms kBoy365{0.0645, 9.646, 0.10925};

TEST(Lms, PlainZScoreMatchesTheWorkedExample) { EXPECT_NEAR(lms_z(9.0, kBoy365), -0.633, 0.001); }

TEST(Lms, LEqualsOneIsAPlainCoefficientOfVariation) {
  // anthro's length-for-age test: boy 44 days (L 1, M 56.4833, S 0.03492), 50 cm.
  EXPECT_NEAR(lms_z(50, {1, 56.4833, 0.03492}), (50 / 56.4833 - 1) / 0.03492, 1e-12);
}

TEST(Lms, ValueInvertsZ) {
  for (double z : {-3.0, -2.0, -0.5, 0.0, 1.0, 3.0}) {
    EXPECT_NEAR(lms_z(lms_value(kBoy365, z), kBoy365), z, 1e-9) << z;
  }
}

TEST(Lms, RestrictedTailBeyondThree) {
  const double sd3 = lms_value(kBoy365, 3), sd2 = lms_value(kBoy365, 2);
  const double sdm3 = lms_value(kBoy365, -3), sdm2 = lms_value(kBoy365, -2);
  struct Row {
    double x;
    double expected;
  };
  const Row rows[] = {
      {9.0, lms_z(9.0, kBoy365)},            // inside ±3: unchanged
      {16, 3 + (16 - sd3) / (sd3 - sd2)},    // above: SD23 distance as unit
      {6, -3 + (6 - sdm3) / (sdm2 - sdm3)},  // below
      {sd3, 3},                              // continuous at +3
  };
  for (const Row& r : rows) EXPECT_NEAR(lms_z_restricted(r.x, kBoy365), r.expected, 1e-9) << r.x;
  // Heavier than the plain score: the tail is not stretched.
  EXPECT_NEAR(lms_z_restricted(16, kBoy365), 4.96, 0.005);
  EXPECT_NEAR(lms_z(16, kBoy365), 4.71, 0.005);
}

TEST(Lms, LerpIsLinearInEachParameter) {
  const Lms a{1, 10, 0.1}, b{0, 20, 0.3};
  const Lms mid = lms_lerp(a, b, 0.5);
  EXPECT_DOUBLE_EQ(mid.l, 0.5);
  EXPECT_DOUBLE_EQ(mid.m, 15);
  EXPECT_DOUBLE_EQ(mid.s, 0.2);
}

TEST(Status, Pmk2020Thresholds) {
  struct Row {
    double z;
    const char* wfa;
    const char* hfa;
    const char* wfh;
    const char* bmi5plus;
  };
  // PMK 2/2020 (domain.md §3.3): "−3 to < −2" is the lower band, the upper bands start above.
  const Row rows[] = {
      {-3.01, "severely_underweight", "severely_stunted", "severely_wasted", "severely_thin"},
      {-3.00, "underweight", "stunted", "wasted", "thin"},
      {-2.01, "underweight", "stunted", "wasted", "thin"},
      {-2.00, "normal", "normal", "normal", "normal"},
      {1.00, "normal", "normal", "normal", "normal"},
      {1.01, "risk_overweight", "normal", "possible_risk_overweight", "overweight"},
      {2.01, "risk_overweight", "normal", "overweight", "obese"},
      {3.00, "risk_overweight", "normal", "overweight", "obese"},
      {3.01, "risk_overweight", "tall", "obese", "obese"},
  };
  for (const Row& r : rows) {
    EXPECT_EQ(weight_for_age_status(r.z), r.wfa) << r.z;
    EXPECT_EQ(height_for_age_status(r.z), r.hfa) << r.z;
    EXPECT_EQ(weight_for_height_status(r.z), r.wfh) << r.z;
    EXPECT_EQ(bmi_for_age_status(r.z, true), r.wfh) << r.z;
    EXPECT_EQ(bmi_for_age_status(r.z, false), r.bmi5plus) << r.z;
  }
}

TEST(Status, RoundingIsToTwoDecimals) {
  EXPECT_DOUBLE_EQ(round_z(-0.6330801), -0.63);
  EXPECT_DOUBLE_EQ(round_z(0.125), 0.13);
  EXPECT_DOUBLE_EQ(round_z(-6.0888), -6.09);
}

}  // namespace
}  // namespace siklus::growth
