#include "coverage/worklist.h"

#include <xlsxwriter.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <unordered_map>

#include "core/csv.h"
#include "coverage/coverage.h"
#include "coverage/coverage_data.h"

namespace siklus::coverage {

const char* work_kind_code(WorkKind kind) {
  return kind == WorkKind::kUncovered ? "belum_terdaftar" : "nonaktif";
}

namespace {

struct Names {
  std::unordered_map<std::string, std::string> region;     // code -> name
  std::unordered_map<std::string, std::string> puskesmas;  // village code -> puskesmas name
  std::unordered_map<std::string, std::string> heads;      // no_kk -> head's name
};

Status load_names(store::Database& db, const std::string& city, const std::string& lo,
                  const std::string& hi, Names& n) {
  const auto [clo, chi] = prefix_range(city);
  auto st = db.prepare("SELECT code, name FROM region WHERE code >= ? AND code < ?");
  if (!st) return st.error();
  (*st)->bind(1, clo).bind(2, chi);
  for (;;) {
    auto row = (*st)->step();
    if (!row) return row.error();
    if (!*row) break;
    n.region.emplace((*st)->column_string(0), (*st)->column_string(1));
  }
  auto pk = db.prepare(
      "SELECT c.village_code, f.name FROM facility_catchment c JOIN facility f ON f.id ="
      " c.facility_id WHERE f.type = 'puskesmas' AND c.village_code >= ? AND c.village_code < ?");
  if (!pk) return pk.error();
  (*pk)->bind(1, clo).bind(2, chi);
  for (;;) {
    auto row = (*pk)->step();
    if (!row) return row.error();
    if (!*row) break;
    n.puskesmas.emplace((*pk)->column_string(0), (*pk)->column_string(1));
  }
  auto hd = db.prepare(
      "SELECT no_kk, name FROM person WHERE village_code >= ? AND village_code < ?"
      " AND relation = 'KEPALA KELUARGA' AND no_kk <> ''");
  if (!hd) return hd.error();
  (*hd)->bind(1, lo).bind(2, hi);
  for (;;) {
    auto row = (*hd)->step();
    if (!row) return row.error();
    if (!*row) break;
    n.heads.emplace((*hd)->column_string(0), (*hd)->column_string(1));
  }
  return {};
}

//! Villages of a puskesmas's wilayah kerja, by facility id, key or name.
Result<std::vector<std::string>> catchment_of(store::Database& db, const std::string& which) {
  auto st = db.prepare(
      "SELECT c.village_code FROM facility f JOIN facility_catchment c ON c.facility_id = f.id"
      " WHERE f.type = 'puskesmas' AND (CAST(f.id AS TEXT) = ? OR f.key = ? OR f.name = ?)");
  if (!st) return st.error();
  (*st)->bind(1, which).bind(2, which).bind(3, which);
  std::vector<std::string> out;
  for (;;) {
    auto row = (*st)->step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back((*st)->column_string(0));
  }
  if (out.empty()) return Error::not_found("no puskesmas '" + which + "' with a wilayah kerja");
  return out;
}

}  // namespace

Result<Worklist> build_worklist(store::Database& db, const SnapshotRef& snapshot,
                                const WorklistQuery& q) {
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
  const auto [lo, hi] = prefix_range(village_prefix);
  Names names;
  SK_TRY(load_names(db, q.region.substr(0, 4), lo, hi, names));
  std::vector<std::string> allowed;
  if (!q.puskesmas.empty()) {
    auto c = catchment_of(db, q.puskesmas);
    if (!c) return c.error();
    allowed = std::move(*c);
  }
  auto in_scope = [&](const std::string& village, int rw) {
    if (only_rw && rw != only_rw) return false;
    if (allowed.empty()) return true;
    for (const auto& v : allowed) {
      if (v == village) return true;
    }
    return false;
  };

  const std::string person_cols =
      "p.id, p.nik, p.name, p.sex, COALESCE(p.birth_date, ''), p.no_kk, p.street, p.rt, p.rw,"
      " COALESCE(p.village_code, '')";
  auto fill = [&](store::Statement& s, WorkKind kind) {
    WorkRow r;
    r.kind = kind;
    r.person_id = s.column_int64(0);
    r.nik = s.column_string(1);
    r.name = s.column_string(2);
    r.sex = s.column_string(3);
    r.birth_date = s.column_string(4);
    if (auto b = Date::parse(r.birth_date)) r.age = age_in_years(*b, q.on);
    r.no_kk = s.column_string(5);
    r.street = s.column_string(6);
    r.rt = s.column_int(7);
    r.rw = s.column_int(8);
    r.village_code = s.column_string(9);
    r.district_code = r.village_code.substr(0, 6);
    if (auto it = names.region.find(r.village_code); it != names.region.end()) {
      r.village_name = it->second;
    }
    if (auto it = names.region.find(r.district_code); it != names.region.end()) {
      r.district_name = it->second;
    }
    if (auto it = names.puskesmas.find(r.village_code); it != names.puskesmas.end()) {
      r.puskesmas = it->second;
    }
    if (auto it = names.heads.find(r.no_kk); it != names.heads.end()) r.head_name = it->second;
    return r;
  };
  {
    auto st = db.prepare(
        "SELECT " + person_cols +
        " FROM person p WHERE p.status = 'HIDUP' AND p.village_code >= ? AND p.village_code < ?"
        " AND NOT EXISTS (SELECT 1 FROM member_link l WHERE l.snapshot_id = ? AND"
        " l.person_id = p.id AND l.decision = 'match')");
    if (!st) return st.error();
    (*st)->bind(1, lo).bind(2, hi).bind(3, snapshot.id);
    for (;;) {
      auto row = (*st)->step();
      if (!row) return row.error();
      if (!*row) break;
      WorkRow r = fill(**st, WorkKind::kUncovered);
      if (in_scope(r.village_code, r.rw)) out.rows.push_back(std::move(r));
    }
  }
  {
    auto st = db.prepare("SELECT " + person_cols +
                         ", m.noka, m.segment, m.kode_faskes FROM member_link l"
                         " JOIN member m ON m.snapshot_id = l.snapshot_id AND m.noka = l.noka"
                         " JOIN person p ON p.id = l.person_id"
                         " WHERE l.snapshot_id = ? AND l.decision = 'match' AND m.status ="
                         " 'NONAKTIF' AND p.status = 'HIDUP' AND p.village_code >= ? AND"
                         " p.village_code < ?");
    if (!st) return st.error();
    (*st)->bind(1, snapshot.id).bind(2, lo).bind(3, hi);
    for (;;) {
      auto row = (*st)->step();
      if (!row) return row.error();
      if (!*row) break;
      WorkRow r = fill(**st, WorkKind::kInactive);
      r.noka = (*st)->column_string(10);
      r.segment = (*st)->column_string(11);
      r.kode_faskes = (*st)->column_string(12);
      if (in_scope(r.village_code, r.rw)) out.rows.push_back(std::move(r));
    }
  }
  std::sort(out.rows.begin(), out.rows.end(), [](const WorkRow& a, const WorkRow& b) {
    return std::tie(a.village_code, a.rw, a.rt, a.no_kk, a.person_id) <
           std::tie(b.village_code, b.rw, b.rt, b.no_kk, b.person_id);
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
    const char* head[] = {"kode",     "nama",       "puskesmas", "belum_terdaftar",
                          "nonaktif", "biaya_bulan"};
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
      text(ws, 0, static_cast<int>(c), kColumns[c], bold);
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
