// siklus backup --to FILE, siklus restore --from FILE (into --db), and siklus migrate --from URL
// --to URL (moves a city between SQLite and PostgreSQL). The work is the store's (store/copy.h);
// this file parses, opens and reports.

#include <filesystem>

#include "app/app.h"
#include "cli/command.h"
#include "store/copy.h"

namespace siklus::cli {
namespace {

Result<std::unique_ptr<store::Database>> open_url(const CommandContext& ctx,
                                                  const std::string& url) {
  return store::open_database(url, {.pool_size = ctx.config.database.pool_size});
}

nlohmann::json tables_json(const std::vector<store::TableSummary>& tables) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& t : tables) {
    out.push_back({{"table", t.table}, {"rows", t.rows}, {"checksum", std::to_string(t.checksum)}});
  }
  return out;
}

int run_backup(CommandContext& ctx, const std::string& to) {
  auto db = open_url(ctx, ctx.global.db);
  if (!db) return fail(ctx, db.error());
  auto s = store::backup(**db, ctx.global.db, to);
  if (!s) return fail(ctx, s.error());
  std::error_code ec;
  const auto bytes = std::filesystem::file_size(to, ec);
  print_result(ctx, {{"backup", to}, {"bytes", ec ? 0 : bytes}, {"backend", (*db)->backend()}},
               "backed up " + std::string((*db)->backend()) + " database to " + to + " (" +
                   std::to_string(ec ? 0 : bytes) + " bytes)\n");
  return 0;
}

int run_restore(CommandContext& ctx, const std::string& from) {
  auto s = store::restore(from, ctx.global.db);
  if (!s) return fail(ctx, s.error());
  // Opening it runs the migrations a newer binary may have (and refuses a newer database).
  auto db = open_url(ctx, ctx.global.db);
  if (!db) return fail(ctx, db.error());
  auto migrated = app::migrate_schema(**db);
  if (!migrated) return fail(ctx, migrated.error());
  auto tables = store::summarize(**db);
  if (!tables) return fail(ctx, tables.error());
  print_result(
      ctx, {{"restored", from}, {"tables", tables_json(*tables)}},
      "restored " + from + " into the database (" + std::to_string(tables->size()) + " tables)\n");
  return 0;
}

int run_migrate(CommandContext& ctx, const std::string& from, const std::string& to) {
  auto source = open_url(ctx, from);
  if (!source) return fail(ctx, source.error());
  auto dest = open_url(ctx, to);
  if (!dest) return fail(ctx, dest.error());
  // Both at this binary's schema: the copy compares like with like.
  auto s = app::migrate_schema(**source);
  if (!s) return fail(ctx, s.error());
  s = app::migrate_schema(**dest);
  if (!s) return fail(ctx, s.error());
  Progress progress(ctx, "migrate", 0);
  std::string human;
  auto copied = store::copy_database(**source, **dest, [&](const store::TableSummary& t) {
    human += "  " + t.table + ": " + std::to_string(t.rows) + " rows, checksum equal\n";
  });
  progress.finish();
  if (!copied) return fail(ctx, copied.error());
  print_result(ctx,
               {{"from", std::string((*source)->backend())},
                {"to", std::string((*dest)->backend())},
                {"tables", tables_json(*copied)}},
               "copied every table from " + std::string((*source)->backend()) + " to " +
                   std::string((*dest)->backend()) + ":\n" + human);
  return 0;
}

}  // namespace

void add_backup_commands(CLI::App& app, CommandContext& ctx) {
  auto to = std::make_shared<std::string>();
  auto* backup = app.add_subcommand(
      "backup", "consistent copy of --db in FILE while it is in use (PostgreSQL: pg_dump)");
  backup->add_option("--to", *to, "backup file to write")->required();
  backup->callback([&ctx, to] { ctx.exit_code = run_backup(ctx, *to); });

  auto from = std::make_shared<std::string>();
  auto* restore = app.add_subcommand(
      "restore",
      "restore a backup FILE into --db (a new SQLite file or an empty PostgreSQL "
      "database)");
  restore->add_option("--from", *from, "backup file made by siklus backup")->required();
  restore->callback([&ctx, from] { ctx.exit_code = run_restore(ctx, *from); });

  auto urls = std::make_shared<std::pair<std::string, std::string>>();
  auto* migrate = app.add_subcommand(
      "migrate",
      "copy every table from one database into another, empty one (e.g. SQLite to "
      "PostgreSQL), and verify each table's rows and checksum");
  migrate->add_option("--from", urls->first, "source: a SQLite file or a postgresql:// URL")
      ->required();
  migrate->add_option("--to", urls->second, "destination: an empty database")->required();
  migrate->callback([&ctx, urls] { ctx.exit_code = run_migrate(ctx, urls->first, urls->second); });
}

}  // namespace siklus::cli
