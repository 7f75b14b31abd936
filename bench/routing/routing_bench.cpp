// Google Benchmark for the routing engine: a fixed iteration budget on a generated 100-task
// VRPTW, so the figure is time per ruin-and-recreate iteration.
#include <benchmark/benchmark.h>

#include "routing/solver.h"
#include "routing/travel.h"

namespace {
using namespace siklus::routing;

Problem make_problem(int tasks) {
  Problem p;
  std::vector<Coordinate> pts{{50, 50}};
  uint64_t s = 42;
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
    t.location = i + 1;
    t.service = 10;
    const double open = rnd() * 800;
    t.windows = {{open, open + 100}};
    t.amount = {1 + static_cast<int64_t>(rnd() * 20)};
    p.add_task(t);
  }
  for (int v = 0; v < tasks / 4; ++v) {
    Vehicle veh;
    veh.start = 0;
    veh.end = 0;
    veh.shift = {0, 1000};
    veh.capacity = {200};
    p.vehicles.push_back(veh);
  }
  return p;
}

void BM_SolveIterations(benchmark::State& state) {
  const Problem p = make_problem(static_cast<int>(state.range(0)));
  SolveOptions o;
  o.threads = 1;
  o.time_limit_ms = 1e9;
  o.max_iterations = 2000;
  for (auto _ : state) {
    auto sol = solve(p, o);
    benchmark::DoNotOptimize(sol);
  }
  state.SetItemsProcessed(state.iterations() * o.max_iterations);
}
BENCHMARK(BM_SolveIterations)->Arg(100)->Arg(400)->Unit(benchmark::kMillisecond);

}  // namespace
