// Homecare commands (contract.md second wave, docs/homecare.md):
//   siklus homecare plan --region CODE --from D --days N [--save]
// It calls HomecareService::plan, as POST /api/v1/homecare/plan does. The CLI acts as the system
// user "cli": a dinkes_admin whose scope is the city of the region asked for, audited under that
// name. Also `create_demo_homecare`, the demo programme `siklus demo` adds to a city.

#include <chrono>
#include <cmath>
#include <iostream>
#include <map>

#include "cli/command.h"
#include "cli/registry_cli.h"
#include "homecare/demo.h"
#include "homecare/planner.h"
#include "homecare/service.h"
#include "registry/registry.h"

namespace siklus::cli {
namespace {

struct Homecare {
  std::shared_ptr<store::Database> db;
  std::unique_ptr<registry::Registry> registry;
  std::unique_ptr<homecare::HomecareService> service;
};

Result<Homecare> open_homecare(const CommandContext& ctx) {
  Homecare h;
  auto db = open_store(ctx);
  if (!db) return db.error();
  h.db = *db;
  registry::RegistryOptions ro;
  ro.build_index = false;
  auto reg = registry::Registry::open(h.db, ro);
  if (!reg) return reg.error();
  h.registry = std::move(*reg);
  auto svc =
      homecare::HomecareService::open(h.db, *h.registry, h.registry->audit_log(), nullptr, nullptr);
  if (!svc) return svc.error();
  h.service = std::move(*svc);
  return h;
}

registry::User cli_user(std::string_view region) {
  registry::User u = identity::system_user("cli");
  u.scope = std::string(region.substr(0, std::min<size_t>(region.size(), 4)));
  u.scope_name = "siklus CLI";
  return u;
}

struct PlanArgs {
  std::string region, from;
  int days = 7;
  bool save = false;
};

int run_plan(CommandContext& ctx, const PlanArgs& a) {
  const auto code = normalize_region_code(a.region);
  if (!code) return fail(ctx, Error::invalid("region", "a region code"));
  auto h = open_homecare(ctx);
  if (!h) return fail(ctx, h.error());
  std::optional<Date> from = a.from.empty() ? h->service->today() : Date::parse(a.from);
  if (!from) return fail(ctx, Error::invalid("from", "expected YYYY-MM-DD"));
  auto out = h->service->plan(cli_user(*code), *code, *from, a.days, a.save);
  if (!out) return fail(ctx, out.error());
  std::string human = "homecare plan " + *code + " from " + from->to_string() + ", " +
                      std::to_string(a.days) +
                      " days: " + std::to_string((*out)["visits"].get<int>()) + " visits, " +
                      std::to_string((*out)["assigned"].get<int>()) + " assigned, " +
                      std::to_string((*out)["unassigned"].size()) + " unassigned; continuity " +
                      (*out)["continuity_pct"].dump() + " %; " + (*out)["ms"].dump() + " ms\n";
  for (const auto& u : (*out)["unassigned"]) {
    human += "  unassigned " + u["visit"].get<std::string>() + " (" + u["date"].get<std::string>() +
             "): " + u["reason"].get<std::string>() + "\n";
  }
  print_result(ctx, *out, human);
  return 0;
}

struct BenchArgs {
  int puskesmas = 41, teams = 150, plans = 2500, days = 7;
  double ms_per_problem = 150;
  uint64_t seed = 1;
};

double ms_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

// Visits other than `except` whose team, day or place in the route changed beyond the one step
// a removal or an insertion before them causes.
int moved(const homecare::Plan& before, const homecare::Plan& after, size_t except) {
  int n = 0;
  for (size_t i = 0; i < before.visits.size() && i < after.visits.size(); ++i) {
    if (i == except) continue;
    const auto& a = before.visits[i];
    const auto& b = after.visits[i];
    if (a.team != b.team || a.day != b.day || std::abs(a.order - b.order) > 1) ++n;
  }
  return n;
}

// A synthetic Medan-sized week (no database): `puskesmas` puskesmas spread over the city,
// `teams` teams between them, `plans` care plans of the demo programme's mix. Plans the week,
// checks every puskesmas-day with the routing checker, then cancels one visit and inserts one
// urgent visit, timing each and counting the other visits that moved.
int run_bench(CommandContext& ctx, const BenchArgs& a) {
  std::vector<homecare::PlanInput> plans;
  std::vector<homecare::TeamInput> teams;
  const double population = a.plans * 1000.0 / a.puskesmas;
  int64_t next_team = 1, next_plan = 1, next_staff = 1;
  for (int k = 0; k < a.puskesmas; ++k) {
    // Medan's centre is about 98.67 E, 3.59 N; puskesmas on rings up to 9 km out.
    const double ring = 1.5 + 7.5 * std::sqrt((k + 0.5) / a.puskesmas);
    const double angle = k * 2.39996;  // golden angle: an even spread
    homecare::DemoPuskesmas p;
    p.facility_id = k + 1;
    p.name = "PKM " + std::to_string(k + 1);
    p.lat = 3.59 + ring / 111.0 * std::sin(angle);
    p.lon = 98.67 + ring / 111.0 * std::cos(angle);
    p.population = static_cast<int64_t>(population);
    homecare::DemoOptions o;
    o.teams_per_puskesmas = a.teams / a.puskesmas + (k < a.teams % a.puskesmas ? 1 : 0);
    o.first_team_id = next_team;
    o.first_plan_id = next_plan;
    o.first_staff_id = next_staff;
    o.radius_km = 2.5;
    const auto demo = homecare::generate_demo({p}, a.seed * 1000 + static_cast<uint64_t>(k), o);
    for (const auto& t : demo.teams) {
      teams.push_back(t.team);
      next_staff += static_cast<int64_t>(t.team.members.size());
    }
    for (const auto& d : demo.plans) plans.push_back(d.plan);
    next_team += static_cast<int64_t>(demo.teams.size());
    next_plan += static_cast<int64_t>(demo.plans.size());
  }
  homecare::PlannerOptions options;
  options.ms_per_problem = a.ms_per_problem;
  options.seed = a.seed;
  const auto started = std::chrono::steady_clock::now();
  auto plan = homecare::plan_visits(plans, teams, homecare::Horizon{a.days, 0, -1}, {}, options);
  if (!plan) return fail(ctx, plan.error());
  const double plan_ms = ms_since(started);
  const Status checked = homecare::check_plan(*plan);
  std::map<std::string, int> reasons;
  int visits = 0;
  for (const auto& v : plan->visits) {
    ++visits;
    if (!v.team) ++reasons[v.reason];
  }
  // One cancellation: the middle stop of the busiest route.
  const homecare::TeamRoute* busiest = nullptr;
  for (const auto& r : plan->routes) {
    if (!busiest || r.stops.size() > busiest->stops.size()) busiest = &r;
  }
  homecare::Plan before = *plan;
  const size_t victim = static_cast<size_t>(busiest->stops[busiest->stops.size() / 2]);
  const int victim_day = plan->visits[victim].day;
  auto t0 = std::chrono::steady_clock::now();
  if (auto s = homecare::cancel_visit(*plan, plan->visits[victim].id); !s)
    return fail(ctx, s.error());
  const double cancel_ms = ms_since(t0);
  const int cancel_moved = moved(before, *plan, victim);
  // One urgent request for that day, near the cancelled patient.
  homecare::PlanInput urgent = plans.front();
  for (const auto& p : plans) {
    if (p.id == plan->visits[victim].plan_id) urgent = p;
  }
  urgent.id = next_plan;
  urgent.person_id = 9'999'999;
  urgent.priority = homecare::Priority::kUrgent;
  urgent.lon += 0.003;
  urgent.windows.clear();
  before = *plan;
  t0 = std::chrono::steady_clock::now();
  auto inserted = homecare::insert_visit(*plan, urgent, teams, victim_day, options);
  if (!inserted) return fail(ctx, inserted.error());
  const double insert_ms = ms_since(t0);
  const int insert_moved = moved(before, *plan, static_cast<size_t>(*inserted));
  const Status rechecked = homecare::check_plan(*plan);
  nlohmann::json unassigned = nlohmann::json::object();
  for (const auto& [r, n] : reasons) unassigned[r] = n;
  nlohmann::json out = {{"puskesmas", a.puskesmas},
                        {"teams", teams.size()},
                        {"plans", plans.size()},
                        {"days", a.days},
                        {"visits", visits},
                        {"assigned", before.assigned},
                        {"unassigned", unassigned},
                        {"continuity_pct", std::round(before.continuity_pct * 10) / 10},
                        {"plan_ms", std::round(plan_ms)},
                        {"checker", checked ? "ok" : checked.error().message},
                        {"cancel", {{"ms", cancel_ms}, {"moved", cancel_moved}}},
                        {"insert",
                         {{"ms", insert_ms},
                          {"moved", insert_moved},
                          {"placed", plan->visits[static_cast<size_t>(*inserted)].team != 0},
                          {"reason", plan->visits[static_cast<size_t>(*inserted)].reason}}},
                        {"checker_after", rechecked ? "ok" : rechecked.error().message}};
  print_result(ctx, out);
  return checked && rechecked ? 0 : 1;
}

}  // namespace

Result<nlohmann::json> create_demo_homecare(const CommandContext& ctx, const std::string& city,
                                            uint64_t seed) {
  auto h = open_homecare(ctx);
  if (!h) return h.error();
  registry::User admin = cli_user(city);
  auto made = h->service->create_demo(admin, city, seed);
  if (!made) return made.error();
  // A saved week from today, so the planner's day view and run sheets have something to show.
  auto week = h->service->plan(admin, city, h->service->today(), 7, true);
  if (!week) return week.error();
  (*made)["visits"] = (*week)["visits"];
  (*made)["assigned"] = (*week)["assigned"];
  return made;
}

void add_homecare_commands(CLI::App& app, CommandContext& ctx) {
  CLI::App* hc = app.add_subcommand("homecare", "home visits: plan the teams' days");
  hc->require_subcommand(1);
  auto a = std::make_shared<PlanArgs>();
  CLI::App* plan = hc->add_subcommand("plan", "plan the homecare visits due in a period");
  plan->add_option("--region", a->region, "kab/kota, kecamatan or kelurahan code")->required();
  plan->add_option("--from", a->from, "first day YYYY-MM-DD (default today, WIB)");
  plan->add_option("--days", a->days, "number of days (1-31, default 7)");
  plan->add_flag("--save", a->save, "store the plan (replaces the visits not yet worked)");
  plan->callback([&ctx, a] { ctx.exit_code = run_plan(ctx, *a); });

  auto b = std::make_shared<BenchArgs>();
  CLI::App* bench =
      hc->add_subcommand("bench", "plan a synthetic city week without a database (bench/homecare)");
  bench->add_option("--puskesmas", b->puskesmas, "puskesmas (default 41, Medan)");
  bench->add_option("--teams", b->teams, "teams over all puskesmas (default 150)");
  bench->add_option("--plans", b->plans, "care plans (default 2500)");
  bench->add_option("--days", b->days, "days (default 7)");
  bench->add_option("--ms-per-problem", b->ms_per_problem, "solver budget per puskesmas-day");
  bench->add_option("--seed", b->seed, "seed");
  bench->callback([&ctx, b] { ctx.exit_code = run_bench(ctx, *b); });
}

}  // namespace siklus::cli
