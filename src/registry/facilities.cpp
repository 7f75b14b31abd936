#include "registry/registry_impl.h"

namespace siklus::registry {
std::optional<Registry::Impl::FacilityRow> Registry::Impl::load_facility(int64_t id) {
  auto st = db->prepare(
      "SELECT id, key, type, name, COALESCE(village_code, ''), rw, parent_id, government, "
      "address, COALESCE(lat, 0), COALESCE(lon, 0), city_code FROM facility WHERE id = ?");
  if (!st) return std::nullopt;
  (*st)->bind(1, id);
  auto row = (*st)->step();
  if (!row || !*row) return std::nullopt;
  auto& s = **st;
  FacilityRow f;
  f.id = s.column_int64(0);
  f.key = s.column_string(1);
  f.type = s.column_string(2);
  f.name = s.column_string(3);
  f.village_code = s.column_string(4);
  f.rw = s.column_int(5);
  if (!s.is_null(6)) f.parent_id = s.column_int64(6);
  f.government = s.column_int(7) != 0;
  f.address = s.column_string(8);
  f.lat = s.column_double(9);
  f.lon = s.column_double(10);
  f.city_code = s.column_string(11);
  return f;
}

std::vector<std::string> Registry::Impl::catchment(int64_t puskesmas_id) {
  std::vector<std::string> out;
  auto st = db->prepare(
      "SELECT village_code FROM facility_catchment WHERE facility_id = ? ORDER BY village_code");
  if (!st) return out;
  (*st)->bind(1, puskesmas_id);
  while (true) {
    auto r = (*st)->step();
    if (!r || !*r) break;
    out.push_back((*st)->column_string(0));
  }
  return out;
}

std::optional<FacilityRef> Registry::Impl::facility_ref(std::string_view sql,
                                                        std::string_view village,
                                                        std::optional<int> rw) {
  auto st = db->prepare(sql);
  if (!st) return std::nullopt;
  (*st)->bind(1, village);
  if (rw) (*st)->bind(2, *rw);
  auto r = (*st)->step();
  if (!r || !*r) return std::nullopt;
  FacilityRef f;
  f.id = (*st)->column_int64(0);
  f.type = parse_facility_type((*st)->column_text(1)).value_or(FacilityType::kPuskesmas);
  f.name = (*st)->column_string(2);
  return f;
}

Result<std::vector<Facility>> Registry::facilities(const User& user, const FacilityQuery& q) {
  Impl& m = *impl_;
  auto scope = m.scope_of(user);
  std::string prefix = scope->root();
  if (!q.region.empty()) {
    auto r = m.resolve_region(user, q.region, *scope, "region", "facilities");
    if (!r) return r.error();
    prefix = (*r)->code;
  }
  auto st = m.db->prepare(
      "SELECT f.id, f.key, f.type, f.name, COALESCE(f.village_code, ''), f.rw, f.parent_id, "
      "f.government, f.address, COALESCE(f.lat, 0), COALESCE(f.lon, 0), "
      "(SELECT COUNT(*) FROM staff s WHERE s.facility_id = f.id) "
      "FROM facility f WHERE f.village_code >= ? AND f.village_code < ? "
      "AND (? = '' OR f.type = ?) ORDER BY f.type, f.name, f.id");
  if (!st) return st.error();
  const std::string type = q.type ? facility_type_code(*q.type) : "";
  (*st)->bind(1, prefix).bind(2, prefix + "~").bind(3, type).bind(4, type);
  std::vector<Facility> out;
  while (true) {
    auto r = (*st)->step();
    if (!r) return r.error();
    if (!*r) break;
    auto& s = **st;
    Facility f;
    f.id = s.column_int64(0);
    f.key = s.column_string(1);
    f.type = parse_facility_type(s.column_text(2)).value_or(FacilityType::kClinic);
    f.name = s.column_string(3);
    f.village_code = s.column_string(4);
    f.rw = s.column_int(5);
    if (!s.is_null(6)) f.parent_id = s.column_int64(6);
    f.government = s.column_int(7) != 0;
    f.address = s.column_string(8);
    f.lat = s.column_double(9);
    f.lon = s.column_double(10);
    f.staff = static_cast<uint32_t>(s.column_int64(11));
    auto ord = m.regions.village_ordinal(f.village_code);
    const bool own = std::to_string(f.id) == user.scope;
    const bool visible = ord && (f.type == FacilityType::kPosyandu ? scope->contains(*ord, f.rw)
                                                                   : scope->sees_village(*ord));
    if (!visible && !own) continue;
    f.village_name = m.region_name(f.village_code);
    out.push_back(std::move(f));
  }
  return out;
}

Result<FacilityDetail> Registry::facility(const User& user, int64_t id) {
  Impl& m = *impl_;
  auto scope = m.scope_of(user);
  auto f = m.load_facility(id);
  if (!f) return Error::not_found("facility not found");
  auto ord = m.regions.village_ordinal(f->village_code);
  const bool own = std::to_string(f->id) == user.scope;
  const bool visible =
      ord && (f->type == "posyandu" ? scope->contains(*ord, f->rw) : scope->sees_village(*ord));
  if (!visible && !own) {
    return m.refused(user, Error::not_found("facility not found"), "facility", f->village_code);
  }
  FacilityDetail d;
  Facility& o = d.facility;
  o.id = f->id;
  o.key = f->key;
  o.type = parse_facility_type(f->type).value_or(FacilityType::kClinic);
  o.name = f->name;
  o.village_code = f->village_code;
  o.village_name = m.region_name(f->village_code);
  o.rw = f->rw;
  o.parent_id = f->parent_id;
  o.government = f->government;
  o.address = f->address;
  o.lat = f->lat;
  o.lon = f->lon;
  for (const std::string& v : m.catchment(f->id)) d.catchment.push_back(m.ref(v));
  auto st = m.db->prepare(
      "SELECT id, name, sex, profession, skills, phone FROM staff WHERE facility_id = ? "
      "ORDER BY profession, name, id");
  if (!st) return st.error();
  (*st)->bind(1, id);
  while (true) {
    auto r = (*st)->step();
    if (!r) return r.error();
    if (!*r) break;
    auto& s = **st;
    StaffMember sm;
    sm.id = s.column_int64(0);
    sm.name = s.column_string(1);
    sm.sex = sex_from(s.column_text(2));
    sm.profession = s.column_string(3);
    std::string skills = s.column_string(4);
    for (size_t at = 0; at < skills.size();) {
      size_t comma = skills.find(',', at);
      if (comma == std::string::npos) comma = skills.size();
      if (comma > at) sm.skills.push_back(skills.substr(at, comma - at));
      at = comma + 1;
    }
    sm.phone = s.column_string(5);
    d.staff.push_back(std::move(sm));
  }
  o.staff = static_cast<uint32_t>(d.staff.size());
  return d;
}
}  // namespace siklus::registry
