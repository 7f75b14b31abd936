// `siklus route solve`: the routing engine on a benchmark file (Solomon, Li & Lim) or on our JSON
// problem format (docs/routing.md). Every answer passes the independent checker before printing.

#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/command.h"
#include "routing/checker.h"
#include "routing/io/benchmark_files.h"
#include "routing/io/json_format.h"
#include "routing/osrm/osrm_source.h"
#include "routing/solver.h"
#include "routing/travel.h"

namespace siklus::cli {
namespace {

namespace rt = siklus::routing;

struct RouteSolveOptions {
  std::string file;
  std::string solomon;
  std::string li_lim;
  double time_limit_ms = 1000;
  uint64_t seed = 1;
  int threads = 2;
  long long iterations = 0;
  double vehicle_cost = -1;
  double start_temperature = -1;
  double end_temperature = -1;
};

using Clock = std::chrono::steady_clock;

// The time limit covers the whole command (reading, matrices, solving), not the search alone.
rt::SolveOptions solve_options(const RouteSolveOptions& o, Clock::time_point started) {
  rt::SolveOptions so;
  const double spent = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  so.time_limit_ms = std::max(1.0, o.time_limit_ms - spent);
  so.seed = o.seed;
  so.threads = o.threads;
  so.max_iterations = o.iterations;
  if (o.start_temperature > 0) so.start_temperature = o.start_temperature;
  if (o.end_temperature > 0) so.end_temperature = o.end_temperature;
  return so;
}

int solve_benchmark(CommandContext& ctx, const RouteSolveOptions& o) {
  const auto started = Clock::now();
  const bool solomon = !o.solomon.empty();
  const std::string& path = solomon ? o.solomon : o.li_lim;
  auto text = rt::io::read_file(path);
  if (!text) return fail(ctx, text.error());
  auto inst = solomon ? rt::io::parse_solomon(*text, path) : rt::io::parse_li_lim(*text, path);
  if (!inst) return fail(ctx, inst.error());
  // Li & Lim's best known solutions put vehicles first (a fleet of ambulances is what a city
  // pays for): by default each used vehicle costs kLiLimVehicleCost, about four average arcs of
  // those 100 x 100 instances, which saves 3 vehicles over the 56 while the distance stays below
  // the best known on average (docs/benchmarks.md). --vehicle-cost overrides it.
  constexpr double kLiLimVehicleCost = 200;
  const double vehicle_cost =
      o.vehicle_cost >= 0 ? o.vehicle_cost : (solomon ? -1 : kLiLimVehicleCost);
  if (vehicle_cost >= 0) {
    for (auto& v : inst->problem.vehicles) v.fixed_cost = vehicle_cost;
  }
  auto sol = rt::solve(inst->problem, solve_options(o, started));
  if (!sol) return fail(ctx, sol.error());
  const double total_ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  if (auto ok = rt::check_solution(inst->problem, *sol); !ok) {
    return fail(ctx, Error::internal("solver produced an infeasible solution: " + ok.error().field +
                                     ": " + ok.error().message));
  }
  nlohmann::json routes = nlohmann::json::array();
  for (const auto& r : sol->routes) {
    nlohmann::json seq = nlohmann::json::array();
    for (const auto& s : r.steps) {
      if (s.kind == rt::StepKind::kTask) seq.push_back(inst->numbers[s.index]);
    }
    routes.push_back(std::move(seq));
  }
  nlohmann::json unassigned = nlohmann::json::array();
  for (const auto& u : sol->unassigned) unassigned.push_back(inst->numbers[u.task]);
  nlohmann::json out = {{"instance", inst->name},
                        {"cost", sol->travel_cost},
                        {"vehicles", sol->vehicles},
                        {"routes", std::move(routes)},
                        {"unassigned", std::move(unassigned)},
                        {"ms", total_ms},
                        {"solver_ms", sol->ms},
                        {"iterations", sol->iterations}};
  std::ostringstream human;
  human << inst->name << ": cost " << std::fixed;
  human.precision(2);
  human << sol->travel_cost << ", " << sol->vehicles << " vehicles, " << sol->unassigned.size()
        << " unassigned, " << sol->ms << " ms\n";
  print_result(ctx, out, human.str());
  return 0;
}

int solve_json(CommandContext& ctx, const RouteSolveOptions& o) {
  const auto started = Clock::now();
  auto text = rt::io::read_file(o.file);
  if (!text) return fail(ctx, text.error());
  auto jp = rt::io::parse_problem_text(*text, o.file);
  if (!jp) return fail(ctx, jp.error());
  std::unique_ptr<rt::TravelSource> source;
  auto& tr = jp->travel;
  if (tr.osrm_url.empty()) tr.osrm_url = ctx.config.routing.osrm_url;  // docs/config.md
  if (tr.source == "matrix") {
    if (!jp->matrix)
      return fail(ctx, Error::invalid("matrix", "travel.source is matrix but no matrix"));
    source = std::make_unique<rt::MatrixSource>(*jp->matrix);
  } else if (tr.source == "euclidean") {
    source = std::make_unique<rt::EuclideanSource>(tr.speed);
  } else if (tr.source == "osrm") {
    if (tr.osrm_url.empty()) {
      return fail(ctx, Error::invalid("travel.osrm_url", "required when travel.source is osrm"));
    }
    source = std::make_unique<rt::OsrmSource>(rt::OsrmOptions{tr.osrm_url, tr.osrm_profile});
  } else if (tr.source == "haversine") {
    source = std::make_unique<rt::HaversineSource>(tr.detour, tr.speed_kmh / 3.6);
  } else {
    return fail(ctx, Error::invalid("travel.source", "unknown source " + tr.source +
                                                         " (euclidean, haversine, matrix, osrm)"));
  }
  if (auto ok = rt::io::attach_matrices(*jp, *source); !ok) return fail(ctx, ok.error());
  if (o.vehicle_cost >= 0) {
    for (auto& v : jp->problem.vehicles) v.fixed_cost = o.vehicle_cost;
  }
  auto sol = rt::solve(jp->problem, solve_options(o, started));
  if (!sol) return fail(ctx, sol.error());
  sol->ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  if (auto ok = rt::check_solution(jp->problem, *sol); !ok) {
    return fail(ctx, Error::internal("solver produced an infeasible solution: " + ok.error().field +
                                     ": " + ok.error().message));
  }
  std::ostringstream human;
  human << "cost " << sol->total_cost << ", " << sol->vehicles << " vehicles, "
        << sol->unassigned.size() << " unassigned, " << sol->ms << " ms\n";
  print_result(ctx, rt::io::solution_to_json(jp->problem, *sol), human.str());
  return 0;
}

}  // namespace

void add_route_commands(CLI::App& app, CommandContext& ctx) {
  auto* route = app.add_subcommand("route", "vehicle routing: home visits and patient trips");
  route->require_subcommand(1);
  auto opts = std::make_shared<RouteSolveOptions>();
  auto* solve =
      route->add_subcommand("solve", "solve a routing problem (JSON, Solomon or Li & Lim)");
  solve->add_option("file", opts->file, "problem in siklus JSON format (docs/routing.md)");
  solve->add_option("--solomon", opts->solomon, "Solomon VRPTW instance file");
  solve->add_option("--li-lim", opts->li_lim, "Li & Lim PDPTW instance file");
  solve->add_option("--time-limit-ms", opts->time_limit_ms, "wall-time limit (default 1000)")
      ->check(CLI::PositiveNumber);
  solve->add_option("--seed", opts->seed, "random seed (default 1)");
  solve->add_option("--threads", opts->threads, "search threads (default 2)")
      ->check(CLI::Range(1, 64));
  solve->add_option("--iterations", opts->iterations,
                    "iterations per thread; with a generous time limit the result is "
                    "reproducible on any machine");
  solve
      ->add_option("--vehicle-cost", opts->vehicle_cost,
                   "fixed cost per used vehicle (overrides the problem's; e.g. to trade "
                   "distance for fewer vehicles; --li-lim: 200 unless given)")
      ->check(CLI::NonNegativeNumber);
  solve->add_option("--start-temperature", opts->start_temperature,
                    "annealing start temperature relative to the mean nearest-neighbour arc");
  solve->add_option("--end-temperature", opts->end_temperature,
                    "annealing end temperature relative to the mean nearest-neighbour arc");
  solve->callback([&ctx, opts] {
    const int given = !opts->file.empty() + !opts->solomon.empty() + !opts->li_lim.empty();
    if (given != 1) {
      ctx.exit_code =
          fail(ctx, Error::invalid("file", "give exactly one of FILE, --solomon, --li-lim"));
      return;
    }
    ctx.exit_code = opts->file.empty() ? solve_benchmark(ctx, *opts) : solve_json(ctx, *opts);
  });
}

}  // namespace siklus::cli
