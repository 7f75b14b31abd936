#include "coverage/service.h"

#include <algorithm>
#include <charconv>

#include "core/region_code.h"
#include "coverage/report_json.h"
#include "coverage/schema.h"

namespace siklus::coverage {

//! What the acting user may see: the top areas of their scope and whether identifiers show.
struct CoverageService::Scope {
  std::vector<std::string> areas;  // city, kelurahan or kelurahan.RWnn codes
  bool identifiers = false;

  //! Whether `area` lies wholly inside the scope: a figure of a wider area (the kecamatan of a
  //! puskesmas) would count people outside it.
  bool covers(std::string_view area) const {
    for (const std::string& top : areas) {
      if (area.substr(0, top.size()) != top) continue;
      if (area.size() == top.size() || top.find(".RW") == std::string::npos) return true;
    }
    return false;
  }
  bool covers(std::string_view village, int rw) const {
    return rw > 0 ? covers(rw_code(village, rw)) : covers(village);
  }
  AreaFilter filter() const {
    return [this](std::string_view village, int rw) { return covers(village, rw); };
  }
};

namespace {

bool is_admin(const User& user) { return user.role == registry::Role::kDinkesAdmin; }

Error hidden(std::string_view region) {
  return Error::not_found("region not found: " + std::string(region));
}

//! A review pair's or an export's area as the audit log shows it.
std::string area_of(std::string_view village, int rw) {
  return rw > 0 ? rw_code(village, rw) : std::string(village);
}

}  // namespace

Result<std::unique_ptr<CoverageService>> CoverageService::open(std::shared_ptr<store::Database> db,
                                                               registry::Registry& registry,
                                                               audit::AuditLog& audit,
                                                               CoverageOptions options) {
  SK_TRY(migrate_coverage(*db));
  std::unique_ptr<CoverageService> s(new CoverageService());
  s->port_ = std::make_unique<registry::ReadPort>(db);
  s->db_ = std::move(db);
  s->registry_ = &registry;
  s->audit_ = &audit;
  s->options_ = options;
  return s;
}

Result<CoverageService::Scope> CoverageService::scope_of(const User& user) {
  auto areas = registry_->scope_areas(user);
  if (!areas) return areas.error();
  Scope s;
  s.areas = std::move(*areas);
  s.identifiers = registry::Registry::sees_identifiers(user);
  return s;
}

Result<std::string> CoverageService::resolve(const User& user, const Scope& scope,
                                             std::string_view region) {
  if (region.empty() || region == "me") {
    if (scope.areas.empty()) return hidden("me");
    return scope.areas.size() == 1 ? scope.areas.front() : std::string("me");
  }
  auto code = normalize_area_code(region);
  if (!code) {
    return Error::invalid("region",
                          "not a region code (2, 4, 6 or 10 digits, or KELURAHAN.RWnn): '" +
                              std::string(region) + "'");
  }
  SK_TRY(registry_->authorize_area(user, *code));
  if (!scope.covers(*code)) {
    // Visible in part (the kecamatan of a puskesmas) is not enough for figures of the whole.
    (void)audit_->record(user, {"refused", "coverage", std::nullopt, *code, "outside scope", {}});
    return hidden(region);
  }
  return *code;
}

Result<CityCoverage*> CoverageService::city(const std::string& city, const SnapshotRef& snap) {
  auto key = std::make_pair(city, snap.id);
  if (auto it = cache_.find(key); it != cache_.end()) return it->second.get();
  auto loaded =
      CityCoverage::load(*db_, *port_, city, snap, Date::parse(snap.date).value_or(today_wib()));
  if (!loaded) return loaded.error();
  CityCoverage* out = loaded->get();
  cache_[key] = std::move(*loaded);
  return out;
}

void CoverageService::drop_snapshot(int64_t snapshot_id) {
  for (auto it = cache_.begin(); it != cache_.end();) {
    it = it->first.second == snapshot_id ? cache_.erase(it) : std::next(it);
  }
}

Result<nlohmann::json> CoverageService::coverage(const User& user, std::string_view region,
                                                 std::string_view snapshot) {
  std::lock_guard lock(mu_);
  auto scope = scope_of(user);
  if (!scope) return scope.error();
  auto area = resolve(user, *scope, region);
  if (!area) return area.error();
  auto snap = find_snapshot(*db_, snapshot);
  if (!snap) return snap.error();
  const std::string& first = *area == "me" ? scope->areas.front() : *area;
  auto cc = city(first.substr(0, 4), *snap);
  if (!cc) return cc.error();
  const CoverageReport& rep = (*cc)->report();
  nlohmann::json path = nlohmann::json::array();
  if (*area == "me") {
    std::vector<int32_t> areas;
    for (const std::string& a : scope->areas) {
      if (auto id = rep.areas.find(a)) areas.push_back(*id);
    }
    nlohmann::json j = scope_json(rep, areas, user.scope_name, options_, snap->date);
    j["path"] = std::move(path);
    return j;
  }
  auto id = rep.areas.find(*area);
  if (!id) return hidden(*area);
  nlohmann::json j = coverage_json(rep, *id, options_, snap->date);
  // Breadcrumbs from the widest area the user may open down to the parent.
  for (int32_t a = rep.areas[*id].parent; a >= 0 && scope->covers(rep.areas[a].code);
       a = rep.areas[a].parent) {
    path.insert(path.begin(), nlohmann::json::object(
                                  {{"region", rep.areas[a].code}, {"name", rep.areas[a].name}}));
  }
  if (scope->areas.size() > 1) {
    path.insert(path.begin(),
                nlohmann::json::object({{"region", "me"}, {"name", user.scope_name}}));
  }
  j["path"] = std::move(path);
  return j;
}

Result<nlohmann::json> CoverageService::village_map(const User& user, std::string_view region,
                                                    std::string_view snapshot) {
  std::lock_guard lock(mu_);
  auto scope = scope_of(user);
  if (!scope) return scope.error();
  auto area = resolve(user, *scope, region);
  if (!area) return area.error();
  auto snap = find_snapshot(*db_, snapshot);
  if (!snap) return snap.error();
  const std::string city_code = (*area == "me" ? scope->areas.front() : *area).substr(0, 4);
  auto cc = city(city_code, *snap);
  if (!cc) return cc.error();
  // A kelurahan's position: the mean of its facilities (pustu, posyandu, puskesmas) — the store
  // has no boundaries, so the map draws circles.
  auto facilities = port_->facilities(city_code);
  if (!facilities) return facilities.error();
  std::map<std::string, std::pair<double, double>> pos;
  std::map<std::string, int> n;
  for (const auto& f : *facilities) {
    if (!f.lat || !f.lon || (*f.lat == 0 && *f.lon == 0)) continue;
    pos[f.village_code].first += *f.lat;
    pos[f.village_code].second += *f.lon;
    ++n[f.village_code];
  }
  nlohmann::json items = nlohmann::json::array();
  const CoverageReport& r = (*cc)->report();
  for (size_t i = 0; i < r.areas.size(); ++i) {
    const Area& a = r.areas[static_cast<int32_t>(i)];
    if (a.level != AreaLevel::kVillage || !scope->covers(a.code)) continue;
    if (*area != "me" && !region_within(a.code, *area)) continue;
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
  return nlohmann::json{{"region", *area}, {"snapshot", snap->date}, {"items", items}};
}

Result<nlohmann::json> CoverageService::snapshots(const User& user) {
  std::lock_guard lock(mu_);
  auto scope = scope_of(user);  // any signed-in role; the list holds no personal data
  if (!scope) return scope.error();
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

Result<nlohmann::json> CoverageService::person_membership(const User& user, int64_t person_id) {
  const int64_t ids[] = {person_id};
  std::string village;
  int rw = 0;
  SK_TRY(port_->for_each_resident_of(ids, [&](const registry::ResidentRow& r) {
    village = std::string(r.village_code);
    rw = r.rw;
  }));
  const std::string area = rw > 0 ? rw_code(village, rw) : village;
  if (village.empty() || !registry_->authorize_area(user, area)) {
    return Error::not_found("person not found");
  }
  nlohmann::json out = {
      {"person_id", person_id}, {"snapshot", nullptr}, {"members", nlohmann::json::array()}};
  auto snap = find_snapshot(*db_, "");
  if (!snap) {
    if (snap.error().code != ErrorCode::kNotFound) return snap.error();
  } else {
    out["snapshot"] = snap->date;
    auto st = db_->prepare(
        "SELECT m.noka, m.segment, m.status, m.kelas, m.kode_faskes, l.decision FROM member_link l "
        "JOIN member m ON m.snapshot_id = l.snapshot_id AND m.noka = l.noka "
        "WHERE l.snapshot_id = ? AND l.person_id = ? ORDER BY l.decision, m.noka");
    if (!st) return st.error();
    (*st)->bind(1, snap->id).bind(2, person_id);
    for (;;) {
      auto row = (*st)->step();
      if (!row) return row.error();
      if (!*row) break;
      auto& r = **st;
      out["members"].push_back(
          {{"noka", r.column_string(0)},
           {"segment", r.column_string(1)},
           {"status", r.column_string(2)},
           {"kelas", r.is_null(3) ? nlohmann::json() : nlohmann::json(r.column_int64(3))},
           {"kode_faskes", r.column_string(4)},
           {"linked", r.column_string(5) == "match"}});
    }
  }
  SK_TRY(audit_->record(user, {"read", "jkn_membership", person_id, area, "",
                               static_cast<int64_t>(out["members"].size())}));
  return out;
}

Result<ReviewPage> CoverageService::reviews(const User& user, std::string_view region,
                                            std::string_view snapshot, int page, int page_size) {
  std::lock_guard lock(mu_);
  auto scope = scope_of(user);
  if (!scope) return scope.error();
  auto area = resolve(user, *scope, region);
  if (!area) return area.error();
  auto snap = find_snapshot(*db_, snapshot);
  if (!snap) return snap.error();
  const std::string within = *area == "me" ? std::string() : *area;
  auto keep = [&](std::string_view village, int rw) {
    if (!scope->covers(village, rw)) return false;
    if (within.empty()) return true;
    const std::string a = area_of(village, rw);
    return a.substr(0, within.size()) == within;
  };
  auto out = review_queue(*db_, *port_, *snap, keep, page, page_size);
  if (!out) return out.error();
  if (!scope->identifiers) {
    for (ReviewItem& it : out->items) {
      it.member.nik.clear();
      it.person.nik.clear();
      it.person.no_kk.clear();
    }
  }
  SK_TRY(audit_->record(user, {"review_view", "link_review", std::nullopt, *area,
                               "snapshot " + snap->date + " page " + std::to_string(out->page),
                               static_cast<int64_t>(out->items.size())}));
  return out;
}

Status CoverageService::decide(const User& user, std::string_view snapshot, const std::string& noka,
                               std::optional<int64_t> person_id, Verdict verdict,
                               const std::string& note) {
  std::lock_guard lock(mu_);
  if (user.role != registry::Role::kDinkesAdmin && user.role != registry::Role::kPuskesmas) {
    return Error{ErrorCode::kForbidden, "only dinkes and puskesmas staff review links", {}};
  }
  if (noka.size() != 13 || noka.find_first_not_of("0123456789") != std::string::npos) {
    return Error::invalid("noka", "noka must have 13 digits");
  }
  auto scope = scope_of(user);
  if (!scope) return scope.error();
  auto snap = find_snapshot(*db_, snapshot);
  if (!snap) return snap.error();
  // The pair must lie in the reviewer's scope; outside it, it does not exist for them.
  auto pair = proposed_pair(*db_, *port_, *snap, noka, person_id);
  if (!pair) return pair.error();
  if (!scope->covers(pair->village_code, pair->rw)) {
    (void)audit_->record(user, {"refused",
                                "link_review",
                                pair->person_id,
                                area_of(pair->village_code, pair->rw),
                                "noka " + noka,
                                {}});
    return Error::not_found("no proposed link for noka " + noka);
  }
  const bool accept = verdict == Verdict::kAccept;
  auto person = decide_review(*db_, *snap, noka, pair->person_id, verdict, user.username, note);
  if (!person) return person.error();
  own_verdicts_.insert(review_key(noka, *person));
  SK_TRY(audit_->record(user, {"review",
                               "link_review",
                               *person,
                               area_of(pair->village_code, pair->rw),
                               std::string(accept ? "accept" : "reject") + " noka " + noka +
                                   (note.empty() ? "" : ": " + note),
                               {}}));
  // Only this member's contribution moves; a member outside the cached figures reloads them.
  for (auto& [key, cc] : cache_) {
    if (key.second != snap->id) continue;
    if (!cc->link_decided(noka, accept ? std::optional<int64_t>(*person) : std::nullopt)) {
      cc.reset();
    }
  }
  std::erase_if(cache_, [](const auto& kv) { return kv.second == nullptr; });
  return {};
}

Result<WorklistExport> CoverageService::export_worklist(const User& user, std::string_view region,
                                                        const std::string& puskesmas,
                                                        std::string_view snapshot,
                                                        const std::string& format,
                                                        const std::string& path) {
  std::lock_guard lock(mu_);
  if (format != "csv" && format != "xlsx") {
    return Error::invalid("format", "must be csv or xlsx, got '" + format + "'");
  }
  auto scope = scope_of(user);
  if (!scope) return scope.error();
  auto area = resolve(user, *scope, region);
  if (!area) return area.error();
  auto snap = find_snapshot(*db_, snapshot);
  if (!snap) return snap.error();
  WorklistQuery q;
  // A scope of several kelurahan: the smallest region holding them all, cut to the scope by
  // `keep` (a puskesmas's list reads its kecamatan, not the whole city).
  q.region = *area;
  if (*area == "me") {
    for (size_t len : {size_t{10}, size_t{6}, size_t{4}}) {
      q.region = scope->areas.front().substr(0, len);
      if (std::all_of(scope->areas.begin(), scope->areas.end(),
                      [&](const std::string& a) { return a.substr(0, len) == q.region; })) {
        break;
      }
    }
  }
  q.puskesmas = puskesmas;
  q.premium_rupiah = options_.premium_rupiah;
  q.on = Date::parse(snap->date).value_or(today_wib());
  q.keep = scope->filter();
  q.identifiers = scope->identifiers;
  auto list = build_worklist(*db_, *port_, *snap, q);
  if (!list) return list.error();
  list->region = *area;
  SK_TRY(format == "csv" ? write_worklist_csv(*list, path) : write_worklist_xlsx(*list, path));
  // Personal data leaving the system: what, which area, in which form, how many rows.
  SK_TRY(audit_->record(user, {"export", "coverage_worklist", std::nullopt, *area,
                               format + " snapshot " + snap->date +
                                   (puskesmas.empty() ? "" : " puskesmas " + puskesmas),
                               static_cast<int64_t>(list->rows.size())}));
  return WorklistExport{*area, snap->date, format, std::move(*list)};
}

Result<ImportMembersResult> CoverageService::import_members(const User& user,
                                                            const ImportMembersRequest& req) {
  std::lock_guard lock(mu_);
  if (!is_admin(user)) {
    return Error{ErrorCode::kForbidden, "only dinkes staff import membership extracts", {}};
  }
  ImportMembersResult out;
  ImportOptions io = req.import;
  io.actor = user.username;
  auto sum = coverage::import_members(*db_, io);
  if (!sum) return sum.error();
  out.import = std::move(*sum);
  auto snap = find_snapshot(*db_, out.import.snapshot);
  if (!snap) return snap.error();
  if (req.link) {
    LinkRunOptions lo = req.link_options;
    lo.actor = user.username;
    auto linked = run_linkage(*db_, *port_, *snap, lo);
    if (!linked) return linked.error();
    out.link = *linked;
  }
  drop_snapshot(snap->id);
  return out;
}

Result<LinkRunSummary> CoverageService::link(const User& user, std::string_view snapshot,
                                             const LinkRunOptions& options) {
  std::lock_guard lock(mu_);
  if (!is_admin(user)) return Error{ErrorCode::kForbidden, "only dinkes staff re-link", {}};
  auto snap = find_snapshot(*db_, snapshot);
  if (!snap) return snap.error();
  LinkRunOptions lo = options;
  lo.actor = user.username;
  auto linked = run_linkage(*db_, *port_, *snap, lo);
  if (!linked) return linked.error();
  drop_snapshot(snap->id);
  return linked;
}

Result<DemoMembersSummary> CoverageService::demo_members(const User& user, const std::string& city,
                                                         uint64_t seed, const std::string& out,
                                                         const std::string& truth) {
  std::lock_guard lock(mu_);
  auto scope = scope_of(user);
  if (!scope) return scope.error();
  if (!is_admin(user) || !scope->covers(city)) return hidden(city);
  return write_demo_members(*port_, city, seed, out, truth);
}

Status CoverageService::apply(std::span<const store::ChangeEvent> events) {
  std::lock_guard lock(mu_);
  if (cache_.empty()) {
    own_verdicts_.clear();
    return {};  // nothing loaded yet: the next load reads the current state
  }
  // Residents first: collect the changed ids, read their rows once, apply to every cached city.
  std::vector<std::pair<int64_t, int64_t>> ranges;
  bool reload_all = false;
  std::set<std::string> snapshots_changed;
  for (const store::ChangeEvent& e : events) {
    if (e.entity == "person") {
      if (auto ids = store::id_range(e.id)) {
        ranges.push_back(*ids);
      } else {
        reload_all = true;  // a batch named some other way: read everything again
      }
    } else if (e.entity == "city" || e.entity == "region") {
      reload_all = true;
    } else if (e.entity == "member_snapshot" || e.entity == "member_link") {
      snapshots_changed.insert(e.id);  // the snapshot date
    } else if (e.entity == "link_review") {
      auto own = own_verdicts_.find(e.id);
      if (own != own_verdicts_.end()) {
        own_verdicts_.erase(own);  // applied in place when it was decided here
      } else {
        reload_all = true;  // another process decided: which snapshot is not said
      }
    }
  }
  if (reload_all) {
    cache_.clear();
    return {};
  }
  for (const std::string& date : snapshots_changed) {
    auto snap = find_snapshot(*db_, date);
    if (snap) {
      drop_snapshot(snap->id);
    } else if (snap.error().code != ErrorCode::kNotFound) {
      return snap.error();
    }
  }
  if (ranges.empty() || cache_.empty()) return {};
  // Read every changed row first: a failure leaves the figures untouched, so a retry is exact.
  struct Row {
    int64_t id;
    std::string birth_date, village_code, status;
    int rw;
    bool present;
  };
  std::vector<Row> changed;
  for (const auto& [first, last] : ranges) {
    std::vector<Row> found;
    SK_TRY(port_->for_each_resident_in(first, last, [&](const registry::ResidentRow& r) {
      found.push_back({r.id, std::string(r.birth_date), std::string(r.village_code),
                       std::string(r.status), r.rw, true});
    }));
    // Ids of the range that no longer exist leave the figures.
    size_t k = 0;
    std::sort(found.begin(), found.end(), [](const Row& a, const Row& b) { return a.id < b.id; });
    if (last - first <= 100000) {
      for (int64_t id = first; id <= last; ++id) {
        if (k < found.size() && found[k].id == id) {
          changed.push_back(std::move(found[k++]));
        } else {
          changed.push_back({id, "", "", "", 0, false});
        }
      }
    } else {
      for (Row& r : found) changed.push_back(std::move(r));
    }
  }
  for (auto& [key, cc] : cache_) {
    for (const Row& r : changed) {
      if (!r.present) {
        cc->resident_changed(r.id, nullptr);
        continue;
      }
      registry::ResidentRow row;
      row.id = r.id;
      row.birth_date = r.birth_date;
      row.village_code = r.village_code;
      row.status = r.status;
      row.rw = r.rw;
      cc->resident_changed(r.id, &row);
    }
  }
  return {};
}

}  // namespace siklus::coverage
