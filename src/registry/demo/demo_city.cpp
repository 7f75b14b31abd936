// Demo city generator. Structure: plan the city (population per kelurahan, RW/RT, puskesmas
// catchments, synthetic coordinates), emit facilities and staff, then build households
// kelurahan by kelurahan from a per-kelurahan PRNG stream and hand each to the sink.
//
// Coordinates are synthetic: idn-area-data has no geometry, so kecamatan are laid out on a
// sunflower around the city centre and each kecamatan's kelurahan on a ring around it, in
// catchment order so that every puskesmas's wilayah kerja is a run of neighbours.

#include "registry/demo/demo_city.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <string_view>

#include "registry/demo/demo_names.h"
#include "registry/demo/demo_presets.h"
#include "registry/demo/demo_rng.h"

namespace siklus::registry {

const char* facility_type_code(FacilityType type) {
  switch (type) {
    case FacilityType::kDinkes:
      return "dinkes";
    case FacilityType::kPuskesmas:
      return "puskesmas";
    case FacilityType::kPustu:
      return "pustu";
    case FacilityType::kPosyandu:
      return "posyandu";
    case FacilityType::kHospital:
      return "hospital";
    case FacilityType::kClinic:
      return "clinic";
    case FacilityType::kPractice:
      return "practice";
  }
  return "unknown";
}

const char* life_status_code(LifeStatus status) {
  switch (status) {
    case LifeStatus::kAlive:
      return "HIDUP";
    case LifeStatus::kDied:
      return "MATI";
    case LifeStatus::kMovedOut:
      return "PINDAH";
  }
  return "HIDUP";
}

namespace {

using demo::Ethnicity;
using demo::Rng;

constexpr double kPi = 3.14159265358979323846;
constexpr int kMaxAge = 95;  // NIK years have two digits; stay well clear of a century
constexpr int kProgressEvery = 8192;

// sin and cos by series, so coordinates do not depend on the libm version.
void sincos_series(double x, double& s, double& c) {
  const double two_pi = 2 * kPi;
  x -= two_pi * static_cast<double>(static_cast<int64_t>(x / two_pi));
  if (x > kPi) x -= two_pi;
  if (x < -kPi) x += two_pi;
  double term = x;
  s = 0;
  for (int n = 1; n < 24; n += 2) {
    s += term;
    term *= -x * x / ((n + 1) * (n + 2));
  }
  term = 1;
  c = 0;
  for (int n = 0; n < 24; n += 2) {
    c += term;
    term *= -x * x / ((n + 1) * (n + 2));
  }
}

double sqrt_det(double x) { return x <= 0 ? 0 : __builtin_sqrt(x); }  // IEEE: correctly rounded

int64_t years_days(int years) { return static_cast<int64_t>(years) * 365 + years / 4; }

// Serial numbers per (slot, day): NIK serials per kecamatan and birth date, KK serials per
// kecamatan and entry date. Two bytes per cell, allocated once.
class SerialBook {
 public:
  SerialBook(int slots, int64_t first_day, int64_t last_day)
      : first_day_(first_day),
        span_(last_day - first_day + 1),
        counts_(static_cast<size_t>(slots) * static_cast<size_t>(span_), 0) {}

  //! Next serial (1..9999) for the slot and day, or 0 if the day is out of range or full.
  int next(int slot, int64_t day) {
    if (day < first_day_ || day >= first_day_ + span_) return 0;
    uint16_t& n = counts_[static_cast<size_t>(slot) * static_cast<size_t>(span_) +
                          static_cast<size_t>(day - first_day_)];
    if (n >= 9999) return 0;
    return ++n;
  }

 private:
  int64_t first_day_;
  int64_t span_;
  std::vector<uint16_t> counts_;
};

struct Village {
  const DemoRegion* region = nullptr;
  int district = 0;  // index into the sorted districts
  uint64_t population = 0;
  std::vector<int> rt_per_rw;
  int total_rt = 0;
  int puskesmas = -1;
  double lat = 0;
  double lon = 0;
  double km_lat = 1;  // degrees per km
  double km_lon = 1;
  double radius_km = 0.5;
};

struct PuskesmasPlan {
  std::string name;
  int district = 0;
  int host = 0;               // village index
  std::vector<int> villages;  // catchment, in layout order
};

// One household member while the household is being built.
struct Member {
  Sex sex = Sex::kMale;
  int64_t birth = 0;  // days since epoch
  LifeStatus status = LifeStatus::kAlive;
  int64_t status_day = 0;
  const char* relation = "ANAK";
  Ethnicity ethnicity = Ethnicity::kJavanese;
  std::string_view family;
};

class Generator {
 public:
  Generator(const DemoOptions& options, const DemoSink& sink)
      : options_(options), sink_(sink), preset_(demo::city_preset(options)) {}

  Result<DemoSummary> run();

 private:
  Status plan();
  void plan_population(Rng& rng);
  void plan_puskesmas();
  void plan_layout(Rng& rng);
  void plan_rw_rt();
  Status emit_facilities_and_staff();
  Status emit_households();

  // Helpers shared by residents and staff.
  Ethnicity pick_ethnicity(Rng& rng) const;
  int pick_origin_slot(Rng& rng, int own_district, bool adult) const;
  std::string_view birth_place(Rng& rng, int slot, bool child) const;
  void make_nik(int slot, int64_t& birth, Sex sex, std::string& out);
  void place_near(Rng& rng, const Village& v, double spread, double& lat, double& lon) const;
  void add_staff(Rng& rng, const std::string& facility_key, std::string_view profession, int v,
                 std::vector<DemoStaff>& out);

  // Household construction.
  void build_household(Rng& rng, std::vector<Member>& members) const;
  // `mother` is a copy: she may live in `members`, which grows.
  void add_children(Rng& rng, Member mother, Ethnicity ethnicity, std::string_view family,
                    std::vector<Member>& members, bool keep_married_child) const;
  int64_t birth_for_age(Rng& rng, int age) const {
    return today_ - years_days(age) - static_cast<int64_t>(rng.below(365));
  }
  int age_of(int64_t birth) const { return age_in_years(Date::from_days(birth), options_.today); }

  const DemoOptions& options_;
  const DemoSink& sink_;
  demo::CityPreset preset_;
  int64_t today_ = 0;
  uint64_t target_ = 0;
  std::vector<const DemoRegion*> districts_;
  std::vector<Village> villages_;
  std::vector<PuskesmasPlan> puskesmas_;
  std::vector<int> origin_slots_;        // slot index of each preset origin
  std::vector<std::string> slot_codes_;  // NIK district code per slot (city districts first)
  std::vector<int> mix_weights_;
  std::unique_ptr<SerialBook> nik_serials_;
  std::unique_ptr<SerialBook> kk_serials_;
  DemoSummary summary_;
  uint64_t done_before_ = 0;  // alive residents of the kelurahan already generated
};

Result<DemoSummary> Generator::run() {
  SK_TRY(plan());
  SK_TRY(emit_facilities_and_staff());
  SK_TRY(emit_households());
  return summary_;
}

Status Generator::plan() {
  if (options_.districts.empty()) return Error::invalid("districts", "city has no kecamatan");
  if (options_.villages.empty()) return Error::invalid("villages", "city has no kelurahan");
  if (options_.today.year < 2000) return Error::invalid("today", "reference date is not set");
  today_ = options_.today.days();
  target_ = demo_population(options_);

  for (const auto& d : options_.districts) {
    if (d.code.size() != 6)
      return Error::invalid("districts", "kecamatan code must have 6 digits: " + d.code);
    districts_.push_back(&d);
  }
  std::sort(districts_.begin(), districts_.end(),
            [](const DemoRegion* a, const DemoRegion* b) { return a->code < b->code; });
  for (size_t i = 1; i < districts_.size(); ++i) {
    if (districts_[i]->code == districts_[i - 1]->code) {
      return Error::invalid("districts", "kecamatan " + districts_[i]->code + " given twice");
    }
  }
  // A kecamatan without kelurahan has nobody to generate; it is left out.
  std::erase_if(districts_, [&](const DemoRegion* d) {
    return std::none_of(options_.villages.begin(), options_.villages.end(),
                        [&](const DemoRegion& v) { return v.code.compare(0, 6, d->code) == 0; });
  });
  std::vector<const DemoRegion*> sorted;
  for (const auto& v : options_.villages) sorted.push_back(&v);
  std::sort(sorted.begin(), sorted.end(),
            [](const DemoRegion* a, const DemoRegion* b) { return a->code < b->code; });
  for (size_t i = 1; i < sorted.size(); ++i) {
    if (sorted[i]->code == sorted[i - 1]->code) {
      return Error::invalid("villages", "kelurahan " + sorted[i]->code + " given twice");
    }
  }
  for (const DemoRegion* v : sorted) {
    auto it = std::lower_bound(
        districts_.begin(), districts_.end(), v->code.substr(0, 6),
        [](const DemoRegion* d, const std::string& code) { return d->code < code; });
    if (v->code.size() != 10 || it == districts_.end() || (*it)->code != v->code.substr(0, 6)) {
      return Error::invalid("villages",
                            "kelurahan " + v->code + " is not in a kecamatan of the city");
    }
    Village village;
    village.region = v;
    village.district = static_cast<int>(it - districts_.begin());
    villages_.push_back(std::move(village));
  }
  // NIK slots: the city's kecamatan, then the preset's origins.
  for (const auto* d : districts_) slot_codes_.push_back(d->code);
  for (const auto& origin : preset_.origins) {
    auto it = std::find(slot_codes_.begin(), slot_codes_.end(), origin.district);
    if (it == slot_codes_.end()) {
      slot_codes_.emplace_back(origin.district);
      it = slot_codes_.end() - 1;
    }
    origin_slots_.push_back(static_cast<int>(it - slot_codes_.begin()));
  }
  for (const auto& share : preset_.mix) mix_weights_.push_back(share.weight);
  nik_serials_ = std::make_unique<SerialBook>(static_cast<int>(slot_codes_.size()),
                                              today_ - years_days(kMaxAge + 2), today_);
  kk_serials_ = std::make_unique<SerialBook>(static_cast<int>(districts_.size()),
                                             Date{2000, 1, 1}.days(), today_);

  Rng rng(demo::mix_seed(options_.seed, demo::hash_text("plan:" + options_.city_code)));
  plan_population(rng);
  plan_puskesmas();
  plan_layout(rng);
  plan_rw_rt();
  return {};
}

// Exact split of the target over kelurahan by random weights (largest remainder).
void Generator::plan_population(Rng& rng) {
  std::vector<uint64_t> weights;
  uint64_t total_weight = 0;
  for (size_t i = 0; i < villages_.size(); ++i) {
    const uint64_t w = 600 + rng.below(900);
    weights.push_back(w);
    total_weight += w;
  }
  uint64_t assigned = 0;
  std::vector<std::pair<uint64_t, size_t>> remainders;
  for (size_t i = 0; i < villages_.size(); ++i) {
    const uint64_t scaled = target_ * weights[i];
    villages_[i].population = scaled / total_weight;
    assigned += villages_[i].population;
    remainders.emplace_back(scaled % total_weight, i);
  }
  std::sort(remainders.begin(), remainders.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  for (size_t k = 0; assigned < target_; ++k, ++assigned) {
    ++villages_[remainders[k % remainders.size()].second].population;
  }
}

void Generator::plan_puskesmas() {
  // A preset's named puskesmas are used when their catchments cover the city exactly.
  bool use_specs = !preset_.puskesmas_specs.empty();
  std::vector<int> seen(villages_.size(), 0);
  auto index_of = [&](std::string_view code) -> int {
    for (size_t i = 0; i < villages_.size(); ++i) {
      if (villages_[i].region->code == code) return static_cast<int>(i);
    }
    return -1;
  };
  if (use_specs) {
    for (const auto& spec : preset_.puskesmas_specs) {
      for (auto code : spec.catchment) {
        const int i = index_of(code);
        if (i < 0) {
          use_specs = false;
        } else {
          ++seen[static_cast<size_t>(i)];
        }
      }
      use_specs = use_specs && index_of(spec.host_village) >= 0;
    }
    for (int s : seen) use_specs = use_specs && s == 1;
  }
  if (use_specs) {
    for (const auto& spec : preset_.puskesmas_specs) {
      PuskesmasPlan p;
      p.name = std::string(spec.name);
      p.host = index_of(spec.host_village);
      p.district = villages_[static_cast<size_t>(p.host)].district;
      for (auto code : spec.catchment) p.villages.push_back(index_of(code));
      // A catchment crossing kecamatan would break the contiguity promise.
      for (int v : p.villages) {
        if (villages_[static_cast<size_t>(v)].district != p.district) use_specs = false;
      }
      puskesmas_.push_back(std::move(p));
    }
    if (use_specs) {
      for (size_t k = 0; k < puskesmas_.size(); ++k) {
        for (int v : puskesmas_[k].villages)
          villages_[static_cast<size_t>(v)].puskesmas = static_cast<int>(k);
      }
      return;
    }
    puskesmas_.clear();
  }

  // Generic: every kecamatan gets at least one, the rest by population (largest remainder),
  // never more than its kelurahan.
  const size_t nd = districts_.size();
  std::vector<uint64_t> pop(nd, 0);
  std::vector<int> count_villages(nd, 0);
  for (const auto& v : villages_) {
    pop[static_cast<size_t>(v.district)] += v.population;
    ++count_villages[static_cast<size_t>(v.district)];
  }
  const int total =
      std::clamp<int>(preset_.puskesmas, static_cast<int>(nd), static_cast<int>(villages_.size()));
  std::vector<int> per(nd, 1);
  int given = static_cast<int>(nd);
  while (given < total) {
    // Next one to the kecamatan with the most residents per puskesmas that still has room.
    size_t best = nd;
    for (size_t d = 0; d < nd; ++d) {
      if (per[d] >= count_villages[d]) continue;
      if (best == nd ||
          pop[d] * static_cast<uint64_t>(per[best]) > pop[best] * static_cast<uint64_t>(per[d])) {
        best = d;
      }
    }
    if (best == nd) break;
    ++per[best];
    ++given;
  }
  for (size_t d = 0; d < nd; ++d) {
    std::vector<int> members;
    uint64_t dpop = 0;
    for (size_t i = 0; i < villages_.size(); ++i) {
      if (villages_[i].district == static_cast<int>(d)) {
        members.push_back(static_cast<int>(i));
        dpop += villages_[i].population;
      }
    }
    // Split the kelurahan (in code order) into per[d] runs of similar population.
    const int k = per[d];
    size_t at = 0;
    uint64_t cumulative = 0;
    for (int g = 0; g < k; ++g) {
      PuskesmasPlan p;
      p.district = static_cast<int>(d);
      const uint64_t boundary = dpop * static_cast<uint64_t>(g + 1) / static_cast<uint64_t>(k);
      const size_t must_leave = static_cast<size_t>(k - g - 1);
      do {
        p.villages.push_back(members[at]);
        cumulative += villages_[static_cast<size_t>(members[at])].population;
        ++at;
      } while (at < members.size() - must_leave && (g == k - 1 || cumulative < boundary));
      // The puskesmas stands in the largest kelurahan of its area.
      p.host = p.villages.front();
      for (int v : p.villages) {
        if (villages_[static_cast<size_t>(v)].population >
            villages_[static_cast<size_t>(p.host)].population)
          p.host = v;
      }
      const std::string& district_name = districts_[d]->name;
      p.name = "Puskesmas " +
               (g == 0 ? district_name : villages_[static_cast<size_t>(p.host)].region->name);
      puskesmas_.push_back(std::move(p));
    }
  }
  for (size_t k = 0; k < puskesmas_.size(); ++k) {
    for (int v : puskesmas_[k].villages)
      villages_[static_cast<size_t>(v)].puskesmas = static_cast<int>(k);
  }
}

void Generator::plan_layout(Rng& rng) {
  const double radius = sqrt_det(preset_.area_km2 / kPi);
  double s = 0;
  double c = 0;
  sincos_series(preset_.lat * kPi / 180.0, s, c);
  const double deg_per_km_lat = 1.0 / 110.574;
  const double deg_per_km_lon = 1.0 / (111.320 * c);
  const size_t nd = districts_.size();
  const double golden = kPi * (3.0 - sqrt_det(5.0));
  for (size_t d = 0; d < nd; ++d) {
    // Kecamatan centres on a sunflower; the first sits at the centre.
    const double r =
        nd == 1 ? 0.0
                : radius * 0.85 * sqrt_det((static_cast<double>(d)) / static_cast<double>(nd));
    sincos_series(golden * static_cast<double>(d), s, c);
    const double cx = r * c;
    const double cy = r * s;
    // Kelurahan of the kecamatan in catchment order on a ring around its centre.
    std::vector<int> order;
    for (const auto& p : puskesmas_) {
      if (p.district != static_cast<int>(d)) continue;
      for (int v : p.villages) order.push_back(v);
    }
    const double ring = radius * 0.9 * sqrt_det(1.0 / static_cast<double>(nd)) * 0.6;
    const double start = rng.uniform() * 2 * kPi;
    for (size_t j = 0; j < order.size(); ++j) {
      Village& v = villages_[static_cast<size_t>(order[j])];
      double x = cx;
      double y = cy;
      if (order.size() > 1) {
        sincos_series(start + 2 * kPi * static_cast<double>(j) / static_cast<double>(order.size()),
                      s, c);
        x += ring * c;
        y += ring * s;
      }
      v.lat = preset_.lat + y * deg_per_km_lat;
      v.lon = preset_.lon + x * deg_per_km_lon;
      v.km_lat = deg_per_km_lat;
      v.km_lon = deg_per_km_lon;
      v.radius_km =
          std::max(0.15, radius * sqrt_det(1.0 / static_cast<double>(villages_.size())) * 0.6);
    }
  }
}

// RW and RT sized by population: about 5–15 RW per kelurahan, 3–10 RT per RW (~150 residents).
void Generator::plan_rw_rt() {
  for (auto& v : villages_) {
    Rng rng(demo::mix_seed(options_.seed, demo::hash_text("rw:" + v.region->code)));
    const int rw = std::clamp(static_cast<int>((v.population + 500) / 1000), 5, 15);
    const uint64_t per_rw = v.population / static_cast<uint64_t>(rw);
    v.rt_per_rw.clear();
    v.total_rt = 0;
    for (int i = 0; i < rw; ++i) {
      const int rt = std::clamp(static_cast<int>(per_rw / 150) + rng.range(-1, 1), 3, 10);
      v.rt_per_rw.push_back(rt);
      v.total_rt += rt;
    }
  }
}

Ethnicity Generator::pick_ethnicity(Rng& rng) const {
  return preset_.mix[rng.weighted(mix_weights_.data(), mix_weights_.size())].ethnicity;
}

// Where a person's NIK was first issued: mostly their own kecamatan; some moved within the city;
// adults sometimes came from elsewhere.
int Generator::pick_origin_slot(Rng& rng, int own_district, bool adult) const {
  const uint32_t r = rng.below(1000);
  if (adult && r < 110 && !origin_slots_.empty()) {
    return origin_slots_[rng.below(static_cast<uint32_t>(origin_slots_.size()))];
  }
  if (r >= 900 && districts_.size() > 1) {
    return static_cast<int>(rng.below(static_cast<uint32_t>(districts_.size())));
  }
  return own_district;
}

std::string_view Generator::birth_place(Rng& rng, int slot, bool child) const {
  if (slot >= static_cast<int>(districts_.size())) {
    for (size_t i = 0; i < origin_slots_.size(); ++i) {
      if (origin_slots_[i] == slot) return preset_.origins[i].place;
    }
  }
  if (!preset_.nearby_places.empty() && rng.chance(child ? 60 : 280)) {
    return preset_.nearby_places[rng.below(static_cast<uint32_t>(preset_.nearby_places.size()))];
  }
  return preset_.short_name;
}

void Generator::make_nik(int slot, int64_t& birth, Sex sex, std::string& out) {
  // A full (kecamatan, day) cell (9,999 people) is practically impossible; moving the birth a
  // day keeps the NIK unique and consistent with the stated birth date.
  int serial = nik_serials_->next(slot, birth);
  for (int tries = 0; serial == 0 && tries < 3650; ++tries) {
    serial = nik_serials_->next(slot, --birth);
  }
  if (serial == 0) throw std::logic_error("demo: NIK serials exhausted");
  out =
      siklus::make_nik(slot_codes_[static_cast<size_t>(slot)], Date::from_days(birth), sex, serial);
}

void Generator::place_near(Rng& rng, const Village& v, double spread, double& lat,
                           double& lon) const {
  const double dx = (rng.uniform() * 2 - 1) * v.radius_km * spread;
  const double dy = (rng.uniform() * 2 - 1) * v.radius_km * spread;
  lat = v.lat + dy * v.km_lat;
  lon = v.lon + dx * v.km_lon;
}

// ---------------------------------------------------------------------------------------------
// Households

// Typical shares of Indonesian urban households (Susenas-like): singles, couples, nuclear
// families, single parents, three-generation and extended households.
enum HouseholdKind { kSingle, kCouple, kNuclear, kSingleParent, kExtendedParents, kExtendedGrand };
constexpr int kKindWeights[] = {75, 75, 545, 95, 105, 105};

void Generator::add_children(Rng& rng, Member mother, Ethnicity ethnicity, std::string_view family,
                             std::vector<Member>& members, bool keep_married_child) const {
  const int mother_year = Date::from_days(mother.birth).year;
  // Completed fertility by the mother's cohort (Indonesia's TFR fell from ~5 to ~2.2).
  static constexpr int kOld[] = {3, 7, 18, 24, 22, 14, 12};
  static constexpr int kMid[] = {4, 12, 38, 28, 12, 6, 0};
  static constexpr int kYoung[] = {4, 18, 46, 23, 7, 2, 0};
  const int* table = mother_year < 1962 ? kOld : (mother_year < 1982 ? kMid : kYoung);
  const int births = static_cast<int>(rng.weighted(table, 7));
  // Every RNG draw is its own statement: the order of evaluation of operands and arguments is
  // unspecified in C++, and GCC and Clang differ, which would break determinism.
  const int first_birth_age = rng.range(19, 29);
  int64_t at = mother.birth + years_days(first_birth_age) + rng.below(365);
  for (int i = 0; i < births; ++i) {
    if (at > today_) break;
    if (at - mother.birth > years_days(44)) break;
    Member child;
    child.sex = rng.chance(512) ? Sex::kMale : Sex::kFemale;
    child.birth = at;
    child.ethnicity = ethnicity;
    child.family = family;
    child.relation = "ANAK";
    const int age = age_of(at);
    // Grown children leave to marry or work; a few still show on the KK as moved out.
    int stay = 990;
    if (age >= 18) stay = 930;
    if (age >= 22) stay = 780;
    if (age >= 26) stay = 480;
    if (age >= 30) stay = 200;
    if (age >= 40) stay = 70;
    // Daughters marry and leave earlier than sons.
    if (child.sex == Sex::kMale && age >= 18 && age < 30) stay = std::min(1000, stay + 90);
    if (keep_married_child && age >= 22) {
      keep_married_child = false;
      stay = 1000;
    }
    if (rng.chance(stay)) {
      members.push_back(child);
    } else if (age >= 18 && rng.chance(60)) {
      child.status = LifeStatus::kMovedOut;
      const int64_t earliest = std::max(at + years_days(17), today_ - years_days(6));
      child.status_day =
          earliest + rng.below(static_cast<uint32_t>(std::max<int64_t>(1, today_ - earliest)));
      members.push_back(child);
    }
    const int spacing = rng.range(2, 5);
    at += years_days(spacing) + rng.below(365);
  }
}

void Generator::build_household(Rng& rng, std::vector<Member>& m) const {
  m.clear();
  const auto kind = static_cast<HouseholdKind>(rng.weighted(kKindWeights));
  const Ethnicity eth = pick_ethnicity(rng);
  const std::string_view family = demo::pick_family_name(eth, rng);
  auto spouse_ethnicity = [&]() { return rng.chance(850) ? eth : pick_ethnicity(rng); };
  auto own_family = [&](Ethnicity e) {
    // Batak marry outside their marga.
    std::string_view f = demo::pick_family_name(e, rng);
    if (f == family) f = demo::pick_family_name(e, rng);
    return f;
  };
  auto person = [&](Sex sex, int age, const char* relation, Ethnicity e, std::string_view f) {
    Member p;
    p.sex = sex;
    p.birth = birth_for_age(rng, std::min(age, kMaxAge));
    p.relation = relation;
    p.ethnicity = e;
    p.family = f;
    return p;
  };
  auto husband_gap = [&]() {
    int gap = rng.range(-2, 2);
    gap += rng.range(0, 4);
    gap += rng.range(0, 3);
    return gap;
  };
  auto widow = [&](const Member& survivor, Ethnicity e, std::string_view f) {
    // The late spouse stays on the KK, marked dead, in some households.
    if (!rng.chance(280)) return;
    Member d;
    d.sex = survivor.sex == Sex::kFemale ? Sex::kMale : Sex::kFemale;
    const int gap = d.sex == Sex::kMale ? husband_gap() : -husband_gap();
    d.birth = std::max(today_ - years_days(kMaxAge), survivor.birth - years_days(gap));
    d.status = LifeStatus::kDied;
    const int64_t earliest = std::max(d.birth + years_days(40), today_ - years_days(10));
    d.status_day =
        earliest + rng.below(static_cast<uint32_t>(std::max<int64_t>(1, today_ - earliest)));
    d.relation = d.sex == Sex::kMale ? "SUAMI" : "ISTRI";
    d.ethnicity = e;
    d.family = f;
    m.push_back(d);
  };

  switch (kind) {
    case kSingle: {
      static constexpr int kBands[] = {12, 30, 20, 42};  // 18–24, 25–34, 35–59, 60+
      const size_t band = rng.weighted(kBands);
      static constexpr int kLo[] = {18, 25, 35, 60};
      static constexpr int kHi[] = {24, 34, 59, 92};
      const int age = rng.range(kLo[band], kHi[band]);
      const Sex sex = (band < 3 ? rng.chance(680) : rng.chance(280)) ? Sex::kMale : Sex::kFemale;
      m.push_back(person(sex, age, "KEPALA KELUARGA", eth, family));
      if (band == 3) widow(m[0], eth, sex == Sex::kMale ? std::string_view{} : family);
      break;
    }
    case kCouple: {
      const int husband_age = rng.chance(420) ? rng.range(22, 33) : rng.range(55, 82);
      const int wife_age = std::max(18, husband_age - husband_gap());
      const Ethnicity se = spouse_ethnicity();
      // Men die younger: some older wives live on alone.
      if (husband_age >= 60 && rng.chance(250)) {
        m.push_back(person(Sex::kFemale, wife_age, "KEPALA KELUARGA", se, own_family(se)));
        widow(m[0], eth, family);
        break;
      }
      m.push_back(person(Sex::kMale, husband_age, "KEPALA KELUARGA", eth, family));
      m.push_back(person(Sex::kFemale, wife_age, "ISTRI", se, own_family(se)));
      break;
    }
    case kNuclear:
    case kExtendedParents: {
      static constexpr int kBands[] = {7, 17, 20, 19, 16, 13, 10, 7, 5};  // mother 20–24, …, 60–64
      const size_t band = rng.weighted(kBands);
      const int wife_age = 20 + static_cast<int>(band) * 5 + rng.range(0, 4);
      const int husband_age = std::max(wife_age - 3, wife_age + husband_gap());
      const Ethnicity se = spouse_ethnicity();
      // From fifty on, some mothers are widows heading the household.
      const bool widowed = wife_age >= 50 && rng.chance(160);
      if (widowed) {
        m.push_back(person(Sex::kFemale, wife_age, "KEPALA KELUARGA", se, own_family(se)));
        widow(m[0], eth, family);
      } else {
        m.push_back(person(Sex::kMale, husband_age, "KEPALA KELUARGA", eth, family));
        m.push_back(person(Sex::kFemale, wife_age, "ISTRI", se, own_family(se)));
      }
      const size_t wife = widowed ? 0 : 1;
      add_children(rng, m[wife], eth, family, m, false);
      if (kind == kExtendedParents) {
        // A widowed parent (usually the mother) of the husband or the wife moves in.
        const bool his = !widowed && rng.chance(550);
        const Member child = his ? m[0] : m[wife];  // a copy: m grows below
        const int child_age = age_of(child.birth);
        const int parent_age = std::min(kMaxAge, child_age + rng.range(22, 34));
        const Ethnicity pe = child.ethnicity;
        const char* relation = his || widowed ? "ORANG TUA" : "MERTUA";
        const uint32_t who = rng.below(100);
        if (who < 25 || who >= 60) {  // mother
          m.push_back(person(Sex::kFemale, parent_age, relation, pe, own_family(pe)));
          if (who >= 60) widow(m.back(), pe, child.family);
        }
        if (who < 33) {  // father
          m.push_back(person(Sex::kMale, parent_age + rng.range(0, 5), relation, pe, child.family));
        }
      }
      break;
    }
    case kSingleParent: {
      const bool mother = rng.chance(800);
      const int age = rng.range(27, 72);
      if (mother) {
        m.push_back(person(Sex::kFemale, age, "KEPALA KELUARGA", eth, own_family(eth)));
        add_children(rng, m[0], eth, family, m, false);
        if (age >= 40) widow(m[0], eth, family);
      } else {
        m.push_back(person(Sex::kMale, age, "KEPALA KELUARGA", eth, family));
        Member late = person(Sex::kFemale, std::max(18, age - husband_gap()), "ISTRI", eth, {});
        std::vector<Member> kids;
        add_children(rng, late, eth, family, kids, false);
        m.insert(m.end(), kids.begin(), kids.end());
      }
      break;
    }
    case kExtendedGrand: {
      // Older couple with a married child, the child's spouse and grandchildren.
      const int husband_age = rng.range(50, 80);
      const int wife_age = std::max(38, husband_age - husband_gap());
      const bool widowed = husband_age > 60 && rng.chance(450);
      const Ethnicity se = spouse_ethnicity();
      if (!widowed) {
        m.push_back(person(Sex::kMale, husband_age, "KEPALA KELUARGA", eth, family));
        m.push_back(person(Sex::kFemale, wife_age, "ISTRI", se, own_family(se)));
      } else {
        m.push_back(person(Sex::kFemale, wife_age, "KEPALA KELUARGA", se, own_family(se)));
        widow(m[0], eth, family);
      }
      const size_t mother_index = widowed ? 0 : 1;
      const size_t first_child = m.size();
      const Member mother = m[mother_index];
      add_children(rng, mother, eth, family, m, true);
      // The first married child (22+) living at home brings a spouse and children.
      for (size_t i = first_child; i < m.size(); ++i) {
        const Member child = m[i];
        if (child.status != LifeStatus::kAlive || age_of(child.birth) < 22) continue;
        const Ethnicity ie = rng.chance(700) ? child.ethnicity : pick_ethnicity(rng);
        const bool son = child.sex == Sex::kMale;
        const int child_age = age_of(child.birth);
        const int in_law_age = std::max(18, child_age + (son ? -husband_gap() : husband_gap()));
        const std::string_view in_law_family = demo::pick_family_name(ie, rng);
        Member in_law =
            person(son ? Sex::kFemale : Sex::kMale, in_law_age, "MENANTU", ie, in_law_family);
        m.push_back(in_law);
        const Member& grand_mother = son ? in_law : child;
        const std::string_view grand_family = son ? child.family : in_law.family;
        const Ethnicity grand_eth = son ? child.ethnicity : in_law.ethnicity;
        const size_t before = m.size();
        add_children(rng, grand_mother, grand_eth, grand_family, m, false);
        for (size_t g = before; g < m.size(); ++g) m[g].relation = "CUCU";
        break;
      }
      break;
    }
  }
  // A niece, nephew or other relative lives with some families.
  if (m.size() >= 2 && rng.chance(45)) {
    const Ethnicity re = rng.chance(800) ? eth : pick_ethnicity(rng);
    const Sex sex = rng.chance(500) ? Sex::kMale : Sex::kFemale;
    const int age = rng.range(8, 30);
    const std::string_view relative_family = demo::pick_family_name(re, rng);
    m.push_back(person(sex, age, "FAMILI LAIN", re, relative_family));
  }
  // Rarely a child under five on the KK has died.
  for (size_t i = 1, n = m.size(); i < n; ++i) {
    if (m[i].status == LifeStatus::kAlive && std::string_view(m[i].relation) == "ANAK" &&
        today_ - m[i].birth < years_days(5) && rng.chance(15)) {
      m[i].status = LifeStatus::kDied;
      m[i].status_day =
          m[i].birth + rng.below(static_cast<uint32_t>(std::max<int64_t>(1, today_ - m[i].birth)));
    }
  }
}

Status Generator::emit_households() {
  std::vector<Member> members;
  members.reserve(16);
  std::vector<DemoPerson> household;
  household.reserve(16);
  std::vector<std::string> rt_streets;
  std::vector<int> rt_house;
  std::string kk;
  uint64_t next_progress = kProgressEvery;
  char buf[64];

  for (const Village& v : villages_) {
    Rng rng(demo::mix_seed(options_.seed, demo::hash_text("hh:" + v.region->code)));
    rt_streets.assign(static_cast<size_t>(v.total_rt), std::string());
    rt_house.assign(static_cast<size_t>(v.total_rt), 0);
    for (auto& street : rt_streets) demo::make_street_base(rng, street);
    uint64_t alive = 0;
    while (alive < v.population) {
      build_household(rng, members);
      // The household's place in the kelurahan fills RT after RT evenly.
      const int rt_index =
          static_cast<int>(alive * static_cast<uint64_t>(v.total_rt) / v.population);
      int rw = 0;
      int rt = rt_index;
      while (rt >= v.rt_per_rw[static_cast<size_t>(rw)])
        rt -= v.rt_per_rw[static_cast<size_t>(rw++)];
      int& house = rt_house[static_cast<size_t>(rt_index)];
      house += 1 + static_cast<int>(rng.below(3));
      std::snprintf(buf, sizeof buf, " No. %d%s", house, rng.chance(50) ? "A" : "");
      const std::string street = rt_streets[static_cast<size_t>(rt_index)] + buf;
      double home_lat = 0;
      double home_lon = 0;
      place_near(rng, v, 1.0, home_lat, home_lon);

      // KK issued in the household's kecamatan on a date after the head came of age.
      const int64_t earliest = std::max(Date{2004, 1, 1}.days(), members[0].birth + years_days(17));
      int64_t entry =
          earliest + rng.below(static_cast<uint32_t>(std::max<int64_t>(1, today_ - earliest)));
      entry = std::min(entry, today_);
      int kk_serial = kk_serials_->next(v.district, entry);
      for (int tries = 0; kk_serial == 0 && tries < 3650; ++tries) {
        kk_serial = kk_serials_->next(v.district, --entry);
      }
      if (kk_serial == 0) throw std::logic_error("demo: KK serials exhausted");
      const Date entry_date = Date::from_days(entry);
      std::snprintf(buf, sizeof buf, "%s%02d%02d%02d%04d",
                    districts_[static_cast<size_t>(v.district)]->code.c_str(), entry_date.day,
                    entry_date.month, entry_date.year % 100, kk_serial);
      kk = buf;

      household.clear();
      for (size_t i = 0; i < members.size(); ++i) {
        const Member& mb = members[i];
        if (mb.status == LifeStatus::kAlive) {
          if (alive == v.population) continue;  // the kelurahan's exact total is reached
          ++alive;
        }
        DemoPerson& p = household.emplace_back();
        const int age = age_of(mb.birth);
        const int slot = pick_origin_slot(rng, v.district, age >= 17);
        int64_t birth = mb.birth;
        make_nik(slot, birth, mb.sex, p.nik);
        p.birth_date = Date::from_days(birth);
        p.no_kk = kk;
        p.sex = mb.sex;
        demo::make_person_name(mb.ethnicity, mb.sex, p.birth_date.year, mb.family, rng, p.name);
        p.birth_place = birth_place(rng, slot, age < 17);
        p.street = street;
        p.rt = rt + 1;
        p.rw = rw + 1;
        p.village_code = v.region->code;
        p.status = mb.status;
        if (mb.status != LifeStatus::kAlive)
          p.status_date = Date::from_days(std::min(mb.status_day, today_));
        p.head_of_household = i == 0;
        p.relation = mb.relation;
        p.lat = home_lat;
        p.lon = home_lon;
        const int phone_per_mille = age < 15 ? 0 : (age < 18 ? 500 : (age < 60 ? 880 : 550));
        if (mb.status != LifeStatus::kDied && rng.chance(phone_per_mille))
          demo::make_phone(rng, p.phone);
      }
      if (household.empty()) continue;
      ++summary_.households;
      if (sink_.household) SK_TRY(sink_.household(household));
      const uint64_t done = done_before_ + alive;
      if (sink_.progress && done >= next_progress) {
        sink_.progress(done, target_);
        next_progress = done + kProgressEvery;
      }
    }
    done_before_ += alive;
  }
  summary_.residents = done_before_;
  if (sink_.progress) sink_.progress(summary_.residents, target_);
  return {};
}

// ---------------------------------------------------------------------------------------------
// Facilities and staff

struct StaffQuota {
  const char* profession;
  int lo;
  int hi;
};
// A city puskesmas (non-rawat-inap) by the Permenkes 43/2019 staffing pattern, roughly.
constexpr StaffQuota kPuskesmasStaff[] = {
    {"dokter", 2, 4},  {"dokter_gigi", 1, 2}, {"bidan", 5, 10}, {"perawat", 6, 12}, {"gizi", 1, 2},
    {"kesling", 1, 2}, {"farmasi", 2, 3},     {"analis", 1, 2}, {"promkes", 1, 2}};

struct SkillSet {
  const char* profession;
  std::vector<const char*> always;
  std::vector<const char*> sometimes;
};
const SkillSet kSkills[] = {
    {"dokter",
     {"pemeriksaan_umum"},
     {"ptm", "mtbs", "homecare", "jiwa", "lansia", "tb", "anc", "gizi"}},
    {"dokter_gigi", {"gigi"}, {"ukgs", "homecare"}},
    {"bidan",
     {"anc", "kb"},
     {"persalinan", "nifas", "imunisasi", "mtbs", "sdidtk", "homecare", "gizi"}},
    {"perawat",
     {"perkesmas"},
     {"imunisasi", "ptm", "homecare", "lansia", "jiwa", "tb", "mtbs", "luka", "gawat_darurat"}},
    {"gizi", {"gizi"}, {"konseling_gizi", "pmt", "sdidtk", "homecare"}},
    {"kesling", {"kesling"}, {"sanitasi", "vektor", "surveilans"}},
    {"farmasi", {"farmasi"}, {"konseling_obat"}},
    {"analis", {"lab"}, {"tb", "poct"}},
    {"promkes", {"promkes"}, {"ukbm", "pemberdayaan"}},
    {"kader",
     {"posyandu", "antropometri"},
     {"kunjungan_rumah", "kia", "imunisasi", "ptm", "lansia", "remaja", "gizi"}},
};

const char* title_suffix(std::string_view profession, Rng& rng) {
  if (profession == "bidan") return rng.chance(600) ? ", A.Md.Keb." : ", S.Tr.Keb.";
  if (profession == "perawat") return rng.chance(550) ? ", A.Md.Kep." : ", S.Kep., Ns.";
  if (profession == "gizi") return rng.chance(500) ? ", S.Gz." : ", A.Md.Gz.";
  if (profession == "kesling") return rng.chance(500) ? ", S.KM" : ", A.Md.KL";
  if (profession == "farmasi") return rng.chance(450) ? ", S.Farm., Apt." : ", A.Md.Farm.";
  if (profession == "analis") return ", A.Md.AK";
  if (profession == "promkes") return ", S.KM";
  return "";
}

void Generator::add_staff(Rng& rng, const std::string& facility_key, std::string_view profession,
                          int v, std::vector<DemoStaff>& out) {
  DemoStaff s;
  int female = 600;
  if (profession == "bidan") female = 1000;
  if (profession == "kader") female = 950;
  if (profession == "perawat") female = 700;
  if (profession == "dokter") female = 560;
  s.sex = rng.chance(female) ? Sex::kFemale : Sex::kMale;
  const bool kader = profession == "kader";
  int64_t birth = birth_for_age(rng, kader ? rng.range(22, 62) : rng.range(24, 57));
  const int district = villages_[static_cast<size_t>(v)].district;
  const int slot = pick_origin_slot(rng, district, true);
  make_nik(slot, birth, s.sex, s.nik);
  s.birth_date = Date::from_days(birth);
  const Ethnicity eth = pick_ethnicity(rng);
  std::string name;
  demo::make_person_name(eth, s.sex, s.birth_date.year, demo::pick_family_name(eth, rng), rng,
                         name);
  if (profession == "dokter")
    s.name = "dr. " + name;
  else if (profession == "dokter_gigi")
    s.name = "drg. " + name;
  else
    s.name = name + title_suffix(profession, rng);
  s.profession = std::string(profession);
  for (const auto& set : kSkills) {
    if (profession != set.profession) continue;
    for (const char* skill : set.always) s.skills.emplace_back(skill);
    for (const char* skill : set.sometimes) {
      if (rng.chance(450)) s.skills.emplace_back(skill);
    }
  }
  s.facility_key = facility_key;
  demo::make_phone(rng, s.phone);
  out.push_back(std::move(s));
}

Status Generator::emit_facilities_and_staff() {
  Rng rng(demo::mix_seed(options_.seed, demo::hash_text("fac:" + options_.city_code)));
  std::vector<DemoFacility> facilities;
  std::vector<DemoStaff> staff;
  char buf[96];
  auto address = [&](int v) {
    std::string street;
    demo::make_street_base(rng, street);
    std::snprintf(buf, sizeof buf, " No. %d, ", rng.range(1, 120));
    return street + buf + villages_[static_cast<size_t>(v)].region->name;
  };
  auto village_by_population = [&]() {
    uint64_t r = rng.next() % target_;
    for (size_t i = 0; i < villages_.size(); ++i) {
      if (r < villages_[i].population) return static_cast<int>(i);
      r -= villages_[i].population;
    }
    return static_cast<int>(villages_.size()) - 1;
  };
  auto village_index = [&](std::string_view code) {
    for (size_t i = 0; i < villages_.size(); ++i) {
      if (villages_[i].region->code == code) return static_cast<int>(i);
    }
    return -1;
  };

  // Dinas Kesehatan at the city centre.
  const std::string dinkes_key = "DINKES-" + options_.city_code;
  {
    DemoFacility f;
    f.key = dinkes_key;
    f.type = FacilityType::kDinkes;
    f.name = "Dinas Kesehatan " +
             (options_.city_name.empty() ? std::string(preset_.short_name) : options_.city_name);
    int nearest = 0;
    double best = 1e18;
    for (size_t i = 0; i < villages_.size(); ++i) {
      const double dl = villages_[i].lat - preset_.lat;
      const double dn = villages_[i].lon - preset_.lon;
      if (dl * dl + dn * dn < best) {
        best = dl * dl + dn * dn;
        nearest = static_cast<int>(i);
      }
    }
    f.village_code = villages_[static_cast<size_t>(nearest)].region->code;
    f.address = address(nearest);
    f.lat = preset_.lat;
    f.lon = preset_.lon;
    facilities.push_back(std::move(f));
  }

  // Puskesmas with their wilayah kerja, pustu per kelurahan, posyandu per RW.
  std::vector<std::string> puskesmas_keys;
  for (size_t k = 0; k < puskesmas_.size(); ++k) {
    const PuskesmasPlan& p = puskesmas_[k];
    DemoFacility f;
    std::snprintf(buf, sizeof buf, "PKM-%s-%02d",
                  districts_[static_cast<size_t>(p.district)]->code.c_str(),
                  static_cast<int>(k) + 1);
    f.key = buf;
    f.type = FacilityType::kPuskesmas;
    f.name = p.name;
    const Village& host = villages_[static_cast<size_t>(p.host)];
    f.village_code = host.region->code;
    f.parent_key = dinkes_key;
    for (int v : p.villages) f.catchment.push_back(villages_[static_cast<size_t>(v)].region->code);
    std::sort(f.catchment.begin(), f.catchment.end());
    f.address = address(p.host);
    place_near(rng, host, 0.3, f.lat, f.lon);
    puskesmas_keys.push_back(f.key);
    facilities.push_back(std::move(f));
    for (const auto& quota : kPuskesmasStaff) {
      const int n = rng.range(quota.lo, quota.hi);
      for (int i = 0; i < n; ++i)
        add_staff(rng, puskesmas_keys.back(), quota.profession, p.host, staff);
    }
  }
  for (size_t i = 0; i < villages_.size(); ++i) {
    const Village& v = villages_[i];
    DemoFacility pustu;
    pustu.key = "PST-" + v.region->code;
    pustu.type = FacilityType::kPustu;
    pustu.name = "Puskesmas Pembantu " + v.region->name;
    for (const auto& [code, name] : preset_.pustu_names) {
      if (code == v.region->code) pustu.name = std::string(name);
    }
    pustu.village_code = v.region->code;
    pustu.parent_key = puskesmas_keys[static_cast<size_t>(v.puskesmas)];
    pustu.address = address(static_cast<int>(i));
    place_near(rng, v, 0.4, pustu.lat, pustu.lon);
    facilities.push_back(pustu);
    add_staff(rng, pustu.key, "bidan", static_cast<int>(i), staff);
    add_staff(rng, pustu.key, "perawat", static_cast<int>(i), staff);
    const uint32_t name_offset = rng.below(30);
    for (size_t rw = 0; rw < v.rt_per_rw.size(); ++rw) {
      DemoFacility pos;
      std::snprintf(buf, sizeof buf, "PSY-%s-%02d", v.region->code.c_str(),
                    static_cast<int>(rw) + 1);
      pos.key = buf;
      pos.type = FacilityType::kPosyandu;
      std::snprintf(buf, sizeof buf, " RW %02d", static_cast<int>(rw) + 1);
      pos.name = "Posyandu " +
                 std::string(demo::posyandu_name(name_offset + static_cast<uint32_t>(rw))) + buf;
      pos.village_code = v.region->code;
      pos.rw = static_cast<int>(rw) + 1;
      pos.parent_key = pustu.key;
      pos.address = address(static_cast<int>(i));
      place_near(rng, v, 0.9, pos.lat, pos.lon);
      facilities.push_back(std::move(pos));
      const int kader = rng.range(4, 6);
      for (int k = 0; k < kader; ++k)
        add_staff(rng, facilities.back().key, "kader", static_cast<int>(i), staff);
    }
  }

  // Hospitals: the preset's named ones (the city's RSUD first), then private ones to about one
  // per 50,000 residents.
  std::vector<demo::HospitalSpec> hospitals = preset_.hospitals;
  std::string rsud_name;
  if (hospitals.empty()) {
    rsud_name = "RSUD " +
                (options_.city_name.empty() ? std::string(preset_.short_name) : options_.city_name);
    hospitals.push_back({rsud_name, true, ""});
  }
  const size_t hospital_target =
      std::max<size_t>(2, static_cast<size_t>((target_ + 25000) / 50000));
  std::vector<std::string> private_names;
  private_names.reserve(hospital_target);
  for (size_t h = hospitals.size(); h < hospital_target; ++h) {
    static constexpr const char* kKinds[] = {"RS ", "RSU ", "RSIA ", "RS Islam ", "RS "};
    std::string name = kKinds[rng.below(5)];
    name += demo::pick_facility_name(rng);
    private_names.push_back(std::move(name));
  }
  for (auto& name : private_names) hospitals.push_back({name, false, ""});
  for (size_t h = 0; h < hospitals.size(); ++h) {
    DemoFacility f;
    std::snprintf(buf, sizeof buf, "RS-%s-%02d", options_.city_code.c_str(),
                  static_cast<int>(h) + 1);
    f.key = buf;
    f.type = FacilityType::kHospital;
    int v = hospitals[h].village.empty() ? -1 : village_index(hospitals[h].village);
    if (v < 0) v = village_by_population();
    f.name = std::string(hospitals[h].name);
    // Same-named private hospitals get their kelurahan appended.
    for (size_t o = 0; o < h; ++o) {
      if (facilities[facilities.size() - h + o].name == f.name)
        f.name += " " + villages_[static_cast<size_t>(v)].region->name;
    }
    f.government = hospitals[h].government;
    f.parent_key = f.government ? dinkes_key : std::string();
    f.village_code = villages_[static_cast<size_t>(v)].region->code;
    f.address = address(v);
    place_near(rng, villages_[static_cast<size_t>(v)], 0.5, f.lat, f.lon);
    facilities.push_back(std::move(f));
  }

  // Klinik pratama (about one per 9,000) and independent practices (about one per 6,000).
  const int clinics = std::max(1, static_cast<int>((target_ + 4500) / 9000));
  for (int c = 0; c < clinics; ++c) {
    DemoFacility f;
    std::snprintf(buf, sizeof buf, "KLN-%s-%03d", options_.city_code.c_str(), c + 1);
    f.key = buf;
    f.type = FacilityType::kClinic;
    const int v = village_by_population();
    f.government = rng.chance(100);  // police, army and agency clinics
    f.name = f.government
                 ? "Klinik Pratama Bhayangkara " + villages_[static_cast<size_t>(v)].region->name
                 : "Klinik Pratama " + std::string(demo::pick_facility_name(rng));
    f.village_code = villages_[static_cast<size_t>(v)].region->code;
    f.address = address(v);
    place_near(rng, villages_[static_cast<size_t>(v)], 0.8, f.lat, f.lon);
    facilities.push_back(f);
    const int doctors = rng.range(1, 3);
    for (int d = 0; d < doctors; ++d) add_staff(rng, f.key, "dokter", v, staff);
    add_staff(rng, f.key, "perawat", v, staff);
    if (rng.chance(600)) add_staff(rng, f.key, "bidan", v, staff);
    if (rng.chance(500)) add_staff(rng, f.key, "dokter_gigi", v, staff);
    add_staff(rng, f.key, "farmasi", v, staff);
  }
  const int practices = std::max(1, static_cast<int>((target_ + 3000) / 6000));
  for (int c = 0; c < practices; ++c) {
    DemoFacility f;
    std::snprintf(buf, sizeof buf, "PRK-%s-%03d", options_.city_code.c_str(), c + 1);
    f.key = buf;
    f.type = FacilityType::kPractice;
    f.government = false;
    const int v = village_by_population();
    const uint32_t kind = rng.below(100);
    const char* profession = kind < 50 ? "dokter" : (kind < 85 ? "bidan" : "dokter_gigi");
    add_staff(rng, f.key, profession, v, staff);
    const std::string& owner = staff.back().name;
    if (kind < 50)
      f.name = "Praktik Mandiri " + owner;
    else if (kind < 85)
      f.name = "Praktik Mandiri Bidan " + owner;
    else
      f.name = "Praktik Dokter Gigi " + owner;
    f.village_code = villages_[static_cast<size_t>(v)].region->code;
    f.address = address(v);
    place_near(rng, villages_[static_cast<size_t>(v)], 0.8, f.lat, f.lon);
    facilities.push_back(std::move(f));
  }

  summary_.facilities = facilities.size();
  summary_.staff = staff.size();
  if (sink_.facilities) SK_TRY(sink_.facilities(facilities));
  if (sink_.staff) SK_TRY(sink_.staff(staff));
  return {};
}

}  // namespace

uint64_t demo_population(const DemoOptions& options) {
  return demo::city_preset(options).population;
}

Result<DemoSummary> generate_demo_city(const DemoOptions& options, const DemoSink& sink) {
  Generator generator(options, sink);
  auto result = generator.run();
  if (!result) return result.error();
  DemoSummary summary = std::move(result.value());
  summary.city_code = options.city_code;
  summary.city_name = options.city_name;
  return summary;
}

}  // namespace siklus::registry
