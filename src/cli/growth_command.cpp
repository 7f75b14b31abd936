// siklus import who-growth DIR and siklus growth …: WHO growth z-scores (docs/growth.md).

#include <iostream>

#include "cli/command.h"
#include "cli/registry_cli.h"
#include "growth/growth.h"
#include "growth/growth_json.h"
#include "growth/import.h"

namespace siklus::cli {
namespace {

struct GrowthArgs {
  std::string sex;
  std::string birth;
  std::string date;
  std::optional<double> weight;
  std::optional<double> height;
  bool recumbent = false;
  bool standing = false;
  std::optional<double> head;
  std::optional<double> muac;
  bool oedema = false;
};

int run_import_who_growth(CommandContext& ctx, const std::string& dir) {
  auto db = open_store(ctx);
  if (!db) return fail(ctx, db.error());
  auto r = growth::import_who_growth(**db, dir);
  if (!r) return fail(ctx, r.error());
  nlohmann::json files = nlohmann::json::array();
  for (const auto& f : r->files) {
    files.push_back({{"file", f.file},
                     {"indicator", f.indicator},
                     {"rows", f.rows},
                     {"sha256", f.sha256},
                     {"unchanged", f.unchanged}});
  }
  std::cerr << dir << ": " << r->files.size() << " files, "
            << (r->unchanged ? "already installed, nothing changed"
                             : std::to_string(r->rows) + " rows imported")
            << "\n";
  print_result(
      ctx,
      {{"files", files}, {"rows", r->rows}, {"unchanged", r->unchanged}, {"missing", r->missing}});
  return 0;
}

int run_growth(CommandContext& ctx, const GrowthArgs& args) {
  growth::Measurement m;
  auto sex = growth::parse_sex(args.sex);
  if (!sex) return fail(ctx, Error::invalid("sex", "sex must be L or P"));
  m.sex = *sex;
  auto birth = Date::parse(args.birth);
  if (!birth) return fail(ctx, Error::invalid("birth", "expected a date YYYY-MM-DD"));
  m.birth = *birth;
  auto date = Date::parse(args.date);
  if (!date) return fail(ctx, Error::invalid("date", "expected a date YYYY-MM-DD"));
  m.date = *date;
  if (args.recumbent && args.standing) {
    return fail(ctx, Error::invalid("recumbent", "give --recumbent or --standing, not both"));
  }
  if (args.recumbent) m.recumbent = true;
  if (args.standing) m.recumbent = false;
  m.weight_kg = args.weight;
  m.height_cm = args.height;
  m.head_cm = args.head;
  m.muac_cm = args.muac;
  m.oedema = args.oedema;
  auto db = open_store(ctx);
  if (!db) return fail(ctx, db.error());
  auto reference = growth::load_reference(**db);
  if (!reference) return fail(ctx, reference.error());
  auto a = growth::assess(**reference, m);
  if (!a) return fail(ctx, a.error());
  print_result(ctx, growth::assessment_json(*a));
  return 0;
}

}  // namespace

void add_growth_commands(CLI::App& app, CommandContext& ctx) {
  // `import` is created by add_import_commands, which main.cpp registers first.
  CLI::App* imp = app.get_subcommand("import");
  auto dir = std::make_shared<std::string>();
  auto* who = imp->add_subcommand(
      "who-growth", "import the WHO growth LMS tables (anthro/anthroplus data-raw files)");
  who->add_option("dir", *dir, "folder with weianthro.txt … (or its subfolders)")->required();
  who->callback([&ctx, dir] { ctx.exit_code = run_import_who_growth(ctx, *dir); });

  auto args = std::make_shared<GrowthArgs>();
  auto* g = app.add_subcommand("growth", "WHO z-scores of one child's measurement");
  g->add_option("--sex", args->sex, "L or P")->required();
  g->add_option("--birth", args->birth, "date of birth YYYY-MM-DD")->required();
  g->add_option("--date", args->date, "date of the measurement YYYY-MM-DD")->required();
  g->add_option("--weight", args->weight, "weight in kg");
  g->add_option("--height", args->height, "length or height in cm");
  g->add_flag("--recumbent", args->recumbent, "measured lying down (length)");
  g->add_flag("--standing", args->standing, "measured standing (height)");
  g->add_option("--head", args->head, "head circumference in cm");
  g->add_option("--muac", args->muac, "mid-upper arm circumference (LiLA) in cm");
  g->add_flag("--oedema", args->oedema, "bilateral pitting oedema");
  g->callback([&ctx, args] { ctx.exit_code = run_growth(ctx, *args); });
}

}  // namespace siklus::cli
