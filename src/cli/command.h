#pragma once
// What every `siklus` subcommand shares: the global options, JSON/human output, exit codes
// (contract.md: 0 success, 2 bad input, 1 other failure) and terminal progress.

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "app/config.h"
#include "core/result.h"

namespace siklus::cli {

struct GlobalOptions {
  std::string db = "siklus.db";  // SQLite file, sqlite://PATH or postgresql:// URL
  std::string config;            // optional TOML file
  bool json = false;             // machine output: one JSON object on stdout
};

//! Set by the subcommand that ran; main() returns it.
struct CommandContext {
  GlobalOptions global;
  app::Config config;  // the configuration file (or defaults); flags override its values
  int exit_code = 0;
};

//! Prints a result object: JSON on stdout with --json, else `human` (or pretty JSON) on stdout.
void print_result(const CommandContext& ctx, const nlohmann::json& result,
                  const std::string& human = {});
//! Reports an error on stderr (and as {"error":…} on stdout with --json); returns the exit code.
int fail(const CommandContext& ctx, const Error& error);

//! A progress line on stderr, shown only on a terminal and not under --json.
class Progress {
 public:
  Progress(const CommandContext& ctx, std::string label, uint64_t total);
  ~Progress();
  void update(uint64_t done);
  void finish();

 private:
  bool enabled_;
  std::string label_;
  uint64_t total_;
  uint64_t last_shown_ = 0;
  double started_;
  bool finished_ = false;
};

//! The demo city's JKN member snapshot (`siklus demo`): a synthetic BPJS extract for `city`,
//! imported and linked exactly as a real one would be; {"members":…, "link":{…}}.
Result<nlohmann::json> create_demo_member_snapshot(const CommandContext& ctx,
                                                   const std::string& city, uint64_t seed);

//! The demo city's care history (`siklus demo`): a year of life-cycle services (Medan: three)
//! generated from its residents and bulk-inserted; {"services":…, "from", "to", "seconds"}.
Result<nlohmann::json> create_demo_care_history(const CommandContext& ctx, const std::string& city,
                                                uint64_t seed);

//! The demo city's JSAS programme (`siklus demo`): vehicles, drivers' shifts and a week of
//! booked and planned trips; {"vehicles":…, "bookings":…, "days":[{"date","trips","assigned"}]}.
Result<nlohmann::json> create_demo_transport(const CommandContext& ctx, const std::string& city,
                                             uint64_t seed);
//! The demo city's homecare programme (`siklus demo`): teams, vehicles and care plans from its
//! residents, and a saved week of visits from today; {"teams":…, "plans":…, "visits":…}.
Result<nlohmann::json> create_demo_homecare(const CommandContext& ctx, const std::string& city,
                                            uint64_t seed);

// Each subcommand group registers itself here; main.cpp lists them in one table.
void add_version_command(CLI::App& app, CommandContext& ctx);
void add_demo_commands(CLI::App& app, CommandContext& ctx);
void add_import_commands(CLI::App& app, CommandContext& ctx);
void add_stats_commands(CLI::App& app, CommandContext& ctx);
void add_user_commands(CLI::App& app, CommandContext& ctx);
void add_route_commands(CLI::App& app, CommandContext& ctx);
void add_coverage_commands(CLI::App& app, CommandContext& ctx);
void add_link_commands(CLI::App& app, CommandContext& ctx);
void add_serve_commands(CLI::App& app, CommandContext& ctx);
void add_audit_commands(CLI::App& app, CommandContext& ctx);
//! Adds `import who-growth` to the import group: register after add_import_commands.
void add_growth_commands(CLI::App& app, CommandContext& ctx);
void add_care_commands(CLI::App& app, CommandContext& ctx);
void add_pws_commands(CLI::App& app, CommandContext& ctx);
void add_backup_commands(CLI::App& app, CommandContext& ctx);
void add_transport_commands(CLI::App& app, CommandContext& ctx);
void add_homecare_commands(CLI::App& app, CommandContext& ctx);

}  // namespace siklus::cli
