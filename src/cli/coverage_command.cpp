// JKN coverage commands (contract.md, docs/coverage.md):
//   siklus import members FILE [--date D] [--replace] [--strict] [--no-link]
//   siklus members link [--snapshot D]        (re)links a snapshot to the population register
//   siklus members review list|accept|reject  the review queue of uncertain links
//   siklus members demo --city CODE --out FILE [--seed N]
//   siklus coverage --region CODE [--snapshot D]
//   siklus coverage worklist --region CODE --format csv|xlsx --out FILE
// Every command calls the same CoverageService functions as the HTTP API. The CLI acts as the
// system user "cli" (or the --reviewer name for verdicts): a dinkes_admin whose scope is the city
// of the region asked for — whoever can open the database file can read it all anyway — and is
// audited under that name like any other user.

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>

#include <unistd.h>

#include "cli/command.h"
#include "cli/registry_cli.h"
#include "core/region_code.h"
#include "coverage/service.h"
#include "registry/registry.h"

namespace siklus::cli {
namespace {

namespace cv = siklus::coverage;

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

//! The subcommand `name` of `app`, created if another group has not created it yet (import and
//! demo are shared by the registry's and our commands).
CLI::App* shared_subcommand(CLI::App& app, const std::string& name, const std::string& help) {
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    if (sub->get_name() == name) return sub;
  }
  return app.add_subcommand(name, help);
}

//! The store, the registry (scope rule, audit log; no search index) and the coverage service.
struct Coverage {
  std::shared_ptr<store::Database> db;
  std::unique_ptr<registry::Registry> registry;
  std::unique_ptr<cv::CoverageService> service;
};

Result<Coverage> open_coverage(const CommandContext& ctx, cv::CoverageOptions options = {}) {
  Coverage c;
  auto db = open_store(ctx);
  if (!db) return db.error();
  c.db = *db;
  registry::RegistryOptions ro;
  ro.build_index = false;
  auto reg = registry::Registry::open(c.db, ro);
  if (!reg) return reg.error();
  c.registry = std::move(*reg);
  auto svc = cv::CoverageService::open(c.db, *c.registry, c.registry->audit_log(), options);
  if (!svc) return svc.error();
  c.service = std::move(*svc);
  return c;
}

//! The CLI's acting user: a dinkes_admin over the city of `region` ("" = any city: the whole
//! database, e.g. the review queue of every city).
cv::User cli_user(std::string_view region, const std::string& name = "cli") {
  cv::User u = identity::system_user(name.empty() ? "cli" : name);
  u.scope = std::string(region.substr(0, std::min<size_t>(region.size(), 4)));
  u.scope_name = "siklus CLI";
  return u;
}

Result<Date> parse_date_option(const std::string& text, const char* field) {
  if (text.empty()) return today_wib();
  auto d = Date::parse(text);
  if (!d) return Error::invalid(field, "not a date YYYY-MM-DD: '" + text + "'");
  return *d;
}

nlohmann::json link_json(const cv::LinkRunSummary& s) {
  return {{"snapshot", s.snapshot},
          {"members", s.members},
          {"residents", s.residents},
          {"match", s.match},
          {"exact", s.exact},
          {"review", s.review},
          {"accepted", s.accepted},
          {"rejected", s.rejected},
          {"unlinked", s.unlinked},
          {"seconds_load", s.seconds_load},
          {"seconds_link", s.seconds_link},
          {"seconds_store", s.seconds_store}};
}

struct ImportMembersOptions {
  std::string file;
  std::string date;
  bool replace = false;
  bool strict = false;
  bool no_link = false;
};

int run_import_members(CommandContext& ctx, const ImportMembersOptions& o) {
  const auto t0 = std::chrono::steady_clock::now();
  auto date = parse_date_option(o.date, "date");
  if (!date) return fail(ctx, date.error());
  auto cov = open_coverage(ctx);
  if (!cov) return fail(ctx, cov.error());
  cv::ImportMembersRequest req;
  cv::ImportOptions& io = req.import;
  io.path = o.file;
  io.snapshot = *date;
  io.replace = o.replace;
  io.strict = o.strict;
  io.today = today_wib();
  Progress progress(ctx, "import members", 0);
  io.progress = [&progress](uint64_t rows) { progress.update(rows); };
  req.link = !o.no_link;
  req.link_options.progress = [&ctx, &progress](const std::string& stage) {
    progress.finish();
    if (!ctx.global.json) std::cerr << "link: " << stage << "\n";
  };
  auto done = cov->service->import_members(cli_user(""), req);
  progress.finish();
  if (!done) return fail(ctx, done.error());
  const cv::ImportSummary* sum = &done->import;
  for (size_t i = 0; i < sum->errors.size() && i < 20; ++i) {
    std::cerr << sum->errors[i].to_string() << "\n";
  }
  if (sum->rejected > 20) std::cerr << "… " << sum->rejected - 20 << " more rejected rows\n";
  nlohmann::json j = {{"file", sum->file},
                      {"snapshot", sum->snapshot},
                      {"rows", sum->rows},
                      {"imported", sum->imported},
                      {"inserted", sum->inserted},
                      {"updated", sum->updated},
                      {"rejected", sum->rejected},
                      {"nik_missing", sum->nik_missing},
                      {"nik_invalid", sum->nik_invalid}};
  nlohmann::json errors = nlohmann::json::array();
  for (const auto& e : sum->errors) {
    errors.push_back({{"line", e.line}, {"field", e.field}, {"reason", e.reason}});
  }
  j["errors"] = std::move(errors);
  std::ostringstream human;
  human << "snapshot " << sum->snapshot << ": " << sum->imported << " members imported ("
        << sum->inserted << " new, " << sum->updated << " updated), " << sum->rejected
        << " rows rejected, NIK missing " << sum->nik_missing << ", invalid " << sum->nik_invalid
        << "\n";
  if (const auto& linked = done->link) {
    // Linked right after the import: coverage figures stay consistent with the snapshot.
    j["link"] = link_json(*linked);
    human << "linked: " << linked->match << " match (" << linked->exact << " by NIK), "
          << linked->review << " to review, " << linked->unlinked << " unlinked\n";
  }
  j["seconds"] = seconds_since(t0);
  print_result(ctx, j, human.str());
  return 0;
}

int run_link(CommandContext& ctx, const std::string& snapshot) {
  auto cov = open_coverage(ctx);
  if (!cov) return fail(ctx, cov.error());
  cv::LinkRunOptions lo;
  lo.progress = [&ctx](const std::string& stage) {
    if (!ctx.global.json) std::cerr << "link: " << stage << "\n";
  };
  auto linked = cov->service->link(cli_user(""), snapshot, lo);
  if (!linked) return fail(ctx, linked.error());
  std::ostringstream human;
  human << "snapshot " << linked->snapshot << ": " << linked->match << " match (" << linked->exact
        << " by NIK, " << linked->accepted << " accepted in review), " << linked->review
        << " to review, " << linked->unlinked << " unlinked\n";
  print_result(ctx, link_json(*linked), human.str());
  return 0;
}

struct CoverageCliOptions {
  std::string region;
  std::string snapshot;
  double uhc_coverage = 98;
  double uhc_active = 80;
  double basic_coverage = 95;
  int64_t premium = 42000;
};

cv::CoverageOptions coverage_options(const CoverageCliOptions& o) {
  cv::CoverageOptions c;
  c.thresholds.uhc_coverage_pct = o.uhc_coverage;
  c.thresholds.uhc_active_pct = o.uhc_active;
  c.thresholds.basic_coverage_pct = o.basic_coverage;
  c.premium_rupiah = o.premium;
  return c;
}

std::string fmt_pct(double v) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(2) << v << " %";
  return s.str();
}

int run_coverage(CommandContext& ctx, const CoverageCliOptions& o) {
  auto code = cv::normalize_area_code(o.region);
  if (!code) return fail(ctx, Error::invalid("region", "not a region code: '" + o.region + "'"));
  auto cov = open_coverage(ctx, coverage_options(o));
  if (!cov) return fail(ctx, cov.error());
  auto figures = cov->service->coverage(cli_user(*code), *code, o.snapshot);
  if (!figures) return fail(ctx, figures.error());
  nlohmann::json j = std::move(*figures);
  j.erase("path");  // breadcrumbs are for the web app

  std::ostringstream h;
  auto line = [&h](const nlohmann::json& a) {
    h << std::left << std::setw(18) << a["region"].get<std::string>() << std::setw(26)
      << a["name"].get<std::string>().substr(0, 25) << std::right << std::setw(10)
      << a["residents"].get<uint64_t>() << std::setw(10) << a["members_linked"].get<uint64_t>()
      << std::setw(10) << fmt_pct(a["coverage_pct"].get<double>()) << std::setw(10)
      << fmt_pct(a["active_pct"].get<double>()) << std::setw(10)
      << (a["naive_pct"].is_null() ? std::string("-") : fmt_pct(a["naive_pct"].get<double>()))
      << std::setw(9) << a["members_not_resident"].get<uint64_t>() << "  "
      << a["uhc_status"].get<std::string>() << "\n";
  };
  h << "snapshot " << j["snapshot"].get<std::string>() << "\n"
    << std::left << std::setw(18) << "region" << std::setw(26) << "name" << std::right
    << std::setw(10) << "residents" << std::setw(10) << "linked" << std::setw(10) << "coverage"
    << std::setw(10) << "active" << std::setw(10) << "naive" << std::setw(9) << "not res."
    << "  UHC\n";
  line(j);
  for (const auto& c : j["children"]) line(c);
  print_result(ctx, j, h.str());
  return 0;
}

struct ReviewCliOptions {
  std::string snapshot;
  std::string region;
  int page = 1;
  int page_size = 20;
  std::string noka;
  int64_t person = 0;
  std::string reviewer;
  std::string note;
};

int run_review_list(CommandContext& ctx, const ReviewCliOptions& o) {
  std::string region;
  if (!o.region.empty()) {
    auto code = cv::normalize_area_code(o.region);
    if (!code) return fail(ctx, Error::invalid("region", "not a region code: '" + o.region + "'"));
    region = *code;
  }
  auto cov = open_coverage(ctx);
  if (!cov) return fail(ctx, cov.error());
  auto page = cov->service->reviews(cli_user(region), region, o.snapshot, o.page, o.page_size);
  if (!page) return fail(ctx, page.error());
  nlohmann::json items = nlohmann::json::array();
  std::ostringstream h;
  h << "snapshot " << page->snapshot << ": " << page->total << " pairs to review\n";
  auto side = [](const cv::ReviewSide& s) {
    return nlohmann::json{{"nik", s.nik},         {"name", s.name},
                          {"sex", s.sex},         {"birth_date", s.birth_date},
                          {"address", s.address}, {"village_code", s.village_code}};
  };
  for (const auto& it : page->items) {
    items.push_back({{"noka", it.noka},
                     {"person_id", it.person_id},
                     {"score", it.score},
                     {"member_status", it.member_status},
                     {"segment", it.segment},
                     {"member", side(it.member)},
                     {"person", side(it.person)}});
    h << std::fixed << std::setprecision(3) << it.score << "  " << it.noka << " " << it.member.name
      << " (" << it.member.birth_date << ", " << (it.member.nik.empty() ? "no NIK" : it.member.nik)
      << ")  ~  person " << it.person_id << " " << it.person.name << " (" << it.person.birth_date
      << ", " << it.person.nik << ")\n";
  }
  print_result(ctx,
               {{"snapshot", page->snapshot},
                {"total", page->total},
                {"page", page->page},
                {"page_size", page->page_size},
                {"items", items}},
               h.str());
  return 0;
}

int run_review_decide(CommandContext& ctx, const ReviewCliOptions& o, cv::Verdict verdict) {
  auto cov = open_coverage(ctx);
  if (!cov) return fail(ctx, cov.error());
  std::optional<int64_t> person;
  if (o.person > 0) person = o.person;
  auto st =
      cov->service->decide(cli_user("", o.reviewer), o.snapshot, o.noka, person, verdict, o.note);
  if (!st) return fail(ctx, st.error());
  const char* v = verdict == cv::Verdict::kAccept ? "accept" : "reject";
  print_result(ctx, {{"noka", o.noka}, {"verdict", v}}, std::string(v) + "ed " + o.noka + "\n");
  return 0;
}

struct WorklistCliOptions {
  std::string region;
  std::string snapshot;
  std::string puskesmas;
  std::string format;
  std::string out;
  int64_t premium = 42000;
};

int run_worklist(CommandContext& ctx, const WorklistCliOptions& o) {
  auto code = cv::normalize_area_code(o.region);
  if (!code) return fail(ctx, Error::invalid("region", "not a region code: '" + o.region + "'"));
  std::string format = o.format;
  if (format.empty()) {
    format = o.out.size() > 5 && o.out.substr(o.out.size() - 5) == ".xlsx" ? "xlsx" : "csv";
  }
  if (format != "csv" && format != "xlsx") {
    return fail(ctx, Error::invalid("format", "must be csv or xlsx, got '" + format + "'"));
  }
  cv::CoverageOptions copt;
  copt.premium_rupiah = o.premium;
  auto cov = open_coverage(ctx, copt);
  if (!cov) return fail(ctx, cov.error());
  auto exported =
      cov->service->export_worklist(cli_user(*code), *code, o.puskesmas, o.snapshot, format, o.out);
  if (!exported) return fail(ctx, exported.error());
  const cv::Worklist* list = &exported->list;
  nlohmann::json areas = nlohmann::json::array();
  for (const auto& a : list->villages) {
    areas.push_back({{"region", a.code},
                     {"name", a.name},
                     {"puskesmas", a.puskesmas},
                     {"uncovered", a.uncovered},
                     {"inactive", a.inactive},
                     {"cost_month", a.cost_month}});
  }
  std::ostringstream h;
  h << o.out << ": " << list->uncovered << " residents without JKN, " << list->inactive
    << " NONAKTIF members; PBI APBD cost Rp " << list->cost_month << " per month\n";
  print_result(ctx,
               {{"region", list->region},
                {"snapshot", list->snapshot},
                {"out", o.out},
                {"format", format},
                {"uncovered", list->uncovered},
                {"inactive", list->inactive},
                {"premium_rupiah", list->premium_rupiah},
                {"cost_month", list->cost_month},
                {"villages", areas}},
               h.str());
  return 0;
}

struct DemoMembersCliOptions {
  std::string city;
  std::string out;
  std::string truth;
  uint64_t seed = 1;
};

int run_demo_members(CommandContext& ctx, const DemoMembersCliOptions& o) {
  auto code = normalize_region_code(o.city);
  if (!code || code->size() != 4) {
    return fail(ctx, Error::invalid("city", "not a kab/kota code: '" + o.city + "'"));
  }
  auto cov = open_coverage(ctx);
  if (!cov) return fail(ctx, cov.error());
  auto sum = cov->service->demo_members(cli_user(*code), *code, o.seed, o.out, o.truth);
  if (!sum) return fail(ctx, sum.error());
  std::ostringstream h;
  h << o.out << ": " << sum->rows << " members for " << sum->alive_residents << " residents (naive "
    << sum->naive_pct << " %): " << sum->resident_members << " residents, " << sum->died
    << " died, " << sum->moved << " moved out, " << sum->duplicates << " duplicates, "
    << sum->elsewhere << " living elsewhere\n";
  print_result(ctx,
               {{"city", *code},
                {"out", o.out},
                {"rows", sum->rows},
                {"residents", sum->alive_residents},
                {"resident_members", sum->resident_members},
                {"died", sum->died},
                {"moved", sum->moved},
                {"duplicates", sum->duplicates},
                {"elsewhere", sum->elsewhere},
                {"naive_pct", sum->naive_pct}},
               h.str());
  return 0;
}

}  // namespace

Result<nlohmann::json> create_demo_member_snapshot(const CommandContext& ctx,
                                                   const std::string& city, uint64_t seed) {
  auto cov = open_coverage(ctx);
  if (!cov) return cov.error();
  // The extract goes through a private temporary file so the snapshot is imported by the same
  // streaming reader as a real BPJS file (one code path, the same validation).
  std::error_code ec;
  const auto dir = std::filesystem::temp_directory_path(ec);
  if (ec) return Error::io("no temporary directory: " + ec.message());
  const auto csv = dir / ("siklus-demo-members-" + std::to_string(::getpid()) + ".csv");
  struct Remove {
    std::filesystem::path path;
    ~Remove() {
      std::error_code ignored;
      std::filesystem::remove(path, ignored);
    }
  } remove{csv};
  auto sum = cov->service->demo_members(cli_user(city), city, seed, csv.string(), "");
  if (!sum) return sum.error();
  cv::ImportMembersRequest req;
  req.import.path = csv.string();
  req.import.snapshot = today_wib();
  req.import.replace = true;  // `demo --force` rebuilds the city, and its snapshot with it
  req.import.today = today_wib();
  req.link = true;
  auto done = cov->service->import_members(cli_user(""), req);
  if (!done) return done.error();
  nlohmann::json j = {{"members", done->import.imported}, {"snapshot", done->import.snapshot}};
  if (done->link) j["link"] = link_json(*done->link);
  return j;
}

void add_coverage_commands(CLI::App& app, CommandContext& ctx) {
  // siklus import members FILE
  auto* import = shared_subcommand(app, "import", "import extracts (population, members)");
  auto imo = std::make_shared<ImportMembersOptions>();
  auto* members_import =
      import->add_subcommand("members", "import a JKN membership extract (BPJS-like CSV)");
  members_import->add_option("file", imo->file, "membership extract (contract.md)")->required();
  members_import->add_option("--date", imo->date, "snapshot date YYYY-MM-DD (default today)");
  members_import->add_flag("--replace", imo->replace, "drop the snapshot's members first");
  members_import->add_flag("--strict", imo->strict, "any bad row fails the whole import");
  members_import->add_flag("--no-link", imo->no_link, "do not link to the population register");
  members_import->callback([&ctx, imo] { ctx.exit_code = run_import_members(ctx, *imo); });

  // siklus coverage --region CODE
  auto co = std::make_shared<CoverageCliOptions>();
  const auto& cc = ctx.config.coverage;  // the configuration file's values; flags override
  co->uhc_coverage = cc.uhc_coverage_pct;
  co->uhc_active = cc.uhc_active_pct;
  co->basic_coverage = cc.basic_coverage_pct;
  co->premium = cc.premium_rupiah;
  auto* coverage = app.add_subcommand("coverage", "JKN coverage (UHC) by area");
  coverage->add_option("--region", co->region, "region code (city, kecamatan, kelurahan, RW)");
  coverage->add_option("--snapshot", co->snapshot, "membership snapshot date (default latest)");
  coverage->add_option("--uhc-coverage", co->uhc_coverage, "UHC coverage threshold % (98)");
  coverage->add_option("--uhc-active", co->uhc_active, "UHC active threshold % (80)");
  coverage->add_option("--basic-coverage", co->basic_coverage, "older UHC threshold % (95)");
  coverage->add_option("--premium", co->premium, "PBI APBD premium, Rp/person/month (42000)");
  coverage->callback([&ctx, co, coverage] {
    if (coverage->get_subcommands().size() > 0) return;  // a sub-command ran instead
    if (co->region.empty()) {
      ctx.exit_code = fail(ctx, Error::invalid("region", "--region is required"));
      return;
    }
    ctx.exit_code = run_coverage(ctx, *co);
  });

  // siklus coverage worklist --region CODE --format csv|xlsx --out FILE
  auto wo = std::make_shared<WorklistCliOptions>();
  wo->premium = cc.premium_rupiah;
  auto* worklist = coverage->add_subcommand(
      "worklist", "residents without JKN and NONAKTIF members, for enrolment drives");
  worklist->add_option("--region", wo->region, "region code (city … RW)")->required();
  worklist->add_option("--snapshot", wo->snapshot, "membership snapshot date (default latest)");
  worklist->add_option("--puskesmas", wo->puskesmas, "only this puskesmas's wilayah kerja");
  worklist->add_option("--format", wo->format, "csv or xlsx (default from --out)");
  worklist->add_option("--out", wo->out, "output file")->required();
  worklist->add_option("--premium", wo->premium, "PBI APBD premium, Rp/person/month (42000)");
  worklist->callback([&ctx, wo] { ctx.exit_code = run_worklist(ctx, *wo); });

  // siklus members link | review … | demo
  auto* members = app.add_subcommand("members", "JKN membership: linking, review queue, demo");
  members->require_subcommand(1);
  auto link_snapshot = std::make_shared<std::string>();
  auto* link = members->add_subcommand("link", "link a snapshot to the population register");
  link->add_option("--snapshot", *link_snapshot, "snapshot date (default latest)");
  link->callback([&ctx, link_snapshot] { ctx.exit_code = run_link(ctx, *link_snapshot); });

  auto ro = std::make_shared<ReviewCliOptions>();
  auto* review = members->add_subcommand("review", "the review queue of uncertain links");
  review->require_subcommand(1);
  auto* list = review->add_subcommand("list", "pending pairs, best first");
  list->add_option("--snapshot", ro->snapshot, "snapshot date (default latest)");
  list->add_option("--region", ro->region, "only pairs whose member or person lives here");
  list->add_option("--page", ro->page, "page from 1");
  list->add_option("--page-size", ro->page_size, "1–100 (default 20)");
  list->callback([&ctx, ro] { ctx.exit_code = run_review_list(ctx, *ro); });
  for (const auto& [name, verdict] :
       {std::pair{"accept", cv::Verdict::kAccept}, std::pair{"reject", cv::Verdict::kReject}}) {
    auto* d = review->add_subcommand(name, std::string(name) + " the pair proposed for a member");
    d->add_option("--snapshot", ro->snapshot, "snapshot date (default latest)");
    d->add_option("--noka", ro->noka, "member's card number")->required();
    d->add_option("--person", ro->person, "person id (checked against the proposed pair)");
    d->add_option("--reviewer", ro->reviewer, "who decides (the audited user; default cli)");
    d->add_option("--note", ro->note, "why");
    const cv::Verdict v = verdict;
    d->callback([&ctx, ro, v] { ctx.exit_code = run_review_decide(ctx, *ro, v); });
  }

  auto dmo = std::make_shared<DemoMembersCliOptions>();
  auto* demo = members->add_subcommand("demo", "write a demo membership extract for a demo city");
  demo->add_option("--city", dmo->city, "kab/kota code of a demo city in --db")->required();
  demo->add_option("--out", dmo->out, "output CSV (contract.md members format)")->required();
  demo->add_option("--truth", dmo->truth, "also write noka,person_id,kind (ground truth)");
  demo->add_option("--seed", dmo->seed, "random seed (default 1)");
  demo->callback([&ctx, dmo] { ctx.exit_code = run_demo_members(ctx, *dmo); });
}

}  // namespace siklus::cli
