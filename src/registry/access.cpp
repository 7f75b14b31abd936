// The one scope rule, applied inside the registry and offered to other domains (scope_areas,
// authorize_area): what part of the city each role sees (scope.h).
#include <cstdio>

#include "registry/registry_impl.h"

namespace siklus::registry {
//! Smallest region holding all the villages.
std::string Registry::Impl::common_root(const std::vector<std::string>& villages) const {
  if (villages.empty()) return {};
  for (size_t len : {size_t{10}, size_t{6}, size_t{4}, size_t{2}}) {
    const std::string p = villages.front().substr(0, len);
    if (std::all_of(villages.begin(), villages.end(),
                    [&](const std::string& v) { return region_within(v, p); })) {
      return p;
    }
  }
  return {};
}

Scope Registry::Impl::compute_scope(const User& user) {
  if (user.role == Role::kDinkesAdmin) {
    auto [first, last] = regions.village_range(user.scope);
    return Scope::range(first, last, user.scope);
  }
  auto fid = std::strtoll(user.scope.c_str(), nullptr, 10);
  auto f = load_facility(fid);
  if (!f) return Scope::villages({}, "");
  if (user.role == Role::kKader) {
    auto ord = regions.village_ordinal(f->village_code);
    if (!ord) return Scope::villages({}, "");
    return Scope::rws({{*ord, f->rw}}, f->village_code);
  }
  // Puskesmas staff and nakes: the wilayah kerja of the puskesmas the facility belongs to.
  std::optional<FacilityRow> p = f;
  for (int hops = 0; p && p->type != "puskesmas" && p->parent_id && hops < 4; ++hops) {
    p = load_facility(*p->parent_id);
  }
  int64_t puskesmas_id = 0;
  if (p && p->type == "puskesmas") {
    puskesmas_id = p->id;
  } else {
    auto st = db->prepare(
        "SELECT c.facility_id FROM facility_catchment c JOIN facility f ON f.id = c.facility_id "
        "WHERE c.village_code = ? AND f.type = 'puskesmas' ORDER BY c.facility_id LIMIT 1");
    if (st) {
      (*st)->bind(1, f->village_code);
      auto r = (*st)->step();
      if (r && *r) puskesmas_id = (*st)->column_int64(0);
    }
  }
  std::vector<std::string> villages = catchment(puskesmas_id);
  std::vector<uint32_t> ords;
  for (const auto& v : villages) {
    if (auto o = regions.village_ordinal(v)) ords.push_back(*o);
  }
  return Scope::villages(std::move(ords), common_root(villages));
}

std::shared_ptr<const Scope> Registry::Impl::scope_of(const User& user) {
  {
    std::lock_guard lock(scope_mu);
    auto it = scopes.find(user.id);
    if (it != scopes.end()) return it->second;
  }
  Scope s;
  { s = compute_scope(user); }
  auto ptr = std::make_shared<const Scope>(std::move(s));
  std::lock_guard lock(scope_mu);
  scopes[user.id] = ptr;
  return ptr;
}

namespace {

// "<kelurahan>.RW<nn>": the kelurahan code (dots allowed) and the RW number.
std::optional<std::pair<std::string, int>> parse_rw_area(std::string_view area) {
  const size_t at = area.rfind(".RW");
  if (at == std::string_view::npos) return std::nullopt;
  const std::string_view digits = area.substr(at + 3);
  if (digits.empty() || digits.size() > 3 || !all_digits(digits)) return std::nullopt;
  auto village = normalize_region_code(area.substr(0, at));
  if (!village || region_level(*village) != RegionLevel::kVillage) return std::nullopt;
  return std::pair(*village, std::stoi(std::string(digits)));
}

std::string rw_area(const std::string& village, int rw) {
  char buf[16];
  std::snprintf(buf, sizeof buf, ".RW%02d", rw);
  return village + buf;
}

}  // namespace

Result<std::vector<std::string>> Registry::scope_areas(const User& user) {
  Impl& m = *impl_;
  auto scope = m.scope_of(user);
  std::vector<std::string> out;
  if (!scope->rws().empty()) {
    for (const auto& [village, rw] : scope->rws()) {
      out.push_back(rw_area(m.regions.village(village).code, rw));
    }
  } else if (!scope->villages().empty()) {
    for (uint32_t v : scope->villages()) out.push_back(m.regions.village(v).code);
  } else if (scope->first() < scope->last()) {
    out.push_back(scope->root());
  }
  return out;
}

Status Registry::authorize_area(const User& user, std::string_view area) {
  Impl& m = *impl_;
  auto scope = m.scope_of(user);
  if (auto rw = parse_rw_area(area)) {
    const auto ord = m.regions.village_ordinal(rw->first);
    if (ord && scope->contains(*ord, rw->second)) return {};
    return m.refused(user, Error::not_found("region not found: " + std::string(area)), "region",
                     std::string(area));
  }
  if (area.find("RW") != std::string_view::npos) {
    return Error::invalid("region", "area must be a region code or <kelurahan>.RW<nn>");
  }
  auto norm = normalize_region_code(area);
  if (!norm) {
    return Error::invalid("region", "region code must have 2, 4, 6 or 10 digits (dots allowed)");
  }
  auto [first, last] = m.regions.village_range(*norm);
  if (m.regions.find(*norm) && scope->covers(first, last)) return {};
  return m.refused(user, Error::not_found("region not found: " + std::string(area)), "region",
                   *norm);
}

bool Registry::sees_identifiers(const User& user) { return user.role != Role::kKader; }

}  // namespace siklus::registry
