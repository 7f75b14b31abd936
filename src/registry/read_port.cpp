#include "registry/read_port.h"

#include <cstdio>
#include <map>

namespace siklus::registry {
namespace {

//! [lo, hi) of the codes starting with `prefix` (codes are digits, so bumping the last character
//! bounds the prefix and the range scan uses the code index).
std::pair<std::string, std::string> prefix_range(std::string_view prefix) {
  std::string hi(prefix);
  if (!hi.empty()) hi.back() = static_cast<char>(hi.back() + 1);
  return {std::string(prefix), hi};
}

constexpr std::string_view kResidentColumns =
    "SELECT id, nik, no_kk, name, sex, COALESCE(birth_date, ''), street, rt, rw,"
    " COALESCE(village_code, ''), status, relation = 'KEPALA KELUARGA' FROM person";

}  // namespace

ReadPort::ReadPort(std::shared_ptr<store::Database> db) : db_(std::move(db)) {}

Result<CityTree> ReadPort::city_tree(std::string_view city) {
  CityTree out;
  out.city = std::string(city.substr(0, 4));
  const auto [lo, hi] = prefix_range(out.city);
  {
    auto st = db_->prepare(
        "SELECT code, name, level, COALESCE(parent_code, '') FROM region WHERE code >= ? AND"
        " code < ? ORDER BY code");
    if (!st) return st.error();
    (*st)->bind(1, lo).bind(2, hi);
    for (;;) {
      auto row = (*st)->step();
      if (!row) return row.error();
      if (!*row) break;
      const int level = (*st)->column_int(2);
      out.regions.push_back({(*st)->column_string(0), (*st)->column_string(1),
                             level == 2   ? RegionLevel::kCity
                             : level == 3 ? RegionLevel::kDistrict
                                          : RegionLevel::kVillage,
                             level == 2 ? std::string() : (*st)->column_string(3)});
    }
  }
  if (out.regions.empty() || out.regions.front().code != out.city) {
    return Error::not_found("no region " + out.city + " in the database");
  }
  {
    auto st = db_->prepare(
        "SELECT DISTINCT village_code, rw FROM person WHERE village_code >= ? AND village_code < ?"
        " AND rw > 0 ORDER BY village_code, rw");
    if (!st) return st.error();
    (*st)->bind(1, lo).bind(2, hi);
    for (;;) {
      auto row = (*st)->step();
      if (!row) return row.error();
      if (!*row) break;
      out.rws.emplace_back((*st)->column_string(0), (*st)->column_int(1));
    }
  }
  {
    auto st = db_->prepare(
        "SELECT f.id, f.key, f.name, c.village_code FROM facility f JOIN facility_catchment c ON"
        " c.facility_id = f.id WHERE f.type = 'puskesmas' AND c.village_code >= ? AND"
        " c.village_code < ? ORDER BY f.key, c.village_code");
    if (!st) return st.error();
    (*st)->bind(1, lo).bind(2, hi);
    for (;;) {
      auto row = (*st)->step();
      if (!row) return row.error();
      if (!*row) break;
      const int64_t id = (*st)->column_int64(0);
      if (out.catchments.empty() || out.catchments.back().facility_id != id) {
        out.catchments.push_back({id, (*st)->column_string(1), (*st)->column_string(2), {}});
      }
      out.catchments.back().villages.push_back((*st)->column_string(3));
    }
  }
  return out;
}

Status ReadPort::stream(std::string_view where, const std::function<void(store::Statement&)>& bind,
                        const std::function<void(const ResidentRow&)>& row) {
  auto st = db_->prepare(std::string(kResidentColumns) + std::string(where));
  if (!st) return st.error();
  store::Statement& s = **st;
  bind(s);
  for (;;) {
    auto more = s.step();
    if (!more) return more.error();
    if (!*more) break;
    ResidentRow r;
    r.id = s.column_int64(0);
    r.nik = s.column_text(1);
    r.no_kk = s.column_text(2);
    r.name = s.column_text(3);
    r.sex = s.column_text(4);
    r.birth_date = s.column_text(5);
    r.street = s.column_text(6);
    r.rt = s.column_int(7);
    r.rw = s.column_int(8);
    r.village_code = s.column_text(9);
    r.status = s.column_text(10);
    r.head_of_household = s.column_int(11) != 0;
    row(r);
  }
  return {};
}

Status ReadPort::for_each_resident(std::string_view prefix,
                                   const std::function<void(const ResidentRow&)>& row) {
  if (prefix.empty()) {
    return stream(
        "", [](store::Statement&) {}, row);
  }
  const auto [lo, hi] = prefix_range(prefix);
  return stream(
      " WHERE village_code >= ? AND village_code < ?",
      [&](store::Statement& s) { s.bind(1, lo).bind(2, hi); }, row);
}

Status ReadPort::for_each_resident_in(int64_t first_id, int64_t last_id,
                                      const std::function<void(const ResidentRow&)>& row) {
  return stream(
      " WHERE id >= ? AND id <= ?",
      [&](store::Statement& s) { s.bind(1, first_id).bind(2, last_id); }, row);
}

Status ReadPort::for_each_resident_of(std::span<const int64_t> ids,
                                      const std::function<void(const ResidentRow&)>& row) {
  for (const int64_t id : ids) SK_TRY(for_each_resident_in(id, id, row));
  return {};
}

Result<std::vector<FacilityPoint>> ReadPort::facilities(std::string_view city) {
  const auto [lo, hi] = prefix_range(city.substr(0, 4));
  auto st = db_->prepare(
      "SELECT id, key, type, name, COALESCE(village_code, ''), rw, lat, lon FROM facility"
      " WHERE village_code >= ? AND village_code < ? ORDER BY id");
  if (!st) return st.error();
  (*st)->bind(1, lo).bind(2, hi);
  std::vector<FacilityPoint> out;
  for (;;) {
    auto row = (*st)->step();
    if (!row) return row.error();
    if (!*row) break;
    store::Statement& s = **st;
    FacilityPoint f{s.column_int64(0),
                    s.column_string(1),
                    s.column_string(2),
                    s.column_string(3),
                    s.column_string(4),
                    s.column_int(5),
                    {},
                    {}};
    if (!s.is_null(6)) f.lat = s.column_double(6);
    if (!s.is_null(7)) f.lon = s.column_double(7);
    out.push_back(std::move(f));
  }
  return out;
}

Result<Catchment> ReadPort::puskesmas(std::string_view which) {
  auto st = db_->prepare(
      "SELECT f.id, f.key, f.name, c.village_code FROM facility f JOIN facility_catchment c ON"
      " c.facility_id = f.id WHERE f.type = 'puskesmas' AND (CAST(f.id AS TEXT) = ? OR f.key = ?"
      " OR f.name = ?) ORDER BY f.id, c.village_code");
  if (!st) return st.error();
  (*st)->bind(1, which).bind(2, which).bind(3, which);
  Catchment out;
  for (;;) {
    auto row = (*st)->step();
    if (!row) return row.error();
    if (!*row) break;
    if (out.facility_id == 0) {
      out.facility_id = (*st)->column_int64(0);
      out.key = (*st)->column_string(1);
      out.name = (*st)->column_string(2);
    } else if (out.facility_id != (*st)->column_int64(0)) {
      break;  // two puskesmas with the same name: the first by id, as before
    }
    out.villages.push_back((*st)->column_string(3));
  }
  if (out.villages.empty()) {
    return Error::not_found("no puskesmas '" + std::string(which) + "' with a wilayah kerja");
  }
  return out;
}

}  // namespace siklus::registry
