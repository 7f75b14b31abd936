// The live PWS on the command line (contract.md second wave, docs/pws.md):
//   siklus pws --region CODE --period YYYY-MM [--json | --xlsx FILE]   the indicator table
//   siklus pws indicators [--markdown]                                  the indicator definitions
// Both call MonitoringService, as the HTTP API does. The CLI acts as the system user "cli": a
// dinkes_admin over the city of the region asked for, audited under that name.

#include <cstdio>
#include <iostream>
#include <sstream>

#include "cli/command.h"
#include "cli/registry_cli.h"
#include "coverage/service.h"
#include "monitoring/indicators.h"
#include "monitoring/service.h"
#include "registry/registry.h"

namespace siklus::cli {
namespace {

struct PwsOptions {
  std::string region, period, xlsx, children;
};

int run_pws(CommandContext& ctx, const PwsOptions& o) {
  auto db = open_store(ctx);
  if (!db) return fail(ctx, db.error());
  registry::RegistryOptions ro;
  ro.build_index = false;
  auto reg = registry::Registry::open(*db, ro);
  if (!reg) return fail(ctx, reg.error());
  auto coverage = coverage::CoverageService::open(*db, **reg, (*reg)->audit_log());
  if (!coverage) return fail(ctx, coverage.error());
  monitoring::MonitoringOptions options;
  options.targets.cbr_per_mille = ctx.config.care.cbr_per_mille;
  options.targets.ht_prevalence_pct = ctx.config.care.ht_prevalence_pct;
  options.targets.dm_prevalence_pct = ctx.config.care.dm_prevalence_pct;
  options.targets.odgj_per_mille = ctx.config.care.odgj_per_mille;
  options.green_pct_of_target = ctx.config.pws.green_pct_of_target;
  options.yellow_pct_of_target = ctx.config.pws.yellow_pct_of_target;
  auto pws = monitoring::MonitoringService::open(*db, **reg, (*reg)->audit_log(), coverage->get(),
                                                 options);
  if (!pws) return fail(ctx, pws.error());
  registry::User user = identity::system_user("cli");
  user.scope = (*pws)->city_of(o.region);
  user.scope_name = "siklus CLI";
  auto table = o.xlsx.empty() ? (*pws)->table(user, o.region, o.period, o.children)
                              : (*pws)->export_xlsx(user, o.region, o.period, o.xlsx, o.children);
  if (!table) return fail(ctx, table.error());
  std::ostringstream human;
  char line[160];
  std::snprintf(line, sizeof line, "PWS %s %s, %s\n", (*table)["region"].get<std::string>().c_str(),
                (*table)["name"].get<std::string>().c_str(),
                (*table)["period"].get<std::string>().c_str());
  human << line;
  for (const auto& i : (*table)["indicators"]) {
    auto num = [](const nlohmann::json& v) { return v.is_null() ? std::string("-") : v.dump(); };
    std::snprintf(line, sizeof line, "  %-26s %8s / %-8s %7s %%  target %5s  %s\n",
                  i["code"].get<std::string>().c_str(), num(i["numerator"]).c_str(),
                  num(i["denominator"]).c_str(), num(i["pct"]).c_str(),
                  num(i["target_to_date_pct"]).c_str(),
                  i["status"].is_string() ? i["status"].get<std::string>().c_str() : "");
    human << line;
  }
  human << "  " << (*table)["children"].size() << " children areas";
  if (!o.xlsx.empty()) human << "; written to " << o.xlsx;
  human << "\n";
  print_result(ctx, *table, human.str());
  return 0;
}

}  // namespace

void add_pws_commands(CLI::App& app, CommandContext& ctx) {
  auto o = std::make_shared<PwsOptions>();
  CLI::App* pws = app.add_subcommand("pws", "the PWS indicator table of an area and month");
  pws->add_option("--region", o->region, "region code, <kelurahan>.RWnn or a facility key");
  pws->add_option("--period", o->period, "month YYYY-MM (default this month, WIB)");
  pws->add_option("--xlsx", o->xlsx, "also write the table to this XLSX file");
  pws->add_option("--children", o->children,
                  "kelurahan: list every kelurahan inside the area (default: one level below)");
  auto markdown = std::make_shared<bool>(false);
  CLI::App* list = pws->add_subcommand("indicators", "the indicator definitions");
  list->add_flag("--markdown", *markdown, "print docs/indicators.md");
  list->callback([&ctx, markdown] {
    if (*markdown) {
      std::cout << monitoring::indicators_markdown();
    } else {
      print_result(ctx, monitoring::MonitoringService::indicators_json());
    }
    ctx.exit_code = 0;
  });
  pws->callback([&ctx, o, pws] {
    if (pws->got_subcommand("indicators")) return;
    if (o->region.empty()) {
      ctx.exit_code = fail(ctx, Error::invalid("region", "--region is required"));
      return;
    }
    ctx.exit_code = run_pws(ctx, *o);
  });
}

}  // namespace siklus::cli
