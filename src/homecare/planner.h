#pragma once
// The homecare planner (pure: no I/O, no SQL). From care plans and teams over a horizon of N days
// it builds a multi-day plan in two stages:
//  1. assignment: each care plan's visits are laid over the horizon at its frequency (2x/week
//     lands three or four days apart), and each visit gets a day and a preferred team:
//     urgent first, a team whose members have every skill the visit needs and who is on duty,
//     the plan's usual team where it has room (continuity of carer), the least loaded day near
//     the visit's due day otherwise;
//  2. routing: one VRP per puskesmas and day on src/routing (vehicles = that day's teams, with
//     shift, break, speed and skills; the preferred team as a soft preference).
// A visit that cannot be placed is listed with a stable reason, never dropped. A pinned visit
// goes to its team and day as a hard rule (a skill bit only that team carries). A cancellation
// or an urgent visit re-plans only its own puskesmas-day and keeps every other stop in its
// team and order (`cancel_visit`, `insert_visit`).
//
// Times are seconds since midnight WIB of the visit's day; days are indices into the horizon.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "routing/problem.h"
#include "routing/solution.h"
#include "routing/travel.h"

namespace siklus::homecare {

enum class Priority { kUrgent = 0, kWeek = 1, kRoutine = 2 };
std::string_view priority_name(Priority p);
std::optional<Priority> parse_priority(std::string_view name);

//! The nakes skills a visit may need (bits 0..4); bits from kPinBit up mark pins.
inline constexpr uint64_t kSkillDokter = 1, kSkillBidan = 2, kSkillPerawat = 4, kSkillGizi = 8,
                          kSkillFisioterapis = 16;
inline constexpr int kPinBit = 32;
std::optional<uint64_t> parse_skill(std::string_view name);
std::vector<std::string> skill_names(uint64_t skills);

struct DayWindow {
  int start = 0;  // seconds since midnight
  int end = 0;
};

struct PlanInput {
  int64_t id = 0;
  int64_t person_id = 0;
  int64_t facility_id = 0;  // the puskesmas whose teams serve the patient
  double lon = 0, lat = 0;
  Priority priority = Priority::kRoutine;
  double visits_per_week = 1;  // 2 = twice a week, 0.25 = about monthly
  int start_day = 0;           // horizon day of the plan's first visit (negative: earlier)
  int end_day = 1 << 20;       // first horizon day after the plan ends
  int duration_s = 1800;
  uint64_t skills = kSkillPerawat;
  std::vector<DayWindow> windows;  // the patient's hours; empty = any time in the shift
  int weekdays = 0x7f;             // preferred days, bit 0 = Monday (soft)
  int64_t usual_team = 0;          // the team that saw the patient before (0 = none)
  //! >= 0: exactly one visit, this occurrence, on start_day (re-planning a saved day).
  int occurrence = -1;
};

struct Member {
  int64_t staff_id = 0;
  uint64_t skills = 0;
};

struct TeamInput {
  int64_t id = 0;
  int64_t facility_id = 0;
  std::string name;
  double lon = 0, lat = 0;  // the puskesmas: routes start and end there
  std::vector<Member> members;
  DayWindow shift{7 * 3600 + 30 * 60, 14 * 3600};
  DayWindow break_window{11 * 3600 + 30 * 60, 13 * 3600};
  int break_s = 1800;     // 0 = no break
  int workdays = 0x3f;    // bit 0 = Monday; Monday..Saturday
  double speed_kmh = 25;  // the team's vehicle (motorbike ≈ 25, car in town ≈ 20)
  int max_visits = 8;
  uint64_t skills() const;  // union of the members'
};

struct Pin {
  std::string visit;  // a visit id ("p12-3")
  int64_t team = 0;
  int day = 0;
};

struct Horizon {
  int days = 7;
  int first_weekday = 0;  // weekday of day 0, 0 = Monday
  int now_s = -1;         // seconds since midnight on day 0; windows ended before it are passed
};

struct PlannerOptions {
  double ms_per_problem = 150;   // solver budget per puskesmas-day
  long long max_iterations = 0;  // > 0: deterministic runs (tests)
  int threads = 1;
  uint64_t seed = 1;
  double continuity_cost_s = 2400;  // another team than the usual costs 40 minutes of travel
  double detour = 1.35;             // road distance / straight line
};

struct PlannedVisit {
  std::string id;  // "p<plan>-<occurrence>", stable across re-plans
  int64_t plan_id = 0, person_id = 0, facility_id = 0;
  int occurrence = 0;
  int due_day = 0;
  int day = -1;      // -1 = not placed
  int64_t team = 0;  // 0 = not placed
  int order = 0;     // 1-based position in the team's route
  double arrival = 0, start = 0, departure = 0;
  bool pinned = false;
  bool cancelled = false;
  std::string reason;  // why not placed: see docs/homecare.md
};

//! One puskesmas-day: the routing problem the planner solved and its solution, kept so a change
//! re-plans only this block and tests can run the independent checker on it.
struct DayBlock {
  int64_t facility_id = 0;
  int day = 0;
  routing::Problem problem;
  routing::Solution solution;
  std::vector<routing::Coordinate> points;  // location 0 = the puskesmas
  std::vector<int> visit_of_task;           // index into Plan::visits
  std::vector<int64_t> team_of_vehicle;
};

struct TeamRoute {
  int64_t team = 0;
  int day = 0;
  std::vector<int> stops;  // indices into Plan::visits, in order
  double travel_s = 0, care_s = 0;
  double break_start = -1;
};

struct Plan {
  std::vector<PlannedVisit> visits;
  std::vector<DayBlock> blocks;
  std::vector<TeamRoute> routes;  // rebuilt from the blocks by every call
  int assigned = 0;
  double continuity_pct = 100;  // placed visits of plans with a usual team served by it
  double ms = 0;
};

//! Plans every visit due in the horizon, except the visit ids in `skip` (cancelled, or
//! already saved elsewhere).
Result<Plan> plan_visits(const std::vector<PlanInput>& plans, const std::vector<TeamInput>& teams,
                         const Horizon& horizon, const std::vector<Pin>& pins = {},
                         const PlannerOptions& options = {},
                         const std::vector<std::string>& skip = {});

//! Cancels one visit and re-plans only its puskesmas-day: the other stops keep their team and
//! order (times may move earlier). kNotFound for an unknown visit.
Status cancel_visit(Plan& plan, std::string_view visit_id);

//! Adds one visit (an urgent request) to `day` by cheapest feasible insertion into that
//! puskesmas-day; every other stop keeps its team and order. Returns the visit's index; when no
//! team can take it, the visit is listed with its reason.
Result<int> insert_visit(Plan& plan, const PlanInput& input, const std::vector<TeamInput>& teams,
                         int day, const PlannerOptions& options = {});

//! Checks every block with the routing checker (tests and the benchmark).
Status check_plan(const Plan& plan);

}  // namespace siklus::homecare
