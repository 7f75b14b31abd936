#include <gtest/gtest.h>

#include <chrono>

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

// Issue 8: a vehicle count of 2147483647 (or 1e9) grew memory without bound and ignored the time
// limit; an identical fleet is capped at what the tasks can use, and the solve keeps its limit.
TEST(IoTest, HugeVehicleCountsAreCappedAndSolveInTime) {
  for (const char* count : {"2147483647", "1000000000", "1e9"}) {
    const std::string text = std::string("T\nVEHICLE\nNUMBER CAPACITY\n") + count +
                             " 10\nCUSTOMER\nCUST NO.\n0 0 0 0 0 100 0\n1 3 4 2 0 50 1\n"
                             "2 6 8 3 0 60 1\n";
    auto inst = parse_solomon(text, "t.txt");
    ASSERT_TRUE(inst) << inst.error().message;
    EXPECT_EQ(inst->problem.vehicles.size(), 2u) << count;
    const auto t0 = std::chrono::steady_clock::now();
    auto sol = solve(inst->problem, SolveOptions{.time_limit_ms = 100});
    ASSERT_TRUE(sol);
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(2000));
  }
  auto li = parse_li_lim(
      "2147483647 10 1\n0 0 0 0 0 500 0 0 0\n1 10 0 2 0 400 5 0 2\n2 20 0 -2 0 400 5 1 0\n", "p");
  ASSERT_TRUE(li) << li.error().message;
  EXPECT_EQ(li->problem.vehicles.size(), 1u);
  // Past what a double holds exactly or at all: refused, never cast (it was UB, 0 routes).
  EXPECT_FALSE(parse_li_lim("1e400 10 1\n0 0 0 0 0 500 0 0 0\n", "p"));
  EXPECT_FALSE(parse_li_lim("2.5 10 1\n0 0 0 0 0 500 0 0 0\n", "p"));
}

// Issue 8: duplicate, negative and 10^9 customer numbers appeared in the output routes.
TEST(IoTest, CustomerNumbersAreUniqueNonNegativeAndBounded) {
  const std::string head =
      "T\nVEHICLE\nNUMBER CAPACITY\n2 10\nCUSTOMER\nCUST NO.\n0 0 0 0 0 100 0\n";
  struct Case {
    std::string row;
    std::string needle;
  };
  for (const Case& c :
       {Case{"1 3 4 2 0 50 1\n1 6 8 3 0 60 1\n", "already on line 8"},
        Case{"-5 3 4 2 0 50 1\n", "CUST NO."}, Case{"1000000000 3 4 2 0 50 1\n", "CUST NO."},
        Case{"1.5 3 4 2 0 50 1\n", "CUST NO."}, Case{"1 3 4 2 0 1e400 1\n", "t.txt:8"},
        Case{"1 1e300 4 2 0 50 1\n", "XCOORD."}}) {
    auto inst = parse_solomon(head + c.row, "t.txt");
    ASSERT_FALSE(inst) << c.row;
    EXPECT_NE((inst.error().field + " " + inst.error().message).find(c.needle), std::string::npos)
        << c.row << " -> " << inst.error().field << ": " << inst.error().message;
  }
  auto dup = parse_li_lim(
      "2 10 1\n0 0 0 0 0 500 0 0 0\n1 10 0 2 0 400 5 0 2\n1 20 0 -2 0 400 5 1 0\n", "p.txt");
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().field, "p.txt:4");
}

// Issue 8: 1e400 in a route JSON file aborted, with or without --json; so did invalid UTF-8.
TEST(IoTest, JsonDoorRefusesNonFiniteNumbersBadTextAndDuplicateIds) {
  const std::string base = R"({"locations": [[0,0],[1,1]], "vehicles": [{"start": 0}], "jobs": )";
  struct Case {
    std::string jobs;
    std::string field;
  };
  for (const Case& c :
       {Case{R"([{"location": 1, "service": 1e12}])", "p.json: jobs[0].service"},
        Case{R"([{"location": 1, "windows": [[0, -1e10]]}])", "p.json: jobs[0].windows[0][1]"},
        Case{"[{\"id\": \"a\\u0000\", \"location\": 1}]", "p.json: jobs[0].id"},
        Case{R"([{"id": 1, "location": 1}, {"id": 1, "location": 0}])", "p.json: jobs"},
        Case{R"([{"id": -3, "location": 1}])", "p.json: jobs[0].id"},
        Case{R"([{"id": [1], "location": 1}])", "p.json: jobs[0].id"}}) {
    auto jp = parse_problem_text(base + c.jobs + "}", "p.json");
    ASSERT_FALSE(jp) << c.jobs;
    EXPECT_EQ(jp.error().field, c.field) << c.jobs << ": " << jp.error().message;
  }
  for (const char* huge : {"1e400", "-1e400"}) {
    auto jp = parse_problem_text(base + R"([{"location": 1, "service": )" + huge + "}]}", "p.json");
    ASSERT_FALSE(jp);
    EXPECT_EQ(jp.error().field, "p.json");
    EXPECT_NE(jp.error().message.find("number overflow"), std::string::npos);
  }
  auto bad_utf8 = parse_problem_text(base + "[{\"id\": \"\xff\", \"location\": 1}]}", "p.json");
  ASSERT_FALSE(bad_utf8);
  EXPECT_EQ(bad_utf8.error().field, "p.json");
  auto url = parse_problem_text(
      R"({"travel": {"osrm_url": 5}, "locations": [[0,0]], "vehicles": []})", "p.json");
  ASSERT_FALSE(url);
  EXPECT_EQ(url.error().field, "p.json: travel.osrm_url");
  auto ok = parse_problem_text(base + R"([{"id": 7, "location": 1}]})", "p.json");
  ASSERT_TRUE(ok) << ok.error().field << ": " << ok.error().message;
}

TEST(IoTest, ProblemSizesAreBounded) {
  std::string locs = "[";
  for (int i = 0; i <= kMaxLocations; ++i) locs += std::string(i ? "," : "") + "[0,0]";
  auto jp = parse_problem_text(R"({"locations": )" + locs + R"(], "vehicles": []})", "p.json");
  ASSERT_FALSE(jp);
  EXPECT_EQ(jp.error().field, "p.json: locations");
}

}  // namespace
}  // namespace siklus::routing::io
