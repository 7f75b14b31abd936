#pragma once
// The registry's read port: what other modules (coverage today; PWS and homecare next) may read
// of the registry's tables — residents, the region tree of a city, facilities and catchments,
// person summaries — without naming those tables. The registry's SQL for them lives here and
// only here. No access checks: the calling domain service checks the acting user's scope first
// (Registry::authorize_area) and decides what it shows.
//
// Rows handed to a callback hold string_views valid only during that call (streaming 2.5 M
// residents must not allocate per row).

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/region_code.h"
#include "core/result.h"
#include "store/database.h"

namespace siklus::registry {

//! One resident as other domains see them (every life status).
struct ResidentRow {
  int64_t id = 0;
  std::string_view nik;
  std::string_view no_kk;
  std::string_view name;
  std::string_view sex;         // "L", "P" or ""
  std::string_view birth_date;  // YYYY-MM-DD or ""
  std::string_view street;
  int rt = 0;
  int rw = 0;
  std::string_view village_code;   // "" when unknown
  std::string_view status;         // "HIDUP", "MATI", "PINDAH"
  bool head_of_household = false;  // kepala keluarga of no_kk
};

//! A region of a city's tree (the city itself, its kecamatan and kelurahan), parents first.
struct RegionNode {
  std::string code;  // normalized
  std::string name;
  RegionLevel level = RegionLevel::kVillage;
  std::string parent;  // "" for the city
};

//! A puskesmas and its wilayah kerja.
struct Catchment {
  int64_t facility_id = 0;
  std::string key;  // "PKM-337101-01"
  std::string name;
  std::vector<std::string> villages;
};

//! A facility with its position (for maps).
struct FacilityPoint {
  int64_t id = 0;
  std::string key;
  std::string type;  // "puskesmas", "pustu", "posyandu", …
  std::string name;
  std::string village_code;
  int rw = 0;
  std::optional<double> lat, lon;
};

//! The region tree of one kab/kota with the RWs people live in and the puskesmas catchments.
struct CityTree {
  std::string city;
  std::vector<RegionNode> regions;               // by code: city, kecamatan, kelurahan
  std::vector<std::pair<std::string, int>> rws;  // (kelurahan, rw) with residents, sorted
  std::vector<Catchment> catchments;             // puskesmas in code order of their key
};

class ReadPort {
 public:
  explicit ReadPort(std::shared_ptr<store::Database> db);

  //! Region tree of the kab/kota `city` (4 digits). kNotFound when the city has no regions.
  Result<CityTree> city_tree(std::string_view city);

  //! Streams every resident whose kelurahan code starts with `prefix` ("" = everyone), in no
  //! particular order.
  Status for_each_resident(std::string_view prefix,
                           const std::function<void(const ResidentRow&)>& row);
  //! Streams the residents with ids in [first_id, last_id] (those that still exist).
  Status for_each_resident_in(int64_t first_id, int64_t last_id,
                              const std::function<void(const ResidentRow&)>& row);
  //! Residents by id (missing ids are left out), in the order of `ids`' first occurrence.
  Status for_each_resident_of(std::span<const int64_t> ids,
                              const std::function<void(const ResidentRow&)>& row);

  //! The facilities (every type) of the kab/kota `city`.
  Result<std::vector<FacilityPoint>> facilities(std::string_view city);
  //! The puskesmas named by id, key or name with its wilayah kerja; kNotFound otherwise.
  Result<Catchment> puskesmas(std::string_view which);

 private:
  Status stream(std::string_view where, const std::function<void(store::Statement&)>& bind,
                const std::function<void(const ResidentRow&)>& row);
  std::shared_ptr<store::Database> db_;
};

}  // namespace siklus::registry
