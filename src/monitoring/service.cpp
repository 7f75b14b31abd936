#include "monitoring/service.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "core/date.h"
#include "core/region_code.h"

namespace siklus::monitoring {
namespace {

using nlohmann::json;

// A bulk write (demo history, a city cleared) names thousands of services at once: one rebuild
// is cheaper than reloading person by person.
constexpr int64_t kRebuildAbove = 10000;
constexpr size_t kMaxPeople = 2000;  // names behind one figure, at most

care::EstimatedGroup group_of(Estimate e) {
  switch (e) {
    case Estimate::kPregnant:
      return care::EstimatedGroup::kPregnant;
    case Estimate::kDelivering:
      return care::EstimatedGroup::kDelivering;
    case Estimate::kNewborns:
      return care::EstimatedGroup::kNewborns;
    case Estimate::kHypertension:
      return care::EstimatedGroup::kHypertension;
    case Estimate::kDiabetes:
      return care::EstimatedGroup::kDiabetes;
    case Estimate::kOdgj:
    case Estimate::kNone:
      break;
  }
  return care::EstimatedGroup::kOdgj;
}

Error area_not_found() { return Error::not_found("area not found").with_id("pws.area_not_found"); }

Person person_of(const registry::ResidentRow& r) {
  Person p;
  p.id = r.id;
  p.village = std::string(r.village_code);
  p.rw = r.rw;
  p.female = r.sex == "P";
  if (auto b = Date::parse(r.birth_date)) p.birth = static_cast<int32_t>(b->days());
  p.alive = r.status == "HIDUP";
  return p;
}

std::string status_of(const Indicator& ind, std::optional<double> pct, double target,
                      const MonitoringOptions& o) {
  if (!pct) return "";
  if (ind.lower_is_better) {
    // A ceiling: green at or below it, yellow up to the ceiling widened by the yellow share.
    if (*pct <= target * 100 / o.green_pct_of_target) return "green";
    if (*pct <= target * 100 / o.yellow_pct_of_target) return "yellow";
    return "red";
  }
  if (*pct >= target * o.green_pct_of_target / 100) return "green";
  if (*pct >= target * o.yellow_pct_of_target / 100) return "yellow";
  return "red";
}

}  // namespace

std::optional<Period> Period::parse(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  auto d = Date::parse(std::string(text) + "-01");
  if (!d) return std::nullopt;
  return Period{d->year, d->month};
}

std::string Period::to_string() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  return buf;
}

Result<std::unique_ptr<MonitoringService>> MonitoringService::open(
    std::shared_ptr<store::Database> db, registry::Registry& registry, audit::AuditLog& audit,
    coverage::CoverageService* coverage, MonitoringOptions options) {
  std::unique_ptr<MonitoringService> s(new MonitoringService());
  s->db_ = db;
  s->registry_ = &registry;
  s->audit_ = &audit;
  s->coverage_ = coverage;
  s->people_port_ = std::make_unique<registry::ReadPort>(db);
  s->care_port_ = std::make_unique<care::ReadPort>(db);
  s->options_ = options;
  if (!options.build_in_background) {
    SK_TRY(s->rebuild());
    return s;
  }
  s->builder_ = std::thread([p = s.get()] {
    if (auto built = p->rebuild(); !built) {
      std::lock_guard lock(p->build_error_mu_);
      p->build_error_ = built.error();
    }
  });
  return s;
}

MonitoringService::~MonitoringService() {
  // A server stopped during the build need not wait for it: the build skips the rest.
  stopping_ = true;
  if (builder_.joinable()) builder_.join();
}

Status MonitoringService::not_ready() const {
  if (ready_.load()) return {};
  std::lock_guard lock(build_error_mu_);
  if (build_error_) return *build_error_;
  return Error{ErrorCode::kBusy, "the PWS figures are still being built; try again shortly", {}};
}

Status MonitoringService::ensure_city(Engine& engine, std::string_view city) {
  if (city.size() != 4 || engine.has_city(city)) return {};
  auto tree = people_port_->city_tree(city);
  if (!tree) {
    if (tree.error().code == ErrorCode::kNotFound) return {};
    return tree.error();
  }
  auto places = people_port_->facilities(city);
  if (!places) return places.error();
  engine.add_city(*tree, *places);
  return {};
}

Status MonitoringService::rebuild() {
  const int this_year = db_->clock().today_wib().year;
  auto engine = std::make_unique<Engine>(this_year - options_.years + 1, this_year);
  std::vector<Person> residents;
  std::unordered_set<std::string> cities;
  SK_TRY(people_port_->for_each_resident("", [&](const registry::ResidentRow& r) {
    if (stopping_.load(std::memory_order_relaxed)) return;
    residents.push_back(person_of(r));
    if (r.village_code.size() >= 4) cities.emplace(r.village_code.substr(0, 4));
  }));
  for (const std::string& city : cities) SK_TRY(ensure_city(*engine, city));
  for (const Person& p : residents) engine->upsert_person(p);
  residents = {};
  int64_t current = 0;
  std::vector<Fact> facts;
  auto flush = [&]() {
    if (current != 0 && engine->has_person(current)) engine->set_facts(current, std::move(facts));
    facts.clear();
  };
  SK_TRY(care_port_->for_each_service([&](const care::StoredService& s) {
    if (stopping_.load(std::memory_order_relaxed)) return;
    if (s.person_id != current) {
      flush();
      current = s.person_id;
    }
    auto date = Date::parse(s.date);
    if (!date) return;
    if (auto f = fact_of(s.service, static_cast<int32_t>(date->days()), s.fields)) {
      facts.push_back(*f);
    }
  }));
  flush();
  std::vector<store::ChangeEvent> pending;
  {
    std::unique_lock lock(mu_);
    engine_ = std::move(engine);
    std::lock_guard switching(build_error_mu_);
    ready_ = true;
    pending.swap(pending_);
  }
  ++version_;
  // What was written while the build read the store: reloaded now, so nothing is missed.
  if (!pending.empty()) SK_TRY(apply(pending));
  return {};
}

Status MonitoringService::reload_people(int64_t first, int64_t last) {
  std::vector<Person> found;
  SK_TRY(people_port_->for_each_resident_in(
      first, last, [&](const registry::ResidentRow& r) { found.push_back(person_of(r)); }));
  std::unique_lock lock(mu_);
  std::unordered_set<int64_t> present;
  for (const Person& p : found) {
    if (p.village.size() >= 4)
      SK_TRY(ensure_city(*engine_, std::string_view(p.village).substr(0, 4)));
    engine_->upsert_person(p);
    present.insert(p.id);
  }
  // Ids of the range no longer present were deleted: a short range is checked id by id.
  if (last - first <= kRebuildAbove) {
    for (int64_t id = first; id <= last; ++id) {
      if (!present.count(id)) engine_->remove_person(id);
    }
  }
  return {};
}

Status MonitoringService::reload_services(std::span<const int64_t> people) {
  std::unordered_map<int64_t, std::vector<Fact>> facts;
  for (int64_t p : people) facts[p];
  SK_TRY(care_port_->for_each_service_of(people, [&](const care::StoredService& s) {
    auto date = Date::parse(s.date);
    if (!date) return;
    if (auto f = fact_of(s.service, static_cast<int32_t>(date->days()), s.fields)) {
      facts[s.person_id].push_back(*f);
    }
  }));
  std::unique_lock lock(mu_);
  for (auto& [id, list] : facts) {
    // Facts of someone the register does not (yet) know wait for the person event.
    engine_->set_facts(id, std::move(list));
  }
  return {};
}

Status MonitoringService::apply(std::span<const store::ChangeEvent> events) {
  if (!ready_.load()) {
    std::lock_guard lock(build_error_mu_);
    if (!ready_.load()) {
      pending_.insert(pending_.end(), events.begin(), events.end());
      return {};
    }
  }
  bool changed = false;
  std::vector<int64_t> people;
  for (const store::ChangeEvent& e : events) {
    if (e.entity.rfind("member", 0) == 0 || e.entity == "link_review") {
      changed = true;  // JKN figures are read live from coverage
      continue;
    }
    if (e.entity != "person" && e.entity != "care_service") continue;
    auto ids = store::id_range(e.id);
    if (!ids) continue;
    changed = true;
    if (ids->second - ids->first > kRebuildAbove) return rebuild();
    if (e.entity == "person") {
      SK_TRY(reload_people(ids->first, ids->second));
      continue;
    }
    auto owners = care_port_->people_of_services(ids->first, ids->second);
    if (!owners) return owners.error();
    // Services deleted for good (a city cleared) leave no owner to reload.
    if (owners->empty() && e.op == "delete") return rebuild();
    people.insert(people.end(), owners->begin(), owners->end());
  }
  std::sort(people.begin(), people.end());
  people.erase(std::unique(people.begin(), people.end()), people.end());
  if (!people.empty()) SK_TRY(reload_services(people));
  if (changed) ++version_;
  return {};
}

Result<Period> MonitoringService::period_of(std::string_view text) const {
  if (text.empty()) {
    const Date today = db_->clock().today_wib();
    return Period{today.year, today.month};
  }
  auto p = Period::parse(text);
  if (!p) return Error::invalid("period", "expected YYYY-MM").with_id("pws.period_invalid");
  return *p;
}

Result<MonitoringService::Resolved> MonitoringService::resolve(const User& user,
                                                               std::string_view region) const {
  SK_TRY(not_ready());
  const Engine& e = *engine_;
  int area = -1;
  if (region.empty() || region == "me") {
    auto scope = registry_->scope_areas(user);
    if (!scope) return scope.error();
    if (scope->size() == 1) area = e.find_area(scope->front());
    if (area < 0 && !scope->empty()) {
      // A puskesmas's wilayah kerja: the catchment area whose kelurahan are exactly these.
      std::vector<std::string> want = *scope;
      std::sort(want.begin(), want.end());
      for (size_t i = 0; i < e.areas().size() && area < 0; ++i) {
        std::vector<std::string> have = e.areas()[i].scope;
        std::sort(have.begin(), have.end());
        if (e.areas()[i].level == AreaLevel::kPuskesmas && have == want) area = static_cast<int>(i);
      }
      if (area < 0) area = e.find_area(scope->front());
    }
    if (area < 0) return area_not_found();
  } else {
    std::string code(region);
    area = e.find_area(code);
    if (area < 0) {
      // Dotted Kemendagri codes, "<kelurahan>.RWnn", facility keys in any case.
      std::string upper = code;
      std::transform(upper.begin(), upper.end(), upper.begin(),
                     [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
      area = e.find_area(upper);
      const size_t rw = upper.find("RW");
      if (area < 0 && rw != std::string::npos && rw > 0) {
        auto village = normalize_region_code(std::string_view(upper).substr(0, rw - 1));
        const int n = std::atoi(upper.c_str() + rw + 2);
        char buf[16];
        std::snprintf(buf, sizeof buf, ".RW%02d", n);
        if (village) area = e.find_area(*village + buf);
      } else if (area < 0) {
        if (auto norm = normalize_region_code(code)) area = e.find_area(*norm);
      }
    }
    if (area < 0) {
      // Malformed codes are the caller's mistake; well-formed unknown ones are "not found".
      const Status allowed = registry_->authorize_area(user, region);
      if (!allowed && allowed.error().code == ErrorCode::kInvalidArgument) {
        return Error::invalid("region",
                              "expected a region code, <kelurahan>.RWnn or a facility key")
            .with_id("pws.region_invalid");
      }
      return area_not_found();
    }
  }
  for (const std::string& part : e.areas()[static_cast<size_t>(area)].scope) {
    if (!registry_->authorize_area(user, part)) return area_not_found();
  }
  return Resolved{area, e.areas()[static_cast<size_t>(area)].code};
}

json MonitoringService::figures(const User&, int area, Period p, const json* jkn) const {
  const Engine& e = *engine_;
  json rows = json::array();
  const int64_t population = e.count(area, Measure::kPopulation, p.year, p.month);
  const int64_t adults = e.count(area, Measure::kAge15Plus, p.year, p.month);
  for (const Indicator& ind : indicators()) {
    json row = {{"code", ind.code},
                {"name", ind.name_id},
                {"name_en", ind.name_en},
                {"cluster", ind.cluster},
                {"period_rule", period_code(ind.period)}};
    std::optional<int64_t> num, den;
    if (ind.numerator) {
      num = e.count(area, *ind.numerator, p.year, p.month);
      den = ind.denominator ? e.count(area, *ind.denominator, p.year, p.month)
                            : care::estimated_sasaran(group_of(ind.estimate), options_.targets,
                                                      population, adults);
    } else if (jkn && jkn->is_object()) {
      num = jkn->value("members_linked", int64_t{0});
      den = jkn->value("residents", int64_t{0});
    }
    std::optional<double> pct;
    if (num && den && *den > 0) {
      pct = std::round(1000.0 * static_cast<double>(*num) / static_cast<double>(*den)) / 10;
    }
    // Cumulative figures grow through the year: judged against the target pro-rated to the
    // month (PWS-KIA), monthly ones against the target itself.
    const double target = ind.period == PeriodRule::kMonthly || ind.lower_is_better
                              ? ind.target_pct
                              : std::round(10 * ind.target_pct * p.month / 12) / 10;
    row["numerator"] = num ? json(*num) : json(nullptr);
    row["denominator"] = den ? json(*den) : json(nullptr);
    row["denominator_estimated"] = ind.estimate != Estimate::kNone;
    row["pct"] = pct ? json(*pct) : json(nullptr);
    row["target_pct"] = ind.target_pct;
    row["target_to_date_pct"] = target;
    const std::string status = status_of(ind, pct, target, options_);
    row["status"] = status.empty() ? json(nullptr) : json(status);
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<json> MonitoringService::table(const User& user, std::string_view region,
                                      std::string_view period, std::string_view children_level) {
  if (!children_level.empty() && children_level != "kelurahan") {
    return Error::invalid("children", "expected kelurahan or nothing")
        .with_id("pws.children_invalid");
  }
  auto p = period_of(period);
  if (!p) return p.error();
  std::shared_lock lock(mu_);
  auto r = resolve(user, region);
  if (!r) return r.error();
  const Engine& e = *engine_;
  const Area& a = e.areas()[static_cast<size_t>(r->area)];
  // JKN coverage (latest snapshot) of the area and its children, in one call to coverage.
  json jkn;
  std::unordered_map<std::string, json> jkn_children;
  if (coverage_ && a.level != AreaLevel::kPuskesmas && a.level != AreaLevel::kPustu &&
      a.level != AreaLevel::kPosyandu) {
    if (auto c = coverage_->coverage(user, a.code, "")) {
      jkn = *c;
      if (c->contains("children")) {
        for (const json& child : (*c)["children"]) {
          jkn_children[child.value("region", "")] = child;
        }
      }
    }
  }
  std::vector<int> rows = a.children;
  if (children_level == "kelurahan" &&
      (a.level == AreaLevel::kCity || a.level == AreaLevel::kKecamatan ||
       a.level == AreaLevel::kPuskesmas || a.level == AreaLevel::kPustu)) {
    rows.clear();
    for (size_t i = 0; i < e.areas().size(); ++i) {
      const Area& c = e.areas()[i];
      if (c.level != AreaLevel::kKelurahan) continue;
      const bool inside = a.level == AreaLevel::kCity || a.level == AreaLevel::kKecamatan
                              ? c.code.rfind(a.code, 0) == 0
                              : std::find(a.scope.begin(), a.scope.end(), c.code) != a.scope.end();
      if (inside) rows.push_back(static_cast<int>(i));
    }
    // The kelurahan's JKN figures: coverage lists a city's kecamatan, not its kelurahan.
    if (coverage_ && a.level == AreaLevel::kCity) jkn_children.clear();
  }
  json children = json::array();
  for (int k : rows) {
    const Area& c = e.areas()[static_cast<size_t>(k)];
    auto it = jkn_children.find(c.code);
    children.push_back(
        {{"region", c.code},
         {"name", c.name},
         {"level", level_code(c.level)},
         {"indicators", figures(user, k, *p, it == jkn_children.end() ? nullptr : &it->second)}});
  }
  json parent = nullptr;
  if (a.parent >= 0) {
    const Area& up = e.areas()[static_cast<size_t>(a.parent)];
    bool visible = true;
    for (const std::string& part : up.scope)
      visible = visible && registry_->authorize_area(user, part);
    if (visible) parent = {{"region", up.code}, {"name", up.name}};
  }
  return json{{"region", a.code},
              {"name", a.name},
              {"level", level_code(a.level)},
              {"parent", parent},
              {"period", p->to_string()},
              {"version", version()},
              {"indicators", figures(user, r->area, *p, &jkn)},
              {"children", std::move(children)}};
}

Result<json> MonitoringService::export_xlsx(const User& user, std::string_view region,
                                            std::string_view period, const std::string& path,
                                            std::string_view children) {
  auto t = table(user, region, period, children);
  if (!t) return t.error();
  lxw_workbook_options opts = {};
  opts.constant_memory = LXW_TRUE;
  lxw_workbook* wb = workbook_new_opt(path.c_str(), &opts);
  if (!wb) return Error::io(path + ": cannot create workbook");
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_worksheet* ws = workbook_add_worksheet(wb, "PWS");
  const char* head[] = {
      "wilayah",  "nama_wilayah", "kode_indikator", "indikator",           "pembilang",
      "penyebut", "persen",       "target_persen",  "target_sd_bulan_ini", "status"};
  for (int c = 0; c < 10; ++c) {
    worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), head[c], bold);
  }
  lxw_row_t row = 1;
  auto write_area = [&](const json& area) {
    for (const json& i : area["indicators"]) {
      worksheet_write_string(ws, row, 0, area["region"].get<std::string>().c_str(), nullptr);
      worksheet_write_string(ws, row, 1, area["name"].get<std::string>().c_str(), nullptr);
      worksheet_write_string(ws, row, 2, i["code"].get<std::string>().c_str(), nullptr);
      worksheet_write_string(ws, row, 3, i["name"].get<std::string>().c_str(), nullptr);
      lxw_col_t col = 4;
      for (const char* k :
           {"numerator", "denominator", "pct", "target_pct", "target_to_date_pct"}) {
        if (i[k].is_number()) worksheet_write_number(ws, row, col, i[k].get<double>(), nullptr);
        ++col;
      }
      if (i["status"].is_string()) {
        worksheet_write_string(ws, row, 9, i["status"].get<std::string>().c_str(), nullptr);
      }
      ++row;
    }
  };
  write_area(*t);
  for (const json& c : (*t)["children"]) write_area(c);
  const lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR) return Error::io(path + ": " + lxw_strerror(err));
  SK_TRY(audit_->record(user, {"export", "pws", std::nullopt, (*t)["region"], (*t)["period"],
                               static_cast<int64_t>(row - 1)}));
  return t;
}

Result<json> MonitoringService::trend(const User& user, std::string_view region,
                                      std::string_view indicator, std::string_view from,
                                      std::string_view to) {
  const Indicator* ind = find_indicator(indicator);
  if (!ind) {
    return Error::invalid("indicator", "unknown indicator").with_id("pws.indicator_unknown");
  }
  auto last = period_of(to);
  if (!last) return last.error();
  Period first{last->year, 1};
  if (!from.empty()) {
    auto f = period_of(from);
    if (!f) return f.error();
    first = *f;
  }
  const int months = (last->year - first.year) * 12 + (last->month - first.month) + 1;
  if (months < 1 || months > 120) {
    return Error::invalid("from", "from must be before to, at most 120 months")
        .with_id("pws.range_invalid");
  }
  std::shared_lock lock(mu_);
  auto r = resolve(user, region);
  if (!r) return r.error();
  json series = json::array();
  Period p = first;
  for (int i = 0; i < months; ++i) {
    json rows = figures(user, r->area, p, nullptr);
    for (json& row : rows) {
      if (row["code"] != ind->code) continue;
      series.push_back({{"period", p.to_string()},
                        {"numerator", row["numerator"]},
                        {"denominator", row["denominator"]},
                        {"pct", row["pct"]},
                        {"target_to_date_pct", row["target_to_date_pct"]},
                        {"status", row["status"]}});
    }
    p = p.month == 12 ? Period{p.year + 1, 1} : Period{p.year, p.month + 1};
  }
  const Area& a = engine_->areas()[static_cast<size_t>(r->area)];
  return json{{"region", a.code},
              {"name", a.name},
              {"indicator", ind->code},
              {"indicator_name", ind->name_id},
              {"target_pct", ind->target_pct},
              {"period_rule", period_code(ind->period)},
              {"version", version()},
              {"series", std::move(series)}};
}

Result<json> MonitoringService::people(const User& user, std::string_view region,
                                       std::string_view indicator, std::string_view period,
                                       std::string_view which) {
  const Indicator* ind = find_indicator(indicator);
  if (!ind || !ind->numerator) {
    return Error::invalid("indicator", "unknown indicator").with_id("pws.indicator_unknown");
  }
  if (which != "counted" && which != "missing") {
    return Error::invalid("which", "expected counted or missing").with_id("pws.which_invalid");
  }
  if (which == "missing" && !ind->denominator) {
    return Error::invalid("which", "this indicator's denominator is an estimate: nobody is named")
        .with_id("pws.missing_estimated");
  }
  auto p = period_of(period);
  if (!p) return p.error();
  std::vector<int64_t> ids;
  std::string code, name;
  {
    std::shared_lock lock(mu_);
    auto r = resolve(user, region);
    if (!r) return r.error();
    const Engine& e = *engine_;
    code = r->label;
    name = e.areas()[static_cast<size_t>(r->area)].name;
    ids = e.members(r->area, *ind->numerator, p->year, p->month);
    if (which == "missing") {
      std::vector<int64_t> base = e.members(r->area, *ind->denominator, p->year, p->month);
      std::vector<int64_t> missing;
      std::set_difference(base.begin(), base.end(), ids.begin(), ids.end(),
                          std::back_inserter(missing));
      ids = std::move(missing);
    }
  }
  const size_t total = ids.size();
  if (ids.size() > kMaxPeople) ids.resize(kMaxPeople);
  json rows = json::array();
  SK_TRY(people_port_->for_each_resident_of(ids, [&](const registry::ResidentRow& r) {
    char rw[16];
    std::snprintf(rw, sizeof rw, ".RW%02d", r.rw);
    rows.push_back({{"id", r.id},
                    {"name", r.name},
                    {"sex", r.sex},
                    {"birth_date", r.birth_date},
                    {"village_code", r.village_code},
                    {"rw", r.rw},
                    {"due_region", std::string(r.village_code) + rw}});
  }));
  SK_TRY(audit_->record(user,
                        {"export", "pws_people", std::nullopt, code,
                         std::string(indicator) + " " + p->to_string() + " " + std::string(which),
                         static_cast<int64_t>(rows.size())}));
  return json{{"region", code},
              {"name", name},
              {"indicator", ind->code},
              {"period", p->to_string()},
              {"which", which},
              {"total", total},
              {"truncated", total > ids.size()},
              {"people", std::move(rows)}};
}

std::string MonitoringService::city_of(std::string_view region) const {
  if (!ready_.load()) return "";
  std::shared_lock lock(mu_);
  int area = engine_->find_area(region);
  while (area >= 0 && engine_->areas()[static_cast<size_t>(area)].parent >= 0) {
    area = engine_->areas()[static_cast<size_t>(area)].parent;
  }
  if (area >= 0) return engine_->areas()[static_cast<size_t>(area)].code;
  std::string digits;
  for (char c : region) {
    if (c >= '0' && c <= '9') digits += c;
    if (digits.size() == 4) break;
  }
  return digits;
}

json MonitoringService::indicators_json() {
  json out = json::array();
  for (const Indicator& i : indicators()) {
    out.push_back({{"code", i.code},
                   {"name", i.name_id},
                   {"name_en", i.name_en},
                   {"cluster", i.cluster},
                   {"numerator", i.numerator_rule},
                   {"denominator", i.denominator_rule},
                   {"denominator_estimated", i.estimate != Estimate::kNone},
                   {"target_pct", i.target_pct},
                   {"lower_is_better", i.lower_is_better},
                   {"period_rule", period_code(i.period)},
                   {"names_available", i.numerator.has_value()},
                   {"missing_available", i.denominator.has_value()},
                   {"source", i.source}});
  }
  return json{{"indicators", std::move(out)}};
}

}  // namespace siklus::monitoring
