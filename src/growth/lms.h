#pragma once
// The LMS method (Cole & Green 1992) as the WHO Child Growth Standards apply it: a Box-Cox power
// L, median M and coefficient of variation S per age (or length) turn a measurement into a
// z-score. Pure arithmetic, no tables.

namespace siklus::growth {

struct Lms {
  double l = 1;
  double m = 0;
  double s = 0;
};

//! ((x/M)^L - 1) / (L*S), or log(x/M)/S when L is 0.
double lms_z(double x, const Lms& p);

//! The WHO "restricted" z-score used for weight-based indicators (weight, BMI, MUAC): beyond
//! ±3 the skewed tail is replaced by a straight line with the distance between the 2 and 3 SD
//! values as its unit, so a very heavy child is not scored against an ever-stretching tail
//! (WHO 2006 methods report, chapter 7).
double lms_z_restricted(double x, const Lms& p);

//! The measurement at z SDs: M * (1 + L*S*z)^(1/L) (the chart's SD lines).
double lms_value(const Lms& p, double z);

//! Linear interpolation of L, M and S between two neighbouring rows (t in [0, 1]).
Lms lms_lerp(const Lms& a, const Lms& b, double t);

}  // namespace siklus::growth
