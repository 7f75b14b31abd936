// siklus: one binary, subcommands per domain (contract.md). Global options may stand before or
// after the subcommand. The configuration file (docs/config.md) is read first, so its values
// become the defaults of the flags, which override it.

#include <iostream>

#include "cli/command.h"

namespace {
using Register = void (*)(CLI::App&, siklus::cli::CommandContext&);
// One line per subcommand group.
constexpr Register kCommands[] = {
    siklus::cli::add_version_command,   siklus::cli::add_demo_commands,
    siklus::cli::add_import_commands,   siklus::cli::add_stats_commands,
    siklus::cli::add_user_commands,     siklus::cli::add_route_commands,
    siklus::cli::add_coverage_commands, siklus::cli::add_link_commands,
    siklus::cli::add_serve_commands,    siklus::cli::add_audit_commands,
    siklus::cli::add_growth_commands,  // after add_import_commands: extends `import`
    siklus::cli::add_care_commands,     siklus::cli::add_backup_commands,
    siklus::cli::add_pws_commands,      siklus::cli::add_transport_commands,
    siklus::cli::add_homecare_commands,
};
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"siklus: primary care for Indonesian cities (ILP, JKN, homecare, transport)"};
  app.set_version_flag("--version", "siklus 0.1.0");
  app.require_subcommand(1);
  app.fallthrough();
  siklus::cli::CommandContext ctx;
  ctx.global.config = siklus::app::config_arg(argc, argv);
  auto config = siklus::app::find_config(ctx.global.config);
  if (!config) return siklus::cli::fail(ctx, config.error());
  ctx.config = std::move(*config);
  ctx.global.db = ctx.config.database.url;
  app.add_option("--db", ctx.global.db, "SQLite file (or sqlite://PATH) or postgresql:// URL")
      ->capture_default_str();
  app.add_option("--config", ctx.global.config,
                 "TOML configuration file (default siklus.toml in the current folder, if any)");
  app.add_flag("--json", ctx.global.json, "print one JSON object on stdout");
  for (Register add : kCommands) add(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  return ctx.exit_code;
}
