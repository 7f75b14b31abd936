#include "registry/registry_impl.h"

namespace siklus::registry {
namespace {

constexpr int kBands = 16;

std::string band_name(int b) {
  return b == kBands - 1 ? "75+" : std::to_string(b * 5) + "-" + std::to_string(b * 5 + 4);
}

}  // namespace

std::string Registry::Impl::region_name(std::string_view code) const {
  const RegionRow* r = regions.find(code);
  return r ? r->name : std::string();
}

RegionRef Registry::Impl::ref(std::string_view code) const {
  RegionRef out;
  out.code = std::string(code);
  if (const RegionRow* r = regions.find(code)) {
    out.name = r->name;
    out.level = r->level;
  }
  return out;
}

bool Registry::Impl::region_visible(std::string_view code, const Scope& scope) const {
  auto [first, last] = regions.village_range(code);
  return scope.sees_any(first, last);
}

//! Normalized, existing, visible region; kInvalidArgument if malformed, kNotFound otherwise.
Result<const RegionRow*> Registry::Impl::resolve_region(const User& user, std::string_view code,
                                                        const Scope& scope, const char* field,
                                                        const char* object) {
  std::string c = code == "me" ? scope.root() : std::string(code);
  auto norm = normalize_region_code(c);
  if (!norm)
    return Error::invalid(field, "region code must have 2, 4, 6 or 10 digits (dots allowed)");
  const RegionRow* r = regions.find(*norm);
  if (!r || !region_visible(*norm, scope)) {
    return refused(user, Error::not_found("region not found: " + std::string(code)), object, *norm);
  }
  return r;
}

// Alive residents of a region within `scope`, with per-village counts for its children.
PopulationCounts Registry::Impl::count_region(const Scope& scope, std::string_view code) {
  auto [first, last] = regions.village_range(code);
  std::shared_lock lock(index_mu);
  return index->count(scope, first, last, today());
}

namespace {

// Sums per-village counts into the direct children of `code`.
std::vector<RegionChild> child_counts(const RegionTable& regions, const Scope& scope,
                                      std::string_view code,
                                      const std::vector<uint64_t>& per_village) {
  const uint32_t first = regions.village_range(code).first;
  std::vector<RegionChild> out;
  for (const RegionRow* c : regions.children(code)) {
    auto [lo, hi] = regions.village_range(c->code);
    if (c->level == RegionLevel::kVillage ? !scope.sees_village(lo) : !scope.sees_any(lo, hi)) {
      continue;
    }
    RegionChild child{c->code, c->name, c->level, 0};
    for (uint32_t v = lo; v < hi; ++v) child.residents += per_village[v - first];
    out.push_back(std::move(child));
  }
  return out;
}

}  // namespace

Result<RegionView> Registry::region(const User& user, std::string_view code) {
  auto scope = impl_->scope_of(user);
  auto r = impl_->resolve_region(user, code, *scope, "code", "region");
  if (!r) return r.error();
  const RegionRow& row = **r;
  const PopulationCounts c = impl_->count_region(*scope, row.code);
  RegionView v;
  v.code = row.code;
  v.name = row.name;
  v.level = row.level;
  if (const std::string parent = parent_region(row.code); !parent.empty()) {
    v.parent = impl_->ref(parent);
  }
  v.residents = c.residents;
  v.children = child_counts(impl_->regions, *scope, row.code, c.per_village);
  return v;
}

namespace {

PopulationStats make_stats(const RegionRow& row, const PopulationCounts& c,
                           std::vector<RegionChild> children) {
  PopulationStats s;
  s.region = row.code;
  s.name = row.name;
  s.level = row.level;
  s.residents = c.residents;
  s.male = c.male;
  s.female = c.female;
  s.households = c.households;
  s.children = std::move(children);
  for (int b = 0; b < kBands; ++b)
    s.pyramid.push_back({band_name(b), c.pyramid[b][0], c.pyramid[b][1]});
  return s;
}

}  // namespace

Result<PopulationStats> Registry::population_stats(const User& user, std::string_view code) {
  auto scope = impl_->scope_of(user);
  auto r = impl_->resolve_region(user, code, *scope, "region", "population_stats");
  if (!r) return r.error();
  const PopulationCounts c = impl_->count_region(*scope, (*r)->code);
  return make_stats(**r, c, child_counts(impl_->regions, *scope, (*r)->code, c.per_village));
}

Result<PopulationStats> Registry::population_stats_unscoped(std::string_view code) {
  auto norm = normalize_region_code(code);
  if (!norm)
    return Error::invalid("region", "region code must have 2, 4, 6 or 10 digits (dots allowed)");
  const RegionRow* row = impl_->regions.find(*norm);
  if (!row) return Error::not_found("no region with code " + std::string(code));
  auto [first, last] = impl_->regions.village_range(*norm);
  const Scope scope = Scope::range(first, last, *norm);
  const PopulationCounts c = impl_->count_region(scope, *norm);
  return make_stats(*row, c, child_counts(impl_->regions, scope, *norm, c.per_village));
}
}  // namespace siklus::registry
