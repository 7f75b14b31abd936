#pragma once
// Travel-time sources: where the problem's matrices come from. Pure computations here; the
// OSRM client (HTTP) lives in routing/osrm so the engine itself does no I/O.

#include <memory>
#include <vector>

#include "core/result.h"

namespace siklus::routing {

//! A point: plane coordinates (Euclidean) or longitude/latitude in degrees (haversine, OSRM).
struct Coordinate {
  double x = 0;  // or longitude
  double y = 0;  // or latitude
};

//! Square matrices, row-major: durations in seconds (or the instance's unit), distances in
//! metres (or the instance's unit).
struct Matrices {
  int size = 0;
  std::vector<double> durations;
  std::vector<double> distances;
};

class TravelSource {
 public:
  virtual ~TravelSource() = default;
  virtual Result<Matrices> matrices(const std::vector<Coordinate>& points) = 0;
};

//! Straight line in the plane; duration = distance / speed (Solomon: speed 1, time = distance).
class EuclideanSource : public TravelSource {
 public:
  explicit EuclideanSource(double speed = 1) : speed_(speed) {}
  Result<Matrices> matrices(const std::vector<Coordinate>& points) override;

 private:
  double speed_;
};

//! Great-circle distance on lon/lat times a detour factor (streets are not straight);
//! duration = road distance / speed in metres per second.
class HaversineSource : public TravelSource {
 public:
  HaversineSource(double detour = 1.3, double speed_mps = 25.0 / 3.6)
      : detour_(detour), speed_(speed_mps) {}
  Result<Matrices> matrices(const std::vector<Coordinate>& points) override;

 private:
  double detour_;
  double speed_;
};

//! A matrix given with the problem; `points` only fixes the expected size.
class MatrixSource : public TravelSource {
 public:
  explicit MatrixSource(Matrices m) : m_(std::move(m)) {}
  Result<Matrices> matrices(const std::vector<Coordinate>& points) override;

 private:
  Matrices m_;
};

//! Great-circle distance in metres between two lon/lat points.
double haversine_m(const Coordinate& a, const Coordinate& b);

}  // namespace siklus::routing
