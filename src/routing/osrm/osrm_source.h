#pragma once
// TravelSource backed by an OSRM server: GET {url}/table/v1/{profile}/{lon,lat;...}
// ?sources=..&destinations=..&annotations=duration,distance. Large matrices are fetched in
// blocks (OSRM's --max-table-size defaults to 100 locations per request).

#include <string>

#include "routing/travel.h"

namespace siklus::routing {

struct OsrmOptions {
  std::string url;  // http://host:port[/prefix]; https is not supported
  std::string profile = "driving";
  int block = 50;          // sources (and destinations) per request
  int timeout_ms = 10000;  // per request
};

class OsrmSource : public TravelSource {
 public:
  explicit OsrmSource(OsrmOptions options) : o_(std::move(options)) {}
  //! Durations in seconds and distances in metres; Error (kIo) when the server is unreachable,
  //! answers non-Ok, or leaves a pair without a route.
  Result<Matrices> matrices(const std::vector<Coordinate>& points) override;

 private:
  OsrmOptions o_;
};

}  // namespace siklus::routing
