#include "homecare/planner.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "homecare/demo.h"

namespace siklus::homecare {
namespace {

constexpr double kLon = 110.2177, kLat = -7.4797;  // a puskesmas in Kota Magelang

TeamInput team(int64_t id, std::vector<uint64_t> skills) {
  TeamInput t;
  t.id = id;
  t.facility_id = 1;
  t.name = "Tim " + std::to_string(id);
  t.lon = kLon;
  t.lat = kLat;
  int64_t staff = id * 10;
  for (uint64_t s : skills) t.members.push_back({staff++, s});
  return t;
}

PlanInput plan(int64_t id, uint64_t skills, double per_week, double dx = 0.005) {
  PlanInput p;
  p.id = id;
  p.person_id = 100 + id;
  p.facility_id = 1;
  p.lon = kLon + dx * static_cast<double>(id % 5);
  p.lat = kLat + dx * static_cast<double>(id % 3);
  p.visits_per_week = per_week;
  p.skills = skills;
  p.duration_s = 1800;
  return p;
}

PlannerOptions quick() {
  PlannerOptions o;
  o.max_iterations = 2000;
  o.ms_per_problem = 200;
  return o;
}

const PlannedVisit* find(const Plan& p, const std::string& id) {
  for (const auto& v : p.visits) {
    if (v.id == id) return &v;
  }
  return nullptr;
}

TEST(PlannerTest, MatchesSkillsSpreadsVisitsAndPassesTheChecker) {
  const std::vector<TeamInput> teams{team(1, {kSkillPerawat}), team(2, {kSkillBidan})};
  const std::vector<PlanInput> plans{plan(1, kSkillBidan, 2), plan(2, kSkillPerawat, 1),
                                     plan(3, kSkillPerawat, 3)};
  auto p = plan_visits(plans, teams, Horizon{7, 0, -1}, {}, quick());
  ASSERT_TRUE(p) << p.error().message;
  ASSERT_TRUE(check_plan(*p)) << check_plan(*p).error().message;
  EXPECT_EQ(p->visits.size(), 2u + 1u + 3u);
  EXPECT_EQ(p->assigned, 6);
  std::map<int64_t, std::vector<int>> days;
  for (const auto& v : p->visits) {
    EXPECT_TRUE(v.reason.empty()) << v.id << ": " << v.reason;
    EXPECT_EQ(v.team, v.plan_id == 1 ? 2 : 1) << v.id;  // the bidan visit goes to the bidan team
    days[v.plan_id].push_back(v.day);
  }
  // Twice a week lands at least two days apart; three times a week on three different days.
  ASSERT_EQ(days[1].size(), 2u);
  EXPECT_GE(std::abs(days[1][0] - days[1][1]), 2);
  EXPECT_EQ(std::set<int>(days[3].begin(), days[3].end()).size(), 3u);
  // Sunday (day 6 from a Monday) is nobody's working day.
  for (const auto& v : p->visits) EXPECT_NE(v.day, 6);
}

TEST(PlannerTest, UnplaceableVisitsCarryTheirReason) {
  std::vector<TeamInput> teams{team(1, {kSkillPerawat})};
  TeamInput empty = team(2, {});
  empty.facility_id = 2;
  teams.push_back(empty);
  std::vector<PlanInput> plans{plan(1, kSkillFisioterapis, 1)};
  PlanInput other = plan(2, kSkillPerawat, 1);
  other.facility_id = 2;  // only a team without members there
  plans.push_back(other);
  PlanInput passed = plan(3, kSkillPerawat, 1);
  passed.priority = Priority::kUrgent;  // must be today, but its window closed at 10:00
  passed.windows = {{8 * 3600, 10 * 3600}};
  plans.push_back(passed);
  PlanInput nobody = plan(4, kSkillPerawat, 1);
  nobody.facility_id = 9;
  plans.push_back(nobody);
  auto p = plan_visits(plans, teams, Horizon{7, 0, 11 * 3600}, {}, quick());
  ASSERT_TRUE(p);
  ASSERT_TRUE(check_plan(*p));
  EXPECT_EQ(find(*p, "p1-0")->reason, "no_skill");
  EXPECT_EQ(find(*p, "p2-0")->reason, "team_without_members");
  EXPECT_EQ(find(*p, "p3-0")->reason, "window_passed");
  EXPECT_EQ(find(*p, "p4-0")->reason, "no_team");
  EXPECT_EQ(p->assigned, 0);
}

TEST(PlannerTest, NoSkillOnDutyWhenTheOnlyTeamIsOff) {
  TeamInput t = team(1, {kSkillBidan});
  t.workdays = 0b1000000;  // Sundays only
  const std::vector<PlanInput> plans{plan(1, kSkillBidan, 7)};
  auto p = plan_visits(plans, {t}, Horizon{3, 0, -1}, {}, quick());
  ASSERT_TRUE(p);
  for (const auto& v : p->visits) EXPECT_EQ(v.reason, "no_skill_on_duty");
}

TEST(PlannerTest, KeepsTheUsualTeamAndHonoursPins) {
  const std::vector<TeamInput> teams{team(1, {kSkillPerawat}), team(2, {kSkillPerawat})};
  std::vector<PlanInput> plans;
  for (int i = 1; i <= 8; ++i) {
    plans.push_back(plan(i, kSkillPerawat, 1));
    plans.back().usual_team = i % 2 ? 1 : 2;
  }
  const std::vector<Pin> pins{{"p1-0", 2, 4}};
  auto p = plan_visits(plans, teams, Horizon{7, 0, -1}, pins, quick());
  ASSERT_TRUE(p);
  ASSERT_TRUE(check_plan(*p)) << check_plan(*p).error().message;
  const PlannedVisit* pinned = find(*p, "p1-0");
  EXPECT_EQ(pinned->team, 2);
  EXPECT_EQ(pinned->day, 4);
  EXPECT_TRUE(pinned->pinned);
  for (const auto& v : p->visits) {
    if (v.id != "p1-0") {
      EXPECT_EQ(v.team, v.plan_id % 2 ? 1 : 2) << v.id;
    }
  }
  EXPECT_GE(p->continuity_pct, 85);
}

TEST(PlannerTest, UrgentVisitsGoFirstWhenTheDayIsFull) {
  TeamInput t = team(1, {kSkillPerawat});
  t.max_visits = 2;
  std::vector<PlanInput> plans;
  for (int i = 1; i <= 3; ++i) {
    plans.push_back(plan(i, kSkillPerawat, 1));
    plans.back().start_day = 0;
    plans.back().end_day = 1;
  }
  plans[2].priority = Priority::kUrgent;
  auto p = plan_visits(plans, {t}, Horizon{1, 0, -1}, {}, quick());
  ASSERT_TRUE(p);
  EXPECT_EQ(find(*p, "p3-0")->team, 1);
  EXPECT_EQ(p->assigned, 2);
}

TEST(PlannerTest, CancellationAndInsertionTouchOnlyTheirDay) {
  const std::vector<TeamInput> teams{team(1, {kSkillPerawat}), team(2, {kSkillPerawat})};
  std::vector<PlanInput> plans;
  for (int i = 1; i <= 12; ++i) plans.push_back(plan(i, kSkillPerawat, 2));
  auto p = plan_visits(plans, teams, Horizon{7, 0, -1}, {}, quick());
  ASSERT_TRUE(p);
  Plan before = *p;
  const PlannedVisit victim = p->visits[0];
  ASSERT_GE(victim.day, 0);
  ASSERT_TRUE(cancel_visit(*p, victim.id));
  ASSERT_TRUE(check_plan(*p)) << check_plan(*p).error().message;
  EXPECT_TRUE(find(*p, victim.id)->cancelled);
  for (size_t i = 1; i < before.visits.size(); ++i) {
    const auto& a = before.visits[i];
    const auto& b = p->visits[i];
    EXPECT_EQ(a.day, b.day);
    EXPECT_EQ(a.team, b.team);
    if (a.team == victim.team && a.day == victim.day && a.order > victim.order) {
      EXPECT_EQ(b.order, a.order - 1);
    } else {
      EXPECT_EQ(a.order, b.order);
    }
  }
  EXPECT_FALSE(cancel_visit(*p, "p999-0"));

  PlanInput urgent = plan(50, kSkillPerawat, 1);
  urgent.priority = Priority::kUrgent;
  auto vi = insert_visit(*p, urgent, teams, victim.day, quick());
  ASSERT_TRUE(vi);
  ASSERT_TRUE(check_plan(*p)) << check_plan(*p).error().message;
  EXPECT_EQ(p->visits[*vi].day, victim.day);
  EXPECT_NE(p->visits[*vi].team, 0);
  for (size_t i = 1; i < before.visits.size(); ++i) {
    EXPECT_EQ(before.visits[i].team, p->visits[i].team);
    EXPECT_EQ(before.visits[i].day, p->visits[i].day);
  }
}

TEST(PlannerTest, DemoProgrammeOfTwoPuskesmasIsFeasible) {
  std::vector<DemoPuskesmas> pk{{1, "PKM A", kLon, kLat, 40000, {}},
                                {2, "PKM B", kLon + 0.03, kLat - 0.02, 30000, {}}};
  const DemoHomecare demo = generate_demo(pk, 7);
  EXPECT_EQ(demo.plans.size(), 70u);
  std::vector<PlanInput> plans;
  std::vector<TeamInput> teams;
  for (const auto& d : demo.plans) plans.push_back(d.plan);
  for (const auto& t : demo.teams) teams.push_back(t.team);
  auto p = plan_visits(plans, teams, Horizon{7, 0, -1}, {}, quick());
  ASSERT_TRUE(p);
  ASSERT_TRUE(check_plan(*p)) << check_plan(*p).error().message;
  EXPECT_GT(p->assigned, 0);
  EXPECT_GE(p->continuity_pct, 80);
}

}  // namespace
}  // namespace siklus::homecare
