#pragma once
// City presets for the demo generator: published population and puskesmas counts, city centre
// and area, ethnic mix for names, origin kecamatan of migrants, and named facilities. Cities
// without a preset get defaults derived from their kelurahan count and province.

#include <cstdint>
#include <string_view>
#include <vector>

#include "registry/demo/demo_city.h"
#include "registry/demo/demo_names.h"

namespace siklus::registry::demo {

struct EthnicShare {
  Ethnicity ethnicity;
  int weight;
};

//! A place people come from: a real kecamatan (first NIK registration) and its birth place.
struct Origin {
  std::string_view district;  // 6 digits
  std::string_view place;     // "Temanggung"
};

struct PuskesmasSpec {
  std::string_view name;
  std::string_view host_village;            // 10-digit kelurahan code where it stands
  std::vector<std::string_view> catchment;  // its wilayah kerja, kelurahan codes
};

struct HospitalSpec {
  std::string_view name;
  bool government;
  std::string_view village;  // where it stands; empty = any
};

struct CityPreset {
  bool known = false;       // a published-figures preset rather than defaults
  uint64_t population = 0;  // alive residents
  int puskesmas = 0;
  double lat = 0;  // synthetic layout centre
  double lon = 0;
  double area_km2 = 0;
  std::string_view short_name;  // "Magelang" (birth place of people born here)
  std::vector<EthnicShare> mix;
  std::vector<std::string_view> nearby_places;  // birth places of locals born nearby
  std::vector<Origin> origins;
  std::vector<PuskesmasSpec> puskesmas_specs;  // used when they cover the given kelurahan exactly
  std::vector<HospitalSpec> hospitals;         // named hospitals; the first is the city's RSUD
  //! Pustu names that differ from "Puskesmas Pembantu <kelurahan>": {village code, name}.
  std::vector<std::pair<std::string_view, std::string_view>> pustu_names;
};

CityPreset city_preset(const DemoOptions& options);

}  // namespace siklus::registry::demo
