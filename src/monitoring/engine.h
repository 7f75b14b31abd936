#pragma once
// The live PWS engine (pure: no store, no clock): for every area of a city's tree — the city,
// kecamatan, kelurahan, RW, posyandu (the residents of its RW), puskesmas catchment (its
// wilayah kerja) and pustu catchment (its kelurahan) — and every month, how many distinct
// persons each measure of indicators.h counts.
//
// What it keeps: per person, where they live, sex, birth and a compact fact per service that
// matters (code, day, visit/dose, flags, weight). A person's contribution to the figures is a
// pure function of that state, so a change is "subtract the old contribution, add the new one":
// the monitoring service calls `upsert_person` / `set_facts` / `remove_person` for whatever the
// change feed names and the answer stays equal to a recomputation from scratch (engine_test).
//
// Counters are kept per (year, area, measure) as a 13-slot difference array over months: a
// cumulative measure adds +1 at the month a person first qualifies, a monthly one +1 and −1 at
// the month after. A figure is then a prefix sum of at most 12 integers: a dashboard query is a
// lookup, never a scan of persons.
//
// Not thread-safe: MonitoringService guards it.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "monitoring/indicators.h"
#include "registry/read_port.h"

namespace siklus::monitoring {

enum class AreaLevel : uint8_t {
  kCity,
  kKecamatan,
  kKelurahan,
  kRw,
  kPuskesmas,
  kPustu,
  kPosyandu
};
std::string_view level_code(AreaLevel level);

struct Area {
  std::string code;  // "3371", "337101", "3371011001", "3371011001.RW03", facility key
  std::string name;
  AreaLevel level = AreaLevel::kKelurahan;
  int parent = -1;            // index; the city has none
  std::vector<int> children;  // the league table's rows, in code order
  //! What the acting user must be allowed to see wholly (Registry::authorize_area) to see this
  //! area: its own code, or a catchment's kelurahan.
  std::vector<std::string> scope;
};

//! The services the engine reads, in care's vocabulary (care.h service codes).
enum class FactCode : uint8_t {
  kPregnancy,
  kAnc,
  kDelivery,
  kKf,
  kKn,
  kImmunization,
  kAnthropometry,
  kPtmScreening,
  kElderlyScreening,
  kTbScreening,
  kHivTest,
  kOdgjVisit,
  kHtFollowup,
  kDmFollowup,
};

struct Fact {
  enum Flag : uint8_t {
    kInFacility = 1,
    kControlled = 2,
    kPresumptive = 4,
    kTested = 8,
    kUnderweight = 16,
    kWasted = 32,
    kStunted = 64,
  };
  int32_t day = 0;  // days since 1970
  FactCode code = FactCode::kAnc;
  uint8_t number = 0;   // ANC/KF/KN visit, immunisation dose
  int8_t antigen = -1;  // care::antigen_index
  uint8_t flags = 0;
  float weight_kg = 0;  // anthropometry; 0 = not weighed
};

//! The fact of one stored service (care.h code, date, fields as stored: the rules' derived
//! values included); nullopt for services no indicator reads.
std::optional<Fact> fact_of(std::string_view service, int32_t day, std::string_view fields_json);

//! A resident as the engine sees them.
struct Person {
  int64_t id = 0;
  std::string village;  // kelurahan code, "" unknown
  int rw = 0;
  bool female = false;
  std::optional<int32_t> birth;  // days since 1970
  bool alive = true;
};

class Engine {
 public:
  //! Figures are kept for the calendar years [first_year, last_year].
  Engine(int first_year, int last_year);

  //! Adds a city's areas (its tree, RWs, catchments, pustu and posyandu). Idempotent per city.
  void add_city(const registry::CityTree& tree, std::span<const registry::FacilityPoint> places);
  bool has_city(std::string_view city) const;

  //! Inserts or replaces a person's residence and attributes (facts stay).
  void upsert_person(const Person& person);
  //! Replaces a person's facts (any order). A person not yet known is kept with no residence
  //! until `upsert_person` names it.
  void set_facts(int64_t person_id, std::vector<Fact> facts);
  void remove_person(int64_t person_id);
  bool has_person(int64_t person_id) const { return people_.count(person_id) > 0; }

  //! Distinct persons of `measure` in `area` for `month` (1–12) of `year`: cumulative measures
  //! from January to the month, monthly ones in the month alone. 0 outside the kept years.
  int64_t count(int area, Measure measure, int year, int month) const;

  //! The persons living in `area` who count in `measure` for that month: a scan of the
  //! residents (for the names behind a figure, not for figures), in id order.
  std::vector<int64_t> members(int area, Measure measure, int year, int month) const;

  std::span<const Area> areas() const { return areas_; }
  //! Area index by code, or -1.
  int find_area(std::string_view code) const;
  int first_year() const { return first_year_; }
  int last_year() const { return last_year_; }
  size_t people() const { return people_.size(); }

  //! Every counter, for tests comparing a live engine with a rebuilt one (same area order).
  const std::vector<std::vector<int32_t>>& counters() const { return counters_; }

 private:
  struct Entry {
    int place = -1;  // index into places_
    std::string village;
    int rw = 0;
    bool female = false;
    bool alive = true;
    std::optional<int32_t> birth;
    std::vector<Fact> facts;  // sorted by day
  };
  void apply(const Entry& e, int sign);
  int place_of(std::string_view village, int rw);
  int add_area(Area area);
  size_t cell(int area, Measure m, int year_index) const;

  int first_year_, last_year_;
  std::vector<Area> areas_;
  std::unordered_map<std::string, int> area_by_code_;
  std::vector<std::string> cities_;
  //! (village, rw) → the areas a resident there counts in.
  std::vector<std::vector<int>> places_;
  std::unordered_map<std::string, int> place_by_key_;
  std::unordered_map<int64_t, Entry> people_;
  //! Per year: [area][measure][13 month slots], difference-encoded (see above).
  std::vector<std::vector<int32_t>> counters_;
};

}  // namespace siklus::monitoring
