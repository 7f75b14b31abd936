#pragma once
// Kemendagri region codes: PP (province), PP.KK (kab/kota), PP.KK.CC (kecamatan),
// PP.KK.CC.DDDD (kelurahan/desa). Stored without dots, the way SATUSEHAT uses them.

#include <optional>
#include <string>
#include <string_view>

namespace siklus {

enum class RegionLevel { kProvince = 1, kCity = 2, kDistrict = 3, kVillage = 4 };

const char* region_level_name(RegionLevel level);  // "province", "city", "district", "village"

//! Strips dots and checks shape: 2, 4, 6 or 10 digits. nullopt otherwise.
std::optional<std::string> normalize_region_code(std::string_view code);
//! Level of a normalized code.
RegionLevel region_level(std::string_view normalized);
//! Parent of a normalized code ("3371011003" -> "337101"); empty for a province.
std::string parent_region(std::string_view normalized);
//! With dots: "3371011003" -> "33.71.01.1003".
std::string dotted_region(std::string_view normalized);
//! True when `code` equals `ancestor` or lies below it.
inline bool region_within(std::string_view code, std::string_view ancestor) {
  return code.substr(0, ancestor.size()) == ancestor;
}

}  // namespace siklus
