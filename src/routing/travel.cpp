#include "routing/travel.h"

#include <cmath>
#include <string>

namespace siklus::routing {

Result<Matrices> EuclideanSource::matrices(const std::vector<Coordinate>& points) {
  if (!(speed_ > 0)) return Error::invalid("speed", "must be > 0");
  Matrices m;
  m.size = static_cast<int>(points.size());
  m.durations.resize(points.size() * points.size());
  m.distances.resize(points.size() * points.size());
  for (size_t a = 0; a < points.size(); ++a) {
    for (size_t b = 0; b < points.size(); ++b) {
      const double dx = points[a].x - points[b].x;
      const double dy = points[a].y - points[b].y;
      const double d = std::sqrt(dx * dx + dy * dy);
      m.distances[a * points.size() + b] = d;
      m.durations[a * points.size() + b] = d / speed_;
    }
  }
  return m;
}

double haversine_m(const Coordinate& a, const Coordinate& b) {
  constexpr double kEarthRadiusM = 6371008.8;
  constexpr double kRad = M_PI / 180.0;
  const double dlat = (b.y - a.y) * kRad;
  const double dlon = (b.x - a.x) * kRad;
  const double h =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(a.y * kRad) * std::cos(b.y * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusM * std::asin(std::min(1.0, std::sqrt(h)));
}

Result<Matrices> HaversineSource::matrices(const std::vector<Coordinate>& points) {
  if (!(speed_ > 0)) return Error::invalid("speed", "must be > 0");
  if (!(detour_ >= 1)) return Error::invalid("detour", "must be >= 1");
  for (size_t i = 0; i < points.size(); ++i) {
    if (std::fabs(points[i].y) > 90 || std::fabs(points[i].x) > 180) {
      return Error::invalid("locations[" + std::to_string(i) + "]",
                            "not a longitude/latitude pair");
    }
  }
  Matrices m;
  const size_t n = points.size();
  m.size = static_cast<int>(n);
  m.durations.resize(n * n);
  m.distances.resize(n * n);
  // Same formula as haversine_m with cos(latitude) hoisted out of the n^2 loop.
  constexpr double kRad = M_PI / 180.0;
  std::vector<double> cos_lat(n);
  for (size_t a = 0; a < n; ++a) cos_lat[a] = std::cos(points[a].y * kRad);
  for (size_t a = 0; a < n; ++a) {
    for (size_t b = 0; b < n; ++b) {
      double d = 0;
      if (a != b) {
        const double sdlat = std::sin((points[b].y - points[a].y) * kRad / 2);
        const double sdlon = std::sin((points[b].x - points[a].x) * kRad / 2);
        const double h = sdlat * sdlat + cos_lat[a] * cos_lat[b] * sdlon * sdlon;
        d = 2 * 6371008.8 * std::asin(std::min(1.0, std::sqrt(h))) * detour_;
      }
      m.distances[a * n + b] = d;
      m.durations[a * n + b] = d / speed_;
    }
  }
  return m;
}

Result<Matrices> MatrixSource::matrices(const std::vector<Coordinate>& points) {
  const size_t n = static_cast<size_t>(m_.size);
  if (n != points.size()) {
    return Error::invalid("matrix", "has " + std::to_string(n) + " rows for " +
                                        std::to_string(points.size()) + " locations");
  }
  if (m_.durations.size() != n * n) return Error::invalid("matrix", "durations not square");
  if (m_.distances.empty()) m_.distances = m_.durations;
  if (m_.distances.size() != n * n) return Error::invalid("matrix", "distances not square");
  return m_;
}

}  // namespace siklus::routing
