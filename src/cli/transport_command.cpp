// Jemput Sakit Antar Sehat commands (contract.md second wave, docs/transport.md):
//   siklus transport plan --region CODE --date D      plans (re-plans) that day's trips
//   siklus transport board --region CODE --date D     the day's trips, statuses and runs
// Both call TransportService, as the HTTP API does. The CLI acts as the system user "cli": a
// dinkes_admin whose scope is the city of the region asked for, audited under that name.

#include <iostream>
#include <sstream>

#include "cli/command.h"
#include "cli/registry_cli.h"
#include "registry/read_port.h"
#include "registry/registry.h"
#include "transport/demo.h"
#include "transport/service.h"

namespace siklus::cli {
namespace {

struct Transport {
  std::shared_ptr<store::Database> db;
  std::unique_ptr<registry::Registry> registry;
  std::unique_ptr<transport::TransportService> service;
};

Result<Transport> open_transport(const CommandContext& ctx,
                                 transport::TransportOptions options = {}) {
  Transport t;
  auto db = open_store(ctx);
  if (!db) return db.error();
  t.db = *db;
  registry::RegistryOptions ro;
  ro.build_index = false;
  auto reg = registry::Registry::open(t.db, ro);
  if (!reg) return reg.error();
  t.registry = std::move(*reg);
  auto svc = transport::TransportService::open(t.db, *t.registry, t.registry->audit_log(), options);
  if (!svc) return svc.error();
  t.service = std::move(*svc);
  return t;
}

std::string city_of(std::string_view region) {
  std::string digits;
  for (char c : region) {
    if (c >= '0' && c <= '9') digits += c;
  }
  return digits.substr(0, std::min<size_t>(digits.size(), 4));
}

registry::User cli_user(const std::string& city) {
  registry::User u = identity::system_user("cli");
  u.scope = city;
  u.scope_name = "siklus CLI";
  return u;
}

Result<Date> day_of(const std::string& text, const transport::TransportService& service) {
  if (text.empty()) return service.today();
  auto d = Date::parse(text);
  if (!d) return Error::invalid("date", "not a date YYYY-MM-DD: '" + text + "'");
  return *d;
}

int run_plan(CommandContext& ctx, const std::string& region, const std::string& date) {
  auto t = open_transport(ctx);
  if (!t) return fail(ctx, t.error());
  auto day = day_of(date, *t->service);
  if (!day) return fail(ctx, day.error());
  const std::string city = city_of(region);
  auto plan = t->service->plan(cli_user(city), city, *day);
  if (!plan) return fail(ctx, plan.error());
  std::ostringstream human;
  const auto& p = *plan;
  human << city << " " << day->to_string() << ": " << p["assigned"].get<int>() << " of "
        << p["trips"].get<int>() << " trips on " << p["routes"].size() << " vehicles ("
        << p["ms"].get<int64_t>() << " ms, plan version " << p["version"].get<int64_t>() << ")\n";
  for (const auto& r : p["routes"]) {
    human << "  " << r["vehicle"].get<std::string>() << " " << r["start"].get<std::string>() << "-"
          << r["end"].get<std::string>() << ": " << r["stops"].size() / 2 << " trips\n";
  }
  for (const auto& u : p["unassigned"]) {
    human << "  trip " << u["trip"].get<int64_t>()
          << " not planned: " << u["message"].get<std::string>() << "\n";
  }
  print_result(ctx, p, human.str());
  return 0;
}

int run_board(CommandContext& ctx, const std::string& region, const std::string& date) {
  auto t = open_transport(ctx);
  if (!t) return fail(ctx, t.error());
  auto day = day_of(date, *t->service);
  if (!day) return fail(ctx, day.error());
  const std::string city = city_of(region);
  auto board = t->service->board(cli_user(city), city, *day);
  if (!board) return fail(ctx, board.error());
  std::ostringstream human;
  human << city << " " << day->to_string() << ": " << (*board)["trips"].size() << " trips "
        << (*board)["counts"].dump() << "\n";
  for (const auto& trip : (*board)["trips"]) {
    human << "  " << trip["id"].get<int64_t>() << " " << trip["time"].get<std::string>() << " "
          << trip["direction"].get<std::string>() << " " << trip["mobility"].get<std::string>()
          << " " << trip["status"].get<std::string>() << " "
          << (trip["vehicle"].is_null() ? "-" : trip["vehicle"].dump()) << "\n";
  }
  print_result(ctx, *board, human.str());
  return 0;
}

}  // namespace

Result<nlohmann::json> create_demo_transport(const CommandContext& ctx, const std::string& city,
                                             uint64_t seed) {
  transport::TransportOptions quick;  // a week of demo days planned in a few seconds
  quick.plan_time_limit_ms = 300;
  auto t = open_transport(ctx, quick);
  if (!t) return t.error();
  registry::ReadPort port(t->db);
  auto tree = port.city_tree(city);
  if (!tree) return tree.error();
  auto points = port.facilities(city);
  if (!points) return points.error();
  std::vector<transport::DemoFacility> facilities;
  for (const auto& f : *points) {
    if (!f.lat || !f.lon) continue;
    transport::DemoFacility d{f.id, f.key, f.type, f.name, *f.lat, *f.lon, {}};
    for (const auto& c : tree->catchments) {
      if (c.facility_id == f.id) d.villages = c.villages;
    }
    facilities.push_back(std::move(d));
  }
  const Date today = t->service->today();
  std::vector<transport::DemoResident> residents;
  SK_TRY(port.for_each_resident(city, [&](const registry::ResidentRow& r) {
    auto birth = Date::parse(r.birth_date);
    if (r.status != "HIDUP" || !birth) return;
    residents.push_back({r.id, std::string(r.village_code), age_in_years(*birth, today)});
  }));
  transport::DemoTransportOptions options;
  options.today = today;
  options.now_minute = t->service->now_minute();
  options.seed = seed;
  const transport::DemoTransport demo =
      transport::generate_demo_transport(facilities, residents, options);

  const registry::User user = cli_user(city);
  for (const auto& v : demo.vehicles) {
    SK_TRY(t->service->add_vehicle(
        user, {city, v.code, v.kind, v.seats, v.wheelchairs, v.stretchers, v.home_facility_key}));
    for (const Date& day : demo.days) {
      SK_TRY(t->service->add_shift(user, {city, v.driver, v.phone, v.code, day, 6 * 60, 24 * 60}));
    }
  }
  int64_t booked = 0;
  for (const auto& b : demo.bookings) {
    transport::BookingInput in;
    in.person_id = b.person_id;
    in.pickup_lat = b.lat;
    in.pickup_lon = b.lon;
    in.facility_id = b.facility_id;
    in.day = b.day;
    in.appointment_minute = b.minute;
    in.mobility = b.mobility;
    in.companion = b.companion;
    in.return_after_minutes = b.return_after_minutes;
    auto done = t->service->book(user, in);
    if (done) ++booked;  // a booking refused (e.g. today's clock moved on) is simply left out
  }
  nlohmann::json plans = nlohmann::json::array();
  for (const Date& day : demo.days) {
    auto plan = t->service->plan(user, city, day);
    if (!plan) return plan.error();
    plans.push_back({{"date", day.to_string()},
                     {"trips", (*plan)["trips"]},
                     {"assigned", (*plan)["assigned"]}});
  }
  return nlohmann::json{
      {"vehicles", demo.vehicles.size()}, {"bookings", booked}, {"days", std::move(plans)}};
}

void add_transport_commands(CLI::App& app, CommandContext& ctx) {
  auto* group = app.add_subcommand("transport", "Jemput Sakit Antar Sehat: patient trips");
  group->require_subcommand(1);

  struct Options {
    std::string region, date;
  };
  auto plan_opts = std::make_shared<Options>();
  auto* plan = group->add_subcommand("plan", "plan (or re-plan) a day's trips");
  plan->add_option("--region", plan_opts->region, "kab/kota code")->required();
  plan->add_option("--date", plan_opts->date, "YYYY-MM-DD (default today)");
  plan->callback(
      [&ctx, plan_opts] { ctx.exit_code = run_plan(ctx, plan_opts->region, plan_opts->date); });

  auto board_opts = std::make_shared<Options>();
  auto* board = group->add_subcommand("board", "the day's trips, statuses and vehicle runs");
  board->add_option("--region", board_opts->region, "kab/kota code")->required();
  board->add_option("--date", board_opts->date, "YYYY-MM-DD (default today)");
  board->callback(
      [&ctx, board_opts] { ctx.exit_code = run_board(ctx, board_opts->region, board_opts->date); });
}

}  // namespace siklus::cli
