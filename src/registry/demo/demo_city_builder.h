#pragma once
// The demo city builder (internal to demo_city.cpp and its builder files). The city is built by
// the steps in demo_city.cpp's kBuilders table, in order: plan (demo_city_plan.cpp: regions,
// population per kelurahan, puskesmas catchments, synthetic layout, RW/RT), facilities with
// their staff (demo_city_facilities.cpp), then households (demo_city_households.cpp). Person
// helpers shared by staff and residents (NIK, origin, birth place, position) are in
// demo_city_people.cpp.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "registry/demo/demo_city.h"
#include "registry/demo/demo_names.h"
#include "registry/demo/demo_presets.h"
#include "registry/demo/demo_rng.h"

namespace siklus::registry::demo {

inline constexpr double kPi = 3.14159265358979323846;
inline constexpr int kMaxAge = 95;  // NIK years have two digits; stay well clear of a century
inline constexpr int kProgressEvery = 8192;

inline int64_t years_days(int years) { return static_cast<int64_t>(years) * 365 + years / 4; }

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

//! What the facility builders share while the facilities and their staff are made: one stream,
//! in builder order.
struct FacilityBuild {
  explicit FacilityBuild(uint64_t seed) : rng(seed) {}
  Rng rng;
  std::vector<DemoFacility> facilities;
  std::vector<DemoStaff> staff;
  std::string dinkes_key;
  std::vector<std::string> puskesmas_keys;  // by puskesmas plan index
  char buf[96] = {};
};

class CityBuilder {
 public:
  CityBuilder(const DemoOptions& options, const DemoSink& sink)
      : options_(options), sink_(sink), preset_(city_preset(options)) {}

  Result<DemoSummary> run();

  // Builders, run in the order of the table in demo_city.cpp.
  Status plan_regions();     // check and sort kecamatan/kelurahan, NIK slots, serial books
  Status plan_population();  // exact split of the target over kelurahan
  Status plan_puskesmas();   // wilayah kerja
  Status plan_layout();      // synthetic coordinates
  Status plan_rw_rt();
  Status build_facilities();  // facilities and staff, handed to the sink
  Status build_households();  // residents, household by household

 private:
  // Facility builders, run in the order of the table in demo_city_facilities.cpp.
  void add_dinkes(FacilityBuild& fb);
  void add_puskesmas(FacilityBuild& fb);
  void add_pustu_and_posyandu(FacilityBuild& fb);
  void add_hospitals(FacilityBuild& fb);
  void add_clinics(FacilityBuild& fb);
  void add_practices(FacilityBuild& fb);
  std::string address(FacilityBuild& fb, int v);
  int village_by_population(Rng& rng) const;
  int village_index(std::string_view code) const;

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
  CityPreset preset_;
  Rng plan_rng_{0};  // the plan's stream (population, layout), seeded by plan_regions
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

}  // namespace siklus::registry::demo
