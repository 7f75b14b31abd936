#include "growth/lms.h"

#include <cmath>

namespace siklus::growth {

double lms_z(double x, const Lms& p) {
  if (p.l == 0) return std::log(x / p.m) / p.s;
  return (std::pow(x / p.m, p.l) - 1) / (p.l * p.s);
}

double lms_value(const Lms& p, double z) {
  if (p.l == 0) return p.m * std::exp(p.s * z);
  return p.m * std::pow(1 + p.l * p.s * z, 1 / p.l);
}

double lms_z_restricted(double x, const Lms& p) {
  const double z = lms_z(x, p);
  if (z > 3) {
    const double sd3 = lms_value(p, 3);
    return 3 + (x - sd3) / (sd3 - lms_value(p, 2));
  }
  if (z < -3) {
    const double sd3 = lms_value(p, -3);
    return -3 + (x - sd3) / (lms_value(p, -2) - sd3);
  }
  return z;
}

Lms lms_lerp(const Lms& a, const Lms& b, double t) {
  return {a.l + t * (b.l - a.l), a.m + t * (b.m - a.m), a.s + t * (b.s - a.s)};
}

}  // namespace siklus::growth
