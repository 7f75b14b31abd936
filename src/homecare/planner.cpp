#include "homecare/planner.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "routing/checker.h"
#include "routing/solver.h"
#include "routing/travel.h"

namespace siklus::homecare {
namespace {

using routing::Problem;
using routing::Route;
using routing::Solution;
using routing::Step;
using routing::StepKind;

// The matrices are built at this speed; each team's vehicle scales them by speed_factor.
constexpr double kReferenceKmh = 25;
constexpr double kEps = 1e-6;

double now_ms() {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

int routing_priority(Priority p) {
  switch (p) {
    case Priority::kUrgent:
      return 100;
    case Priority::kWeek:
      return 30;
    case Priority::kRoutine:
      return 0;
  }
  return 0;
}

bool works_on(const TeamInput& t, int weekday) { return (t.workdays >> weekday) & 1; }

// The visit's windows on `day`, cut to what is still ahead when the day is today.
std::vector<routing::TimeWindow> windows_on(const PlanInput& p, const TeamInput* shift_of,
                                            const Horizon& h, int day) {
  std::vector<routing::TimeWindow> out;
  if (p.windows.empty()) {
    if (shift_of) out.push_back({double(shift_of->shift.start), double(shift_of->shift.end)});
  } else {
    for (const auto& w : p.windows) out.push_back({double(w.start), double(w.end)});
  }
  if (day == 0 && h.now_s >= 0) {
    std::vector<routing::TimeWindow> ahead;
    for (auto w : out) {
      if (w.end < h.now_s) continue;
      w.start = std::max(w.start, double(h.now_s));
      ahead.push_back(w);
    }
    out = std::move(ahead);
  }
  return out;
}

bool overlaps_shift(const std::vector<routing::TimeWindow>& ws, const TeamInput& t, int dur) {
  for (const auto& w : ws) {
    if (std::min(w.end, double(t.shift.end)) - std::max(w.start, double(t.shift.start)) >= 0 &&
        std::max(w.start, double(t.shift.start)) + dur <= t.shift.end) {
      return true;
    }
  }
  return false;
}

struct Candidate {
  int day = 0;
  int team = 0;  // index into teams
};

struct Builder {
  const std::vector<PlanInput>& plans;
  const std::vector<TeamInput>& teams;
  const Horizon& horizon;
  const PlannerOptions& options;
  Plan& out;
  std::vector<int> plan_of_visit;                  // visit -> plan index
  std::vector<int> team_of_visit;                  // visit -> team index (-1 none)
  std::vector<std::vector<Candidate>> candidates;  // per visit
  std::unordered_map<int64_t, int> team_index;
  std::map<int64_t, std::vector<int>> teams_of_facility;
  std::unordered_set<std::string> skip;

  int weekday(int day) const { return (horizon.first_weekday + day) % 7; }

  double travel_estimate(const PlanInput& p, const TeamInput& t) const {
    const double metres = routing::haversine_m({p.lon, p.lat}, {t.lon, t.lat}) * options.detour;
    return std::min(metres / (t.speed_kmh / 3.6), 1500.0) + 300;
  }
};

// Lays each plan's visits over the horizon at its frequency: occurrence k is due on
// start_day + round(k * 7 / per_week), and may move up to half its interval either way.
void generate_visits(Builder& b) {
  for (size_t pi = 0; pi < b.plans.size(); ++pi) {
    const PlanInput& p = b.plans[pi];
    if (!(p.visits_per_week > 0)) continue;
    auto emit = [&](int k, int due) {
      PlannedVisit v;
      v.id = "p" + std::to_string(p.id) + "-" + std::to_string(k);
      if (b.skip.count(v.id)) return;
      v.plan_id = p.id;
      v.person_id = p.person_id;
      v.facility_id = p.facility_id;
      v.occurrence = k;
      v.due_day = due;
      b.out.visits.push_back(std::move(v));
      b.plan_of_visit.push_back(static_cast<int>(pi));
    };
    if (p.occurrence >= 0) {
      if (p.start_day >= 0 && p.start_day < b.horizon.days) emit(p.occurrence, p.start_day);
      continue;
    }
    const double interval = 7.0 / p.visits_per_week;
    const int first = std::max(0, p.start_day);
    const int last = std::min(b.horizon.days, p.end_day);
    int k = p.start_day >= 0 ? 0 : static_cast<int>(std::ceil(-p.start_day / interval));
    for (;; ++k) {
      const int due = p.start_day + static_cast<int>(std::lround(k * interval));
      if (due >= last) break;
      if (due < first) continue;
      emit(k, due);
    }
  }
}

// Every (day, team) a visit could go to, or the reason there is none.
void find_candidates(Builder& b) {
  b.candidates.assign(b.out.visits.size(), {});
  for (size_t vi = 0; vi < b.out.visits.size(); ++vi) {
    PlannedVisit& v = b.out.visits[vi];
    const PlanInput& p = b.plans[b.plan_of_visit[vi]];
    const auto it = b.teams_of_facility.find(p.facility_id);
    if (it == b.teams_of_facility.end()) {
      v.reason = "no_team";
      continue;
    }
    bool any_members = false, any_skill = false, any_shift = false, any_window = false;
    const double interval = 7.0 / p.visits_per_week;
    // At least a day either way, so a visit due on a Sunday can move to Saturday or Monday.
    int slack = std::max(1, static_cast<int>(std::floor((interval - 1) / 2)));
    if ((p.priority == Priority::kUrgent && v.occurrence == 0) || p.occurrence >= 0) slack = 0;
    const int lo = std::max({0, v.due_day - slack, p.start_day});
    const int hi = std::min({b.horizon.days - 1, v.due_day + slack, p.end_day - 1});
    std::vector<Candidate> preferred, other;
    for (int ti : it->second) {
      const TeamInput& t = b.teams[ti];
      if (t.members.empty()) continue;
      any_members = true;
      if ((p.skills & ~t.skills()) != 0) continue;
      any_skill = true;
      for (int d = lo; d <= hi; ++d) {
        if (!works_on(t, b.weekday(d))) continue;
        any_shift = true;
        if (!overlaps_shift(windows_on(p, &t, b.horizon, d), t, p.duration_s)) continue;
        any_window = true;
        ((p.weekdays >> b.weekday(d)) & 1 ? preferred : other).push_back({d, ti});
      }
    }
    // Preferred days are soft: other days only when none of them works.
    b.candidates[vi] = preferred.empty() ? other : preferred;
    if (!b.candidates[vi].empty()) continue;
    if (!any_members) {
      v.reason = "team_without_members";
    } else if (!any_skill) {
      v.reason = "no_skill";
    } else if (!any_shift) {
      v.reason = "no_skill_on_duty";
    } else if (!any_window) {
      v.reason = (lo == 0 && b.horizon.now_s >= 0) ? "window_passed" : "window_outside_shift";
    }
  }
}

struct Load {
  double seconds = 0;
  int visits = 0;
};

// Gives each placeable visit a day and a preferred team (stage 1).
void assign_days(Builder& b, const std::vector<Pin>& pins) {
  const size_t n = b.out.visits.size();
  b.team_of_visit.assign(n, -1);
  std::map<std::pair<int, int>, Load> load;             // (team, day)
  std::map<std::pair<int, int>, bool> plan_day_taken;   // (plan, day)
  std::vector<int64_t> chosen_team(b.plans.size(), 0);  // first team given to each plan
  for (size_t pi = 0; pi < b.plans.size(); ++pi) {
    if (b.plans[pi].usual_team && b.team_index.count(b.plans[pi].usual_team)) {
      chosen_team[pi] = b.plans[pi].usual_team;
    }
  }
  std::unordered_map<std::string, const Pin*> pin_of;
  for (const auto& pin : pins) pin_of[pin.visit] = &pin;

  auto take = [&](size_t vi, int day, int ti) {
    const PlanInput& p = b.plans[b.plan_of_visit[vi]];
    b.out.visits[vi].day = day;
    b.team_of_visit[vi] = ti;
    Load& l = load[{ti, day}];
    l.seconds += p.duration_s + b.travel_estimate(p, b.teams[ti]);
    ++l.visits;
    plan_day_taken[{b.plan_of_visit[vi], day}] = true;
    if (!chosen_team[b.plan_of_visit[vi]]) chosen_team[b.plan_of_visit[vi]] = b.teams[ti].id;
  };

  std::vector<size_t> order;
  for (size_t vi = 0; vi < n; ++vi) {
    const auto pin = pin_of.find(b.out.visits[vi].id);
    if (pin != pin_of.end()) {
      const auto t = b.team_index.find(pin->second->team);
      if (t == b.team_index.end() || pin->second->day < 0 || pin->second->day >= b.horizon.days) {
        b.out.visits[vi].reason = "pin_infeasible";
        continue;
      }
      b.out.visits[vi].pinned = true;
      b.out.visits[vi].reason.clear();
      take(vi, pin->second->day, t->second);
      continue;
    }
    if (!b.candidates[vi].empty()) order.push_back(vi);
  }
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    const PlanInput& px = b.plans[b.plan_of_visit[x]];
    const PlanInput& py = b.plans[b.plan_of_visit[y]];
    if (px.priority != py.priority) return px.priority < py.priority;
    if (b.candidates[x].size() != b.candidates[y].size()) {
      return b.candidates[x].size() < b.candidates[y].size();
    }
    return b.out.visits[x].due_day < b.out.visits[y].due_day;
  });

  for (size_t vi : order) {
    const int pi = b.plan_of_visit[vi];
    const PlanInput& p = b.plans[pi];
    double best = routing::kInfinity;
    Candidate pick{-1, -1};
    for (const Candidate& c : b.candidates[vi]) {
      const TeamInput& t = b.teams[c.team];
      if (plan_day_taken.count({pi, c.day})) continue;
      const Load& l = load[{c.team, c.day}];
      const double capacity = (t.shift.end - t.shift.start) - t.break_s;
      const double need = p.duration_s + b.travel_estimate(p, t);
      if (l.visits >= t.max_visits || l.seconds + need > capacity) continue;
      double score = std::abs(c.day - b.out.visits[vi].due_day) * 600.0;
      if (chosen_team[pi] && chosen_team[pi] != t.id) score += b.options.continuity_cost_s;
      score += 1800 * (l.seconds + need) / capacity;
      if (plan_day_taken.count({pi, c.day - 1}) || plan_day_taken.count({pi, c.day + 1})) {
        score += 1800;
      }
      if (score < best) {
        best = score;
        pick = c;
      }
    }
    if (pick.day < 0) {
      b.out.visits[vi].reason = "no_capacity";
      continue;
    }
    take(vi, pick.day, pick.team);
  }
}

// The schedule of a route replayed as the checker does (earliest start, breaks where the team
// is); false when a window, break or the shift end is missed.
bool schedule(const Problem& p, Route& route) {
  const routing::Vehicle& v = p.vehicles[route.vehicle];
  double t = v.shift.start;
  int loc = v.start;
  route.travel_cost = 0;
  route.travel_time = 0;
  route.waiting_time = 0;
  auto earliest = [](const std::vector<routing::TimeWindow>& ws, double at) {
    if (ws.empty()) return at;
    for (const auto& w : ws) {
      if (at <= w.end + kEps) return std::max(at, w.start);
    }
    return -1.0;
  };
  auto& steps = route.steps;
  steps.front() = Step{StepKind::kStart, -1, t, t, t};
  for (size_t s = 1; s + 1 < steps.size(); ++s) {
    Step& step = steps[s];
    if (step.kind == StepKind::kBreak) {
      const routing::Break& br = v.breaks[step.index];
      const double st = earliest(br.windows, t);
      if (st < 0) return false;
      step.arrival = t;
      step.start = st;
      step.departure = st + br.service;
      t = step.departure;
      continue;
    }
    const routing::Task& task = p.tasks[step.index];
    const double travel = loc >= 0 ? p.duration(loc, task.location) / v.speed_factor : 0;
    if (loc >= 0) route.travel_cost += p.cost(loc, task.location);
    route.travel_time += travel;
    const double arrival = t + travel;
    const double st = earliest(task.windows, arrival);
    if (st < 0) return false;
    route.waiting_time += st - arrival;
    step.arrival = arrival;
    step.start = st;
    step.departure = st + task.service;
    t = step.departure;
    loc = task.location;
  }
  if (v.end >= 0 && loc >= 0) {
    const double travel = p.duration(loc, v.end) / v.speed_factor;
    route.travel_cost += p.cost(loc, v.end);
    route.travel_time += travel;
    t += travel;
  }
  steps.back() = Step{StepKind::kEnd, -1, t, t, t};
  return t <= v.shift.end + kEps;
}

// Travel, fixed, preference and unassigned costs summed as the checker does.
void total_up(const Problem& p, Solution& sol) {
  const double base = routing::unassigned_base_cost(p);
  sol.travel_cost = 0;
  sol.total_cost = 0;
  for (const Route& r : sol.routes) {
    sol.travel_cost += r.travel_cost;
    sol.total_cost += r.travel_cost + p.vehicles[r.vehicle].fixed_cost;
    for (const Step& s : r.steps) {
      if (s.kind != StepKind::kTask) continue;
      const routing::Task& t = p.tasks[s.index];
      if (t.preferred_vehicle >= 0 && t.preferred_vehicle != r.vehicle) {
        sol.total_cost += t.preference_cost;
      }
    }
  }
  for (const auto& u : sol.unassigned)
    sol.total_cost += routing::unassigned_penalty(p, base, u.task);
  sol.vehicles = static_cast<int>(sol.routes.size());
}

routing::Vehicle vehicle_of(const TeamInput& t, int index) {
  routing::Vehicle veh;
  veh.id = "team-" + std::to_string(t.id);
  veh.start = 0;
  veh.end = 0;
  veh.shift = {double(t.shift.start), double(t.shift.end)};
  veh.skills = t.skills() | (index < 32 ? uint64_t{1} << (kPinBit + index) : 0);
  veh.speed_factor = t.speed_kmh / kReferenceKmh;
  veh.max_tasks = t.max_visits;
  if (t.break_s > 0) {
    veh.breaks.push_back({"istirahat",
                          {{double(t.break_window.start), double(t.break_window.end)}},
                          double(t.break_s)});
  }
  return veh;
}

routing::Task task_of(const PlanInput& p, const PlannedVisit& v, const Horizon& h,
                      const TeamInput& any_team, int location) {
  routing::Task task;
  task.id = v.id;
  task.location = location;
  task.service = p.duration_s;
  task.windows = windows_on(p, &any_team, h, v.day);
  task.skills = p.skills;
  task.priority = routing_priority(p.priority);
  return task;
}

Status fill_matrix(DayBlock& block, double detour) {
  routing::HaversineSource source(detour, kReferenceKmh / 3.6);
  auto m = source.matrices(block.points);
  if (!m) return m.error();
  block.problem.locations = m->size;
  block.problem.durations = std::move(m->durations);
  return {};
}

// Copies a block's solution into the visits' day, team, order and times.
void read_block(Plan& plan, const DayBlock& block) {
  for (int vi : block.visit_of_task) {
    PlannedVisit& v = plan.visits[vi];
    if (v.cancelled) continue;
    v.team = 0;
    v.order = 0;
  }
  for (const Route& r : block.solution.routes) {
    int order = 0;
    for (const Step& s : r.steps) {
      if (s.kind != StepKind::kTask) continue;
      PlannedVisit& v = plan.visits[block.visit_of_task[s.index]];
      v.day = block.day;
      v.team = block.team_of_vehicle[r.vehicle];
      v.order = ++order;
      v.arrival = s.arrival;
      v.start = s.start;
      v.departure = s.departure;
      v.reason.clear();
    }
  }
  for (const auto& u : block.solution.unassigned) {
    PlannedVisit& v = plan.visits[block.visit_of_task[u.task]];
    if (v.cancelled) continue;
    v.day = -1;
    v.team = 0;
    if (u.reason == "skills") {
      v.reason = v.pinned ? "pin_infeasible" : "no_skill_on_duty";
    } else if (u.reason == "time_window") {
      v.reason = "window_outside_shift";
    } else {
      v.reason = "no_capacity";
    }
  }
}

void rebuild_routes(Plan& plan) {
  plan.routes.clear();
  plan.assigned = 0;
  for (const DayBlock& block : plan.blocks) {
    for (const Route& r : block.solution.routes) {
      TeamRoute tr;
      tr.team = block.team_of_vehicle[r.vehicle];
      tr.day = block.day;
      tr.travel_s = r.travel_time;
      for (const Step& s : r.steps) {
        if (s.kind == StepKind::kTask) {
          tr.stops.push_back(block.visit_of_task[s.index]);
          tr.care_s += s.departure - s.start;
        } else if (s.kind == StepKind::kBreak) {
          tr.break_start = s.start;
        }
      }
      plan.assigned += static_cast<int>(tr.stops.size());
      plan.routes.push_back(std::move(tr));
    }
  }
  std::sort(plan.routes.begin(), plan.routes.end(), [](const TeamRoute& a, const TeamRoute& b) {
    return std::tie(a.day, a.team) < std::tie(b.day, b.team);
  });
}

// Continuity: placed visits served by their plan's usual team (given, or else the team that
// serves most of the plan's visits in this plan).
void measure_continuity(Plan& plan, const std::vector<PlanInput>& plans) {
  std::unordered_map<int64_t, int64_t> usual;
  for (const auto& p : plans) {
    if (p.usual_team) usual[p.id] = p.usual_team;
  }
  std::map<std::pair<int64_t, int64_t>, int> counts;  // (plan, team)
  for (const auto& v : plan.visits) {
    if (v.team) ++counts[{v.plan_id, v.team}];
  }
  std::unordered_map<int64_t, int> best_count;
  for (const auto& [key, c] : counts) {
    if (usual.count(key.first) && best_count.count(key.first)) continue;
    if (c > best_count[key.first]) {
      best_count[key.first] = c;
      if (!usual.count(key.first) || usual[key.first] == 0) usual[key.first] = key.second;
    }
  }
  int placed = 0, same = 0;
  for (const auto& v : plan.visits) {
    if (!v.team) continue;
    ++placed;
    same += v.team == usual[v.plan_id];
  }
  plan.continuity_pct = placed ? 100.0 * same / placed : 100.0;
}

}  // namespace

std::string_view priority_name(Priority p) {
  switch (p) {
    case Priority::kUrgent:
      return "urgent";
    case Priority::kWeek:
      return "week";
    case Priority::kRoutine:
      return "routine";
  }
  return "routine";
}

std::optional<Priority> parse_priority(std::string_view name) {
  if (name == "urgent") return Priority::kUrgent;
  if (name == "week") return Priority::kWeek;
  if (name == "routine") return Priority::kRoutine;
  return std::nullopt;
}

namespace {
constexpr std::pair<std::string_view, uint64_t> kSkills[] = {{"dokter", kSkillDokter},
                                                             {"bidan", kSkillBidan},
                                                             {"perawat", kSkillPerawat},
                                                             {"gizi", kSkillGizi},
                                                             {"fisioterapis", kSkillFisioterapis}};
}

std::optional<uint64_t> parse_skill(std::string_view name) {
  for (const auto& [n, bit] : kSkills) {
    if (n == name) return bit;
  }
  return std::nullopt;
}

std::vector<std::string> skill_names(uint64_t skills) {
  std::vector<std::string> out;
  for (const auto& [n, bit] : kSkills) {
    if (skills & bit) out.emplace_back(n);
  }
  return out;
}

uint64_t TeamInput::skills() const {
  uint64_t s = 0;
  for (const auto& m : members) s |= m.skills;
  return s;
}

Result<Plan> plan_visits(const std::vector<PlanInput>& plans, const std::vector<TeamInput>& teams,
                         const Horizon& horizon, const std::vector<Pin>& pins,
                         const PlannerOptions& options, const std::vector<std::string>& skip) {
  const double started = now_ms();
  if (horizon.days < 1 || horizon.days > 62) return Error::invalid("days", "must be 1 to 62");
  for (const auto& p : plans) {
    if (!(p.visits_per_week > 0) || p.visits_per_week > 7) {
      return Error::invalid("visits_per_week",
                            "plan " + std::to_string(p.id) + ": must be in (0, 7]");
    }
    if (p.duration_s <= 0) {
      return Error::invalid("duration", "plan " + std::to_string(p.id) + ": must be positive");
    }
  }
  Plan plan;
  Builder b{plans, teams, horizon, options, plan, {}, {}, {}, {}, {}, {}};
  b.skip.insert(skip.begin(), skip.end());
  for (size_t ti = 0; ti < teams.size(); ++ti) {
    b.team_index[teams[ti].id] = static_cast<int>(ti);
    b.teams_of_facility[teams[ti].facility_id].push_back(static_cast<int>(ti));
  }
  generate_visits(b);
  find_candidates(b);
  assign_days(b, pins);

  // Stage 2: one routing problem per puskesmas-day.
  std::map<std::pair<int64_t, int>, std::vector<int>> groups;
  for (size_t vi = 0; vi < plan.visits.size(); ++vi) {
    if (plan.visits[vi].day >= 0) {
      groups[{plan.visits[vi].facility_id, plan.visits[vi].day}].push_back(static_cast<int>(vi));
    }
  }
  for (auto& [key, members] : groups) {
    DayBlock block;
    block.facility_id = key.first;
    block.day = key.second;
    const auto& team_ids = b.teams_of_facility[key.first];
    std::unordered_map<int, int> vehicle_of_team;
    for (int ti : team_ids) {
      const TeamInput& t = teams[ti];
      if (t.members.empty() || !works_on(t, b.weekday(block.day))) continue;
      vehicle_of_team[ti] = static_cast<int>(block.problem.vehicles.size());
      block.problem.vehicles.push_back(
          vehicle_of(t, static_cast<int>(block.team_of_vehicle.size())));
      block.team_of_vehicle.push_back(t.id);
    }
    const TeamInput& home = teams[team_ids.front()];
    block.points.push_back({home.lon, home.lat});
    for (int vi : members) {
      const PlanInput& p = plans[b.plan_of_visit[vi]];
      const int ti = b.team_of_visit[vi];
      block.points.push_back({p.lon, p.lat});
      routing::Task task = task_of(p, plan.visits[vi], horizon, teams[ti],
                                   static_cast<int>(block.points.size()) - 1);
      const auto veh = vehicle_of_team.find(ti);
      if (veh != vehicle_of_team.end()) {
        task.preferred_vehicle = veh->second;
        task.preference_cost = options.continuity_cost_s;
        if (plan.visits[vi].pinned) {
          task.skills |= veh->second < 32 ? uint64_t{1} << (kPinBit + veh->second) : 0;
        }
      } else if (plan.visits[vi].pinned) {
        task.skills |= uint64_t{1} << 63;  // the pinned team is off that day: nobody can take it
      }
      block.problem.add_task(std::move(task));
      block.visit_of_task.push_back(vi);
    }
    SK_TRY(fill_matrix(block, options.detour));
    if (block.problem.vehicles.empty()) {
      for (size_t t = 0; t < block.problem.tasks.size(); ++t) {
        block.solution.unassigned.push_back({static_cast<int>(t), "skills"});
      }
      total_up(block.problem, block.solution);
    } else {
      routing::SolveOptions so;
      so.time_limit_ms = std::min(options.ms_per_problem,
                                  20.0 + 8.0 * static_cast<double>(block.problem.tasks.size()));
      so.max_iterations = options.max_iterations;
      so.threads = options.threads;
      so.seed = options.seed;
      auto sol = routing::solve(block.problem, so);
      if (!sol) return sol.error();
      block.solution = std::move(*sol);
    }
    read_block(plan, block);
    plan.blocks.push_back(std::move(block));
  }
  rebuild_routes(plan);
  measure_continuity(plan, plans);
  plan.ms = now_ms() - started;
  return plan;
}

Status cancel_visit(Plan& plan, std::string_view visit_id) {
  const auto it = std::find_if(plan.visits.begin(), plan.visits.end(),
                               [&](const PlannedVisit& v) { return v.id == visit_id; });
  if (it == plan.visits.end()) return Error::not_found("visit " + std::string(visit_id));
  const int vi = static_cast<int>(it - plan.visits.begin());
  it->cancelled = true;
  it->reason = "cancelled";
  for (DayBlock& block : plan.blocks) {
    const auto t = std::find(block.visit_of_task.begin(), block.visit_of_task.end(), vi);
    if (t == block.visit_of_task.end()) continue;
    const int task = static_cast<int>(t - block.visit_of_task.begin());
    auto& routes = block.solution.routes;
    for (size_t r = 0; r < routes.size(); ++r) {
      auto& steps = routes[r].steps;
      const auto s = std::find_if(steps.begin(), steps.end(), [&](const Step& st) {
        return st.kind == StepKind::kTask && st.index == task;
      });
      if (s == steps.end()) continue;
      steps.erase(s);
      const bool empty = std::none_of(steps.begin(), steps.end(),
                                      [](const Step& st) { return st.kind == StepKind::kTask; });
      if (empty) {
        routes.erase(routes.begin() + static_cast<long>(r));
      } else if (!schedule(block.problem, routes[r])) {
        return Error::internal("a route became infeasible after removing a stop");
      }
      break;
    }
    auto& un = block.solution.unassigned;
    un.erase(std::remove_if(un.begin(), un.end(), [&](const auto& u) { return u.task == task; }),
             un.end());
    un.push_back({task, "cancelled"});
    total_up(block.problem, block.solution);
    read_block(plan, block);
    it->day = -1;
    it->team = 0;
    it->order = 0;
    break;
  }
  rebuild_routes(plan);
  return {};
}

Result<int> insert_visit(Plan& plan, const PlanInput& input, const std::vector<TeamInput>& teams,
                         int day, const PlannerOptions& options) {
  std::vector<const TeamInput*> own;
  for (const auto& t : teams) {
    if (t.facility_id == input.facility_id) own.push_back(&t);
  }
  PlannedVisit v;
  v.id = "p" + std::to_string(input.id) + "-0";
  v.plan_id = input.id;
  v.person_id = input.person_id;
  v.facility_id = input.facility_id;
  v.due_day = day;
  v.day = day;
  const int vi = static_cast<int>(plan.visits.size());
  plan.visits.push_back(v);
  if (own.empty()) {
    plan.visits[vi].day = -1;
    plan.visits[vi].reason = "no_team";
    return vi;
  }
  auto bit = std::find_if(plan.blocks.begin(), plan.blocks.end(), [&](const DayBlock& b) {
    return b.facility_id == input.facility_id && b.day == day;
  });
  if (bit == plan.blocks.end()) {
    // A day without visits yet for this puskesmas: an empty block with its teams on duty.
    DayBlock block;
    block.facility_id = input.facility_id;
    block.day = day;
    block.points.push_back({own.front()->lon, own.front()->lat});
    for (const TeamInput* t : own) {
      if (t->members.empty()) continue;
      block.problem.vehicles.push_back(
          vehicle_of(*t, static_cast<int>(block.team_of_vehicle.size())));
      block.team_of_vehicle.push_back(t->id);
    }
    plan.blocks.push_back(std::move(block));
    bit = plan.blocks.end() - 1;
  }
  DayBlock& block = *bit;
  block.points.push_back({input.lon, input.lat});
  SK_TRY(fill_matrix(block, options.detour));
  Horizon today;  // the day's windows as given
  routing::Task task = task_of(input, plan.visits[vi], today, *own.front(),
                               static_cast<int>(block.points.size()) - 1);
  const int task_index = block.problem.add_task(std::move(task));
  block.visit_of_task.push_back(vi);

  // Cheapest feasible insertion: every position of every route, and every idle team.
  double best = routing::kInfinity;
  Route best_route;
  int best_slot = -1;  // index in solution.routes, or -1 for a new route
  auto try_route = [&](Route candidate, int slot) {
    const double before = slot >= 0 ? block.solution.routes[slot].travel_cost : 0;
    for (size_t pos = 1; pos < candidate.steps.size(); ++pos) {
      Route r = candidate;
      r.steps.insert(r.steps.begin() + static_cast<long>(pos), Step{StepKind::kTask, task_index});
      if (static_cast<int>(std::count_if(r.steps.begin(), r.steps.end(), [](const Step& s) {
            return s.kind == StepKind::kTask;
          })) > block.problem.vehicles[r.vehicle].max_tasks) {
        return;
      }
      if ((block.problem.tasks[task_index].skills & ~block.problem.vehicles[r.vehicle].skills) != 0)
        return;
      if (!schedule(block.problem, r)) continue;
      const double added = r.travel_cost - before;
      if (added < best) {
        best = added;
        best_route = std::move(r);
        best_slot = slot;
      }
    }
  };
  std::vector<bool> used(block.problem.vehicles.size(), false);
  for (size_t r = 0; r < block.solution.routes.size(); ++r) {
    used[block.solution.routes[r].vehicle] = true;
    try_route(block.solution.routes[r], static_cast<int>(r));
  }
  for (size_t veh = 0; veh < used.size(); ++veh) {
    if (used[veh]) continue;
    Route r;
    r.vehicle = static_cast<int>(veh);
    r.steps.push_back(Step{StepKind::kStart});
    for (size_t br = 0; br < block.problem.vehicles[veh].breaks.size(); ++br) {
      r.steps.push_back(Step{StepKind::kBreak, static_cast<int>(br)});
    }
    r.steps.push_back(Step{StepKind::kEnd});
    try_route(r, -1);
  }
  if (best_route.steps.empty()) {
    block.solution.unassigned.push_back({task_index, "no_feasible_route"});
  } else if (best_slot >= 0) {
    block.solution.routes[best_slot] = std::move(best_route);
  } else {
    block.solution.routes.push_back(std::move(best_route));
  }
  total_up(block.problem, block.solution);
  read_block(plan, block);
  if (best_route.steps.empty() && block.problem.vehicles.empty()) {
    plan.visits[vi].reason = "team_without_members";
  }
  rebuild_routes(plan);
  return vi;
}

Status check_plan(const Plan& plan) {
  for (const DayBlock& block : plan.blocks) {
    const Status s = routing::check_solution(block.problem, block.solution);
    if (!s) {
      return Error::internal("puskesmas " + std::to_string(block.facility_id) + " day " +
                             std::to_string(block.day) + ": " + s.error().message);
    }
  }
  return {};
}

}  // namespace siklus::homecare
