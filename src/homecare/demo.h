#pragma once
// The synthetic homecare programme of a demo city (pure: no I/O). Given the puskesmas with their
// positions and the residents who may need care, it makes teams per puskesmas (members with
// skills, shifts with a break, a motorbike or a car) and about one active care plan per 1,000
// residents with realistic reasons, needs, frequencies, durations and windows. Used by
// `siklus demo` (through the service) and by bench/homecare (a Medan-sized week).

#include <cstdint>
#include <string>
#include <vector>

#include "homecare/planner.h"

namespace siklus::homecare {

struct DemoResident {
  int64_t person_id = 0;
  int age = 0;
  std::string sex;  // "L" or "P"
};

struct DemoPuskesmas {
  int64_t facility_id = 0;
  std::string name;
  double lon = 0, lat = 0;
  int64_t population = 0;               // residents of the catchment
  std::vector<DemoResident> residents;  // candidates for care (any subset)
};

struct DemoTeam {
  TeamInput team;
  std::string vehicle;  // "motor" or "mobil"
};

struct DemoPlan {
  PlanInput plan;
  std::string reason;  // target group: lansia, disabilitas, kronis, gizi_buruk, bumil_risti
  std::string need;    // perawatan, luka, anc, gizi, paliatif, obat, rehabilitasi_stroke
  int weeks = 4;
  int adl = -1;  // Barthel ADL score for elderly (0..20), -1 when not assessed
};

struct DemoHomecare {
  std::vector<DemoTeam> teams;
  std::vector<DemoPlan> plans;
};

struct DemoOptions {
  double residents_per_plan = 1000;
  int teams_per_puskesmas = 0;  // 0 = from the population (one per 15,000 residents, 2..6)
  int64_t first_team_id = 1;
  int64_t first_plan_id = 1;
  int64_t first_staff_id = 1;
  double radius_km = 2.5;  // patients live within this distance of their puskesmas
};

//! Deterministic for a seed.
DemoHomecare generate_demo(const std::vector<DemoPuskesmas>& puskesmas, uint64_t seed,
                           const DemoOptions& options = {});

}  // namespace siklus::homecare
