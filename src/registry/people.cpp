#include "registry/person_writer.h"
#include "registry/registry_impl.h"

namespace siklus::registry {
namespace {

// Writing someone into an area the user does not serve is refused as such (403), not as bad
// input: the address is valid, the user's scope does not reach it.
Error outside_area() {
  return {ErrorCode::kForbidden, "this address lies outside your area", "village_code"};
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

Result<std::optional<Registry::Impl::PersonData>> Registry::Impl::load_person(int64_t id) {
  auto st = db->prepare("SELECT " + std::string(kPersonColumns) + " FROM person WHERE id = ?");
  if (!st) return st.error();
  (*st)->bind(1, id);
  auto r = (*st)->step();
  if (!r) return r.error();
  if (!*r) return std::optional<PersonData>();
  return std::optional<PersonData>(read_person(**st));
}

Registry::Impl::PersonData Registry::Impl::read_person(const store::Statement& s) const {
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

PersonSummary Registry::Impl::summary(const PersonData& p, bool mask) const {
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

// After a committed write: reloads the person, refreshes the search index and returns the
// completed detail as the writer sees it.
Result<PersonDetail> Registry::Impl::reindex_and_detail(const User& user, const Scope& scope,
                                                        int64_t id) {
  auto p = load_person(id);
  if (!p) return p.error();
  if (!*p) return Error::internal("person vanished after its write");
  {
    std::unique_lock ilock(index_mu);
    index->upsert(indexed(**p));
  }
  complete(**p, scope, mask_for(user));
  return std::move((**p).d);
}

// Completes a detail: household (members in scope), responsible facilities.
void Registry::Impl::complete(PersonData& p, const Scope& scope, bool mask) {
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
  if (mask) {
    d.nik = mask_nik(d.nik);
    if (!d.no_kk.empty()) d.no_kk = mask_nik(d.no_kk);
  }
  const std::string& village = d.address.village.code;
  if (!village.empty()) {
    d.puskesmas = facility_ref(
        "SELECT f.id, f.type, f.name FROM facility_catchment c JOIN facility f ON f.id = "
        "c.facility_id WHERE c.village_code = ? AND f.type = 'puskesmas' ORDER BY f.id LIMIT 1",
        village, std::nullopt);
    d.pustu = facility_ref(
        "SELECT id, type, name FROM facility WHERE village_code = ? AND type = 'pustu' "
        "ORDER BY id LIMIT 1",
        village, std::nullopt);
    d.posyandu = facility_ref(
        "SELECT id, type, name FROM facility WHERE village_code = ? AND type = 'posyandu' "
        "AND rw = ? ORDER BY id LIMIT 1",
        village, d.address.rw);
  }
}

IndexedPerson Registry::Impl::indexed(const PersonData& p) const {
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
Status Registry::Impl::validate(const PersonInput& in) const {
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
  if (in.village_code.empty()) return Error::invalid("village_code", "kelurahan code is required");
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
  if (in.birth_place.size() > 100) return Error::invalid("birth_place", "birth place is too long");
  return {};
}

Result<PeoplePage> Registry::search_people(const User& user, const PeopleQuery& q) {
  Impl& m = *impl_;
  if (q.page < 1) return Error::invalid("page", "page starts at 1");
  if (q.page_size < 1 || q.page_size > 100)
    return Error::invalid("page_size", "page_size must be 1-100");
  const std::string text = trim(q.q);
  // Digits are a NIK or KK number, whole or its leading part; anything else is a name.
  const bool number = !text.empty() && all_digits(text);
  if (number && text.size() < kMinNumberDigits) {
    return Error::invalid("q", "type at least 6 digits of a NIK or KK number, or a name")
        .with_id("people.number_too_short");
  }
  if (number && text.size() > 16) {
    return Error::invalid("q", "a NIK or KK number has 16 digits")
        .with_id("people.number_too_long");
  }
  // The query text goes to the audit log, except a number: a NIK in the log would be one more
  // copy of it. Number searches are logged by their region digits only, with their result count.
  const std::string logged =
      number ? "number=" + text.substr(0, 6) + std::string(text.size() - 6, '*') : "q=" + text;
  if (number && !sees_identifiers(user)) {
    // A role that is not shown NIK or KK numbers cannot confirm a guessed one either.
    SK_TRY(m.record(user, {"refused", "people", std::nullopt, q.region, logged, std::nullopt}));
    return Error{ErrorCode::kForbidden, "this role may not search by NIK or KK number", "q"};
  }
  if (!number && text.size() > 200)
    return Error::invalid("q", "search text is longer than 200 characters");
  auto scope = m.scope_of(user);
  uint32_t first = scope->first();
  uint32_t last = scope->last();
  if (!q.region.empty()) {
    auto r = m.resolve_region(user, q.region, *scope, "region", "people");
    if (!r) return r.error();
    std::tie(first, last) = m.regions.village_range((*r)->code);
  }
  PeoplePage page;
  page.page = q.page;
  page.page_size = q.page_size;
  std::vector<int64_t> ids;
  {
    std::shared_lock lock(m.index_mu);
    const size_t offset = static_cast<size_t>(q.page - 1) * static_cast<size_t>(q.page_size);
    SearchResult res;
    if (number) {
      NumberSearchResult found = m.index->search_number(
          text, *scope, first, last, q.include_inactive, offset, static_cast<size_t>(q.page_size));
      page.found_by = {{"nik", found.by_nik}, {"kk", found.by_kk}};
      res = std::move(found.result);
    } else {
      res = m.index->search_name(text, *scope, first, last, q.include_inactive, offset,
                                 static_cast<size_t>(q.page_size));
      page.found_by = {{text.empty() ? "all" : "name", res.total}};
    }
    page.total = res.total;
    for (const SearchHit& h : res.page) ids.push_back(h.id);
  }
  for (int64_t id : ids) {
    auto p = m.load_person(id);
    if (!p) return p.error();
    if (!*p || !Impl::in_scope(**p, *scope)) continue;  // changed meanwhile
    page.items.push_back(m.summary(**p, m.mask_for(user)));
  }
  SK_TRY(m.record(user, {"search", "people", std::nullopt, q.region, logged,
                         static_cast<int64_t>(page.total)}));
  return page;
}

Result<PersonDetail> Registry::person(const User& user, int64_t id) {
  Impl& m = *impl_;
  auto scope = m.scope_of(user);
  auto p = m.load_person(id);
  if (!p) return p.error();
  if (!*p) return Error::not_found("person not found");
  if (!Impl::in_scope(**p, *scope)) {
    return m.refused(user, Error::not_found("person not found"), "person", "", id);
  }
  m.complete(**p, *scope, m.mask_for(user));
  SK_TRY(m.record(user, {"read", "person", id, (**p).d.address.village.code, "", std::nullopt}));
  return std::move((**p).d);
}

Result<PersonDetail> Registry::create_person(const User& user, const PersonInput& input) {
  Impl& m = *impl_;
  SK_TRY(m.validate(input));
  auto scope = m.scope_of(user);
  const std::string village = *normalize_region_code(input.village_code);
  const auto ord = m.regions.village_ordinal(village);
  if (!ord || !scope->contains(*ord, input.rw)) {
    return m.refused(user, outside_area(), "person", village);
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
  std::lock_guard lock(m.write_mu);
  auto writer = PersonWriter::create(*m.db, PersonWriter::Mode::kInsert);
  if (!writer) return writer.error();
  store::Transaction tx(*m.db, user.username);
  SK_TRY(tx.begin());
  auto w = (*writer)->write(row, Clock::iso_time(m.now()));
  if (!w) {
    if (w.error().code == ErrorCode::kConflict) {
      // Audited: for a role that is not shown NIKs this is the one way left to test a guess.
      tx.rollback();
      return m.refused(user, Error::conflict("nik", "a person with this NIK already exists"),
                       "person", village);
    }
    return w.error();
  }
  const int64_t id = m.db->last_insert_id();
  SK_TRY(m.audit->record_in_transaction(user, {"create", "person", id, village, "", std::nullopt}));
  SK_TRY(tx.record({"person", std::to_string(id), "insert"}));
  SK_TRY(tx.commit());
  return m.reindex_and_detail(user, *scope, id);
}

Result<PersonDetail> Registry::update_person(const User& user, int64_t id,
                                             const PersonPatch& patch) {
  Impl& m = *impl_;
  auto scope = m.scope_of(user);
  std::lock_guard lock(m.write_mu);
  auto loaded = m.load_person(id);
  if (!loaded) return loaded.error();
  if (!*loaded) return Error::not_found("person not found");
  if (!Impl::in_scope(**loaded, *scope)) {
    return m.refused(user, Error::not_found("person not found"), "person", "", id);
  }
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
    return m.refused(user, outside_area(), "person", village, id);
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
  s.bind(14, clear_flag ? 1 : 0).bind(15, Clock::iso_time(m.now())).bind(16, id);
  if (auto r = s.run(); !r) {
    if (r.error().code == ErrorCode::kConflict) {
      // Audited: for a role that is not shown NIKs this is the one way left to test a guess.
      tx.rollback();
      return m.refused(user, Error::conflict("nik", "a person with this NIK already exists"),
                       "person", village, id);
    }
    return r.error();
  }
  std::string detail;
  for (const auto& c : changed) detail += (detail.empty() ? "" : ",") + c;
  SK_TRY(m.audit->record_in_transaction(user,
                                        {"update", "person", id, village, detail, std::nullopt}));
  SK_TRY(tx.record({"person", std::to_string(id), "update"}));
  SK_TRY(tx.commit());
  return m.reindex_and_detail(user, *scope, id);
}
Status Registry::reindex_people(int64_t first_id, int64_t last_id) {
  Impl& m = *impl_;
  if (first_id > last_id) return Error::invalid("id", "empty id range");
  // In chunks, so a bulk import's range (millions of ids) never sits in memory at once.
  constexpr int64_t kChunk = 10000;
  for (int64_t lo = first_id; lo <= last_id;) {
    const int64_t hi = last_id - lo < kChunk ? last_id : lo + kChunk - 1;
    std::vector<IndexedPerson> found;
    {
      auto st = m.db->prepare("SELECT " + std::string(kPersonColumns) +
                              " FROM person WHERE id >= ? AND id <= ? ORDER BY id");
      if (!st) return st.error();
      (*st)->bind(1, lo).bind(2, hi);
      while (true) {
        auto r = (*st)->step();
        if (!r) return r.error();
        if (!*r) break;
        found.push_back(m.indexed(m.read_person(**st)));
      }
    }
    std::unique_lock ilock(m.index_mu);
    size_t next = 0;
    for (int64_t id = lo; id <= hi; ++id) {
      if (next < found.size() && found[next].id == id) {
        m.index->upsert(found[next++]);
      } else {
        m.index->remove(id);
      }
    }
    if (hi == last_id) break;
    lo = hi + 1;
  }
  return {};
}

}  // namespace siklus::registry
