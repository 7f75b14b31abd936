#include "core/region_code.h"

namespace siklus {

const char* region_level_name(RegionLevel level) {
  switch (level) {
    case RegionLevel::kProvince: return "province";
    case RegionLevel::kCity: return "city";
    case RegionLevel::kDistrict: return "district";
    case RegionLevel::kVillage: return "village";
  }
  return "village";
}

std::optional<std::string> normalize_region_code(std::string_view code) {
  std::string out;
  out.reserve(10);
  for (char c : code) {
    if (c == '.') continue;
    if (c < '0' || c > '9') return std::nullopt;
    out.push_back(c);
  }
  if (out.size() == 2 || out.size() == 4 || out.size() == 6 || out.size() == 10) return out;
  return std::nullopt;
}

RegionLevel region_level(std::string_view c) {
  switch (c.size()) {
    case 2: return RegionLevel::kProvince;
    case 4: return RegionLevel::kCity;
    case 6: return RegionLevel::kDistrict;
    default: return RegionLevel::kVillage;
  }
}

std::string parent_region(std::string_view c) {
  switch (c.size()) {
    case 10: return std::string(c.substr(0, 6));
    case 6: return std::string(c.substr(0, 4));
    case 4: return std::string(c.substr(0, 2));
    default: return {};
  }
}

std::string dotted_region(std::string_view c) {
  std::string out;
  for (size_t i = 0; i < c.size(); ++i) {
    if (i == 2 || i == 4 || i == 6) out.push_back('.');
    out.push_back(c[i]);
  }
  return out;
}

}  // namespace siklus
