#include "monitoring/engine.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "care/due.h"
#include "core/date.h"

namespace siklus::monitoring {
namespace {

using M = Measure;
constexpr int kSlots = 13;  // months 1–12 and the slot after December

std::string rw_code(std::string_view village, int rw) {
  char buf[16];
  std::snprintf(buf, sizeof buf, ".RW%02d", rw);
  return std::string(village) + buf;
}

bool growth_is(const nlohmann::json& status, const char* index, std::string_view a,
               std::string_view b) {
  auto it = status.find(index);
  if (it == status.end() || !it->is_string()) return false;
  const auto& v = it->get_ref<const std::string&>();
  return v == a || v == b;
}

bool flag(const nlohmann::json& f, const char* name) {
  auto it = f.find(name);
  return it != f.end() && it->is_boolean() && it->get<bool>();
}

int number(const nlohmann::json& f, const char* name) {
  auto it = f.find(name);
  return it != f.end() && it->is_number() ? it->get<int>() : 0;
}

//! The year's figures of one person: measure → (first month, last month) it counts in, per
//! calendar year. Monthly measures may count in several disjoint months.
struct Contribution {
  Measure measure;
  int year;
  int first, last;  // months 1–12
};

class Contributions {
 public:
  Contributions(int first_year, int last_year) : first_(first_year), last_(last_year) {}
  std::vector<Contribution> out;

  //! Counts the person from the month of `day` to December of that year (cumulative).
  void from_day(Measure m, int32_t day) {
    const Date d = Date::from_days(day);
    if (d.year < first_ || d.year > last_) return;
    out.push_back({m, d.year, d.month, 12});
  }
  void month(Measure m, int year, int month) {
    if (year < first_ || year > last_) return;
    out.push_back({m, year, month, month});
  }
  void range(Measure m, int year, int first, int last) {
    if (year < first_ || year > last_ || first > last) return;
    out.push_back({m, year, first, last});
  }

 private:
  int first_, last_;
};

// The earliest day per year that satisfies a condition: tracked as a map year → day.
struct FirstPerYear {
  std::vector<std::pair<int, int32_t>> seen;  // (year, day), one per year
  void add(int32_t day) {
    const int y = Date::from_days(day).year;
    for (auto& [year, d] : seen) {
      if (year == y) {
        d = std::min(d, day);
        return;
      }
    }
    seen.emplace_back(y, day);
  }
  void emit(Contributions& c, Measure m) const {
    for (const auto& [year, day] : seen) c.from_day(m, day);
  }
};

int32_t month_key(int32_t day) {
  const Date d = Date::from_days(day);
  return d.year * 12 + (d.month - 1);
}

void contributions_of(const std::optional<int32_t>& birth, bool alive, std::span<const Fact> facts,
                      Contributions& c, int first_year, int last_year) {
  std::optional<Date> born;
  if (birth) born = Date::from_days(*birth);
  auto age_months = [&](int32_t day) {
    return born ? age_in_months(*born, Date::from_days(day)) : -1;
  };
  auto age_years = [&](int32_t day) {
    return born ? age_in_years(*born, Date::from_days(day)) : -1;
  };

  // Register denominators: the living residents with a birth date.
  if (alive && born) {
    for (int y = first_year; y <= last_year; ++y) {
      const Date mid{y, 7, 1};
      if (*born > Date{y, 12, 31}) continue;
      c.range(M::kPopulation, y, 1, 12);
      if (born->year == y) c.range(M::kBornInYear, y, born->month, 12);
      if (born->year == y - 1) c.range(M::kBornPreviousYear, y, 1, 12);
      if (*born <= mid) {
        const int months = age_in_months(*born, mid);
        const int years = age_in_years(*born, mid);
        if (months < 60) c.range(M::kUnderFiveMidyear, y, 1, 12);
        if (years >= 7 && years <= 15) c.range(M::kAge7to15, y, 1, 12);
        if (years >= 15 && years <= 59) c.range(M::kAge15to59, y, 1, 12);
        if (years >= 60) c.range(M::kAge60Plus, y, 1, 12);
        if (years >= 15) c.range(M::kAge15Plus, y, 1, 12);
      }
      // S: under five at the end of the month (born by then, not yet 60 months).
      int first = 0, last = 0;
      for (int m = 1; m <= 12; ++m) {
        const Date end{y, m, days_in_month(y, m)};
        if (*born > end || age_in_months(*born, end) >= 60) continue;
        if (first == 0) first = m;
        last = m;
      }
      if (first != 0) c.range(M::kUnderFive, y, first, last);
    }
  }

  FirstPerYear k1, k4, k6, facility, deliveries, kn1, kf_complete, kn_complete, idl, baduta;
  FirstPerYear school, productive, elderly, adult, ht, dm, odgj, presumptive, tb_tested, hiv,
      hiv_risk, balita_served;
  // Monthly: the last anthropometry (weight, flags) and follow-ups of each month.
  struct MonthWeight {
    int32_t key;
    float weight;
    uint8_t flags;
  };
  std::vector<MonthWeight> weights;  // one per month, in order (facts are sorted by day)
  std::vector<std::pair<int32_t, bool>> ht_months, dm_months;  // (month key, last controlled)
  std::array<std::array<int32_t, 5>, care::kAntigens.size()> dose{};
  for (auto& a : dose) a.fill(-1);
  std::vector<int32_t> kn_days(4, -1);
  std::vector<int32_t> delivery_days;
  std::vector<std::pair<int, int32_t>> weighings_per_year;  // (year, count so far) for balita
  std::vector<int32_t> presumptive_days;

  for (const Fact& f : facts) {
    switch (f.code) {
      case FactCode::kPregnancy:
        hiv_risk.add(f.day);
        break;
      case FactCode::kAnc:
        hiv_risk.add(f.day);
        if (f.number >= 1) k1.add(f.day);
        if (f.number >= 4) k4.add(f.day);
        if (f.number >= 6) k6.add(f.day);
        break;
      case FactCode::kDelivery:
        deliveries.add(f.day);
        delivery_days.push_back(f.day);
        if (f.flags & Fact::kInFacility) facility.add(f.day);
        break;
      case FactCode::kKf:
        break;  // below, per delivery
      case FactCode::kKn:
        if (f.number >= 1 && f.number <= 3 && kn_days[f.number] < 0) kn_days[f.number] = f.day;
        if (f.number == 1) kn1.add(f.day);
        break;
      case FactCode::kImmunization:
        if (f.antigen >= 0 && f.number >= 1 && f.number <= 4) {
          int32_t& d = dose[static_cast<size_t>(f.antigen)][f.number];
          if (d < 0) d = f.day;
        }
        break;
      case FactCode::kAnthropometry: {
        const int months = age_months(f.day);
        const int years = age_years(f.day);
        if (years >= 7 && years <= 15) school.add(f.day);
        if (months < 0 || months >= 60 || f.weight_kg <= 0) break;
        const int32_t key = month_key(f.day);
        if (!weights.empty() && weights.back().key == key) {
          weights.back() = {key, f.weight_kg, f.flags};
        } else {
          weights.push_back({key, f.weight_kg, f.flags});
        }
        const int y = Date::from_days(f.day).year;
        if (weighings_per_year.empty() || weighings_per_year.back().first != y) {
          weighings_per_year.emplace_back(y, 0);
        }
        if (++weighings_per_year.back().second == 8) balita_served.add(f.day);
        break;
      }
      case FactCode::kPtmScreening: {
        const int years = age_years(f.day);
        if (years >= 15 && years <= 59) productive.add(f.day);
        if (years >= 15) adult.add(f.day);
        break;
      }
      case FactCode::kElderlyScreening: {
        const int years = age_years(f.day);
        if (years >= 60) elderly.add(f.day);
        if (years >= 15) adult.add(f.day);
        break;
      }
      case FactCode::kTbScreening:
        if (f.flags & Fact::kPresumptive) {
          presumptive.add(f.day);
          hiv_risk.add(f.day);
          presumptive_days.push_back(f.day);
        }
        // A test counts for a presumptive case found the same year, on or before the test.
        if ((f.flags & Fact::kTested) && !presumptive_days.empty()) {
          const int y = Date::from_days(f.day).year;
          if (Date::from_days(presumptive_days.back()).year == y ||
              std::any_of(presumptive_days.begin(), presumptive_days.end(),
                          [&](int32_t d) { return Date::from_days(d).year == y; })) {
            tb_tested.add(f.day);
          }
        }
        break;
      case FactCode::kHivTest:
        hiv.add(f.day);
        hiv_risk.add(f.day);
        break;
      case FactCode::kOdgjVisit:
        odgj.add(f.day);
        break;
      case FactCode::kHtFollowup:
      case FactCode::kDmFollowup: {
        const bool is_ht = f.code == FactCode::kHtFollowup;
        (is_ht ? ht : dm).add(f.day);
        auto& months = is_ht ? ht_months : dm_months;
        const int32_t key = month_key(f.day);
        const bool controlled = (f.flags & Fact::kControlled) != 0;
        if (!months.empty() && months.back().first == key) {
          months.back().second = controlled;
        } else {
          months.emplace_back(key, controlled);
        }
        break;
      }
    }
  }

  // KF complete: the four visits within 42 days after one delivery; counted when the last is.
  for (int32_t delivered : delivery_days) {
    std::array<int32_t, 5> kf{-1, -1, -1, -1, -1};
    for (const Fact& f : facts) {
      if (f.code != FactCode::kKf || f.day < delivered || f.day > delivered + 42) continue;
      if (f.number >= 1 && f.number <= 4 && kf[f.number] < 0) kf[f.number] = f.day;
    }
    if (kf[1] >= 0 && kf[2] >= 0 && kf[3] >= 0 && kf[4] >= 0) {
      kf_complete.add(std::max({kf[1], kf[2], kf[3], kf[4]}));
    }
  }
  if (kn_days[1] >= 0 && kn_days[2] >= 0 && kn_days[3] >= 0) {
    kn_complete.add(std::max({kn_days[1], kn_days[2], kn_days[3]}));
  }
  // IDL (§3.1, the PKP definition): HB0, BCG, OPV 4, DPT-HB-Hib 3, MR 1.
  auto given = [&](std::string_view antigen, int n) {
    return dose[static_cast<size_t>(care::antigen_index(antigen))][n];
  };
  {
    const int32_t parts[] = {given("hb0", 1), given("bcg", 1), given("opv", 4),
                             given("dpt_hb_hib", 3), given("mr", 1)};
    if (std::all_of(std::begin(parts), std::end(parts), [](int32_t d) { return d >= 0; })) {
      idl.add(*std::max_element(std::begin(parts), std::end(parts)));
    }
    const int32_t later[] = {given("dpt_hb_hib", 4), given("mr", 2)};
    if (later[0] >= 0 && later[1] >= 0) baduta.add(std::max(later[0], later[1]));
  }

  k1.emit(c, M::kAncK1);
  k4.emit(c, M::kAncK4);
  k6.emit(c, M::kAncK6);
  facility.emit(c, M::kFacilityDelivery);
  deliveries.emit(c, M::kDeliveries);
  kf_complete.emit(c, M::kKfComplete);
  kn1.emit(c, M::kKn1);
  kn_complete.emit(c, M::kKnComplete);
  idl.emit(c, M::kIdlComplete);
  baduta.emit(c, M::kBadutaComplete);
  balita_served.emit(c, M::kBalitaServed);
  school.emit(c, M::kSchoolScreened);
  productive.emit(c, M::kProductiveScreened);
  elderly.emit(c, M::kElderlyScreened);
  adult.emit(c, M::kAdultScreened);
  ht.emit(c, M::kHtServed);
  dm.emit(c, M::kDmServed);
  odgj.emit(c, M::kOdgjServed);
  presumptive.emit(c, M::kTbPresumptive);
  tb_tested.emit(c, M::kTbTested);
  hiv.emit(c, M::kHivTested);
  hiv_risk.emit(c, M::kHivRisk);

  for (size_t i = 0; i < weights.size(); ++i) {
    const MonthWeight& w = weights[i];
    const int year = w.key / 12, month = w.key % 12 + 1;
    c.month(M::kWeighed, year, month);
    if (i > 0 && weights[i - 1].key == w.key - 1 && w.weight > weights[i - 1].weight) {
      c.month(M::kGained, year, month);
    }
    if (w.flags & Fact::kUnderweight) c.month(M::kUnderweight, year, month);
    if (w.flags & Fact::kWasted) c.month(M::kWasted, year, month);
    if (w.flags & Fact::kStunted) c.month(M::kStunted, year, month);
  }
  for (const auto& [key, controlled] : ht_months) {
    c.month(M::kHtChecked, key / 12, key % 12 + 1);
    if (controlled) c.month(M::kHtControlled, key / 12, key % 12 + 1);
  }
  for (const auto& [key, controlled] : dm_months) {
    c.month(M::kDmChecked, key / 12, key % 12 + 1);
    if (controlled) c.month(M::kDmControlled, key / 12, key % 12 + 1);
  }
}

}  // namespace

std::string_view level_code(AreaLevel level) {
  switch (level) {
    case AreaLevel::kCity:
      return "city";
    case AreaLevel::kKecamatan:
      return "kecamatan";
    case AreaLevel::kKelurahan:
      return "kelurahan";
    case AreaLevel::kRw:
      return "rw";
    case AreaLevel::kPuskesmas:
      return "puskesmas";
    case AreaLevel::kPustu:
      return "pustu";
    case AreaLevel::kPosyandu:
      return "posyandu";
  }
  return "";
}

std::optional<Fact> fact_of(std::string_view service, int32_t day, std::string_view fields_json) {
  static const std::unordered_map<std::string_view, FactCode> kCodes = {
      {"pregnancy", FactCode::kPregnancy},
      {"anc", FactCode::kAnc},
      {"delivery", FactCode::kDelivery},
      {"kf", FactCode::kKf},
      {"kn", FactCode::kKn},
      {"immunization", FactCode::kImmunization},
      {"anthropometry", FactCode::kAnthropometry},
      {"ptm_screening", FactCode::kPtmScreening},
      {"elderly_screening", FactCode::kElderlyScreening},
      {"tb_screening", FactCode::kTbScreening},
      {"hiv_test", FactCode::kHivTest},
      {"odgj_visit", FactCode::kOdgjVisit},
      {"ht_followup", FactCode::kHtFollowup},
      {"dm_followup", FactCode::kDmFollowup},
  };
  auto code = kCodes.find(service);
  if (code == kCodes.end()) return std::nullopt;
  Fact f;
  f.day = day;
  f.code = code->second;
  const nlohmann::json j = nlohmann::json::parse(fields_json, nullptr, false);
  if (!j.is_object()) return f;
  switch (f.code) {
    case FactCode::kAnc:
    case FactCode::kKf:
    case FactCode::kKn:
      f.number = static_cast<uint8_t>(std::clamp(number(j, "visit"), 0, 255));
      break;
    case FactCode::kDelivery:
      if (flag(j, "in_facility")) f.flags |= Fact::kInFacility;
      break;
    case FactCode::kImmunization:
      f.number = static_cast<uint8_t>(std::clamp(number(j, "dose"), 0, 255));
      if (auto it = j.find("antigen"); it != j.end() && it->is_string()) {
        f.antigen = static_cast<int8_t>(care::antigen_index(it->get_ref<const std::string&>()));
      }
      break;
    case FactCode::kAnthropometry:
      if (auto it = j.find("weight_kg"); it != j.end() && it->is_number()) {
        f.weight_kg = it->get<float>();
      }
      if (auto g = j.find("growth"); g != j.end() && g->is_object()) {
        if (auto s = g->find("status"); s != g->end() && s->is_object()) {
          if (growth_is(*s, "weight_for_age", "underweight", "severely_underweight")) {
            f.flags |= Fact::kUnderweight;
          }
          if (growth_is(*s, "weight_for_height", "wasted", "severely_wasted")) {
            f.flags |= Fact::kWasted;
          }
          if (growth_is(*s, "height_for_age", "stunted", "severely_stunted")) {
            f.flags |= Fact::kStunted;
          }
        }
      }
      break;
    case FactCode::kTbScreening:
      if (flag(j, "presumptive")) f.flags |= Fact::kPresumptive;
      if (auto it = j.find("test"); it != j.end() && it->is_string() && *it != "none") {
        f.flags |= Fact::kTested;
      }
      break;
    case FactCode::kHtFollowup:
    case FactCode::kDmFollowup:
      if (flag(j, "controlled")) f.flags |= Fact::kControlled;
      break;
    default:
      break;
  }
  return f;
}

Engine::Engine(int first_year, int last_year)
    : first_year_(first_year),
      last_year_(std::max(first_year, last_year)),
      counters_(static_cast<size_t>(last_year_ - first_year_ + 1)) {}

int Engine::add_area(Area area) {
  auto it = area_by_code_.find(area.code);
  if (it != area_by_code_.end()) return it->second;
  const int index = static_cast<int>(areas_.size());
  area_by_code_.emplace(area.code, index);
  if (area.parent >= 0) areas_[static_cast<size_t>(area.parent)].children.push_back(index);
  areas_.push_back(std::move(area));
  for (auto& year : counters_) year.resize(areas_.size() * kMeasureCount * kSlots, 0);
  return index;
}

int Engine::find_area(std::string_view code) const {
  auto it = area_by_code_.find(std::string(code));
  return it == area_by_code_.end() ? -1 : it->second;
}

bool Engine::has_city(std::string_view city) const {
  return std::find(cities_.begin(), cities_.end(), city) != cities_.end();
}

void Engine::add_city(const registry::CityTree& tree,
                      std::span<const registry::FacilityPoint> places) {
  if (has_city(tree.city)) return;
  // Residents already known in this city would count in areas that did not exist yet: take
  // their contributions out, rebuild the places, put them back.
  for (const auto& [id, e] : people_) apply(e, -1);
  cities_.push_back(tree.city);
  for (const registry::RegionNode& r : tree.regions) {
    const AreaLevel level = r.level == RegionLevel::kCity       ? AreaLevel::kCity
                            : r.level == RegionLevel::kDistrict ? AreaLevel::kKecamatan
                                                                : AreaLevel::kKelurahan;
    add_area({r.code, r.name, level, r.parent.empty() ? -1 : find_area(r.parent), {}, {r.code}});
  }
  const int city = find_area(tree.city);
  for (const auto& [village, rw] : tree.rws) {
    const std::string code = rw_code(village, rw);
    add_area({code, "RW " + std::to_string(rw), AreaLevel::kRw, find_area(village), {}, {code}});
  }
  // The city's league table is its puskesmas; their own rows are their kelurahan (the same
  // kelurahan areas, listed again as the catchment's children).
  std::vector<int> puskesmas;
  for (const registry::Catchment& c : tree.catchments) {
    std::vector<std::string> scope = c.villages;
    const int index = add_area({c.key, c.name, AreaLevel::kPuskesmas, -1, {}, scope});
    areas_[static_cast<size_t>(index)].parent = city;
    for (const std::string& v : c.villages) {
      if (int k = find_area(v); k >= 0) areas_[static_cast<size_t>(index)].children.push_back(k);
    }
    puskesmas.push_back(index);
  }
  if (city >= 0 && !puskesmas.empty()) areas_[static_cast<size_t>(city)].children = puskesmas;
  for (const registry::FacilityPoint& f : places) {
    if (f.village_code.empty() || find_area(f.village_code) < 0) continue;
    if (f.type == "pustu") {
      // A pustu's rows are the RWs of its kelurahan (set below).
      add_area({f.key, f.name, AreaLevel::kPustu, find_area(f.village_code), {}, {f.village_code}});
    } else if (f.type == "posyandu" && f.rw > 0) {
      const std::string rw = rw_code(f.village_code, f.rw);
      int parent = find_area(rw);
      if (parent < 0) {
        parent = add_area({rw,
                           "RW " + std::to_string(f.rw),
                           AreaLevel::kRw,
                           find_area(f.village_code),
                           {},
                           {rw}});
      }
      add_area({f.key, f.name, AreaLevel::kPosyandu, parent, {}, {rw}});
    }
  }
  // The pustu were added after their kelurahan's children list; drop them from it (a kelurahan's
  // rows are its RWs).
  for (Area& a : areas_) {
    if (a.level == AreaLevel::kPustu) a.children = areas_[static_cast<size_t>(a.parent)].children;
  }
  for (Area& a : areas_) {
    if (a.level != AreaLevel::kKelurahan && a.level != AreaLevel::kPustu) continue;
    std::erase_if(a.children,
                  [&](int k) { return areas_[static_cast<size_t>(k)].level != AreaLevel::kRw; });
  }
  places_.clear();
  place_by_key_.clear();
  for (auto& [id, e] : people_) {
    e.place = e.village.empty() ? -1 : place_of(e.village, e.rw);
    apply(e, +1);
  }
}

int Engine::place_of(std::string_view village, int rw) {
  std::string key = std::string(village) + "/" + std::to_string(rw);
  if (auto it = place_by_key_.find(key); it != place_by_key_.end()) return it->second;
  std::vector<int> areas;
  const int kel = village.size() == 10 ? find_area(village) : -1;
  if (kel >= 0) {
    for (size_t n : {4u, 6u}) {
      if (int a = find_area(village.substr(0, n)); a >= 0) areas.push_back(a);
    }
    areas.push_back(kel);
    if (rw > 0) {
      const std::string code = rw_code(village, rw);
      int r = find_area(code);
      if (r < 0) r = add_area({code, "RW " + std::to_string(rw), AreaLevel::kRw, kel, {}, {code}});
      areas.push_back(r);
      for (int child : areas_[static_cast<size_t>(r)].children) areas.push_back(child);
    }
    for (size_t i = 0; i < areas_.size(); ++i) {
      const Area& a = areas_[i];
      if ((a.level == AreaLevel::kPuskesmas || a.level == AreaLevel::kPustu) &&
          std::find(a.scope.begin(), a.scope.end(), village) != a.scope.end()) {
        areas.push_back(static_cast<int>(i));
      }
    }
  }
  const int index = static_cast<int>(places_.size());
  places_.push_back(std::move(areas));
  place_by_key_.emplace(std::move(key), index);
  return index;
}

size_t Engine::cell(int area, Measure m, int year_index) const {
  (void)year_index;
  return (static_cast<size_t>(area) * kMeasureCount + static_cast<size_t>(m)) * kSlots;
}

void Engine::apply(const Entry& e, int sign) {
  if (e.place < 0) return;
  const std::vector<int>& areas = places_[static_cast<size_t>(e.place)];
  if (areas.empty()) return;
  Contributions c(first_year_, last_year_);
  contributions_of(e.birth, e.alive, e.facts, c, first_year_, last_year_);
  for (const Contribution& k : c.out) {
    std::vector<int32_t>& year = counters_[static_cast<size_t>(k.year - first_year_)];
    for (int area : areas) {
      const size_t base = cell(area, k.measure, 0);
      year[base + static_cast<size_t>(k.first - 1)] += sign;
      year[base + static_cast<size_t>(k.last)] -= sign;
    }
  }
}

void Engine::upsert_person(const Person& p) {
  Entry& e = people_[p.id];
  apply(e, -1);
  e.village = p.village;
  e.rw = p.rw;
  e.place = p.village.empty() ? -1 : place_of(p.village, p.rw);
  e.female = p.female;
  e.alive = p.alive;
  e.birth = p.birth;
  apply(e, +1);
}

void Engine::set_facts(int64_t person_id, std::vector<Fact> facts) {
  Entry& e = people_[person_id];
  apply(e, -1);
  std::stable_sort(facts.begin(), facts.end(),
                   [](const Fact& a, const Fact& b) { return a.day < b.day; });
  e.facts = std::move(facts);
  apply(e, +1);
}

void Engine::remove_person(int64_t person_id) {
  auto it = people_.find(person_id);
  if (it == people_.end()) return;
  apply(it->second, -1);
  people_.erase(it);
}

int64_t Engine::count(int area, Measure measure, int year, int month) const {
  if (year < first_year_ || year > last_year_ || area < 0 ||
      static_cast<size_t>(area) >= areas_.size() || month < 1 || month > 12) {
    return 0;
  }
  const std::vector<int32_t>& y = counters_[static_cast<size_t>(year - first_year_)];
  const size_t base = cell(area, measure, 0);
  int64_t sum = 0;
  for (int m = 0; m < month; ++m) sum += y[base + static_cast<size_t>(m)];
  return sum;
}

std::vector<int64_t> Engine::members(int area, Measure measure, int year, int month) const {
  std::vector<int64_t> out;
  if (year < first_year_ || year > last_year_) return out;
  for (const auto& [id, e] : people_) {
    if (e.place < 0) continue;
    const std::vector<int>& areas = places_[static_cast<size_t>(e.place)];
    if (std::find(areas.begin(), areas.end(), area) == areas.end()) continue;
    Contributions c(year, year);
    contributions_of(e.birth, e.alive, e.facts, c, year, year);
    for (const Contribution& k : c.out) {
      if (k.measure == measure && k.first <= month && month <= k.last) {
        out.push_back(id);
        break;
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace siklus::monitoring
