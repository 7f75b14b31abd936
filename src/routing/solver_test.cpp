#include "routing/solver.h"

#include <gtest/gtest.h>

#include <cmath>

#include "routing/checker.h"
#include "routing/travel.h"

namespace siklus::routing {
namespace {

// Tasks on a 10 x 10 grid around a central depot, with time windows and demand.
Problem grid_problem(int tasks, int vehicles, uint64_t seed) {
  Problem p;
  std::vector<Coordinate> pts{{50, 50}};
  uint64_t s = seed;
  auto rnd = [&s]() {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(s >> 33) / static_cast<double>(1ULL << 31);
  };
  for (int i = 0; i < tasks; ++i) pts.push_back({rnd() * 100, rnd() * 100});
  auto m = EuclideanSource(1).matrices(pts);
  p.locations = m->size;
  p.durations = m->durations;
  p.dims = 1;
  for (int i = 0; i < tasks; ++i) {
    Task t;
    t.id = std::to_string(i + 1);
    t.location = i + 1;
    t.service = 10;
    const double open = rnd() * 600;
    t.windows = {{open, open + 120}};
    t.amount = {1 + static_cast<int64_t>(rnd() * 9)};
    p.add_task(t);
  }
  for (int v = 0; v < vehicles; ++v) {
    Vehicle veh;
    veh.id = "v" + std::to_string(v);
    veh.start = 0;
    veh.end = 0;
    veh.shift = {0, 1000};
    veh.capacity = {60};
    p.vehicles.push_back(veh);
  }
  return p;
}

TEST(SolverTest, GridProblemFeasibleAndComplete) {
  const Problem p = grid_problem(60, 15, 7);
  SolveOptions o;
  o.time_limit_ms = 300;
  auto sol = solve(p, o);
  ASSERT_TRUE(sol);
  ASSERT_TRUE(check_solution(p, *sol)) << check_solution(p, *sol).error().message;
  EXPECT_TRUE(sol->unassigned.empty());
  EXPECT_LE(sol->ms, 2000);
}

TEST(SolverTest, DeterministicForSeedWithIterationLimit) {
  const Problem p = grid_problem(40, 10, 3);
  SolveOptions o;
  o.time_limit_ms = 60000;
  o.max_iterations = 300;
  o.seed = 5;
  auto a = solve(p, o);
  auto b = solve(p, o);
  ASSERT_TRUE(a && b);
  EXPECT_TRUE(check_solution(p, *a));
  EXPECT_EQ(a->travel_cost, b->travel_cost);
  ASSERT_EQ(a->routes.size(), b->routes.size());
  for (size_t r = 0; r < a->routes.size(); ++r) {
    ASSERT_EQ(a->routes[r].steps.size(), b->routes[r].steps.size());
    for (size_t k = 0; k < a->routes[r].steps.size(); ++k) {
      EXPECT_EQ(a->routes[r].steps[k].index, b->routes[r].steps[k].index);
    }
  }
}

TEST(SolverTest, SearchImprovesOnConstruction) {
  const Problem p = grid_problem(60, 15, 11);
  SolveOptions o;
  o.time_limit_ms = 60000;
  o.max_iterations = 1;
  o.threads = 1;
  auto first = solve(p, o);
  o.max_iterations = 3000;
  auto later = solve(p, o);
  ASSERT_TRUE(first && later);
  EXPECT_LT(later->travel_cost, first->travel_cost);
  EXPECT_TRUE(check_solution(p, *later));
}

TEST(SolverTest, UnservableTasksCarryReasons) {
  Problem p = grid_problem(5, 2, 1);
  p.tasks[0].skills = 4;          // nobody has skill 2
  p.tasks[1].amount = {1000};     // larger than any vehicle
  p.tasks[2].windows = {{0, 1}};  // unreachable from the depot in time
  SolveOptions o;
  o.time_limit_ms = 100;
  auto sol = solve(p, o);
  ASSERT_TRUE(sol);
  ASSERT_TRUE(check_solution(p, *sol));
  ASSERT_EQ(sol->unassigned.size(), 3u);
  EXPECT_EQ(sol->unassigned[0].reason, "skills");
  EXPECT_EQ(sol->unassigned[1].reason, "capacity");
  EXPECT_EQ(sol->unassigned[2].reason, "time_window");
}

TEST(SolverTest, PairsBreaksRideTimeAndPreference) {
  Problem p = grid_problem(0, 0, 1);
  std::vector<Coordinate> pts{{0, 0}};
  for (int i = 0; i < 20; ++i)
    pts.push_back({static_cast<double>(i * 7 % 50), static_cast<double>(i * 13 % 40)});
  auto m = EuclideanSource(1).matrices(pts);
  p.locations = m->size;
  p.durations = m->durations;
  for (int i = 0; i < 10; ++i) {
    Task pu;
    pu.id = "p" + std::to_string(i);
    pu.location = 1 + 2 * i;
    pu.service = 5;
    pu.amount = {1};
    Task de;
    de.id = "d" + std::to_string(i);
    de.location = 2 + 2 * i;
    de.service = 5;
    de.max_ride = 120;
    p.add_pair(pu, de);
  }
  for (int v = 0; v < 3; ++v) {
    Vehicle veh;
    veh.id = "v" + std::to_string(v);
    veh.start = 0;
    veh.end = 0;
    veh.shift = {0, 2000};
    veh.capacity = {2};
    veh.breaks.push_back({"lunch", {{100, 200}}, 30});
    p.vehicles.push_back(veh);
  }
  p.tasks[0].preferred_vehicle = 2;
  p.tasks[0].preference_cost = 1000;
  SolveOptions o;
  o.time_limit_ms = 300;
  auto sol = solve(p, o);
  ASSERT_TRUE(sol);
  auto ok = check_solution(p, *sol);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_TRUE(sol->unassigned.empty());
  for (const auto& r : sol->routes) {
    for (const auto& s : r.steps) {
      if (s.kind == StepKind::kTask && s.index == 0) {
        EXPECT_EQ(r.vehicle, 2);
      }
    }
  }
}

TEST(SolverTest, MultipleWindowsOpenRoutesWorkingTimeAndSpeed) {
  Problem p = grid_problem(30, 6, 21);
  for (size_t i = 0; i < p.tasks.size(); ++i) {
    // Morning or afternoon visits.
    p.tasks[i].windows = {{0, 200}, {500, 700}};
    p.tasks[i].amount.clear();
  }
  for (size_t v = 0; v < p.vehicles.size(); ++v) {
    p.vehicles[v].end = -1;  // open routes: the day ends at the last visit
    p.vehicles[v].speed_factor = v % 2 ? 0.5 : 2.0;
    p.vehicles[v].max_working_time = 400;
    p.vehicles[v].max_tasks = 6;
  }
  SolveOptions o;
  o.time_limit_ms = 300;
  auto sol = solve(p, o);
  ASSERT_TRUE(sol);
  auto ok = check_solution(p, *sol);
  ASSERT_TRUE(ok) << ok.error().message;
  int served = 0;
  for (const auto& r : sol->routes) {
    EXPECT_LE(r.steps.size(), 8u);  // start + at most 6 tasks + end
    for (const auto& s : r.steps) served += s.kind == StepKind::kTask;
  }
  EXPECT_EQ(served + static_cast<int>(sol->unassigned.size()), 30);
  EXPECT_GT(served, 20);
}

TEST(SolverTest, HonoursTimeLimit) {
  const Problem p = grid_problem(200, 40, 9);
  SolveOptions o;
  o.time_limit_ms = 150;
  auto sol = solve(p, o);
  ASSERT_TRUE(sol);
  // Generous: six people share two cores. A solver ignoring the limit would never return.
  EXPECT_LE(sol->ms, 1500);
  EXPECT_TRUE(check_solution(p, *sol));
}

}  // namespace
}  // namespace siklus::routing
