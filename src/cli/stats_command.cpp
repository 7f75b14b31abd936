// siklus stats population --region CODE: residents, sex and the next level down (contract.md).

#include <sstream>

#include "cli/command.h"
#include "cli/registry_cli.h"
#include "registry/registry.h"

namespace siklus::cli {
namespace {

int run_stats(CommandContext& ctx, const std::string& region) {
  auto db = open_store(ctx);
  if (!db) return fail(ctx, db.error());
  registry::RegistryOptions o;
  o.index_names = false;  // counting only
  auto reg = registry::Registry::open(*db, o);
  if (!reg) return fail(ctx, reg.error());
  auto s = (*reg)->population_stats_unscoped(region);
  if (!s) return fail(ctx, s.error());
  nlohmann::json children = nlohmann::json::array();
  std::ostringstream human;
  human << s->name << " (" << s->region << "): " << s->residents << " residents (" << s->male
        << " L, " << s->female << " P), " << s->households << " households\n";
  for (const auto& c : s->children) {
    children.push_back({{"region", c.code}, {"name", c.name}, {"residents", c.residents}});
    human << "  " << c.code << "  " << c.name << ": " << c.residents << "\n";
  }
  nlohmann::json pyramid = nlohmann::json::array();
  for (const auto& b : s->pyramid) {
    pyramid.push_back({{"band", b.band}, {"male", b.male}, {"female", b.female}});
  }
  nlohmann::json out = {{"region", s->region},       {"name", s->name},
                        {"residents", s->residents}, {"male", s->male},
                        {"female", s->female},       {"households", s->households},
                        {"children", children},      {"pyramid", pyramid}};
  print_result(ctx, out, human.str());
  return 0;
}

}  // namespace

void add_stats_commands(CLI::App& app, CommandContext& ctx) {
  auto* stats = app.add_subcommand("stats", "statistics");
  stats->require_subcommand(1);
  auto region = std::make_shared<std::string>();
  auto* pop = stats->add_subcommand("population", "residents of a region and its children");
  pop->add_option("--region", *region, "region code, e.g. 33.71 or 337101")->required();
  pop->callback([&ctx, region] { ctx.exit_code = run_stats(ctx, *region); });
}

}  // namespace siklus::cli
