#include "registry/region_table.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "core/csv.h"

namespace siklus::registry {

RegionTable RegionTable::from_rows(std::vector<RegionRow> rows) {
  RegionTable t;
  t.rows_ = std::move(rows);
  std::sort(t.rows_.begin(), t.rows_.end(),
            [](const RegionRow& a, const RegionRow& b) { return a.code < b.code; });
  for (uint32_t i = 0; i < t.rows_.size(); ++i) {
    if (t.rows_[i].level == RegionLevel::kVillage) t.villages_.push_back(i);
  }
  return t;
}

Result<RegionTable> RegionTable::load(store::Database& db) {
  auto st = db.prepare("SELECT code, name, level FROM region");
  if (!st) return st.error();
  std::vector<RegionRow> rows;
  rows.reserve(92000);
  for (;;) {
    auto r = (*st)->step();
    if (!r) return r.error();
    if (!*r) break;
    rows.push_back({(*st)->column_string(0), (*st)->column_string(1),
                    static_cast<RegionLevel>((*st)->column_int(2))});
  }
  return from_rows(std::move(rows));
}

const RegionRow* RegionTable::find(std::string_view code) const {
  auto it = std::lower_bound(rows_.begin(), rows_.end(), code,
                             [](const RegionRow& r, std::string_view c) { return r.code < c; });
  return it != rows_.end() && it->code == code ? &*it : nullptr;
}

std::vector<const RegionRow*> RegionTable::children(std::string_view code) const {
  std::vector<const RegionRow*> out;
  size_t child_len = code.size() == 6 ? 10 : code.size() + 2;
  if (code.size() >= 10) return out;
  auto it = std::upper_bound(rows_.begin(), rows_.end(), code,
                             [](std::string_view c, const RegionRow& r) { return c < r.code; });
  for (; it != rows_.end() && region_within(it->code, code); ++it) {
    if (it->code.size() == child_len) out.push_back(&*it);
  }
  return out;
}

bool RegionTable::district_exists(std::string_view code6) const {
  const RegionRow* r = find(code6);
  return r && r->level == RegionLevel::kDistrict;
}

std::optional<uint32_t> RegionTable::village_ordinal(std::string_view code) const {
  auto it = std::lower_bound(villages_.begin(), villages_.end(), code,
                             [&](uint32_t i, std::string_view c) { return rows_[i].code < c; });
  if (it == villages_.end() || rows_[*it].code != code) return std::nullopt;
  return static_cast<uint32_t>(it - villages_.begin());
}

std::pair<uint32_t, uint32_t> RegionTable::village_range(std::string_view prefix) const {
  auto lo = std::lower_bound(villages_.begin(), villages_.end(), prefix,
                             [&](uint32_t i, std::string_view c) { return rows_[i].code < c; });
  auto hi = lo;
  while (hi != villages_.end() && region_within(rows_[*hi].code, prefix)) ++hi;
  return {static_cast<uint32_t>(lo - villages_.begin()),
          static_cast<uint32_t>(hi - villages_.begin())};
}

Result<uint64_t> load_area_data(store::Database& db, const std::string& dir) {
  {
    auto count = db.prepare("SELECT COUNT(*) FROM region");
    if (!count) return count.error();
    auto r = (*count)->step();
    if (!r) return r.error();
    if ((*count)->column_int64(0) > 0) return uint64_t{0};
  }
  struct File {
    const char* name;
    RegionLevel level;
  };
  constexpr File kFiles[] = {{"provinces.csv", RegionLevel::kProvince},
                             {"regencies.csv", RegionLevel::kCity},
                             {"districts.csv", RegionLevel::kDistrict},
                             {"villages.csv", RegionLevel::kVillage}};
  store::Transaction tx(db, "system");
  SK_TRY(tx.begin());
  auto ins = db.prepare("INSERT INTO region (code, parent_code, level, name) VALUES (?, ?, ?, ?)");
  if (!ins) return ins.error();
  uint64_t n = 0;
  for (const File& f : kFiles) {
    const std::string path = dir + "/" + f.name;
    auto reader = CsvReader::open(path);
    if (!reader) return reader.error();
    auto& csv = **reader;
    const auto code_col = csv.column("code");
    const auto name_col = csv.column("name");
    if (!code_col || !name_col) {
      return Error::invalid(path + ":1", "missing column code or name");
    }
    for (;;) {
      auto more = csv.next();
      if (!more) return more.error();
      if (!*more) break;
      auto code = normalize_region_code(csv.field(code_col));
      if (!code || region_level(*code) != f.level) {
        return Error::invalid(path + ":" + std::to_string(csv.line()),
                              "code: not a " + std::string(region_level_name(f.level)) +
                                  " code: " + std::string(csv.field(code_col)));
      }
      const std::string parent = parent_region(*code);
      (*ins)->bind(1, *code);
      if (parent.empty()) {
        (*ins)->bind_null(2);
      } else {
        (*ins)->bind(2, parent);
      }
      (*ins)->bind(3, static_cast<int>(f.level)).bind(4, csv.field(name_col));
      SK_TRY((*ins)->run());
      ++n;
    }
  }
  SK_TRY(tx.record({"region", "all", "load"}));
  SK_TRY(tx.commit());
  return n;
}

std::string find_area_data_dir() {
  namespace fs = std::filesystem;
  auto ok = [](const fs::path& p) {
    std::error_code ec;
    return fs::exists(p / "villages.csv", ec);
  };
  if (const char* env = std::getenv("SIKLUS_AREA_DATA"); env && *env) {
    return ok(env) ? std::string(env) : std::string();
  }
  const fs::path rel = fs::path("node_modules") / "idn-area-data" / "data";
  std::error_code ec;
  fs::path cwd = fs::current_path(ec);
  for (fs::path p = cwd; !p.empty(); p = p.parent_path()) {
    if (ok(p / rel)) return (p / rel).string();
    if (p == p.parent_path()) break;
  }
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (fs::path p = exe.parent_path(); !p.empty(); p = p.parent_path()) {
      if (ok(p / rel)) return (p / rel).string();
      if (p == p.parent_path()) break;
    }
  }
#ifdef SK_SOURCE_DIR
  if (ok(fs::path(SK_SOURCE_DIR) / rel)) return (fs::path(SK_SOURCE_DIR) / rel).string();
#endif
  return {};
}

}  // namespace siklus::registry
