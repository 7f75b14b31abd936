#include <gtest/gtest.h>

#include "routing/checker.h"
#include "routing/io/benchmark_files.h"
#include "routing/io/json_format.h"
#include "routing/solver.h"

namespace siklus::routing::io {
namespace {

TEST(IoTest, SolomonParsesAndReportsBadLines) {
  const std::string text =
      "T1\n\nVEHICLE\nNUMBER     CAPACITY\n  2   10\n\nCUSTOMER\nCUST NO. XCOORD.\n\n"
      "0 0 0 0 0 100 0\n1 3 4 2 0 50 1\n2 6 8 3 0 60 1\n";
  auto inst = parse_solomon(text, "t.txt");
  ASSERT_TRUE(inst) << inst.error().message;
  EXPECT_EQ(inst->problem.tasks.size(), 2u);
  EXPECT_EQ(inst->problem.vehicles.size(), 2u);
  EXPECT_DOUBLE_EQ(inst->problem.duration(0, 1), 5);
  auto bad = parse_solomon(text + "3 1 2 x 0 1 1\n", "t.txt");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "t.txt:13");
}

TEST(IoTest, LiLimPairsAndSolve) {
  const std::string text =
      "2 10 1\n0 0 0 0 0 500 0 0 0\n1 10 0 2 0 400 5 0 2\n2 20 0 -2 0 400 5 1 0\n"
      "3 0 10 3 0 400 5 0 4\n4 0 20 -3 0 400 5 3 0\n";
  auto inst = parse_li_lim(text, "p.txt");
  ASSERT_TRUE(inst) << inst.error().message;
  ASSERT_EQ(inst->problem.tasks.size(), 4u);
  EXPECT_EQ(inst->problem.tasks[0].kind, TaskKind::kPickup);
  EXPECT_EQ(inst->problem.tasks[1].sibling, 0);
  SolveOptions o;
  o.time_limit_ms = 50;
  auto sol = solve(inst->problem, o);
  ASSERT_TRUE(sol);
  EXPECT_TRUE(check_solution(inst->problem, *sol));
  EXPECT_TRUE(sol->unassigned.empty());
  auto broken = parse_li_lim("2 10 1\n0 0 0 0 0 500 0 0 0\n1 10 0 2 0 400 5 0 7\n", "p.txt");
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().field, "p.txt:3");
}

TEST(IoTest, JsonProblemRoundTrip) {
  auto doc = nlohmann::json::parse(R"({
    "travel": {"source": "euclidean"},
    "locations": [[0, 0], [3, 4], [6, 8]],
    "vehicles": [{"id": "team-1", "start": 0, "end": 0, "shift": [0, 100],
                  "skills": ["nurse"], "capacity": [4],
                  "breaks": [{"id": "lunch", "windows": [[10, 40]], "duration": 5}]}],
    "jobs": [{"id": "visit-1", "location": 1, "service": 2, "windows": [[0, 50]],
              "skills": ["nurse"], "amount": [1]},
             {"id": "visit-2", "location": 2, "service": 2, "skills": ["doctor"]}],
    "shipments": [{"id": "trip-1", "amount": [1], "max_ride": 30,
                   "pickup": {"location": 2, "service": 1},
                   "delivery": {"location": 1, "service": 1}}]
  })");
  auto jp = parse_problem(doc);
  ASSERT_TRUE(jp) << jp.error().field << ": " << jp.error().message;
  EuclideanSource src(1);
  ASSERT_TRUE(attach_matrices(*jp, src));
  auto sol = solve(jp->problem, SolveOptions{.time_limit_ms = 50});
  ASSERT_TRUE(sol);
  ASSERT_TRUE(check_solution(jp->problem, *sol));
  auto out = solution_to_json(jp->problem, *sol);
  ASSERT_EQ(out["unassigned"].size(), 1u);
  EXPECT_EQ(out["unassigned"][0]["id"], "visit-2");
  EXPECT_EQ(out["unassigned"][0]["reason"], "skills");
  EXPECT_EQ(out["routes"][0]["vehicle"], "team-1");
}

TEST(IoTest, JsonErrorsNameTheField) {
  auto jp = parse_problem(nlohmann::json::parse(
      R"({"locations": [[0,0]], "vehicles": [{}], "jobs": [{"location": 0, "windows": [[5, 1]]}]})"));
  ASSERT_FALSE(jp);
  EXPECT_EQ(jp.error().field, "jobs[0].windows[0]");
  auto jp2 =
      parse_problem(nlohmann::json::parse(R"({"locations": [[0,0]], "vehicles": [{"start": 3}]})"));
  ASSERT_FALSE(jp2);
  EXPECT_EQ(jp2.error().field, "vehicles[0].start");
}

}  // namespace
}  // namespace siklus::routing::io
