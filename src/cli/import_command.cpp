// siklus import population FILE: the Dukcapil-like extract (contract.md, docs/import.md).

#include <iostream>

#include "cli/command.h"
#include "cli/registry_cli.h"
#include "core/date.h"
#include "registry/bulk_load.h"

namespace siklus::cli {
namespace {

struct ImportArgs {
  std::string file;
  size_t batch = 20000;
};

int run_import(CommandContext& ctx, const ImportArgs& args) {
  auto db = open_store(ctx);
  if (!db) return fail(ctx, db.error());
  auto regions = registry::prepare_registry(**db);
  if (!regions) return fail(ctx, regions.error());
  registry::ImportOptions o;
  if (args.batch < 1 || args.batch > 1000000) {
    return fail(ctx, Error::invalid("batch", "--batch must be 1-1000000"));
  }
  o.batch_size = args.batch;
  o.today = today_wib();
  Progress progress(ctx, "rows", 0);
  o.progress = [&](uint64_t rows, uint64_t) { progress.update(rows); };
  auto r = registry::import_population(**db, *regions, args.file, o);
  progress.finish();
  if (!r) return fail(ctx, r.error());
  nlohmann::json problems = nlohmann::json::array();
  for (const auto& p : r->problems) {
    std::cerr << p.where << ": " << p.field << ": " << p.message << "\n";
    problems.push_back({{"line", p.where}, {"field", p.field}, {"message", p.message}});
  }
  if (r->rejected > r->problems.size()) {
    std::cerr << "… and " << (r->rejected - r->problems.size()) << " more rejected rows\n";
  }
  std::cerr << args.file << ": " << r->rows << " rows, " << r->written << " written, "
            << r->unchanged << " unchanged, " << r->rejected << " rejected, " << r->flagged
            << " kept with a NIK flag (" << static_cast<int>(r->seconds * 10) / 10.0 << " s)\n";
  nlohmann::json out = {
      {"file", args.file},         {"rows", r->rows},         {"written", r->written},
      {"unchanged", r->unchanged}, {"rejected", r->rejected}, {"flagged", r->flagged},
      {"batches", r->batches},     {"seconds", r->seconds},   {"problems", problems}};
  if (ctx.global.json) print_result(ctx, out);
  // Rejected rows are bad input: the good rows are stored, the exit code says not all were.
  return r->rejected > 0 ? 2 : 0;
}

}  // namespace

void add_import_commands(CLI::App& app, CommandContext& ctx) {
  auto* imp = app.add_subcommand("import", "import data files");
  imp->require_subcommand(1);
  auto args = std::make_shared<ImportArgs>();
  auto* pop = imp->add_subcommand("population", "import a Dukcapil-like population CSV");
  pop->add_option("file", args->file, "CSV file (contract.md)")->required();
  pop->add_option("--batch", args->batch, "rows per transaction (default 20000)");
  pop->callback([&ctx, args] { ctx.exit_code = run_import(ctx, *args); });
}

}  // namespace siklus::cli
