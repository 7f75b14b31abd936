#include "coverage/worklist.h"

#include <xlsxwriter.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "core/csv.h"
#include "coverage/coverage.h"
#include "coverage/coverage_data.h"

namespace siklus::coverage {

const char* work_kind_code(WorkKind kind) {
  return kind == WorkKind::kUncovered ? "belum_terdaftar" : "nonaktif";
}

Result<Worklist> build_worklist(store::Database& db, registry::ReadPort& port,
                                const SnapshotRef& snapshot, const WorklistQuery& q) {
  Worklist out;
  out.region = q.region;
  out.snapshot = snapshot.date;
  out.premium_rupiah = q.premium_rupiah;
  if (q.region.size() < 4) return Error::invalid("region", "give a kab/kota code or below");
  std::string village_prefix = q.region;
  int only_rw = 0;
  if (const size_t dot = q.region.find(".RW"); dot != std::string::npos) {
    village_prefix = q.region.substr(0, dot);
    only_rw = std::stoi(q.region.substr(dot + 3));
  }
  // Names of regions and the puskesmas of each kelurahan, from the registry's region tree.
  auto tree = port.city_tree(q.region.substr(0, 4));
  if (!tree) return tree.error();
  std::unordered_map<std::string, std::string> region_name, puskesmas_of;
  for (const auto& r : tree->regions) region_name.emplace(r.code, r.name);
  // An RW area ("<kelurahan>.RW<nn>", rw_code) is named by its kelurahan and number.
  if (auto it = region_name.find(q.region); it != region_name.end()) {
    out.region_name = it->second;
  } else if (const auto rw = q.region.find(".RW"); rw != std::string::npos) {
    if (auto v = region_name.find(q.region.substr(0, rw)); v != region_name.end()) {
      out.region_name = v->second + " RW " + q.region.substr(rw + 3);
    }
  }
  for (const auto& c : tree->catchments) {
    for (const auto& v : c.villages) puskesmas_of.emplace(v, c.name);
  }
  std::unordered_set<std::string> allowed;
  if (!q.puskesmas.empty()) {
    auto c = port.puskesmas(q.puskesmas);
    if (!c) return c.error();
    allowed.insert(c->villages.begin(), c->villages.end());
  }
  auto wanted = [&](std::string_view village, int rw) {
    if (only_rw && rw != only_rw) return false;
    if (!allowed.empty() && !allowed.count(std::string(village))) return false;
    return !q.keep || q.keep(village, rw);
  };

  // The member linked (match) to a resident, if any: one index probe per resident.
  auto link = db.prepare(
      "SELECT m.status, m.noka, m.segment, m.kode_faskes FROM member_link l JOIN member m ON"
      " m.snapshot_id = l.snapshot_id AND m.noka = l.noka WHERE l.snapshot_id = ? AND"
      " l.person_id = ? AND l.decision = 'match'");
  if (!link) return link.error();
  store::Statement& ls = **link;
  std::unordered_map<std::string, std::string> heads;  // no_kk -> head's name
  std::optional<Error> failed;
  SK_TRY(port.for_each_resident(village_prefix, [&](const registry::ResidentRow& p) {
    if (failed || p.status != "HIDUP" || !wanted(p.village_code, p.rw)) return;
    if (p.head_of_household && !p.no_kk.empty()) heads.emplace(p.no_kk, p.name);
    ls.reset();
    ls.bind(1, snapshot.id).bind(2, p.id);
    auto found = ls.step();
    if (!found) {
      failed = found.error();
      return;
    }
    WorkRow r;
    if (*found) {
      if (ls.column_text(0) != "NONAKTIF") return;  // covered
      r.kind = WorkKind::kInactive;
      r.noka = ls.column_string(1);
      r.segment = ls.column_string(2);
      r.kode_faskes = ls.column_string(3);
    }
    r.person_id = p.id;
    if (q.identifiers) {
      r.nik = p.nik;
      r.no_kk = p.no_kk;
    }
    r.name = p.name;
    r.sex = p.sex;
    r.birth_date = p.birth_date;
    if (auto b = Date::parse(r.birth_date)) r.age = age_in_years(*b, q.on);
    r.street = p.street;
    r.rt = p.rt;
    r.rw = p.rw;
    r.village_code = p.village_code;
    r.district_code = r.village_code.substr(0, 6);
    if (auto it = region_name.find(r.village_code); it != region_name.end()) {
      r.village_name = it->second;
    }
    if (auto it = region_name.find(r.district_code); it != region_name.end()) {
      r.district_name = it->second;
    }
    if (auto it = puskesmas_of.find(r.village_code); it != puskesmas_of.end()) {
      r.puskesmas = it->second;
    }
    r.household = std::string(p.no_kk);
    out.rows.push_back(std::move(r));
  }));
  if (failed) return *failed;
  for (WorkRow& r : out.rows) {
    if (auto it = heads.find(r.household); it != heads.end()) r.head_name = it->second;
  }
  std::sort(out.rows.begin(), out.rows.end(), [](const WorkRow& a, const WorkRow& b) {
    return std::tie(a.village_code, a.rw, a.rt, a.household, a.person_id) <
           std::tie(b.village_code, b.rw, b.rt, b.household, b.person_id);
  });

  std::map<std::string, WorkArea> villages, rws, pkm;
  for (const WorkRow& r : out.rows) {
    const bool unc = r.kind == WorkKind::kUncovered;
    WorkArea* areas[] = {&villages[r.village_code], &rws[rw_code(r.village_code, r.rw)],
                         &pkm[r.puskesmas]};
    areas[0]->code = r.village_code;
    areas[0]->name = r.village_name;
    areas[1]->code = rw_code(r.village_code, r.rw);
    areas[1]->name = r.village_name + " RW " + std::to_string(r.rw);
    areas[2]->code = r.puskesmas;
    areas[2]->name = r.puskesmas;
    for (WorkArea* a : areas) {
      a->puskesmas = r.puskesmas;
      ++(unc ? a->uncovered : a->inactive);
      a->cost_month += q.premium_rupiah;
    }
    ++(unc ? out.uncovered : out.inactive);
    out.cost_month += q.premium_rupiah;
  }
  for (auto& [k, v] : villages) out.villages.push_back(v);
  for (auto& [k, v] : rws) out.rws.push_back(v);
  for (auto& [k, v] : pkm) out.puskesmas.push_back(v);
  return out;
}

namespace {

constexpr const char* kColumns[] = {"jenis",
                                    "kecamatan",
                                    "kelurahan_kode",
                                    "kelurahan",
                                    "rw",
                                    "rt",
                                    "puskesmas",
                                    "nik",
                                    "nama",
                                    "jenis_kelamin",
                                    "tanggal_lahir",
                                    "umur",
                                    "no_kk",
                                    "kepala_keluarga",
                                    "alamat",
                                    "noka",
                                    "segmen",
                                    "kode_faskes",
                                    "premi_bulan"};

// The same columns as people read them in a spreadsheet (the CSV keeps the names scripts use).
constexpr const char* kTitles[] = {"Jenis",
                                   "Kecamatan",
                                   "Kode kelurahan",
                                   "Kelurahan",
                                   "RW",
                                   "RT",
                                   "Puskesmas",
                                   "NIK",
                                   "Nama",
                                   "Jenis kelamin",
                                   "Tanggal lahir",
                                   "Umur (tahun)",
                                   "Nomor KK",
                                   "Kepala keluarga",
                                   "Alamat",
                                   "Nomor kartu JKN",
                                   "Segmen",
                                   "Kode FKTP",
                                   "Premi per bulan (Rp)"};
static_assert(std::size(kTitles) == std::size(kColumns));

std::vector<std::string> row_cells(const WorkRow& r, int64_t premium) {
  return {work_kind_code(r.kind),
          r.district_name,
          r.village_code,
          r.village_name,
          std::to_string(r.rw),
          std::to_string(r.rt),
          r.puskesmas,
          r.nik,
          r.name,
          r.sex,
          r.birth_date,
          r.age < 0 ? "" : std::to_string(r.age),
          r.no_kk,
          r.head_name,
          r.street,
          r.noka,
          r.segment,
          r.kode_faskes,
          std::to_string(premium)};
}

}  // namespace

Status write_worklist_csv(const Worklist& list, const std::string& path) {
  std::ofstream f(path, std::ios::binary);
  if (!f) return Error::io(path + ": cannot write");
  for (size_t i = 0; i < std::size(kColumns); ++i) f << (i ? "," : "") << kColumns[i];
  f << "\n";
  for (const WorkRow& r : list.rows) {
    const auto cells = row_cells(r, list.premium_rupiah);
    for (size_t i = 0; i < cells.size(); ++i) f << (i ? "," : "") << csv_quote(cells[i]);
    f << "\n";
  }
  f.flush();
  if (!f) return Error::io(path + ": write failed");
  return {};
}

Status write_worklist_xlsx(const Worklist& list, const std::string& path) {
  lxw_workbook_options opts = {};
  opts.constant_memory = LXW_TRUE;  // rows stream to disk: a city's worklist can be large
  opts.tmpdir = nullptr;
  lxw_workbook* wb = workbook_new_opt(path.c_str(), &opts);
  if (!wb) return Error::io(path + ": cannot create workbook");
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_format* money = workbook_add_format(wb);
  format_set_num_format(money, "#,##0");

  // Summary first: per puskesmas, kelurahan and RW, with the monthly premium.
  lxw_worksheet* sum = workbook_add_worksheet(wb, "Ringkasan");
  int row = 0;
  auto text = [](lxw_worksheet* ws, int r, int c, const std::string& s, lxw_format* f = nullptr) {
    worksheet_write_string(ws, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c), s.c_str(), f);
  };
  auto num = [](lxw_worksheet* ws, int r, int c, double v, lxw_format* f = nullptr) {
    worksheet_write_number(ws, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c), v, f);
  };
  text(sum, row, 0, "Wilayah", bold);
  text(sum, row, 1, list.region_name.empty() ? list.region : list.region_name);
  text(sum, ++row, 0, "Kode wilayah", bold);
  text(sum, row, 1, list.region);
  text(sum, ++row, 0, "Snapshot", bold);
  text(sum, row, 1, list.snapshot);
  text(sum, ++row, 0, "Premi PBI APBD / orang / bulan", bold);
  num(sum, row, 1, static_cast<double>(list.premium_rupiah), money);
  text(sum, ++row, 0, "Belum terdaftar", bold);
  num(sum, row, 1, static_cast<double>(list.uncovered));
  text(sum, ++row, 0, "Nonaktif", bold);
  num(sum, row, 1, static_cast<double>(list.inactive));
  text(sum, ++row, 0, "Biaya per bulan (Rp)", bold);
  num(sum, row, 1, static_cast<double>(list.cost_month), money);
  row += 2;
  auto table = [&](const char* title, const std::vector<WorkArea>& areas) {
    text(sum, row, 0, title, bold);
    ++row;
    const char* head[] = {
        "Kode", "Nama", "Puskesmas", "Belum terdaftar", "Nonaktif", "Biaya per bulan (Rp)"};
    for (int c = 0; c < 6; ++c) text(sum, row, c, head[c], bold);
    ++row;
    for (const WorkArea& a : areas) {
      text(sum, row, 0, a.code);
      text(sum, row, 1, a.name);
      text(sum, row, 2, a.puskesmas);
      num(sum, row, 3, static_cast<double>(a.uncovered));
      num(sum, row, 4, static_cast<double>(a.inactive));
      num(sum, row, 5, static_cast<double>(a.cost_month), money);
      ++row;
    }
    ++row;
  };
  table("Per puskesmas", list.puskesmas);
  table("Per kelurahan", list.villages);
  table("Per RW", list.rws);

  for (WorkKind kind : {WorkKind::kUncovered, WorkKind::kInactive}) {
    lxw_worksheet* ws =
        workbook_add_worksheet(wb, kind == WorkKind::kUncovered ? "Belum terdaftar" : "Nonaktif");
    for (size_t c = 0; c < std::size(kColumns); ++c)
      text(ws, 0, static_cast<int>(c), kTitles[c], bold);
    int r = 1;
    for (const WorkRow& w : list.rows) {
      if (w.kind != kind) continue;
      const auto cells = row_cells(w, list.premium_rupiah);
      for (size_t c = 0; c < cells.size(); ++c) {
        // NIK, KK and noka stay text: as numbers Excel would round 16 digits.
        if (c == 4 || c == 5 || c == 11 || c == 18) {
          if (!cells[c].empty()) num(ws, r, static_cast<int>(c), std::stod(cells[c]));
        } else {
          text(ws, r, static_cast<int>(c), cells[c]);
        }
      }
      ++r;
    }
  }
  const lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR) {
    return Error::io(path + ": " + lxw_strerror(err));
  }
  return {};
}

}  // namespace siklus::coverage
