#pragma once
// The Indonesian administrative tree in memory (province, kab/kota, kecamatan, kelurahan/desa),
// loaded from the region table, and the loader of that table from idn-area-data's CSVs.
// Codes are sorted, so every region's descendants form one contiguous block and the villages of
// any region a contiguous range of village ordinals (the people index relies on this).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/region_code.h"
#include "core/result.h"
#include "store/database.h"

namespace siklus::registry {

struct RegionRow {
  std::string code;  // normalized
  std::string name;
  RegionLevel level = RegionLevel::kVillage;
};

class RegionTable {
 public:
  static Result<RegionTable> load(store::Database& db);
  //! For tests: build from rows directly.
  static RegionTable from_rows(std::vector<RegionRow> rows);

  const RegionRow* find(std::string_view code) const;
  //! Direct children, sorted by code.
  std::vector<const RegionRow*> children(std::string_view code) const;
  bool district_exists(std::string_view code6) const;
  size_t size() const { return rows_.size(); }

  // Villages by ordinal (index in code order).
  size_t village_count() const { return villages_.size(); }
  std::optional<uint32_t> village_ordinal(std::string_view code) const;
  const RegionRow& village(uint32_t ordinal) const { return rows_[villages_[ordinal]]; }
  //! [first, last) ordinals of the villages whose code starts with `prefix`.
  std::pair<uint32_t, uint32_t> village_range(std::string_view prefix) const;

 private:
  std::vector<RegionRow> rows_;     // sorted by code
  std::vector<uint32_t> villages_;  // indexes into rows_ of level-4 rows, in code order
};

//! Fills the region table from `dir`/{provinces,regencies,districts,villages}.csv when it is
//! empty (idempotent: a filled table is left alone). Returns the number of rows inserted.
Result<uint64_t> load_area_data(store::Database& db, const std::string& dir);

//! Where idn-area-data lives: $SIKLUS_AREA_DATA, else node_modules/idn-area-data/data under the
//! current directory or any parent of the running executable. Empty if not found.
std::string find_area_data_dir();

}  // namespace siklus::registry
