#include "coverage/membership.h"

#include <cctype>
#include <unordered_map>

#include "core/region_code.h"

namespace siklus::coverage {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool all_digits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

const char* segment_code(Segment segment) {
  switch (segment) {
    case Segment::kPbiApbn:
      return "PBI_APBN";
    case Segment::kPbiApbd:
      return "PBI_APBD";
    case Segment::kPpu:
      return "PPU";
    case Segment::kPbpu:
      return "PBPU";
    case Segment::kBp:
      return "BP";
    case Segment::kUnknown:
      break;
  }
  return "";
}

std::optional<Segment> parse_segment(std::string_view text) {
  const std::string t = upper(trim(text));
  if (t.empty()) return Segment::kUnknown;
  for (Segment s : kSegments) {
    if (s != Segment::kUnknown && t == segment_code(s)) return s;
  }
  // Common spellings in exports: "PBI APBN", "PBI-APBD".
  std::string u = t;
  for (char& c : u) {
    if (c == ' ' || c == '-') c = '_';
  }
  for (Segment s : kSegments) {
    if (s != Segment::kUnknown && u == segment_code(s)) return s;
  }
  return std::nullopt;
}

const char* member_status_code(MemberStatus status) {
  switch (status) {
    case MemberStatus::kActive:
      return "AKTIF";
    case MemberStatus::kInactive:
      return "NONAKTIF";
    case MemberStatus::kUnknown:
      break;
  }
  return "";
}

std::optional<MemberStatus> parse_member_status(std::string_view text) {
  const std::string t = upper(trim(text));
  if (t.empty()) return MemberStatus::kUnknown;
  if (t == "AKTIF") return MemberStatus::kActive;
  if (t == "NONAKTIF" || t == "NON AKTIF" || t == "TIDAK AKTIF") return MemberStatus::kInactive;
  return std::nullopt;
}

std::string RowError::to_string() const {
  return file + ":" + std::to_string(line) + ": " + field + ": " + reason;
}

Result<MemberColumns> MemberColumns::find(const CsvReader& csv) {
  MemberColumns c;
  c.noka_ = csv.column("noka");
  c.nama_ = csv.column("nama");
  if (!c.noka_) return Error::invalid("noka", csv.source() + ": missing required column noka");
  if (!c.nama_) return Error::invalid("nama", csv.source() + ": missing required column nama");
  c.nik_ = csv.column("nik");
  c.sex_ = csv.column("jenis_kelamin");
  c.birth_ = csv.column("tanggal_lahir");
  c.segmen_ = csv.column("segmen");
  c.kelas_ = csv.column("kelas");
  c.status_ = csv.column("status");
  c.faskes_ = csv.column("kode_faskes");
  c.alamat_ = csv.column("alamat");
  c.wilayah_ = csv.column("kode_wilayah");
  return c;
}

Result<Member> MemberColumns::parse(const CsvReader& csv, Date today) const {
  Member m;
  m.line = csv.line();
  const std::string_view noka = trim(csv.field(noka_));
  if (noka.empty()) return Error::invalid("noka", "required");
  if (noka.size() != 13 || !all_digits(noka)) {
    return Error::invalid("noka", "must be 13 digits, got '" + std::string(noka) + "'");
  }
  m.noka = noka;
  m.name = trim(csv.field(nama_));
  if (m.name.empty()) return Error::invalid("nama", "required");

  auto sex = parse_sex(trim(csv.field(sex_)));
  if (!sex) {
    return Error::invalid("jenis_kelamin",
                          "must be L or P, got '" + std::string(csv.field(sex_)) + "'");
  }
  m.sex = *sex;
  const std::string_view birth = trim(csv.field(birth_));
  if (!birth.empty()) {
    m.birth_date = Date::parse(birth);
    if (!m.birth_date) {
      return Error::invalid("tanggal_lahir", "not a date YYYY-MM-DD: '" + std::string(birth) + "'");
    }
    if (*m.birth_date > today) return Error::invalid("tanggal_lahir", "in the future");
  }
  auto seg = parse_segment(csv.field(segmen_));
  if (!seg) {
    return Error::invalid("segmen", "must be PBI_APBN, PBI_APBD, PPU, PBPU or BP, got '" +
                                        std::string(csv.field(segmen_)) + "'");
  }
  m.segment = *seg;
  const std::string_view kelas = trim(csv.field(kelas_));
  if (!kelas.empty()) {
    if (kelas != "1" && kelas != "2" && kelas != "3") {
      return Error::invalid("kelas", "must be 1, 2 or 3, got '" + std::string(kelas) + "'");
    }
    m.kelas = kelas[0] - '0';
  }
  auto status = parse_member_status(csv.field(status_));
  if (!status) {
    return Error::invalid(
        "status", "must be AKTIF or NONAKTIF, got '" + std::string(csv.field(status_)) + "'");
  }
  m.status = *status;
  m.kode_faskes = trim(csv.field(faskes_));
  m.address = trim(csv.field(alamat_));
  const std::string_view wilayah = trim(csv.field(wilayah_));
  if (!wilayah.empty()) {
    auto code = normalize_region_code(wilayah);
    if (!code) {
      return Error::invalid(
          "kode_wilayah",
          "not a region code (2, 4, 6 or 10 digits, dots allowed): '" + std::string(wilayah) + "'");
    }
    m.village_code = *code;
  }
  // The NIK never rejects a row: a missing or wrong NIK is flagged and left to linkage.
  m.nik = trim(csv.field(nik_));
  if (m.nik.empty()) {
    m.nik_flag = "missing";
  } else {
    NikCheckInput in;
    in.nik = m.nik;
    in.birth = m.birth_date;
    in.sex = m.sex;
    in.today = today;
    const NikInfo info = check_nik(in);
    if (!info.ok()) m.nik_flag = nik_problem_code(info.problem);
  }
  return m;
}

Result<SnapshotRef> find_snapshot(store::Database& db, std::string_view date) {
  auto st =
      date.empty()
          ? db.prepare(
                "SELECT id, snapshot_date FROM member_snapshot "
                "ORDER BY snapshot_date DESC LIMIT 1")
          : db.prepare("SELECT id, snapshot_date FROM member_snapshot WHERE snapshot_date = ?");
  if (!st) return st.error();
  if (!date.empty()) (*st)->bind(1, date);
  auto row = (*st)->step();
  if (!row) return row.error();
  if (!*row) {
    return Error::not_found(date.empty() ? "no membership snapshot; run `siklus import members`"
                                         : "no membership snapshot dated " + std::string(date));
  }
  return SnapshotRef{(*st)->column_int64(0), (*st)->column_string(1)};
}

namespace {

Result<int64_t> count_members(store::Database& db, int64_t snapshot) {
  auto st = db.prepare("SELECT COUNT(*) FROM member WHERE snapshot_id = ?");
  if (!st) return st.error();
  (*st)->bind(1, snapshot);
  auto row = (*st)->step();
  if (!row) return row.error();
  return (*st)->column_int64(0);
}

}  // namespace

Result<ImportSummary> import_members(store::Database& db, const ImportOptions& options) {
  auto opened = CsvReader::open(options.path);
  if (!opened) return opened.error();
  CsvReader& csv = **opened;
  auto columns = MemberColumns::find(csv);
  if (!columns) return columns.error();

  ImportSummary sum;
  sum.file = options.path;
  sum.snapshot = options.snapshot.to_string();

  store::Transaction tx(db, options.actor);
  SK_TRY(tx.begin());
  {
    auto ins = db.prepare(
        "INSERT INTO member_snapshot (snapshot_date, created_at) VALUES (?, ?) "
        "ON CONFLICT (snapshot_date) DO NOTHING");
    if (!ins) return ins.error();
    (*ins)->bind(1, sum.snapshot).bind(2, db.clock().now_iso());
    SK_TRY((*ins)->run());
  }
  auto snap = find_snapshot(db, sum.snapshot);
  if (!snap) return snap.error();
  const int64_t snapshot_id = snap->id;
  if (options.replace) {
    auto del = db.prepare("DELETE FROM member WHERE snapshot_id = ?");
    if (!del) return del.error();
    (*del)->bind(1, snapshot_id);
    SK_TRY((*del)->run());
    auto del_links = db.prepare("DELETE FROM member_link WHERE snapshot_id = ?");
    if (!del_links) return del_links.error();
    (*del_links)->bind(1, snapshot_id);
    SK_TRY((*del_links)->run());
  }
  auto before = count_members(db, snapshot_id);
  if (!before) return before.error();

  auto upsert = db.prepare(
      "INSERT INTO member (snapshot_id, noka, nik, nik_flag, name, sex, birth_date, segment, kelas,"
      " status, kode_faskes, address, village_code, source_line)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
      " ON CONFLICT (snapshot_id, noka) DO UPDATE SET nik = excluded.nik,"
      " nik_flag = excluded.nik_flag, name = excluded.name, sex = excluded.sex,"
      " birth_date = excluded.birth_date, segment = excluded.segment, kelas = excluded.kelas,"
      " status = excluded.status, kode_faskes = excluded.kode_faskes,"
      " address = excluded.address, village_code = excluded.village_code,"
      " source_line = excluded.source_line");
  if (!upsert) return upsert.error();
  store::Statement& up = **upsert;

  // Same noka twice in one file is a data error (the later row would silently win).
  std::unordered_map<uint64_t, uint32_t> seen;
  auto reject = [&](size_t line, std::string field, std::string reason) {
    ++sum.rejected;
    if (sum.errors.size() < options.max_errors) {
      sum.errors.push_back({options.path, line, std::move(field), std::move(reason)});
    }
  };
  for (;;) {
    auto more = csv.next();
    if (!more) return more.error();
    if (!*more) break;
    ++sum.rows;
    if (options.progress && sum.rows % 4096 == 0) options.progress(sum.rows);
    auto parsed = columns->parse(csv, options.today);
    if (!parsed) {
      reject(csv.line(), parsed.error().field, parsed.error().message);
      if (options.strict) {
        return Error::invalid(parsed.error().field, sum.errors.back().to_string());
      }
      continue;
    }
    const Member& m = *parsed;
    auto [it, fresh] = seen.emplace(std::stoull(m.noka), static_cast<uint32_t>(m.line));
    if (!fresh) {
      reject(m.line, "noka",
             "duplicate noka " + m.noka + " (first on line " + std::to_string(it->second) + ")");
      if (options.strict) return Error::invalid("noka", sum.errors.back().to_string());
      continue;
    }
    if (m.nik_flag) ++(*m.nik_flag == "missing" ? sum.nik_missing : sum.nik_invalid);
    up.reset();
    up.bind(1, snapshot_id).bind(2, m.noka).bind(3, m.nik).bind(4, m.nik_flag).bind(5, m.name);
    up.bind(6, sex_code(m.sex));
    if (m.birth_date) {
      up.bind(7, m.birth_date->to_string());
    } else {
      up.bind_null(7);
    }
    up.bind(8, segment_code(m.segment));
    if (m.kelas) {
      up.bind(9, m.kelas);
    } else {
      up.bind_null(9);
    }
    up.bind(10, member_status_code(m.status)).bind(11, m.kode_faskes).bind(12, m.address);
    up.bind(13, m.village_code).bind(14, static_cast<int64_t>(m.line));
    SK_TRY(up.run());
    ++sum.imported;
  }
  auto after = count_members(db, snapshot_id);
  if (!after) return after.error();
  sum.inserted = static_cast<uint64_t>(*after - *before);
  sum.updated = sum.imported - sum.inserted;
  {
    auto log = db.prepare(
        "INSERT INTO member_import (snapshot_id, file, rows_read, rows_imported, rows_rejected,"
        " at) VALUES (?, ?, ?, ?, ?, ?)");
    if (!log) return log.error();
    (*log)->bind(1, snapshot_id).bind(2, options.path);
    (*log)->bind(3, static_cast<int64_t>(sum.rows)).bind(4, static_cast<int64_t>(sum.imported));
    (*log)->bind(5, static_cast<int64_t>(sum.rejected)).bind(6, db.clock().now_iso());
    SK_TRY((*log)->run());
  }
  SK_TRY(tx.record({"member_snapshot", sum.snapshot, "import"}));
  SK_TRY(tx.commit());
  if (options.progress) options.progress(sum.rows);
  return sum;
}

}  // namespace siklus::coverage
