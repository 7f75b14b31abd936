#include "registry/registry.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include "registry/credentials.h"
#include "registry/people_index.h"
#include "registry/person_writer.h"
#include "registry/region_table.h"
#include "registry/schema.h"
#include "registry/scope.h"

namespace siklus::registry {

const char* role_code(Role role) {
  switch (role) {
    case Role::kDinkesAdmin:
      return "dinkes_admin";
    case Role::kPuskesmas:
      return "puskesmas";
    case Role::kNakes:
      return "nakes";
    case Role::kKader:
      return "kader";
  }
  return "";
}

std::optional<Role> parse_role(std::string_view t) {
  for (Role r : {Role::kDinkesAdmin, Role::kPuskesmas, Role::kNakes, Role::kKader}) {
    if (t == role_code(r)) return r;
  }
  return std::nullopt;
}

std::optional<FacilityType> parse_facility_type(std::string_view t) {
  for (int i = 0; i <= static_cast<int>(FacilityType::kPractice); ++i) {
    const auto f = static_cast<FacilityType>(i);
    if (t == facility_type_code(f)) return f;
  }
  return std::nullopt;
}

std::optional<LifeStatus> parse_life_status(std::string_view t) {
  for (LifeStatus s : {LifeStatus::kAlive, LifeStatus::kDied, LifeStatus::kMovedOut}) {
    if (t == life_status_code(s)) return s;
  }
  return std::nullopt;
}

namespace {

constexpr int kBands = 16;

std::string iso_time(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string band_name(int b) {
  return b == kBands - 1 ? "75+" : std::to_string(b * 5) + "-" + std::to_string(b * 5 + 4);
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

Sex sex_from(std::string_view t) {
  return t == "L" ? Sex::kMale : t == "P" ? Sex::kFemale : Sex::kUnknown;
}

std::optional<Date> date_col(const store::Statement& s, int c) {
  if (s.is_null(c)) return std::nullopt;
  return Date::parse(s.column_text(c));
}

// Columns of a person row as read by load_person (keep in sync with kPersonColumns).
constexpr std::string_view kPersonColumns =
    "id, nik, no_kk, name, sex, birth_date, birth_place, street, rt, rw, village_code, phone, "
    "status, status_date, relation, nik_flag, created_at, updated_at";

}  // namespace

class Registry::Impl {
 public:
  std::shared_ptr<store::Database> db;
  RegistryOptions options;
  RegionTable regions;
  std::unique_ptr<PeopleIndex> index;
  bool index_built = false;
  std::mutex db_mu;  // one SQLite connection: serialize
  std::shared_mutex index_mu;
  std::mutex scope_mu;
  std::unordered_map<int64_t, std::shared_ptr<const Scope>> scopes;
  LoginThrottle user_throttle{3};
  LoginThrottle addr_throttle{10};
  std::string dummy_hash;

  int64_t now() const {
    return options.now ? options.now() : static_cast<int64_t>(std::time(nullptr));
  }
  Date today() const { return options.today ? options.today() : today_wib(); }

  // ---- regions --------------------------------------------------------------------------------

  std::string region_name(std::string_view code) const {
    const RegionRow* r = regions.find(code);
    return r ? r->name : std::string();
  }

  RegionRef ref(std::string_view code) const {
    RegionRef out;
    out.code = std::string(code);
    if (const RegionRow* r = regions.find(code)) {
      out.name = r->name;
      out.level = r->level;
    }
    return out;
  }

  bool region_visible(std::string_view code, const Scope& scope) const {
    auto [first, last] = regions.village_range(code);
    return scope.sees_any(first, last);
  }

  //! Normalized, existing, visible region; kInvalidArgument if malformed, kNotFound otherwise.
  Result<const RegionRow*> resolve_region(std::string_view code, const Scope& scope,
                                          const char* field) const {
    std::string c = code == "me" ? scope.root() : std::string(code);
    auto norm = normalize_region_code(c);
    if (!norm)
      return Error::invalid(field, "region code must have 2, 4, 6 or 10 digits (dots allowed)");
    const RegionRow* r = regions.find(*norm);
    if (!r || !region_visible(*norm, scope))
      return Error::not_found("region not found: " + std::string(code));
    return r;
  }

  // ---- scope ------------------------------------------------------------------------------------

  struct FacilityRow {
    int64_t id = 0;
    std::string key, type, name, village_code, address, city_code;
    int rw = 0;
    std::optional<int64_t> parent_id;
    bool government = true;
    double lat = 0, lon = 0;
  };

  // Caller holds db_mu.
  std::optional<FacilityRow> load_facility_locked(int64_t id) {
    auto st = db->prepare(
        "SELECT id, key, type, name, COALESCE(village_code, ''), rw, parent_id, government, "
        "address, COALESCE(lat, 0), COALESCE(lon, 0), city_code FROM facility WHERE id = ?");
    if (!st) return std::nullopt;
    (*st)->bind(1, id);
    auto row = (*st)->step();
    if (!row || !*row) return std::nullopt;
    auto& s = **st;
    FacilityRow f;
    f.id = s.column_int64(0);
    f.key = s.column_string(1);
    f.type = s.column_string(2);
    f.name = s.column_string(3);
    f.village_code = s.column_string(4);
    f.rw = s.column_int(5);
    if (!s.is_null(6)) f.parent_id = s.column_int64(6);
    f.government = s.column_int(7) != 0;
    f.address = s.column_string(8);
    f.lat = s.column_double(9);
    f.lon = s.column_double(10);
    f.city_code = s.column_string(11);
    return f;
  }

  std::vector<std::string> catchment_locked(int64_t puskesmas_id) {
    std::vector<std::string> out;
    auto st = db->prepare(
        "SELECT village_code FROM facility_catchment WHERE facility_id = ? ORDER BY village_code");
    if (!st) return out;
    (*st)->bind(1, puskesmas_id);
    while (true) {
      auto r = (*st)->step();
      if (!r || !*r) break;
      out.push_back((*st)->column_string(0));
    }
    return out;
  }

  //! Smallest region holding all the villages.
  std::string common_root(const std::vector<std::string>& villages) const {
    if (villages.empty()) return {};
    for (size_t len : {size_t{10}, size_t{6}, size_t{4}, size_t{2}}) {
      const std::string p = villages.front().substr(0, len);
      if (std::all_of(villages.begin(), villages.end(),
                      [&](const std::string& v) { return region_within(v, p); })) {
        return p;
      }
    }
    return {};
  }

  Scope compute_scope_locked(const User& user) {
    if (user.role == Role::kDinkesAdmin) {
      auto [first, last] = regions.village_range(user.scope);
      return Scope::range(first, last, user.scope);
    }
    auto fid = std::strtoll(user.scope.c_str(), nullptr, 10);
    auto f = load_facility_locked(fid);
    if (!f) return Scope::villages({}, "");
    if (user.role == Role::kKader) {
      auto ord = regions.village_ordinal(f->village_code);
      if (!ord) return Scope::villages({}, "");
      return Scope::rws({{*ord, f->rw}}, f->village_code);
    }
    // Puskesmas staff and nakes: the wilayah kerja of the puskesmas the facility belongs to.
    std::optional<FacilityRow> p = f;
    for (int hops = 0; p && p->type != "puskesmas" && p->parent_id && hops < 4; ++hops) {
      p = load_facility_locked(*p->parent_id);
    }
    int64_t puskesmas_id = 0;
    if (p && p->type == "puskesmas") {
      puskesmas_id = p->id;
    } else {
      auto st = db->prepare(
          "SELECT c.facility_id FROM facility_catchment c JOIN facility f ON f.id = c.facility_id "
          "WHERE c.village_code = ? AND f.type = 'puskesmas' ORDER BY c.facility_id LIMIT 1");
      if (st) {
        (*st)->bind(1, f->village_code);
        auto r = (*st)->step();
        if (r && *r) puskesmas_id = (*st)->column_int64(0);
      }
    }
    std::vector<std::string> villages = catchment_locked(puskesmas_id);
    std::vector<uint32_t> ords;
    for (const auto& v : villages) {
      if (auto o = regions.village_ordinal(v)) ords.push_back(*o);
    }
    return Scope::villages(std::move(ords), common_root(villages));
  }

  std::shared_ptr<const Scope> scope_of(const User& user) {
    {
      std::lock_guard lock(scope_mu);
      auto it = scopes.find(user.id);
      if (it != scopes.end()) return it->second;
    }
    Scope s;
    {
      std::lock_guard lock(db_mu);
      s = compute_scope_locked(user);
    }
    auto ptr = std::make_shared<const Scope>(std::move(s));
    std::lock_guard lock(scope_mu);
    scopes[user.id] = ptr;
    return ptr;
  }

  // ---- users ------------------------------------------------------------------------------------

  // Caller holds db_mu.
  Result<User> load_user_locked(std::string_view where, std::string_view value) {
    auto st = db->prepare(
        "SELECT id, username, role, scope, display_name, password_hash FROM app_user WHERE " +
        std::string(where) + " = ?");
    if (!st) return st.error();
    (*st)->bind(1, value);
    auto r = (*st)->step();
    if (!r) return r.error();
    if (!*r) return Error::not_found("no such user");
    auto& s = **st;
    User u;
    u.id = s.column_int64(0);
    u.username = s.column_string(1);
    u.role = parse_role(s.column_text(2)).value_or(Role::kKader);
    u.scope = s.column_string(3);
    u.display_name = s.column_string(4);
    if (u.role == Role::kDinkesAdmin) {
      u.scope_name = region_name(u.scope);
    } else if (auto f = load_facility_locked(std::strtoll(u.scope.c_str(), nullptr, 10))) {
      u.scope_name = f->name;
    }
    return u;
  }

  Result<std::string> password_hash_locked(int64_t user_id) {
    auto st = db->prepare("SELECT password_hash FROM app_user WHERE id = ?");
    if (!st) return st.error();
    (*st)->bind(1, user_id);
    auto r = (*st)->step();
    if (!r) return r.error();
    if (!*r) return Error::not_found("no such user");
    return (*st)->column_string(0);
  }

  // ---- people -----------------------------------------------------------------------------------

  struct PersonData {
    PersonDetail d;
    std::string relation;
    std::optional<uint32_t> village;
  };

  // Caller holds db_mu.
  Result<std::optional<PersonData>> load_person_locked(int64_t id) {
    auto st = db->prepare("SELECT " + std::string(kPersonColumns) + " FROM person WHERE id = ?");
    if (!st) return st.error();
    (*st)->bind(1, id);
    auto r = (*st)->step();
    if (!r) return r.error();
    if (!*r) return std::optional<PersonData>();
    return std::optional<PersonData>(read_person(**st));
  }

  PersonData read_person(const store::Statement& s) const {
    PersonData p;
    PersonDetail& d = p.d;
    d.id = s.column_int64(0);
    d.nik = s.column_string(1);
    d.no_kk = s.column_string(2);
    d.name = s.column_string(3);
    d.sex = sex_from(s.column_text(4));
    d.birth_date = date_col(s, 5);
    if (d.birth_date) d.age = age_in_years(*d.birth_date, today());
    d.birth_place = s.column_string(6);
    d.address.street = s.column_string(7);
    d.address.rt = s.column_int(8);
    d.address.rw = s.column_int(9);
    const std::string village = s.column_string(10);
    d.phone = s.column_string(11);
    d.status = parse_life_status(s.column_text(12)).value_or(LifeStatus::kAlive);
    d.status_date = date_col(s, 13);
    p.relation = s.column_string(14);
    if (!s.is_null(15)) {
      const auto problem = nik_problem_from_code(s.column_text(15));
      d.nik_flag = NikFlag{s.column_string(15), nik_problem_message(problem)};
    }
    d.created_at = s.column_string(16);
    d.updated_at = s.column_string(17);
    if (!village.empty()) {
      d.address.village = ref(village);
      d.address.district = ref(village.substr(0, 6));
      d.address.city = ref(village.substr(0, 4));
      d.address.province = ref(village.substr(0, 2));
      p.village = regions.village_ordinal(village);
    }
    return p;
  }

  static bool in_scope(const PersonData& p, const Scope& scope) {
    return p.village && scope.contains(*p.village, p.d.address.rw);
  }

  PersonSummary summary(const PersonData& p, bool mask) const {
    PersonSummary s;
    s.id = p.d.id;
    s.nik = mask ? mask_nik(p.d.nik) : p.d.nik;
    s.name = p.d.name;
    s.sex = p.d.sex;
    s.birth_date = p.d.birth_date;
    s.age = p.d.age;
    s.village_code = p.d.address.village.code;
    s.village_name = p.d.address.village.name;
    s.rw = p.d.address.rw;
    s.rt = p.d.address.rt;
    s.status = p.d.status;
    s.nik_flag = p.d.nik_flag;
    return s;
  }

  std::optional<FacilityRef> facility_ref_locked(std::string_view sql, std::string_view village,
                                                 std::optional<int> rw) {
    auto st = db->prepare(sql);
    if (!st) return std::nullopt;
    (*st)->bind(1, village);
    if (rw) (*st)->bind(2, *rw);
    auto r = (*st)->step();
    if (!r || !*r) return std::nullopt;
    FacilityRef f;
    f.id = (*st)->column_int64(0);
    f.type = parse_facility_type((*st)->column_text(1)).value_or(FacilityType::kPuskesmas);
    f.name = (*st)->column_string(2);
    return f;
  }

  // Alive residents of a region within `scope`, with per-village counts for its children.
  PopulationCounts count_region(const Scope& scope, std::string_view code) {
    auto [first, last] = regions.village_range(code);
    std::shared_lock lock(index_mu);
    return index->count(scope, first, last, today());
  }

  // After a committed write: reloads the person, refreshes the search index and returns the
  // completed detail as the writer sees it. Holds db_mu.
  Result<PersonDetail> reindex_and_detail_locked(const User& user, const Scope& scope, int64_t id) {
    auto p = load_person_locked(id);
    if (!p) return p.error();
    if (!*p) return Error::internal("person vanished after its write");
    {
      std::unique_lock ilock(index_mu);
      index->upsert(indexed(**p));
    }
    complete_locked(**p, scope, mask_for(user));
    return std::move((**p).d);
  }

  // Completes a detail: household (members in scope), responsible facilities. Holds db_mu.
  void complete_locked(PersonData& p, const Scope& scope, bool mask) {
    PersonDetail& d = p.d;
    if (!d.no_kk.empty()) {
      auto st = db->prepare("SELECT " + std::string(kPersonColumns) +
                            " FROM person WHERE no_kk = ? ORDER BY (relation = 'KEPALA KELUARGA') "
                            "DESC, birth_date, id LIMIT 50");
      if (st) {
        (*st)->bind(1, d.no_kk);
        std::vector<PersonData> members;
        while (true) {
          auto r = (*st)->step();
          if (!r || !*r) break;
          PersonData m = read_person(**st);
          if (in_scope(m, scope)) members.push_back(std::move(m));
        }
        for (const PersonData& m : members) {
          HouseholdMember h;
          h.id = m.d.id;
          h.nik = mask ? mask_nik(m.d.nik) : m.d.nik;
          h.name = m.d.name;
          h.sex = m.d.sex;
          h.birth_date = m.d.birth_date;
          h.age = m.d.age;
          h.relation = m.relation;
          h.status = m.d.status;
          d.household.push_back(std::move(h));
        }
      }
    }
    d.nik = mask ? mask_nik(d.nik) : d.nik;
    const std::string& village = d.address.village.code;
    if (!village.empty()) {
      d.puskesmas = facility_ref_locked(
          "SELECT f.id, f.type, f.name FROM facility_catchment c JOIN facility f ON f.id = "
          "c.facility_id WHERE c.village_code = ? AND f.type = 'puskesmas' ORDER BY f.id LIMIT 1",
          village, std::nullopt);
      d.pustu = facility_ref_locked(
          "SELECT id, type, name FROM facility WHERE village_code = ? AND type = 'pustu' "
          "ORDER BY id LIMIT 1",
          village, std::nullopt);
      d.posyandu = facility_ref_locked(
          "SELECT id, type, name FROM facility WHERE village_code = ? AND type = 'posyandu' "
          "AND rw = ? ORDER BY id LIMIT 1",
          village, d.address.rw);
    }
  }

  // Append-only audit row, in the caller's transaction if any. Holds db_mu.
  Status audit_locked(const User& user, std::string_view action, std::optional<int64_t> person,
                      std::string_view detail) {
    auto st = db->prepare(
        "INSERT INTO audit_log (at, user_id, username, action, person_id, detail) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    if (!st) return st.error();
    (*st)->bind(1, iso_time(now())).bind(2, user.id).bind(3, user.username).bind(4, action);
    (*st)->bind(5, person).bind(6, detail);
    return (*st)->run();
  }

  bool mask_for(const User& u) const { return u.role == Role::kKader; }

  IndexedPerson indexed(const PersonData& p) const {
    IndexedPerson ip;
    ip.id = p.d.id;
    ip.nik = p.d.nik;
    ip.no_kk = p.d.no_kk;
    ip.name = p.d.name;
    ip.sex = static_cast<uint8_t>(p.d.sex);
    ip.birth_date = p.d.birth_date;
    ip.village_code = p.d.address.village.code;
    ip.rw = p.d.address.rw;
    ip.status = static_cast<uint8_t>(p.d.status);
    return ip;
  }

  // Strict validation of typed person fields; the NIK must pass check_nik.
  Status validate(const PersonInput& in) const {
    if (in.nik.empty()) return Error::invalid("nik", "NIK is required");
    NikCheckInput check;
    check.nik = in.nik;
    check.birth = in.birth_date;
    check.sex = in.sex;
    check.today = today();
    check.district_exists = [&](std::string_view d) { return regions.district_exists(d); };
    const NikInfo info = check_nik(check);
    if (!info.ok()) return Error::invalid("nik", nik_problem_message(info.problem));
    if (trim(in.name).empty()) return Error::invalid("name", "name is required");
    if (in.name.size() > 200) return Error::invalid("name", "name is longer than 200 characters");
    if (!in.no_kk.empty() && (in.no_kk.size() != 16 || !all_digits(in.no_kk))) {
      return Error::invalid("no_kk", "KK number must have 16 digits");
    }
    if (in.birth_date && *in.birth_date > today()) {
      return Error::invalid("birth_date", "birth date lies in the future");
    }
    if (in.rt < 0 || in.rt > 999) return Error::invalid("rt", "RT must be between 0 and 999");
    if (in.rw < 0 || in.rw > 999) return Error::invalid("rw", "RW must be between 0 and 999");
    auto v = normalize_region_code(in.village_code);
    if (in.village_code.empty())
      return Error::invalid("village_code", "kelurahan code is required");
    if (!v || region_level(*v) != RegionLevel::kVillage || !regions.find(*v)) {
      return Error::invalid("village_code", "not an existing kelurahan/desa code");
    }
    if (in.phone.size() > 20 || !std::all_of(in.phone.begin(), in.phone.end(), [](char c) {
          return (c >= '0' && c <= '9') || c == '+' || c == '-' || c == ' ';
        })) {
      return Error::invalid("phone", "phone: digits, spaces, + and - only, at most 20");
    }
    if (in.street.size() > 300)
      return Error::invalid("street", "street is longer than 300 characters");
    if (in.birth_place.size() > 100)
      return Error::invalid("birth_place", "birth place is too long");
    return {};
  }
};

Registry::Registry(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Registry::~Registry() = default;

Result<std::unique_ptr<Registry>> Registry::open(std::shared_ptr<store::Database> db,
                                                 RegistryOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->db = std::move(db);
  impl->options = std::move(options);
  SK_TRY(impl->db->migrate("registry", registry_migrations()));
  SK_TRY(impl->db->exec(kPersonIndexes));
  {
    auto count = impl->db->prepare("SELECT COUNT(*) FROM region");
    if (!count) return count.error();
    auto r = (*count)->step();
    if (!r) return r.error();
    if ((*count)->column_int64(0) == 0) {
      std::string dir =
          impl->options.area_data_dir.empty() ? find_area_data_dir() : impl->options.area_data_dir;
      if (dir.empty()) {
        return Error::io(
            "region data not found: node_modules/idn-area-data/data (run ./dev setup, or set "
            "SIKLUS_AREA_DATA)");
      }
      auto loaded = load_area_data(*impl->db, dir);
      if (!loaded) return loaded.error();
    }
  }
  auto regions = RegionTable::load(*impl->db);
  if (!regions) return regions.error();
  impl->regions = std::move(*regions);
  impl->index = std::make_unique<PeopleIndex>(&impl->regions, impl->options.index_names);
  if (impl->options.build_index) {
    SK_TRY(impl->index->build(*impl->db));
    impl->index_built = true;
  }
  return std::unique_ptr<Registry>(new Registry(std::move(impl)));
}

// ---- users and sessions -----------------------------------------------------------------------

Result<User> Registry::add_user(const NewUser& nu) {
  Impl& m = *impl_;
  const bool name_ok =
      nu.username.size() >= 3 && nu.username.size() <= 64 &&
      std::all_of(nu.username.begin(), nu.username.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
      });
  if (!name_ok) {
    return Error::invalid("username", "username: 3-64 letters, digits, '.', '_' or '-'");
  }
  if (nu.password.size() < 8)
    return Error::invalid("password", "password must have at least 8 characters");
  if (nu.password.size() > 1024) return Error::invalid("password", "password is too long");
  std::string scope;
  {
    std::lock_guard lock(m.db_mu);
    if (nu.role == Role::kDinkesAdmin) {
      std::string code = nu.scope;
      if (code.empty()) {
        auto st = m.db->prepare("SELECT DISTINCT city_code FROM facility LIMIT 2");
        if (!st) return st.error();
        std::vector<std::string> cities;
        while (true) {
          auto r = (*st)->step();
          if (!r) return r.error();
          if (!*r) break;
          cities.push_back((*st)->column_string(0));
        }
        if (cities.size() != 1)
          return Error::invalid("scope", "dinkes_admin needs --scope with the kab/kota code");
        code = cities[0];
      }
      auto norm = normalize_region_code(code);
      if (!norm || region_level(*norm) != RegionLevel::kCity || !m.regions.find(*norm)) {
        return Error::invalid("scope", "dinkes_admin scope must be an existing kab/kota code");
      }
      scope = *norm;
    } else {
      if (nu.scope.empty())
        return Error::invalid("scope", "this role needs --scope with a facility id or key");
      auto st =
          m.db->prepare("SELECT id, type FROM facility WHERE key = ? OR CAST(id AS TEXT) = ?");
      if (!st) return st.error();
      (*st)->bind(1, nu.scope).bind(2, nu.scope);
      auto r = (*st)->step();
      if (!r) return r.error();
      if (!*r) return Error::invalid("scope", "no facility with id or key " + nu.scope);
      const std::string type = (*st)->column_string(1);
      scope = std::to_string((*st)->column_int64(0));
      if (nu.role == Role::kPuskesmas && type != "puskesmas") {
        return Error::invalid("scope", "puskesmas users need a puskesmas facility");
      }
      if (nu.role == Role::kKader && type != "posyandu") {
        return Error::invalid("scope", "kader users need a posyandu facility");
      }
      if (nu.role == Role::kNakes && type == "posyandu") {
        return Error::invalid("scope", "nakes work at a facility, not a posyandu");
      }
    }
  }
  auto hash = hash_password(nu.password);  // slow on purpose; outside the lock
  if (!hash) return hash.error();
  std::lock_guard lock(m.db_mu);
  store::Transaction tx(*m.db, "cli");
  SK_TRY(tx.begin());
  auto ins = m.db->prepare(
      "INSERT INTO app_user (username, password_hash, role, scope, display_name, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
  if (!ins) return ins.error();
  (*ins)->bind(1, nu.username).bind(2, *hash).bind(3, role_code(nu.role)).bind(4, scope);
  (*ins)->bind(5, nu.display_name.empty() ? nu.username : nu.display_name);
  (*ins)->bind(6, iso_time(m.now()));
  auto r = (*ins)->step();
  if (!r) {
    if (r.error().code == ErrorCode::kConflict) {
      return Error::conflict("username", "username already exists: " + nu.username);
    }
    return r.error();
  }
  const int64_t id = (*ins)->column_int64(0);
  SK_TRY((*ins)->run());
  SK_TRY(tx.record({"user", std::to_string(id), "insert"}));
  SK_TRY(tx.commit());
  return m.load_user_locked("id", std::to_string(id));
}

Result<Session> Registry::login(const LoginRequest& req, int* retry_after) {
  Impl& m = *impl_;
  const int64_t now = m.now();
  const std::string ukey = "u:" + req.username;
  const std::string akey = "a:" + req.client_address;
  const int64_t wait = std::max(m.user_throttle.wait(ukey, now), m.addr_throttle.wait(akey, now));
  if (wait > 0) {
    if (retry_after) *retry_after = static_cast<int>(wait);
    return Error{ErrorCode::kRateLimited,
                 "too many failed logins; try again in " + std::to_string(wait) + " s", "password"};
  }
  std::optional<User> user;
  std::string hash;
  {
    std::lock_guard lock(m.db_mu);
    auto u = m.load_user_locked("username", req.username);
    if (u) {
      user = *u;
      auto h = m.password_hash_locked(u->id);
      if (!h) return h.error();
      hash = *h;
    } else if (u.error().code != ErrorCode::kNotFound) {
      return u.error();
    }
  }
  if (!user) {
    // Same work as a real check, so timing does not reveal which usernames exist.
    if (m.dummy_hash.empty()) {
      auto h = hash_password("not-a-password-of-anyone");
      if (h) m.dummy_hash = *h;
    }
    (void)verify_password(m.dummy_hash, req.password);
  }
  if (!user || !verify_password(hash, req.password)) {
    m.user_throttle.failed(ukey, now);
    m.addr_throttle.failed(akey, now);
    return Error{ErrorCode::kUnauthenticated, "wrong username or password", {}};
  }
  m.user_throttle.succeeded(ukey);
  m.addr_throttle.succeeded(akey);
  Session s;
  s.token = new_session_token();
  s.user = *user;
  s.expires_at = now + m.options.session_ttl_seconds;
  std::lock_guard lock(m.db_mu);
  store::Transaction tx(*m.db, user->username);
  SK_TRY(tx.begin());
  auto ins = m.db->prepare(
      "INSERT INTO session (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)");
  if (!ins) return ins.error();
  (*ins)->bind(1, token_hash(s.token)).bind(2, user->id).bind(3, now).bind(4, s.expires_at);
  SK_TRY((*ins)->run());
  auto purge = m.db->prepare("DELETE FROM session WHERE expires_at < ?");
  if (!purge) return purge.error();
  (*purge)->bind(1, now);
  SK_TRY((*purge)->run());
  SK_TRY(tx.record({"session", std::to_string(user->id), "login"}));
  SK_TRY(tx.commit());
  return s;
}

Status Registry::logout(std::string_view token) {
  Impl& m = *impl_;
  std::lock_guard lock(m.db_mu);
  store::Transaction tx(*m.db, "session");
  SK_TRY(tx.begin());
  auto del = m.db->prepare("DELETE FROM session WHERE token_hash = ?");
  if (!del) return del.error();
  (*del)->bind(1, token_hash(token));
  SK_TRY((*del)->run());
  SK_TRY(tx.record({"session", "-", "logout"}));
  return tx.commit();
}

Result<Session> Registry::session(std::string_view token) {
  Impl& m = *impl_;
  const int64_t now = m.now();
  const std::string h = token_hash(token);
  std::lock_guard lock(m.db_mu);
  auto st = m.db->prepare("SELECT user_id, expires_at FROM session WHERE token_hash = ?");
  if (!st) return st.error();
  (*st)->bind(1, h);
  auto r = (*st)->step();
  if (!r) return r.error();
  if (!*r || (*st)->column_int64(1) <= now) {
    return Error{ErrorCode::kUnauthenticated, "not logged in or session expired", {}};
  }
  const int64_t user_id = (*st)->column_int64(0);
  int64_t expires = (*st)->column_int64(1);
  auto user = m.load_user_locked("id", std::to_string(user_id));
  if (!user) return Error{ErrorCode::kUnauthenticated, "not logged in or session expired", {}};
  // Sliding expiry, written at most every half lifetime so requests stay read-only.
  if (expires - now < m.options.session_ttl_seconds / 2) {
    expires = now + m.options.session_ttl_seconds;
    store::Transaction tx(*m.db, user->username);
    SK_TRY(tx.begin());
    auto up = m.db->prepare("UPDATE session SET expires_at = ? WHERE token_hash = ?");
    if (!up) return up.error();
    (*up)->bind(1, expires).bind(2, h);
    SK_TRY((*up)->run());
    SK_TRY(tx.record({"session", std::to_string(user_id), "extend"}));
    SK_TRY(tx.commit());
  }
  return Session{std::string(token), *user, expires};
}

// ---- regions ----------------------------------------------------------------------------------

namespace {

// Sums per-village counts into the direct children of `code`.
std::vector<RegionChild> child_counts(const RegionTable& regions, const Scope& scope,
                                      std::string_view code,
                                      const std::vector<uint64_t>& per_village) {
  const uint32_t first = regions.village_range(code).first;
  std::vector<RegionChild> out;
  for (const RegionRow* c : regions.children(code)) {
    auto [lo, hi] = regions.village_range(c->code);
    if (c->level == RegionLevel::kVillage ? !scope.sees_village(lo) : !scope.sees_any(lo, hi)) {
      continue;
    }
    RegionChild child{c->code, c->name, c->level, 0};
    for (uint32_t v = lo; v < hi; ++v) child.residents += per_village[v - first];
    out.push_back(std::move(child));
  }
  return out;
}

}  // namespace

Result<RegionView> Registry::region(const User& user, std::string_view code) {
  auto scope = impl_->scope_of(user);
  auto r = impl_->resolve_region(code, *scope, "code");
  if (!r) return r.error();
  const RegionRow& row = **r;
  const PopulationCounts c = impl_->count_region(*scope, row.code);
  RegionView v;
  v.code = row.code;
  v.name = row.name;
  v.level = row.level;
  if (const std::string parent = parent_region(row.code); !parent.empty()) {
    v.parent = impl_->ref(parent);
  }
  v.residents = c.residents;
  v.children = child_counts(impl_->regions, *scope, row.code, c.per_village);
  return v;
}

namespace {

PopulationStats make_stats(const RegionRow& row, const PopulationCounts& c,
                           std::vector<RegionChild> children) {
  PopulationStats s;
  s.region = row.code;
  s.name = row.name;
  s.level = row.level;
  s.residents = c.residents;
  s.male = c.male;
  s.female = c.female;
  s.households = c.households;
  s.children = std::move(children);
  for (int b = 0; b < kBands; ++b)
    s.pyramid.push_back({band_name(b), c.pyramid[b][0], c.pyramid[b][1]});
  return s;
}

}  // namespace

Result<PopulationStats> Registry::population_stats(const User& user, std::string_view code) {
  auto scope = impl_->scope_of(user);
  auto r = impl_->resolve_region(code, *scope, "region");
  if (!r) return r.error();
  const PopulationCounts c = impl_->count_region(*scope, (*r)->code);
  return make_stats(**r, c, child_counts(impl_->regions, *scope, (*r)->code, c.per_village));
}

Result<PopulationStats> Registry::population_stats_unscoped(std::string_view code) {
  auto norm = normalize_region_code(code);
  if (!norm)
    return Error::invalid("region", "region code must have 2, 4, 6 or 10 digits (dots allowed)");
  const RegionRow* row = impl_->regions.find(*norm);
  if (!row) return Error::not_found("no region with code " + std::string(code));
  auto [first, last] = impl_->regions.village_range(*norm);
  const Scope scope = Scope::range(first, last, *norm);
  const PopulationCounts c = impl_->count_region(scope, *norm);
  return make_stats(*row, c, child_counts(impl_->regions, scope, *norm, c.per_village));
}

// ---- facilities -------------------------------------------------------------------------------

Result<std::vector<Facility>> Registry::facilities(const User& user, const FacilityQuery& q) {
  Impl& m = *impl_;
  auto scope = m.scope_of(user);
  std::string prefix = scope->root();
  if (!q.region.empty()) {
    auto r = m.resolve_region(q.region, *scope, "region");
    if (!r) return r.error();
    prefix = (*r)->code;
  }
  std::lock_guard lock(m.db_mu);
  auto st = m.db->prepare(
      "SELECT f.id, f.key, f.type, f.name, COALESCE(f.village_code, ''), f.rw, f.parent_id, "
      "f.government, f.address, COALESCE(f.lat, 0), COALESCE(f.lon, 0), "
      "(SELECT COUNT(*) FROM staff s WHERE s.facility_id = f.id) "
      "FROM facility f WHERE f.village_code >= ? AND f.village_code < ? "
      "AND (? = '' OR f.type = ?) ORDER BY f.type, f.name, f.id");
  if (!st) return st.error();
  const std::string type = q.type ? facility_type_code(*q.type) : "";
  (*st)->bind(1, prefix).bind(2, prefix + "~").bind(3, type).bind(4, type);
  std::vector<Facility> out;
  while (true) {
    auto r = (*st)->step();
    if (!r) return r.error();
    if (!*r) break;
    auto& s = **st;
    Facility f;
    f.id = s.column_int64(0);
    f.key = s.column_string(1);
    f.type = parse_facility_type(s.column_text(2)).value_or(FacilityType::kClinic);
    f.name = s.column_string(3);
    f.village_code = s.column_string(4);
    f.rw = s.column_int(5);
    if (!s.is_null(6)) f.parent_id = s.column_int64(6);
    f.government = s.column_int(7) != 0;
    f.address = s.column_string(8);
    f.lat = s.column_double(9);
    f.lon = s.column_double(10);
    f.staff = static_cast<uint32_t>(s.column_int64(11));
    auto ord = m.regions.village_ordinal(f.village_code);
    const bool own = std::to_string(f.id) == user.scope;
    const bool visible = ord && (f.type == FacilityType::kPosyandu ? scope->contains(*ord, f.rw)
                                                                   : scope->sees_village(*ord));
    if (!visible && !own) continue;
    f.village_name = m.region_name(f.village_code);
    out.push_back(std::move(f));
  }
  return out;
}

Result<FacilityDetail> Registry::facility(const User& user, int64_t id) {
  Impl& m = *impl_;
  auto scope = m.scope_of(user);
  std::lock_guard lock(m.db_mu);
  auto f = m.load_facility_locked(id);
  if (!f) return Error::not_found("facility not found");
  auto ord = m.regions.village_ordinal(f->village_code);
  const bool own = std::to_string(f->id) == user.scope;
  const bool visible =
      ord && (f->type == "posyandu" ? scope->contains(*ord, f->rw) : scope->sees_village(*ord));
  if (!visible && !own) return Error::not_found("facility not found");
  FacilityDetail d;
  Facility& o = d.facility;
  o.id = f->id;
  o.key = f->key;
  o.type = parse_facility_type(f->type).value_or(FacilityType::kClinic);
  o.name = f->name;
  o.village_code = f->village_code;
  o.village_name = m.region_name(f->village_code);
  o.rw = f->rw;
  o.parent_id = f->parent_id;
  o.government = f->government;
  o.address = f->address;
  o.lat = f->lat;
  o.lon = f->lon;
  for (const std::string& v : m.catchment_locked(f->id)) d.catchment.push_back(m.ref(v));
  auto st = m.db->prepare(
      "SELECT id, name, sex, profession, skills, phone FROM staff WHERE facility_id = ? "
      "ORDER BY profession, name, id");
  if (!st) return st.error();
  (*st)->bind(1, id);
  while (true) {
    auto r = (*st)->step();
    if (!r) return r.error();
    if (!*r) break;
    auto& s = **st;
    StaffMember sm;
    sm.id = s.column_int64(0);
    sm.name = s.column_string(1);
    sm.sex = sex_from(s.column_text(2));
    sm.profession = s.column_string(3);
    std::string skills = s.column_string(4);
    for (size_t at = 0; at < skills.size();) {
      size_t comma = skills.find(',', at);
      if (comma == std::string::npos) comma = skills.size();
      if (comma > at) sm.skills.push_back(skills.substr(at, comma - at));
      at = comma + 1;
    }
    sm.phone = s.column_string(5);
    d.staff.push_back(std::move(sm));
  }
  o.staff = static_cast<uint32_t>(d.staff.size());
  return d;
}

// ---- people -----------------------------------------------------------------------------------

Result<PeoplePage> Registry::search_people(const User& user, const PeopleQuery& q) {
  Impl& m = *impl_;
  if (q.page < 1) return Error::invalid("page", "page starts at 1");
  if (q.page_size < 1 || q.page_size > 100)
    return Error::invalid("page_size", "page_size must be 1-100");
  auto scope = m.scope_of(user);
  uint32_t first = scope->first();
  uint32_t last = scope->last();
  if (!q.region.empty()) {
    auto r = m.resolve_region(q.region, *scope, "region");
    if (!r) return r.error();
    std::tie(first, last) = m.regions.village_range((*r)->code);
  }
  const std::string text = trim(q.q);
  PeoplePage page;
  page.page = q.page;
  page.page_size = q.page_size;
  std::vector<int64_t> ids;
  {
    std::shared_lock lock(m.index_mu);
    if (text.size() == 16 && all_digits(text)) {
      if (auto id = m.index->find_nik(text, *scope)) {
        ids.push_back(*id);
        page.total = 1;
      }
      if (q.page > 1) ids.clear();
    } else {
      if (text.size() > 200)
        return Error::invalid("q", "search text is longer than 200 characters");
      const size_t offset = static_cast<size_t>(q.page - 1) * static_cast<size_t>(q.page_size);
      SearchResult res = m.index->search_name(text, *scope, first, last, q.include_inactive, offset,
                                              static_cast<size_t>(q.page_size));
      page.total = res.total;
      for (const SearchHit& h : res.page) ids.push_back(h.id);
    }
  }
  std::lock_guard lock(m.db_mu);
  for (int64_t id : ids) {
    auto p = m.load_person_locked(id);
    if (!p) return p.error();
    if (!*p || !Impl::in_scope(**p, *scope)) continue;  // changed meanwhile
    page.items.push_back(m.summary(**p, m.mask_for(user)));
  }
  return page;
}

Result<PersonDetail> Registry::person(const User& user, int64_t id) {
  Impl& m = *impl_;
  auto scope = m.scope_of(user);
  std::lock_guard lock(m.db_mu);
  auto p = m.load_person_locked(id);
  if (!p) return p.error();
  if (!*p || !Impl::in_scope(**p, *scope)) return Error::not_found("person not found");
  m.complete_locked(**p, *scope, m.mask_for(user));
  SK_TRY(m.audit_locked(user, "read", id, ""));
  return std::move((**p).d);
}

Result<PersonDetail> Registry::create_person(const User& user, const PersonInput& input) {
  Impl& m = *impl_;
  SK_TRY(m.validate(input));
  auto scope = m.scope_of(user);
  const std::string village = *normalize_region_code(input.village_code);
  const auto ord = m.regions.village_ordinal(village);
  if (!ord || !scope->contains(*ord, input.rw)) {
    return Error::invalid("village_code", "this address lies outside your area");
  }
  PersonRow row;
  row.nik = input.nik;
  row.no_kk = input.no_kk;
  row.name = trim(input.name);
  row.sex = input.sex;
  row.birth_date = input.birth_date;
  {
    // Fill what the NIK tells when the user left it out.
    NikCheckInput check{input.nik, input.birth_date, input.sex, m.today(), nullptr};
    const NikInfo info = check_nik(check);
    if (row.sex == Sex::kUnknown) row.sex = info.sex;
    if (!row.birth_date) row.birth_date = info.birth;
  }
  row.birth_place = trim(input.birth_place);
  row.street = trim(input.street);
  row.rt = input.rt;
  row.rw = input.rw;
  row.village_code = village;
  row.phone = trim(input.phone);
  row.source = "user";
  std::lock_guard lock(m.db_mu);
  auto writer = PersonWriter::create(*m.db, PersonWriter::Mode::kInsert);
  if (!writer) return writer.error();
  store::Transaction tx(*m.db, user.username);
  SK_TRY(tx.begin());
  auto w = (*writer)->write(row, iso_time(m.now()));
  if (!w) {
    if (w.error().code == ErrorCode::kConflict) {
      return Error::conflict("nik", "a person with this NIK already exists");
    }
    return w.error();
  }
  const int64_t id = m.db->last_insert_id();
  SK_TRY(m.audit_locked(user, "create", id, ""));
  SK_TRY(tx.record({"person", std::to_string(id), "insert"}));
  SK_TRY(tx.commit());
  return m.reindex_and_detail_locked(user, *scope, id);
}

Result<PersonDetail> Registry::update_person(const User& user, int64_t id,
                                             const PersonPatch& patch) {
  Impl& m = *impl_;
  auto scope = m.scope_of(user);
  std::lock_guard lock(m.db_mu);
  auto loaded = m.load_person_locked(id);
  if (!loaded) return loaded.error();
  if (!*loaded || !Impl::in_scope(**loaded, *scope)) return Error::not_found("person not found");
  const auto& old = **loaded;
  PersonInput in;
  in.nik = patch.nik.value_or(old.d.nik);
  in.no_kk = patch.no_kk.value_or(old.d.no_kk);
  in.name = patch.name.value_or(old.d.name);
  in.sex = patch.sex.value_or(old.d.sex);
  in.birth_date = patch.birth_date ? patch.birth_date : old.d.birth_date;
  in.birth_place = patch.birth_place.value_or(old.d.birth_place);
  in.street = patch.street.value_or(old.d.address.street);
  in.rt = patch.rt.value_or(old.d.address.rt);
  in.rw = patch.rw.value_or(old.d.address.rw);
  in.village_code = patch.village_code.value_or(old.d.address.village.code);
  in.phone = patch.phone.value_or(old.d.phone);
  std::vector<std::string> changed;
  auto note = [&](bool c, const char* f) {
    if (c) changed.push_back(f);
  };
  note(in.nik != old.d.nik, "nik");
  note(in.no_kk != old.d.no_kk, "no_kk");
  note(in.name != old.d.name, "name");
  note(in.sex != old.d.sex, "sex");
  note(in.birth_date != old.d.birth_date, "birth_date");
  note(in.birth_place != old.d.birth_place, "birth_place");
  note(in.street != old.d.address.street, "street");
  note(in.rt != old.d.address.rt, "rt");
  note(in.rw != old.d.address.rw, "rw");
  note(in.village_code != old.d.address.village.code, "village_code");
  note(in.phone != old.d.phone, "phone");
  const bool identity_changed = patch.nik || patch.birth_date || patch.sex;
  // A flagged NIK from an import stays as it is unless the user touches identity fields; what a
  // user types is checked strictly.
  Status valid = m.validate(in);
  if (!valid && (valid.error().field != "nik" || identity_changed)) return valid.error();
  const std::string village = normalize_region_code(in.village_code).value_or("");
  const auto ord = m.regions.village_ordinal(village);
  if (!ord || !scope->contains(*ord, in.rw)) {
    return Error::invalid("village_code", "this address lies outside your area");
  }
  LifeStatus status = patch.status.value_or(old.d.status);
  std::optional<Date> status_date = patch.status_date ? patch.status_date : old.d.status_date;
  if (status == LifeStatus::kAlive) {
    status_date.reset();
  } else if (!status_date) {
    return Error::invalid("status_date", "status MATI or PINDAH needs status_date");
  } else if (*status_date > m.today()) {
    return Error::invalid("status_date", "status date lies in the future");
  } else if (in.birth_date && *status_date < *in.birth_date) {
    return Error::invalid("status_date", "status date lies before the birth date");
  }
  note(status != old.d.status, "status");
  note(status_date != old.d.status_date, "status_date");
  const bool clear_flag = valid.has_value();
  store::Transaction tx(*m.db, user.username);
  SK_TRY(tx.begin());
  auto up = m.db->prepare(
      "UPDATE person SET nik = ?, no_kk = ?, name = ?, sex = ?, birth_date = ?, birth_place = ?, "
      "street = ?, rt = ?, rw = ?, village_code = ?, phone = ?, status = ?, status_date = ?, "
      "nik_flag = CASE WHEN ? THEN NULL ELSE nik_flag END, updated_at = ? WHERE id = ?");
  if (!up) return up.error();
  auto& s = **up;
  s.bind(1, in.nik).bind(2, in.no_kk).bind(3, trim(in.name)).bind(4, sex_code(in.sex));
  if (in.birth_date) {
    s.bind(5, in.birth_date->to_string());
  } else {
    s.bind_null(5);
  }
  s.bind(6, in.birth_place).bind(7, in.street).bind(8, in.rt).bind(9, in.rw).bind(10, village);
  s.bind(11, in.phone).bind(12, life_status_code(status));
  if (status_date) {
    s.bind(13, status_date->to_string());
  } else {
    s.bind_null(13);
  }
  s.bind(14, clear_flag ? 1 : 0).bind(15, iso_time(m.now())).bind(16, id);
  if (auto r = s.run(); !r) {
    if (r.error().code == ErrorCode::kConflict) {
      return Error::conflict("nik", "a person with this NIK already exists");
    }
    return r.error();
  }
  std::string detail;
  for (const auto& c : changed) detail += (detail.empty() ? "" : ",") + c;
  SK_TRY(m.audit_locked(user, "update", id, detail));
  SK_TRY(tx.record({"person", std::to_string(id), "update"}));
  SK_TRY(tx.commit());
  return m.reindex_and_detail_locked(user, *scope, id);
}

Result<std::vector<AuditEntry>> Registry::audit(const User& user, const AuditQuery& q) {
  Impl& m = *impl_;
  if (user.role != Role::kDinkesAdmin) {
    return Error{ErrorCode::kForbidden, "only the Dinkes admin reads the audit log", {}};
  }
  if (q.page < 1) return Error::invalid("page", "page starts at 1");
  if (q.page_size < 1 || q.page_size > 1000)
    return Error::invalid("page_size", "page_size must be 1-1000");
  std::lock_guard lock(m.db_mu);
  auto st = m.db->prepare(
      "SELECT seq, at, username, action, person_id, detail FROM audit_log "
      "WHERE (? = 0 OR person_id = ?) ORDER BY seq DESC LIMIT ? OFFSET ?");
  if (!st) return st.error();
  (*st)->bind(1, q.person_id ? 1 : 0).bind(2, q.person_id.value_or(0)).bind(3, q.page_size);
  (*st)->bind(4, static_cast<int64_t>(q.page - 1) * q.page_size);
  std::vector<AuditEntry> out;
  while (true) {
    auto r = (*st)->step();
    if (!r) return r.error();
    if (!*r) break;
    auto& s = **st;
    AuditEntry e;
    e.seq = s.column_int64(0);
    e.at = s.column_string(1);
    e.username = s.column_string(2);
    e.action = s.column_string(3);
    if (!s.is_null(4)) e.person_id = s.column_int64(4);
    e.detail = s.column_string(5);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace siklus::registry
