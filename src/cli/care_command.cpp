// Life-cycle care commands (contract.md second wave, docs/care.md):
//   siklus care record FILE.json      records services (one object or an array)
//   siklus care targets --region CODE [--year Y]   sasaran (targets) per SPM service
//   siklus due --region CODE [--date D] [--xlsx FILE]
// Both call CareService, as the HTTP API does. The CLI acts as the system user "cli": a
// dinkes_admin whose scope is the city of the region asked for (every city for `care record`:
// whoever can open the database file can write it anyway), audited under that name.

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

#include "care/demo_history.h"
#include "care/service.h"
#include "cli/command.h"
#include "cli/registry_cli.h"
#include "growth/growth.h"
#include "registry/registry.h"

namespace siklus::cli {
namespace {

struct Care {
  std::shared_ptr<store::Database> db;
  std::unique_ptr<registry::Registry> registry;
  std::unique_ptr<growth::ReferenceSource> growth;
  std::unique_ptr<care::CareService> service;
};

Result<Care> open_care(const CommandContext& ctx, bool build_index) {
  Care c;
  auto db = open_store(ctx);
  if (!db) return db.error();
  c.db = *db;
  registry::RegistryOptions ro;
  ro.build_index = false;
  auto reg = registry::Registry::open(c.db, ro);
  if (!reg) return reg.error();
  c.registry = std::move(*reg);
  auto reference = growth::load_reference(*c.db);
  if (!reference) return reference.error();
  c.growth = std::make_unique<growth::ReferenceSource>(std::move(*reference));
  care::CareOptions options;
  options.build_index = build_index;
  options.targets.cbr_per_mille = ctx.config.care.cbr_per_mille;
  options.targets.ht_prevalence_pct = ctx.config.care.ht_prevalence_pct;
  options.targets.dm_prevalence_pct = ctx.config.care.dm_prevalence_pct;
  options.targets.odgj_per_mille = ctx.config.care.odgj_per_mille;
  auto svc =
      care::CareService::open(c.db, *c.registry, c.registry->audit_log(), c.growth.get(), options);
  if (!svc) return svc.error();
  c.service = std::move(*svc);
  return c;
}

registry::User cli_user(std::string_view region) {
  registry::User u = identity::system_user("cli");
  u.scope = std::string(region.substr(0, std::min<size_t>(region.size(), 4)));
  u.scope_name = "siklus CLI";
  return u;
}

int run_record(CommandContext& ctx, const std::string& file) {
  std::ifstream in(file);
  if (!in) return fail(ctx, Error::invalid("file", file + ": cannot open"));
  nlohmann::json doc = nlohmann::json::parse(in, nullptr, false);
  if (doc.is_discarded()) return fail(ctx, Error::invalid("file", file + ": malformed JSON"));
  if (doc.is_object()) doc = nlohmann::json::array({doc});
  if (!doc.is_array()) {
    return fail(ctx, Error::invalid("file", file + ": expected an object or an array"));
  }
  auto care = open_care(ctx, false);
  if (!care) return fail(ctx, care.error());
  const registry::User user = cli_user("");
  int64_t recorded = 0, duplicates = 0;
  nlohmann::json rejected = nlohmann::json::array();
  for (size_t i = 0; i < doc.size(); ++i) {
    auto input = care::parse_service_input(doc[i]);
    Result<care::Recorded> done =
        input ? care->service->record(user, *input) : Result<care::Recorded>(input.error());
    if (!done) {
      const Error& e = done.error();
      rejected.push_back({{"index", i}, {"field", e.field}, {"message", e.message}});
      if (!ctx.global.json) {
        std::cerr << file << ": entry " << i << ": " << (e.field.empty() ? "" : e.field + ": ")
                  << e.message << "\n";
      }
      continue;
    }
    ++(done->duplicate ? duplicates : recorded);
  }
  nlohmann::json j = {
      {"recorded", recorded}, {"duplicates", duplicates}, {"rejected", std::move(rejected)}};
  std::ostringstream human;
  human << recorded << " services recorded, " << duplicates << " already recorded, "
        << j["rejected"].size() << " rejected\n";
  print_result(ctx, j, human.str());
  return j["rejected"].empty() ? 0 : 2;
}

struct DueOptions {
  std::string region;
  std::string date;
  std::string xlsx;
};

int run_due(CommandContext& ctx, const DueOptions& o) {
  Date on = today_wib();
  if (!o.date.empty()) {
    auto d = Date::parse(o.date);
    if (!d) return fail(ctx, Error::invalid("date", "not a date YYYY-MM-DD: '" + o.date + "'"));
    on = *d;
  }
  auto care = open_care(ctx, true);
  if (!care) return fail(ctx, care.error());
  std::string digits;
  for (char c : o.region) {
    if (c >= '0' && c <= '9') digits += c;
  }
  const registry::User user = cli_user(digits);
  const auto t0 = std::chrono::steady_clock::now();
  auto list = o.xlsx.empty() ? care->service->due(user, o.region, on)
                             : care->service->export_due_xlsx(user, o.region, on, o.xlsx);
  if (!list) return fail(ctx, list.error());
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  nlohmann::json items = nlohmann::json::array();
  for (const care::DueItem& i : list->items) {
    nlohmann::json item = {{"person_id", i.person_id},
                           {"service", i.service},
                           {"item", i.item},
                           {"due", Date::from_days(i.due).to_string()},
                           {"overdue_days", i.overdue_days}};
    if (const care::DuePersonInfo* p = list->person(i.person_id)) {
      item["name"] = p->name;
      item["village_code"] = p->village_code;
      item["rw"] = p->rw;
    }
    items.push_back(std::move(item));
  }
  nlohmann::json j = {{"region", list->region},
                      {"date", list->date.to_string()},
                      {"ms", ms},
                      {"items", std::move(items)}};
  std::ostringstream human;
  human << list->region << " on " << list->date.to_string() << ": " << list->items.size()
        << " items due for " << list->people.size() << " people\n";
  if (!o.xlsx.empty()) human << "written to " << o.xlsx << "\n";
  print_result(ctx, j, human.str());
  return 0;
}

int run_targets(CommandContext& ctx, const std::string& region, int year) {
  auto care = open_care(ctx, true);
  if (!care) return fail(ctx, care.error());
  std::string digits;
  for (char c : region) {
    if (c >= '0' && c <= '9') digits += c;
  }
  auto t = care->service->targets(cli_user(digits), region, year ? year : today_wib().year);
  if (!t) return fail(ctx, t.error());
  std::ostringstream human;
  human << (*t)["region"].get<std::string>() << " " << (*t)["year"].get<int>() << ", population "
        << (*t)["population"].get<int64_t>() << "\n";
  for (const auto& row : (*t)["targets"]) {
    human << "  " << row["name"].get<std::string>() << ": " << row["value"].dump() << " ("
          << row["method"].get<std::string>() << ")\n";
  }
  print_result(ctx, *t, human.str());
  return 0;
}

}  // namespace

Result<nlohmann::json> create_demo_care_history(const CommandContext& ctx, const std::string& city,
                                                uint64_t seed) {
  const auto t0 = std::chrono::steady_clock::now();
  auto care = open_care(ctx, false);
  if (!care) return care.error();
  // Residents of the city grouped by family card: a household's history is generated together
  // (a mother's pregnancy and her baby's visits).
  struct Member {
    std::string kk;
    care::DemoResident r;
  };
  std::vector<Member> members;
  registry::ReadPort port(care->db);
  SK_TRY(port.for_each_resident(city, [&](const registry::ResidentRow& row) {
    if (row.status != "HIDUP") return;
    auto birth = Date::parse(row.birth_date);
    if (!birth) return;
    members.push_back({std::string(row.no_kk.empty() ? "#" + std::to_string(row.id) : row.no_kk),
                       {row.id, row.sex == "P", *birth}});
  }));
  std::sort(members.begin(), members.end(), [](const Member& a, const Member& b) {
    return a.kk != b.kk ? a.kk < b.kk : a.r.id < b.r.id;
  });
  care::DemoHistoryOptions options;
  options.city = city;
  options.to = today_wib();
  // A year of history; Medan (12.71), the scale city, three.
  const int years = city == "1271" ? 3 : 1;
  options.from = Date::from_days(options.to.days() - 365 * years + 1);
  options.seed = seed;
  const registry::User user = cli_user(city);
  SK_TRY(care->service->clear_city(user, city));
  Progress progress(ctx, "services", members.size());
  std::vector<care::BulkService> batch;
  std::vector<care::DemoResident> household;
  int64_t written = 0;
  for (size_t i = 0; i < members.size();) {
    household.clear();
    size_t j = i;
    for (; j < members.size() && members[j].kk == members[i].kk; ++j) {
      household.push_back(members[j].r);
    }
    care::demo_household_history(household, options, batch);
    i = j;
    if (batch.size() >= 200000 || i == members.size()) {
      auto n = care->service->bulk_insert(user, batch);
      if (!n) return n.error();
      written += *n;
      batch.clear();
      progress.update(i);
    }
  }
  progress.finish();
  return nlohmann::json{
      {"services", written},
      {"from", options.from.to_string()},
      {"to", options.to.to_string()},
      {"seconds", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()}};
}

void add_care_commands(CLI::App& app, CommandContext& ctx) {
  CLI::App* care = app.add_subcommand("care", "life-cycle services (ILP): record from a file");
  care->require_subcommand(1);
  auto file = std::make_shared<std::string>();
  CLI::App* record = care->add_subcommand("record", "record services from a JSON file");
  record->add_option("FILE", *file, "JSON file: one service object or an array (docs/care.md)")
      ->required();
  record->callback([&ctx, file] { ctx.exit_code = run_record(ctx, *file); });

  auto region = std::make_shared<std::string>();
  auto year = std::make_shared<int>(0);
  CLI::App* targets =
      care->add_subcommand("targets", "sasaran: the target group of each SPM service");
  targets->add_option("--region", *region, "region code, or <kelurahan>.RWnn")->required();
  targets->add_option("--year", *year, "year (default this year)");
  targets->callback([&ctx, region, year] { ctx.exit_code = run_targets(ctx, *region, *year); });

  auto o = std::make_shared<DueOptions>();
  CLI::App* due = app.add_subcommand("due", "who is due or overdue for a service in an area");
  due->add_option("--region", o->region, "region code, or <kelurahan>.RWnn")->required();
  due->add_option("--date", o->date, "date YYYY-MM-DD (default today, WIB)");
  due->add_option("--xlsx", o->xlsx, "also write the list to this XLSX file");
  due->callback([&ctx, o] { ctx.exit_code = run_due(ctx, *o); });
}

}  // namespace siklus::cli
