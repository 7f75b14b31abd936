// `siklus link --population P.csv --members M.csv --out DIR`: runs the linkage engine on two files
// without a database (contract.md) and writes DIR/links.csv. Bad fields are reported with
// file:line and field; rows whose NIK is missing or invalid are kept, they are what the
// probabilistic pass is for.

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cli/command.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/region_code.h"
#include "coverage/linkage/linkage.h"
#include "coverage/linkage_input.h"

namespace siklus::cli {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

struct Span {
  uint32_t off = 0;
  uint32_t len = 0;
};

// One input file held compactly: all kept text in one buffer, fields as offsets into it, so 2.6 M
// rows cost a few hundred MB rather than millions of small strings.
struct Side {
  std::string source;
  std::string text;
  struct Row {
    uint32_t data_row;  // 1-based data-row number in the file (contract's row numbering)
    Span nik, name, address, region;
    Sex sex;
    linkage::BirthDate birth;
  };
  std::vector<Row> rows;
  uint64_t data_rows = 0;
  uint64_t invalid = 0;  // rows missing a required field (kept)
  uint64_t warnings = 0;
  uint64_t nik_missing = 0;
  uint64_t nik_invalid = 0;           // present but not 16 digits
  std::vector<std::string> messages;  // first few problems, "file:line: field: reason"
  std::optional<Error> fatal;

  Span add(std::string_view s) {
    Span sp{static_cast<uint32_t>(text.size()), static_cast<uint32_t>(s.size())};
    text.append(s);
    return sp;
  }
  std::string_view view(Span s) const { return std::string_view(text).substr(s.off, s.len); }
  void report(size_t line, std::string_view field, std::string_view reason, bool invalid_row) {
    (invalid_row ? invalid : warnings)++;
    if (messages.size() < 20) {
      messages.push_back(source + ":" + std::to_string(line) + ": " + std::string(field) + ": " +
                         std::string(reason));
    }
  }
};

void read_side(const std::string& path, bool members, Side& side) {
  side.source = path;
  auto opened = CsvReader::open(path);
  if (!opened) {
    side.fatal = opened.error();
    return;
  }
  CsvReader& csv = **opened;
  const auto c_nik = csv.column("nik");
  const auto c_nama = csv.column("nama");
  const auto c_noka = csv.column("noka");
  const auto c_sex = csv.column("jenis_kelamin");
  const auto c_birth = csv.column("tanggal_lahir");
  const auto c_addr = csv.column("alamat");
  const auto c_region = csv.column("kode_wilayah");
  for (const char* required : members ? std::vector<const char*>{"noka", "nama"}
                                      : std::vector<const char*>{"nik", "nama"}) {
    if (!csv.column(required)) {
      side.fatal =
          Error::invalid(path + ":1", std::string("missing required column '") + required + "'");
      return;
    }
  }
  side.text.reserve(64u << 20);
  while (true) {
    auto more = csv.next();
    if (!more) {
      side.fatal = more.error();
      return;
    }
    if (!*more) break;
    ++side.data_rows;
    const size_t line = csv.line();
    const std::string_view name = trim(csv.field(c_nama));
    // Required by contract.md, but a row without a name or card number can still be linked on
    // its other fields, so it is reported and kept.
    if (name.empty())
      side.report(line, "nama", "missing (required); row kept, linked on other fields", true);
    if (members && trim(csv.field(c_noka)).empty()) {
      side.report(line, "noka", "missing (required); row kept", true);
    }
    Side::Row row{};
    row.data_row = static_cast<uint32_t>(csv.row());
    const std::string_view nik = trim(csv.field(c_nik));
    if (nik.empty()) {
      ++side.nik_missing;
    } else if (nik.size() != 16 || nik.find_first_not_of("0123456789") != std::string_view::npos) {
      ++side.nik_invalid;  // kept: linkage falls back to the other fields
    }
    row.nik = side.add(nik);
    row.name = side.add(name);
    row.address = side.add(trim(csv.field(c_addr)));
    const std::string_view sex = trim(csv.field(c_sex));
    auto parsed_sex = parse_sex(sex);
    if (!parsed_sex) {
      side.report(line, "jenis_kelamin",
                  "'" + std::string(sex) + "' is not L or P; treated as unknown", false);
      row.sex = Sex::kUnknown;
    } else {
      row.sex = *parsed_sex;
    }
    const std::string_view birth = trim(csv.field(c_birth));
    if (!birth.empty()) {
      bool real_day = false;
      auto b = coverage::parse_linkage_birth(birth, &real_day);
      if (!b) {
        side.report(line, "tanggal_lahir",
                    "'" + std::string(birth) + "' is not YYYY-MM-DD; treated as unknown", false);
      } else {
        if (!real_day) {
          side.report(line, "tanggal_lahir",
                      "'" + std::string(birth) + "' is not a real day; kept for comparison", false);
        }
        row.birth = *b;
      }
    }
    const std::string_view region = trim(csv.field(c_region));
    if (!region.empty()) {
      auto code = normalize_region_code(region);
      if (!code) {
        side.report(line, "kode_wilayah",
                    "'" + std::string(region) + "' is not a Kemendagri code; ignored", false);
      } else {
        row.region = side.add(*code);
      }
    }
    side.rows.push_back(row);
  }
  if (side.text.size() > UINT32_MAX) {
    side.fatal = Error::invalid(path, "file too large (over 4 GB of kept text)");
  }
}

std::vector<linkage::Record> records_of(const Side& side) {
  std::vector<linkage::Record> out;
  out.reserve(side.rows.size());
  for (const auto& r : side.rows) {
    linkage::Record rec;
    rec.nik = side.view(r.nik);
    rec.name = side.view(r.name);
    rec.address = side.view(r.address);
    rec.region = side.view(r.region);
    rec.sex = r.sex;
    rec.birth = r.birth;
    out.push_back(rec);
  }
  return out;
}

nlohmann::json side_json(const Side& s) {
  return {{"rows", s.data_rows},
          {"invalid", s.invalid},
          {"warnings", s.warnings},
          {"nik_missing", s.nik_missing},
          {"nik_invalid", s.nik_invalid}};
}

int run_link(const CommandContext& ctx, const std::string& pop_path, const std::string& mem_path,
             const std::string& out_dir, const linkage::LinkOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  auto elapsed = [&t0] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  Progress progress(ctx, "link", 3);
  Side pop;
  Side mem;
  {
    std::thread reader([&] { read_side(pop_path, false, pop); });
    read_side(mem_path, true, mem);
    reader.join();
  }
  for (const Side* s : {&pop, &mem}) {
    if (s->fatal) return fail(ctx, *s->fatal);
    for (const auto& m : s->messages) std::cerr << "siklus: " << m << "\n";
    const uint64_t problems = s->invalid + s->warnings;
    if (problems > s->messages.size()) {
      std::cerr << "siklus: " << s->source << ": " << problems - s->messages.size()
                << " more problems not shown\n";
    }
  }
  const double seconds_parse = elapsed();
  progress.update(1);

  const auto pop_records = records_of(pop);
  const auto mem_records = records_of(mem);
  auto result = linkage::link_records(pop_records, mem_records, options);
  progress.update(2);

  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) return fail(ctx, Error::io(out_dir + ": cannot create directory: " + ec.message()));
  const std::string out_path = (std::filesystem::path(out_dir) / "links.csv").string();
  std::FILE* f = std::fopen(out_path.c_str(), "wb");
  if (!f) return fail(ctx, Error::io(out_path + ": cannot write"));
  std::string buf = "population_row,members_row,score,decision\n";
  uint64_t match = 0;
  uint64_t review = 0;
  char line[96];
  for (const auto& l : result.links) {
    (l.decision == linkage::Decision::kMatch ? match : review)++;
    const int n = std::snprintf(line, sizeof line, "%u,%u,%.4f,%s\n",
                                pop.rows[l.population].data_row, mem.rows[l.member].data_row,
                                l.probability, linkage::decision_name(l.decision));
    buf.append(line, static_cast<size_t>(n));
    if (buf.size() > (1u << 20)) {
      std::fwrite(buf.data(), 1, buf.size(), f);
      buf.clear();
    }
  }
  std::fwrite(buf.data(), 1, buf.size(), f);
  if (std::fclose(f) != 0) return fail(ctx, Error::io(out_path + ": write failed"));
  progress.update(3);
  progress.finish();

  const auto& st = result.stats;
  nlohmann::json model = nlohmann::json::object();
  for (int fi = 0; fi < linkage::kFieldCount; ++fi) {
    const auto field = static_cast<linkage::Field>(fi);
    nlohmann::json levels = nlohmann::json::object();
    for (int k = 1; k < linkage::kLevels[fi]; ++k) {
      levels[linkage::level_name(field, k)] = {{"m", st.model[fi].m[k]}, {"u", st.model[fi].u[k]}};
    }
    model[linkage::field_name(field)] = levels;
  }
  static constexpr const char* kKeyNames[] = {"",           "nik",          "nik_mask",
                                              "birth_name", "name_year",    "name_pair",
                                              "name_full",  "birth_region", "name_region"};
  nlohmann::json by_key = nlohmann::json::object();
  for (size_t k = 1; k < std::size(kKeyNames); ++k) by_key[kKeyNames[k]] = st.pairs_by_key[k];
  if (!st.nik_u_same_birth.empty()) {
    for (int k = 1; k < linkage::kLevels[linkage::kNik]; ++k) {
      model["nik_given_same_birth_date"][linkage::level_name(linkage::kNik, k)] = {
          {"u", st.nik_u_same_birth[k]}};
    }
  }
  const double seconds = elapsed();
  nlohmann::json out = {
      {"population", pop.data_rows},
      {"members", mem.data_rows},
      {"match", match},
      {"review", review},
      {"seconds", std::round(seconds * 1000) / 1000},
      {"exact", st.exact_pairs},
      {"exact_rejected", st.exact_rejected},
      {"candidate_pairs", st.candidate_pairs},
      {"blocks_skipped", st.blocks_skipped},
      {"pairs_by_key", by_key},
      {"links", out_path},
      {"population_file", side_json(pop)},
      {"members_file", side_json(mem)},
      {"stages",
       {{"parse", seconds_parse},
        {"exact", st.seconds_exact},
        {"exact_join", st.seconds_exact_join},
        {"blocking", st.seconds_blocking},
        {"compare", st.seconds_compare},
        {"em", st.seconds_em},
        {"assign", st.seconds_assign}}},
      {"em", {{"iterations", st.em_iterations}, {"match_prior", st.match_prior}, {"model", model}}},
  };
  char human[512];
  std::snprintf(human, sizeof human,
                "linked %llu population rows and %llu member rows in %.1f s: %llu match "
                "(%llu by exact NIK), %llu review\nlinks: %s\n",
                static_cast<unsigned long long>(pop.data_rows),
                static_cast<unsigned long long>(mem.data_rows), seconds,
                static_cast<unsigned long long>(match),
                static_cast<unsigned long long>(st.exact_pairs),
                static_cast<unsigned long long>(review), out_path.c_str());
  print_result(ctx, out, human);
  return 0;
}

}  // namespace

void add_link_commands(CLI::App& app, CommandContext& ctx) {
  struct Args {
    std::string population;
    std::string members;
    std::string out;
    linkage::LinkOptions options;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "link", "link a membership extract to a population extract (files only, no database)");
  cmd->add_option("--population", args->population, "population CSV (contract.md)")->required();
  cmd->add_option("--members", args->members, "membership CSV (contract.md)")->required();
  cmd->add_option("--out", args->out, "output directory for links.csv")->required();
  cmd->add_option("--match-probability", args->options.match_probability,
                  "match at or above this EM probability (default 0.99)");
  cmd->add_option("--review-probability", args->options.review_probability,
                  "review band lower bound (default 0.5)");
  cmd->add_option("--threads", args->options.threads, "worker threads (default: all cores)");
  cmd->add_flag("--nik-mask-keys", args->options.nik_mask_keys,
                "also block on NIKs with two adjacent digits masked (more pairs, catches a "
                "mistyped NIK when name and birth date are damaged too)");
  cmd->callback([&ctx, args] {
    ctx.exit_code = run_link(ctx, args->population, args->members, args->out, args->options);
  });
}

}  // namespace siklus::cli
