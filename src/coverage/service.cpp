#include "coverage/service.h"

#include "core/region_code.h"
#include "coverage/coverage_data.h"
#include "coverage/report_json.h"
#include "coverage/schema.h"

namespace siklus::coverage {

Result<std::unique_ptr<CoverageService>> CoverageService::open(const std::string& db_url,
                                                               CoverageOptions options) {
  auto db = store::open_database(db_url);
  if (!db) return db.error();
  SK_TRY(migrate_coverage(**db));
  std::unique_ptr<CoverageService> s(new CoverageService());
  s->db_ = std::move(*db);
  s->options_ = options;
  return s;
}

Result<std::shared_ptr<const CoverageReport>> CoverageService::report(const std::string& region,
                                                                      const SnapshotRef& snap) {
  const std::string city = region.substr(0, 4);
  auto key = std::make_pair(city, snap.id);
  if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  auto loaded = load_coverage(*db_, city, snap, Date::parse(snap.date).value_or(today_wib()));
  if (!loaded) return loaded.error();
  auto rep = std::make_shared<const CoverageReport>(compute_coverage(std::move(loaded->input)));
  cache_[key] = rep;
  return rep;
}

Result<nlohmann::json> CoverageService::coverage(const std::string& region,
                                                 const std::string& snapshot) {
  std::lock_guard lock(mu_);
  auto snap = find_snapshot(*db_, snapshot);
  if (!snap) return snap.error();
  auto rep = report(region, *snap);
  if (!rep) return rep.error();
  auto area = (*rep)->areas.find(region);
  if (!area) return Error::not_found("no region " + region);
  nlohmann::json j = coverage_json(**rep, *area, options_, snap->date);
  // The path from the city down, for breadcrumbs.
  nlohmann::json path = nlohmann::json::array();
  for (int32_t a = (*rep)->areas[*area].parent; a >= 0; a = (*rep)->areas[a].parent) {
    path.insert(path.begin(), nlohmann::json::object({{"region", (*rep)->areas[a].code},
                                                      {"name", (*rep)->areas[a].name}}));
  }
  j["path"] = std::move(path);
  return j;
}

Result<nlohmann::json> CoverageService::village_map(const std::string& region,
                                                    const std::string& snapshot) {
  std::lock_guard lock(mu_);
  auto snap = find_snapshot(*db_, snapshot);
  if (!snap) return snap.error();
  auto rep = report(region, *snap);
  if (!rep) return rep.error();
  // A kelurahan's position: the mean of its facilities (pustu, posyandu, puskesmas) — the store
  // has no boundaries, so the map draws circles.
  std::map<std::string, std::pair<double, double>> pos;
  std::map<std::string, int> n;
  {
    const auto [lo, hi] = prefix_range(region.substr(0, 4));
    auto st = db_->prepare(
        "SELECT village_code, lat, lon FROM facility WHERE village_code >= ? AND village_code < ?"
        " AND lat IS NOT NULL AND lon IS NOT NULL AND (lat <> 0 OR lon <> 0)");
    if (!st) return st.error();
    (*st)->bind(1, lo).bind(2, hi);
    for (;;) {
      auto row = (*st)->step();
      if (!row) return row.error();
      if (!*row) break;
      const std::string v = (*st)->column_string(0);
      pos[v].first += (*st)->column_double(1);
      pos[v].second += (*st)->column_double(2);
      ++n[v];
    }
  }
  nlohmann::json items = nlohmann::json::array();
  const CoverageReport& r = **rep;
  for (size_t i = 0; i < r.areas.size(); ++i) {
    const Area& a = r.areas[static_cast<int32_t>(i)];
    if (a.level != AreaLevel::kVillage || !region_within(a.code, region)) continue;
    nlohmann::json j = area_json(r, static_cast<int32_t>(i), options_, false);
    if (auto it = n.find(a.code); it != n.end()) {
      j["lat"] = pos[a.code].first / it->second;
      j["lon"] = pos[a.code].second / it->second;
    } else {
      j["lat"] = nullptr;
      j["lon"] = nullptr;
    }
    items.push_back(std::move(j));
  }
  return nlohmann::json{{"region", region}, {"snapshot", snap->date}, {"items", items}};
}

Result<nlohmann::json> CoverageService::snapshots() {
  std::lock_guard lock(mu_);
  auto st = db_->prepare(
      "SELECT s.snapshot_date, (SELECT COUNT(*) FROM member m WHERE m.snapshot_id = s.id),"
      " COALESCE(s.linked_at, '') FROM member_snapshot s ORDER BY s.snapshot_date DESC");
  if (!st) return st.error();
  nlohmann::json items = nlohmann::json::array();
  for (;;) {
    auto row = (*st)->step();
    if (!row) return row.error();
    if (!*row) break;
    items.push_back({{"date", (*st)->column_string(0)},
                     {"members", (*st)->column_int64(1)},
                     {"linked_at", (*st)->column_string(2)}});
  }
  return nlohmann::json{{"items", items}};
}

Result<ReviewPage> CoverageService::reviews(const std::string& region, const std::string& snapshot,
                                            int page, int page_size) {
  std::lock_guard lock(mu_);
  auto snap = find_snapshot(*db_, snapshot);
  if (!snap) return snap.error();
  return review_queue(*db_, *snap, region, page, page_size);
}

Status CoverageService::decide(const std::string& snapshot, const std::string& noka,
                               std::optional<int64_t> person_id, Verdict verdict,
                               const std::string& reviewer, const std::string& note) {
  std::lock_guard lock(mu_);
  auto snap = find_snapshot(*db_, snapshot);
  if (!snap) return snap.error();
  SK_TRY(decide_review(*db_, *snap, noka, person_id, verdict, reviewer, note));
  // Links changed: the cached figures of this snapshot are stale.
  for (auto it = cache_.begin(); it != cache_.end();) {
    it = it->first.second == snap->id ? cache_.erase(it) : std::next(it);
  }
  return {};
}

Result<Worklist> CoverageService::worklist(const std::string& region, const std::string& puskesmas,
                                           const std::string& snapshot) {
  std::lock_guard lock(mu_);
  auto snap = find_snapshot(*db_, snapshot);
  if (!snap) return snap.error();
  WorklistQuery q;
  q.region = region;
  q.puskesmas = puskesmas;
  q.premium_rupiah = options_.premium_rupiah;
  q.on = Date::parse(snap->date).value_or(today_wib());
  return build_worklist(*db_, *snap, q);
}

}  // namespace siklus::coverage
