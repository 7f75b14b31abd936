#include "routing/checker.h"

#include <gtest/gtest.h>

namespace siklus::routing {
namespace {

// A line: depot at 0, tasks at 10 and 20; travel time = distance.
Problem line_problem() {
  Problem p;
  p.locations = 3;
  p.durations = {0, 10, 20, 10, 0, 10, 20, 10, 0};
  p.dims = 1;
  Task a;
  a.id = "a";
  a.location = 1;
  a.service = 1;
  a.windows = {{0, 15}};
  a.amount = {3};
  p.add_task(a);
  Task b;
  b.id = "b";
  b.location = 2;
  b.windows = {{0, 100}};
  b.amount = {3};
  p.add_task(b);
  Vehicle v;
  v.id = "v";
  v.start = 0;
  v.end = 0;
  v.shift = {0, 100};
  v.capacity = {6};
  p.vehicles.push_back(v);
  return p;
}

Solution route_of(const std::vector<int>& tasks, double cost) {
  Solution s;
  Route r;
  r.vehicle = 0;
  r.steps.push_back({StepKind::kStart});
  for (int t : tasks) r.steps.push_back({StepKind::kTask, t});
  r.steps.push_back({StepKind::kEnd});
  r.travel_cost = cost;
  s.routes.push_back(r);
  s.travel_cost = cost;
  s.total_cost = cost;
  s.vehicles = 1;
  return s;
}

TEST(CheckerTest, AcceptsFeasibleRoute) {
  const Problem p = line_problem();
  EXPECT_TRUE(check_solution(p, route_of({0, 1}, 40)));
}

TEST(CheckerTest, RejectsLateArrival) {
  const Problem p = line_problem();
  // b first: a is reached at 30 > 15.
  auto st = check_solution(p, route_of({1, 0}, 40));
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("after its time windows"), std::string::npos);
}

TEST(CheckerTest, RejectsWrongCost) {
  const Problem p = line_problem();
  EXPECT_FALSE(check_solution(p, route_of({0, 1}, 39)));
}

TEST(CheckerTest, RejectsMissingTaskAndOverload) {
  Problem p = line_problem();
  EXPECT_FALSE(check_solution(p, route_of({0}, 20)));  // b neither served nor unassigned
  p.vehicles[0].capacity = {5};
  auto st = check_solution(p, route_of({0, 1}, 40));
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("capacity"), std::string::npos);
}

TEST(CheckerTest, RejectsDeliveryBeforePickupAndRideTime) {
  Problem p;
  p.locations = 3;
  p.durations = {0, 10, 20, 10, 0, 10, 20, 10, 0};
  p.dims = 1;
  Task pu;
  pu.id = "p";
  pu.location = 1;
  pu.amount = {1};
  Task de;
  de.id = "d";
  de.location = 2;
  de.max_ride = 5;
  p.add_pair(pu, de);
  Vehicle v;
  v.start = 0;
  v.end = 0;
  v.capacity = {1};
  p.vehicles.push_back(v);
  auto reversed = check_solution(p, route_of({1, 0}, 40));
  ASSERT_FALSE(reversed);
  auto ride = check_solution(p, route_of({0, 1}, 40));  // ride 10 > 5
  ASSERT_FALSE(ride);
  EXPECT_NE(ride.error().message.find("ride"), std::string::npos);
  p.tasks[1].max_ride = 10;
  EXPECT_TRUE(check_solution(p, route_of({0, 1}, 40)));
}

TEST(CheckerTest, RejectsMissingBreakAndSkills) {
  Problem p = line_problem();
  p.vehicles[0].breaks.push_back({"lunch", {{0, 50}}, 5});
  EXPECT_FALSE(check_solution(p, route_of({0, 1}, 40)));
  Solution s = route_of({0, 1}, 40);
  s.routes[0].steps.insert(s.routes[0].steps.begin() + 2, Step{StepKind::kBreak, 0});
  EXPECT_TRUE(check_solution(p, s));
  p.tasks[1].skills = 1;
  EXPECT_FALSE(check_solution(p, s));
}

}  // namespace
}  // namespace siklus::routing
