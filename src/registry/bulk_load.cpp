#include "registry/bulk_load.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <unordered_map>

#include "core/csv.h"
#include "core/nik.h"
#include "identity/accounts.h"
#include "identity/credentials.h"
#include "identity/password_policy.h"
#include "registry/person_writer.h"
#include "registry/schema.h"

namespace siklus::registry {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

Result<int64_t> scalar(store::Database& db, std::string_view sql) {
  auto st = db.prepare(sql);
  if (!st) return st.error();
  auto r = (*st)->step();
  if (!r) return r.error();
  return *r ? (*st)->column_int64(0) : 0;
}

Status delete_city(store::Database& db, const std::string& city) {
  store::Transaction tx(db, "demo");
  SK_TRY(tx.begin());
  auto run = [&](std::string_view sql) -> Status {
    auto st = db.prepare(sql);
    if (!st) return st.error();
    const int params = static_cast<int>(std::count(sql.begin(), sql.end(), '?'));
    for (int i = 1; i <= params; i += 2) (*st)->bind(i, city).bind(i + 1, city + "~");
    return (*st)->run();
  };
  // Users scoped to the city or one of its facilities, and the fixed demo usernames.
  std::vector<std::string> facility_scopes;
  {
    auto st = db.prepare("SELECT id FROM facility WHERE city_code >= ? AND city_code < ?");
    if (!st) return st.error();
    (*st)->bind(1, city).bind(2, city + "~");
    for (;;) {
      auto row = (*st)->step();
      if (!row) return row.error();
      if (!*row) break;
      facility_scopes.push_back(std::to_string((*st)->column_int64(0)));
    }
  }
  const std::string demo_usernames[] = {"admin", "puskesmas", "nakes", "kader"};
  SK_TRY(identity::delete_users(db, city, city + "~", facility_scopes, demo_usernames));
  SK_TRY(run("DELETE FROM person WHERE village_code >= ? AND village_code < ?"));
  SK_TRY(run("UPDATE facility SET parent_id = NULL WHERE city_code >= ? AND city_code < ?"));
  SK_TRY(run("DELETE FROM facility WHERE city_code >= ? AND city_code < ?"));
  SK_TRY(tx.record({"city", city, "delete"}));
  return tx.commit();
}

// 12 random base64url characters (72 bits), drawn again in the (astronomically rare) case the
// password policy refuses them for one of the demo usernames.
std::string random_password() {
  for (;;) {
    std::string t = identity::new_session_token().substr(0, 12);
    bool ok = true;
    for (const char* user : {"admin", "puskesmas", "nakes", "kader"}) {
      ok = ok && identity::check_password(t, user).has_value();
    }
    if (ok) return t;
  }
}

}  // namespace

Result<RegionTable> prepare_registry(store::Database& db) {
  SK_TRY(migrate_registry(db));
  auto n = scalar(db, "SELECT COUNT(*) FROM region");
  if (!n) return n.error();
  if (*n == 0) {
    const std::string dir = find_area_data_dir();
    if (dir.empty()) {
      return Error::io(
          "region data not found: node_modules/idn-area-data/data (run ./dev "
          "setup, or set SIKLUS_AREA_DATA)");
    }
    auto loaded = load_area_data(db, dir);
    if (!loaded) return loaded.error();
  }
  return RegionTable::load(db);
}

Result<DemoLoadResult> load_demo_city(store::Database& db, const DemoLoadOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  auto city = normalize_region_code(options.city_code);
  if (!city || region_level(*city) != RegionLevel::kCity) {
    return Error::invalid("city", "--city must be a kab/kota code like 33.71");
  }
  for (const char* user : {"admin", "puskesmas", "nakes", "kader"}) {
    if (!options.password.empty()) SK_TRY(identity::check_password(options.password, user));
  }
  auto regions = prepare_registry(db);
  if (!regions) return regions.error();
  const RegionRow* city_row = regions->find(*city);
  if (!city_row) return Error::invalid("city", "no kab/kota with code " + options.city_code);

  auto people = scalar(db, "SELECT COUNT(*) FROM person");
  if (!people) return people.error();
  auto facilities = scalar(db, "SELECT COUNT(*) FROM facility");
  if (!facilities) return facilities.error();
  if ((*people > 0 || *facilities > 0) && !options.force) {
    return Error::conflict("db", "the database already holds data (" + std::to_string(*people) +
                                     " people, " + std::to_string(*facilities) +
                                     " facilities); use --force to replace the city");
  }
  if (options.force) SK_TRY(delete_city(db, *city));

  DemoOptions demo;
  demo.city_code = *city;
  demo.city_name = city_row->name;
  demo.seed = options.seed;
  demo.today = options.today;
  for (const RegionRow* d : regions->children(*city)) {
    demo.districts.push_back({d->code, d->name});
    for (const RegionRow* v : regions->children(d->code))
      demo.villages.push_back({v->code, v->name});
  }
  if (demo.villages.empty()) {
    return Error::invalid("city",
                          "kab/kota " + *city + " has no kelurahan/desa in the region data");
  }

  SK_TRY(db.begin_bulk_load());
  SK_TRY(db.exec(kDropPersonIndexes));
  const std::string now = db.clock().now_iso();
  std::unordered_map<std::string, int64_t> facility_ids;
  std::vector<DemoFacility> facility_list;

  DemoSink sink;
  sink.facilities = [&](const std::vector<DemoFacility>& list) -> Status {
    store::Transaction tx(db, "demo");
    SK_TRY(tx.begin());
    auto ins = db.prepare(
        "INSERT INTO facility (key, city_code, type, name, village_code, rw, government, address, "
        "lat, lon) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!ins) return ins.error();
    for (const DemoFacility& f : list) {
      auto& s = **ins;
      s.reset();
      s.bind(1, f.key).bind(2, *city).bind(3, facility_type_code(f.type)).bind(4, f.name);
      if (f.village_code.empty()) {
        s.bind_null(5);
      } else {
        s.bind(5, f.village_code);
      }
      s.bind(6, f.rw)
          .bind(7, f.government ? 1 : 0)
          .bind(8, f.address)
          .bind(9, f.lat)
          .bind(10, f.lon);
      auto r = s.step();
      if (!r) {
        return Error{r.error().code, "facility " + f.key + ": " + r.error().message, "facility"};
      }
      facility_ids[f.key] = s.column_int64(0);
      SK_TRY(s.run());
    }
    auto parent = db.prepare("UPDATE facility SET parent_id = ? WHERE id = ?");
    if (!parent) return parent.error();
    auto catch_ins = db.prepare(
        "INSERT INTO facility_catchment (facility_id, village_code) VALUES (?, ?)"
        " ON CONFLICT DO NOTHING");
    if (!catch_ins) return catch_ins.error();
    for (const DemoFacility& f : list) {
      const int64_t id = facility_ids[f.key];
      if (!f.parent_key.empty()) {
        auto it = facility_ids.find(f.parent_key);
        if (it != facility_ids.end()) {
          (*parent)->reset();
          (*parent)->bind(1, it->second).bind(2, id);
          SK_TRY((*parent)->run());
        }
      }
      for (const std::string& v : f.catchment) {
        (*catch_ins)->reset();
        (*catch_ins)->bind(1, id).bind(2, v);
        SK_TRY((*catch_ins)->run());
      }
    }
    facility_list = list;
    SK_TRY(tx.record({"facility", *city, "demo"}));
    return tx.commit();
  };
  sink.staff = [&](const std::vector<DemoStaff>& list) -> Status {
    store::Transaction tx(db, "demo");
    SK_TRY(tx.begin());
    auto ins = db.prepare(
        "INSERT INTO staff (facility_id, nik, name, sex, birth_date, profession, skills, phone) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!ins) return ins.error();
    for (const DemoStaff& s : list) {
      auto it = facility_ids.find(s.facility_key);
      if (it == facility_ids.end()) continue;
      std::string skills;
      for (const auto& k : s.skills) skills += (skills.empty() ? "" : ",") + k;
      (*ins)->reset();
      (*ins)->bind(1, it->second).bind(2, s.nik).bind(3, s.name).bind(4, sex_code(s.sex));
      (*ins)
          ->bind(5, s.birth_date.to_string())
          .bind(6, s.profession)
          .bind(7, skills)
          .bind(8, s.phone);
      SK_TRY((*ins)->run());
    }
    SK_TRY(tx.record({"staff", *city, "demo"}));
    return tx.commit();
  };

  auto writer = PersonWriter::create(db, PersonWriter::Mode::kInsert);
  if (!writer) return writer.error();
  std::unique_ptr<store::Transaction> batch;
  uint64_t in_batch = 0;
  uint64_t batches = 0;
  constexpr uint64_t kBatch = 50000;
  PersonRow row;
  row.source = "demo";
  auto flush = [&]() -> Status {
    if (!batch) return {};
    SK_TRY(batch->record({"person", *city + ":demo-batch-" + std::to_string(++batches), "import"}));
    SK_TRY(batch->commit());
    batch.reset();
    in_batch = 0;
    return {};
  };
  sink.household = [&](const std::vector<DemoPerson>& members) -> Status {
    if (!batch) {
      batch = std::make_unique<store::Transaction>(db, "demo");
      SK_TRY(batch->begin());
    }
    for (const DemoPerson& p : members) {
      row.nik = p.nik;
      row.no_kk = p.no_kk;
      row.name = p.name;
      row.sex = p.sex;
      row.birth_date = p.birth_date;
      row.birth_place = p.birth_place;
      row.street = p.street;
      row.rt = p.rt;
      row.rw = p.rw;
      row.village_code = p.village_code;
      row.phone = p.phone;
      row.status = p.status;
      row.status_date = p.status_date;
      row.relation = p.relation.empty() && p.head_of_household ? "KEPALA KELUARGA" : p.relation;
      row.lat = p.lat != 0 ? std::optional<double>(p.lat) : std::nullopt;
      row.lon = p.lon != 0 ? std::optional<double>(p.lon) : std::nullopt;
      auto w = (*writer)->write(row, now);
      if (!w) return Error{w.error().code, "person " + p.nik + ": " + w.error().message, "nik"};
    }
    in_batch += members.size();
    if (in_batch >= kBatch) return flush();
    return {};
  };
  sink.progress = [&](uint64_t done, uint64_t total) {
    if (options.progress) options.progress(done, total);
  };

  auto summary = generate_demo_city(demo, sink);
  if (!summary) {
    if (batch) batch->rollback();
    (void)db.exec(kPersonIndexes);
    (void)db.end_bulk_load();
    return summary.error();
  }
  SK_TRY(flush());
  SK_TRY(db.exec(kPersonIndexes));
  SK_TRY(db.end_bulk_load());

  // One demo user per role, scoped to the first puskesmas, one of its facilities and a posyandu.
  DemoLoadResult result;
  result.summary = *summary;
  const std::string pw = options.password.empty() ? random_password() : options.password;
  const DemoFacility* pkm = nullptr;
  for (const auto& f : facility_list) {
    if (f.type == FacilityType::kPuskesmas &&
        (!pkm || f.name.find("Jurangombo") != std::string::npos)) {
      if (!pkm || f.name.find("Jurangombo") != std::string::npos) pkm = &f;
    }
  }
  const DemoFacility* pustu = nullptr;
  const DemoFacility* posyandu = nullptr;
  if (pkm) {
    for (const auto& f : facility_list) {
      if (!pustu && f.type == FacilityType::kPustu && f.parent_key == pkm->key) pustu = &f;
    }
    for (const auto& f : facility_list) {
      if (!posyandu && f.type == FacilityType::kPosyandu &&
          (f.parent_key == (pustu ? pustu->key : pkm->key))) {
        posyandu = &f;
      }
    }
  }
  struct Want {
    const char* username;
    const char* role;
    std::string scope;
    std::string scope_name;
    std::string display;
  };
  std::vector<Want> wants = {
      {"admin", "dinkes_admin", *city, city_row->name, "Admin Dinkes " + city_row->name}};
  if (pkm) wants.push_back({"puskesmas", "puskesmas", pkm->key, pkm->name, "Petugas " + pkm->name});
  if (pkm) {
    const DemoFacility* at = pustu ? pustu : pkm;
    wants.push_back({"nakes", "nakes", at->key, at->name, "Bidan " + at->name});
  }
  if (posyandu)
    wants.push_back({"kader", "kader", posyandu->key, posyandu->name, "Kader " + posyandu->name});
  {
    store::Transaction tx(db, "demo");
    SK_TRY(tx.begin());
    std::vector<identity::UserRecord> records;
    for (const Want& w : wants) {
      auto hash = identity::hash_password(pw);
      if (!hash) return hash.error();
      std::string scope = w.scope;
      if (auto it = facility_ids.find(w.scope); it != facility_ids.end()) {
        scope = std::to_string(it->second);
      }
      records.push_back({w.username, *hash,
                         identity::parse_role(w.role).value_or(identity::Role::kKader), scope,
                         w.display});
      result.users.push_back({w.username, pw, w.role, w.scope, w.scope_name});
    }
    SK_TRY(identity::insert_users(db, records, now));
    SK_TRY(tx.record({"user", *city, "demo"}));
    SK_TRY(tx.commit());
  }
  result.seconds = seconds_since(t0);
  return result;
}

// ---- population import --------------------------------------------------------------------------

Result<ImportResult> import_population(store::Database& db, const RegionTable& regions,
                                       const std::string& path, const ImportOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  auto reader = CsvReader::open(path);
  if (!reader) return reader.error();
  CsvReader& csv = **reader;
  const auto c_nik = csv.column("nik");
  const auto c_nama = csv.column("nama");
  if (!c_nik) return Error::invalid(path + ":1", "missing required column nik");
  if (!c_nama) return Error::invalid(path + ":1", "missing required column nama");
  const auto c_kk = csv.column("no_kk");
  const auto c_sex = csv.column("jenis_kelamin");
  const auto c_birth = csv.column("tanggal_lahir");
  const auto c_place = csv.column("tempat_lahir");
  const auto c_street = csv.column("alamat");
  const auto c_rt = csv.column("rt");
  const auto c_rw = csv.column("rw");
  const auto c_region = csv.column("kode_wilayah");
  const auto c_status = csv.column("status");
  const auto c_status_date = csv.column("tanggal_status");
  const auto c_phone = csv.column("telepon");
  const auto c_relation = csv.column("hubungan");
  std::string city;
  if (!options.within_city.empty()) {
    auto c = normalize_region_code(options.within_city);
    if (!c || region_level(*c) != RegionLevel::kCity) {
      return Error::invalid("within_city", "not a kab/kota code: " + options.within_city);
    }
    city = *c;
  }

  // Into an empty register (the first import), build the secondary indexes once at the end.
  auto existing = scalar(db, "SELECT COUNT(*) FROM (SELECT 1 FROM person LIMIT 1)");
  if (!existing) return existing.error();
  const bool fresh = *existing == 0;
  if (fresh) SK_TRY(db.exec(kDropPersonIndexes));
  auto rebuilt = [&](Status s) -> Status {
    if (fresh) {
      auto idx = db.exec(kPersonIndexes);
      if (s && !idx) return idx;
    }
    return s;
  };
  auto writer = PersonWriter::create(db, PersonWriter::Mode::kUpsert);
  if (!writer) return rebuilt(writer.error()).error();
  ImportResult res;
  const std::string now = db.clock().now_iso();
  const std::string source = "import:" + path;
  std::unique_ptr<store::Transaction> batch;
  size_t in_batch = 0;
  size_t batch_first_line = 0;
  size_t last_line = 0;

  // The ids a batch inserted or changed, as one range: the change feed's subscribers (search
  // index, coverage) reload exactly those people.
  int64_t first_id = 0, last_id = 0;
  auto flush = [&]() -> Status {
    if (!batch) return {};
    if (first_id > 0) {
      SK_TRY(batch->record(
          {"person", std::to_string(first_id) + "-" + std::to_string(last_id), "import"}));
    } else {  // nothing changed: the batch still leaves its trace, naming the lines it read
      SK_TRY(batch->record(
          {"person_import",
           path + ":" + std::to_string(batch_first_line) + "-" + std::to_string(last_line),
           "unchanged"}));
    }
    first_id = last_id = 0;
    SK_TRY(batch->commit());
    batch.reset();
    in_batch = 0;
    ++res.batches;
    return {};
  };
  auto problem = [&](std::string field, std::string message) {
    ++res.rejected;
    if (res.problems.size() < options.max_reported) {
      res.problems.push_back(
          {path + ":" + std::to_string(csv.line()), std::move(field), std::move(message)});
    }
  };
  auto small_int = [](std::string_view t, int& out) {
    if (t.empty()) {
      out = 0;
      return true;
    }
    if (t.size() > 3) {
      // Leading zeros are common ("003").
      while (t.size() > 3 && t.front() == '0') t.remove_prefix(1);
      if (t.size() > 3) return false;
    }
    int v = 0;
    for (char c : t) {
      if (c < '0' || c > '9') return false;
      v = v * 10 + (c - '0');
    }
    out = v;
    return true;
  };

  PersonRow row;
  row.source = source;
  NikCheckInput check;
  check.today = options.today;
  check.district_exists = [&](std::string_view d) { return regions.district_exists(d); };
  for (;;) {
    auto more = csv.next();
    if (!more) {
      // A malformed line (bad quote, field count, bytes or size) is rejected on its own line;
      // the reader resumes at the next one, so nothing is merged and the import goes on.
      ++res.rows;
      problem(csv.error_column().empty() ? "row" : csv.error_column(), more.error().message);
      continue;
    }
    if (!*more) break;
    ++res.rows;
    auto f = [&](std::optional<size_t> c) {
      std::string_view v = csv.field(c);
      while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
      while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r'))
        v.remove_suffix(1);
      return v;
    };
    row.nik = std::string(f(c_nik));
    if (row.nik.empty()) {
      problem("nik", "NIK is required");
      continue;
    }
    if (row.nik.size() > 32) {
      problem("nik", "NIK is longer than 32 characters");
      continue;
    }
    row.name = std::string(f(c_nama));
    if (row.name.empty()) {
      problem("nama", "name is required");
      continue;
    }
    // The same bounds as the HTTP API (registry_handlers), so both doors store the same shapes.
    if (row.name.size() > 200) {
      problem("nama", "name longer than 200 bytes");
      continue;
    }
    row.no_kk = std::string(f(c_kk));
    if (!row.no_kk.empty() &&
        (row.no_kk.size() != 16 || !std::all_of(row.no_kk.begin(), row.no_kk.end(),
                                                [](char c) { return c >= '0' && c <= '9'; }))) {
      problem("no_kk", "KK number must have 16 digits");
      continue;
    }
    auto sex = parse_sex(f(c_sex));
    if (!sex) {
      problem("jenis_kelamin", "must be L or P");
      continue;
    }
    row.sex = *sex;
    row.birth_date.reset();
    if (auto b = f(c_birth); !b.empty()) {
      row.birth_date = Date::parse(b);
      if (!row.birth_date) {
        problem("tanggal_lahir", "not a date YYYY-MM-DD: " + std::string(b));
        continue;
      }
      if (*row.birth_date > options.today) {
        problem("tanggal_lahir", "birth date lies in the future");
        continue;
      }
    }
    row.birth_place = std::string(f(c_place));
    row.street = std::string(f(c_street));
    if (row.birth_place.size() > 100 || row.street.size() > 300) {
      problem(row.street.size() > 300 ? "alamat" : "tempat_lahir", "text too long");
      continue;
    }
    if (!small_int(f(c_rt), row.rt)) {
      problem("rt", "RT must be a number 0-999");
      continue;
    }
    if (!small_int(f(c_rw), row.rw)) {
      problem("rw", "RW must be a number 0-999");
      continue;
    }
    row.village_code.clear();
    if (auto k = f(c_region); !k.empty()) {
      auto code = normalize_region_code(k);
      if (!code || region_level(*code) != RegionLevel::kVillage || !regions.find(*code)) {
        problem("kode_wilayah", "not an existing kelurahan/desa code: " + std::string(k));
        continue;
      }
      if (!city.empty() && code->compare(0, city.size(), city) != 0) {
        problem("kode_wilayah", "outside your city " + city + ": " + std::string(k));
        continue;
      }
      row.village_code = *code;
    }
    row.status = LifeStatus::kAlive;
    if (auto s = f(c_status); !s.empty()) {
      if (s == "HIDUP") {
        row.status = LifeStatus::kAlive;
      } else if (s == "MATI") {
        row.status = LifeStatus::kDied;
      } else if (s == "PINDAH") {
        row.status = LifeStatus::kMovedOut;
      } else {
        problem("status", "must be HIDUP, MATI or PINDAH");
        continue;
      }
    }
    row.status_date.reset();
    if (auto s = f(c_status_date); !s.empty()) {
      row.status_date = Date::parse(s);
      if (!row.status_date) {
        problem("tanggal_status", "not a date YYYY-MM-DD: " + std::string(s));
        continue;
      }
    }
    row.phone = std::string(f(c_phone));
    row.relation = std::string(f(c_relation));
    if (row.phone.size() > 32 || row.relation.size() > 64) {
      problem(row.phone.size() > 32 ? "telepon" : "hubungan", "text too long");
      continue;
    }
    check.nik = row.nik;
    check.birth = row.birth_date;
    check.sex = row.sex;
    const NikInfo info = check_nik(check);
    row.nik_problem = info.problem;
    if (!info.ok()) ++res.flagged;

    if (!batch) {
      batch = std::make_unique<store::Transaction>(db, "import");
      if (auto b = batch->begin(); !b) return rebuilt(b).error();
      batch_first_line = csv.line();
    }
    last_line = csv.line();
    auto w = (*writer)->write(row, now);
    if (!w) {
      if (w.error().code == ErrorCode::kConflict) {
        // Cannot happen with an upsert on nik; a constraint elsewhere (e.g. region removed).
        problem("nik", w.error().message);
        continue;
      }
      batch.reset();  // roll back the unfinished batch
      return rebuilt(Error{w.error().code,
                           path + ":" + std::to_string(csv.line()) + ": " + w.error().message,
                           {}})
          .error();
    }
    if (*w) {
      ++res.written;
      const int64_t id = (*writer)->written_id();
      first_id = first_id == 0 ? id : std::min(first_id, id);
      last_id = std::max(last_id, id);
    } else {
      ++res.unchanged;
    }
    if (++in_batch >= options.batch_size) {
      if (auto flushed = flush(); !flushed) return rebuilt(flushed).error();
      if (options.progress) options.progress(res.rows, 0);
    }
  }
  SK_TRY(rebuilt(flush()));
  res.seconds = seconds_since(t0);
  return res;
}

}  // namespace siklus::registry
