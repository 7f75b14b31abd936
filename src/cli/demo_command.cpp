// siklus demo --city CODE [--seed N] [--force] [--password P]: a deterministic synthetic city.

#include <iostream>

#include "cli/command.h"
#include "cli/registry_cli.h"
#include "core/date.h"
#include "registry/bulk_load.h"

namespace siklus::cli {

Result<std::shared_ptr<store::Database>> open_store(const CommandContext& ctx) {
  auto db = store::open_database(ctx.global.db, {.pool_size = ctx.config.database.pool_size});
  if (!db) return db.error();
  return std::shared_ptr<store::Database>(std::move(*db));
}

namespace {

struct DemoArgs {
  std::string city;
  uint64_t seed = 1;
  bool force = false;
  bool members = true;
  std::string password;
};

int run_demo(CommandContext& ctx, const DemoArgs& args) {
  auto db = open_store(ctx);
  if (!db) return fail(ctx, db.error());
  registry::DemoLoadOptions o;
  o.city_code = args.city;
  o.seed = args.seed;
  o.force = args.force;
  o.password = args.password;
  o.today = today_wib();
  std::unique_ptr<Progress> progress;
  o.progress = [&](uint64_t done, uint64_t total) {
    if (!progress) progress = std::make_unique<Progress>(ctx, "residents", total);
    progress->update(done);
  };
  auto r = registry::load_demo_city(**db, o);
  if (progress) progress->finish();
  if (!r) return fail(ctx, r.error());
  const auto& s = r->summary;
  nlohmann::json members;
  if (args.members) {
    auto m = create_demo_member_snapshot(ctx, s.city_code, args.seed);
    if (!m) return fail(ctx, m.error());
    members = std::move(*m);
  }
  auto services = create_demo_care_history(ctx, s.city_code, args.seed);
  if (!services) return fail(ctx, services.error());
  auto transport = create_demo_transport(ctx, s.city_code, args.seed);
  if (!transport) return fail(ctx, transport.error());
  auto homecare = create_demo_homecare(ctx, s.city_code, args.seed);
  if (!homecare) return fail(ctx, homecare.error());
  nlohmann::json users = nlohmann::json::array();
  std::cerr << "demo city " << s.city_name << " (" << s.city_code << "): " << s.residents
            << " residents, " << s.households << " households, " << s.facilities << " facilities, "
            << s.staff << " staff in " << ctx.global.db << " ("
            << static_cast<int>(r->seconds * 10) / 10.0 << " s)\n";
  if (!members.is_null()) {
    std::cerr << "JKN member snapshot " << members["snapshot"].get<std::string>() << ": "
              << members["members"].get<uint64_t>() << " members imported and linked\n";
  }
  std::cerr << "care history " << (*services)["from"].get<std::string>() << " to "
            << (*services)["to"].get<std::string>() << ": "
            << (*services)["services"].get<int64_t>() << " services\n";
  std::cerr << "transport (JSAS): " << (*transport)["vehicles"].get<size_t>() << " vehicles, "
            << (*transport)["bookings"].get<int64_t>() << " trips booked over "
            << (*transport)["days"].size() << " days\n";
  std::cerr << "homecare: " << (*homecare)["teams"].get<int64_t>() << " teams, "
            << (*homecare)["plans"].get<int64_t>() << " care plans, "
            << (*homecare)["assigned"].get<int64_t>() << " of "
            << (*homecare)["visits"].get<int64_t>() << " visits planned this week\n";
  std::cerr << "demo logins (username / password, role, scope):\n";
  for (const auto& u : r->users) {
    std::cerr << "  " << u.username << " / " << u.password << "  " << u.role << "  " << u.scope_name
              << "\n";
    users.push_back({{"username", u.username},
                     {"password", u.password},
                     {"role", u.role},
                     {"scope", u.scope},
                     {"scope_name", u.scope_name}});
  }
  nlohmann::json out = {{"city", s.city_code},        {"name", s.city_name},
                        {"residents", s.residents},   {"households", s.households},
                        {"facilities", s.facilities}, {"staff", s.staff},
                        {"seconds", r->seconds},      {"users", users}};
  out["services"] = (*services)["services"];
  out["care_history"] = *services;
  out["transport"] = *transport;
  out["homecare"] = *homecare;
  if (!members.is_null()) {
    out["members"] = members["members"];
    out["member_snapshot"] = members;
  }
  if (ctx.global.json) print_result(ctx, out);
  return 0;
}

}  // namespace

void add_demo_commands(CLI::App& app, CommandContext& ctx) {
  auto args = std::make_shared<DemoArgs>();
  auto* cmd = app.add_subcommand("demo", "create a deterministic synthetic demo city in --db");
  cmd->add_option("--city", args->city, "kab/kota code, e.g. 33.71 (Kota Magelang)")->required();
  cmd->add_option("--seed", args->seed, "random seed (same seed, same city)");
  cmd->add_flag("--force", args->force, "replace the city if the database already holds data");
  cmd->add_flag("!--no-members", args->members,
                "skip the JKN member snapshot (imported and linked by default)");
  cmd->add_option("--password", args->password,
                  "password for the demo users (default: random, printed)");
  cmd->callback([&ctx, args] { ctx.exit_code = run_demo(ctx, *args); });
}

}  // namespace siklus::cli
