// The registry service end to end on SQLite :memory: with Kota Magelang's real region codes
// (testdata/area): scope, strict NIK, search, audit, login throttling, statistics.

#include "registry/registry.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/nik.h"

namespace siklus::registry {
namespace {

const std::string kArea = std::string(SK_SOURCE_DIR) + "/src/registry/testdata/area";
constexpr Date kToday{2025, 6, 1};
constexpr const char* kPassword = "kunci-rahasia-kota";

class RegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::shared_ptr<store::Database>(store::open_database(":memory:").value());
    RegistryOptions o;
    o.area_data_dir = kArea;
    o.now = [this] { return now_; };
    o.today = [] { return kToday; };
    auto r = Registry::open(db_, o);
    ASSERT_TRUE(r) << r.error().message;
    reg_ = std::move(*r);
    // Puskesmas Jurangombo answers for two kelurahan of Magelang Selatan; one pustu, one
    // posyandu for RW 1 of Jurangombo Utara.
    auto setup = db_->exec(R"sql(
      BEGIN;
      INSERT INTO facility (id, key, city_code, type, name, village_code) VALUES
        (1, 'DINKES', '3371', 'dinkes', 'Dinas Kesehatan Kota Magelang', '3371031003'),
        (2, 'PKM-1', '3371', 'puskesmas', 'Puskesmas Jurangombo', '3371011008'),
        (3, 'PUSTU-1', '3371', 'pustu', 'Pustu Jurangombo Utara', '3371011008'),
        (5, 'PKM-2', '3371', 'puskesmas', 'Puskesmas Magelang Utara', '3371021003');
      INSERT INTO facility (id, key, city_code, type, name, village_code, rw, parent_id) VALUES
        (4, 'POS-1', '3371', 'posyandu', 'Posyandu Mawar', '3371011008', 1, 3);
      INSERT INTO facility_catchment VALUES (2, '3371011008'), (2, '3371011009'),
        (5, '3371021003');
      INSERT INTO staff (facility_id, name, sex, profession, skills) VALUES
        (2, 'dr. Andi', 'L', 'dokter', 'ptm,homecare');
      INSERT INTO change_log (entity, entity_id, op, actor, at)
        VALUES ('facility', 'test', 'insert', 'test', '2025-06-01T00:00:00Z');
      COMMIT;)sql");
    ASSERT_TRUE(setup) << setup.error().message;
    admin_ = add("admin", Role::kDinkesAdmin, "33.71");
  }

  User add(const std::string& name, Role role, const std::string& scope) {
    auto u = reg_->add_user({name, kPassword, role, scope, ""});
    EXPECT_TRUE(u) << u.error().message;
    return u ? *u : User{};
  }

  PersonInput person(const std::string& name, Sex sex, Date birth, const std::string& village,
                     int rw, int serial) {
    PersonInput p;
    p.nik = make_nik(village.substr(0, 6), birth, sex, serial);
    p.no_kk = make_nik(village.substr(0, 6), Date{2010, 1, 1}, Sex::kMale, 9000 + serial);
    p.name = name;
    p.sex = sex;
    p.birth_date = birth;
    p.village_code = village;
    p.rw = rw;
    p.rt = 2;
    return p;
  }

  int64_t create(const PersonInput& in) {
    auto r = reg_->create_person(admin_, in);
    EXPECT_TRUE(r) << r.error().field << ": " << r.error().message;
    return r ? r->id : 0;
  }

  std::shared_ptr<store::Database> db_;
  std::unique_ptr<Registry> reg_;
  User admin_;
  int64_t now_ = 1748736000;  // 2025-06-01
};

TEST_F(RegistryTest, RegionsLoadedFromAreaData) {
  auto v = reg_->region(admin_, "me");
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(v->code, "3371");
  EXPECT_EQ(v->name, "Kota Magelang");
  ASSERT_EQ(v->children.size(), 3u);
  EXPECT_EQ(v->children[0].code, "337101");
  ASSERT_TRUE(v->parent);
  EXPECT_EQ(v->parent->code, "33");
  auto k = reg_->region(admin_, "33.71.01");
  ASSERT_TRUE(k);
  EXPECT_EQ(k->children.size(), 6u);  // the six kelurahan of Magelang Selatan
  EXPECT_EQ(reg_->region(admin_, "12.71").error().code, ErrorCode::kNotFound);  // other city
  EXPECT_EQ(reg_->region(admin_, "3x").error().code, ErrorCode::kInvalidArgument);
}

TEST_F(RegistryTest, CreateChecksNikStrictly) {
  PersonInput p = person("Siti Aminah", Sex::kFemale, {1990, 3, 4}, "3371011008", 1, 1);
  PersonInput wrong_sex = p;
  wrong_sex.sex = Sex::kMale;
  auto r = reg_->create_person(admin_, wrong_sex);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "nik");
  EXPECT_EQ(r.error().message, nik_problem_message(NikProblem::kSexMismatch));
  PersonInput bad_region = p;
  bad_region.nik = "9999990403900001";
  EXPECT_EQ(reg_->create_person(admin_, bad_region).error().message,
            nik_problem_message(NikProblem::kUnknownRegion));
  PersonInput short_nik = p;
  short_nik.nik = "12345";
  EXPECT_EQ(reg_->create_person(admin_, short_nik).error().field, "nik");
  PersonInput no_village = p;
  no_village.village_code = "3371019999";
  EXPECT_EQ(reg_->create_person(admin_, no_village).error().field, "village_code");

  ASSERT_GT(create(p), 0);
  auto dup = reg_->create_person(admin_, p);
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  EXPECT_EQ(dup.error().field, "nik");
}

TEST_F(RegistryTest, ScopeHidesPeopleOutsideTheArea) {
  const int64_t in_rw1 =
      create(person("Budi Santoso", Sex::kMale, {1980, 1, 2}, "3371011008", 1, 1));
  const int64_t in_rw2 =
      create(person("Budi Hartono", Sex::kMale, {1981, 1, 2}, "3371011008", 2, 2));
  const int64_t other_kel =
      create(person("Budi Prasetyo", Sex::kMale, {1982, 1, 2}, "3371011009", 1, 3));
  const int64_t other_pkm =
      create(person("Budi Utomo", Sex::kMale, {1983, 1, 2}, "3371021003", 1, 4));

  User pkm = add("pkm", Role::kPuskesmas, "PKM-1");
  User kader = add("kader1", Role::kKader, "4");
  User nakes = add("bidan", Role::kNakes, "PUSTU-1");

  auto visible = [&](const User& u) {
    auto page = reg_->search_people(u, {"budi", "", 1, 100});
    EXPECT_TRUE(page) << page.error().message;
    std::set<int64_t> ids;
    for (const auto& p : page->items) ids.insert(p.id);
    EXPECT_EQ(page->total, ids.size());
    return ids;
  };
  EXPECT_EQ(visible(admin_), (std::set<int64_t>{in_rw1, in_rw2, other_kel, other_pkm}));
  EXPECT_EQ(visible(pkm), (std::set<int64_t>{in_rw1, in_rw2, other_kel}));
  EXPECT_EQ(visible(nakes), (std::set<int64_t>{in_rw1, in_rw2, other_kel}));
  EXPECT_EQ(visible(kader), (std::set<int64_t>{in_rw1}));

  EXPECT_TRUE(reg_->person(kader, in_rw1));
  EXPECT_EQ(reg_->person(kader, in_rw2).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(reg_->person(pkm, other_pkm).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(reg_->person(pkm, 987654).error().code, ErrorCode::kNotFound);
  // Exact NIK of someone outside the scope: simply not found.
  auto nik_other =
      reg_->search_people(pkm, {make_nik("337102", {1983, 1, 2}, Sex::kMale, 4), "", 1, 20});
  ASSERT_TRUE(nik_other);
  EXPECT_EQ(nik_other->total, 0u);
  // Regions and facilities follow the same rule.
  EXPECT_EQ(reg_->region(pkm, "337102").error().code, ErrorCode::kNotFound);
  auto me = reg_->region(pkm, "me");
  ASSERT_TRUE(me);
  EXPECT_EQ(me->code, "337101");
  EXPECT_EQ(me->residents, 3u);
  EXPECT_EQ(me->children.size(), 2u);
  auto facs = reg_->facilities(kader, {});
  ASSERT_TRUE(facs);
  for (const auto& f : *facs) EXPECT_EQ(f.village_code, "3371011008");
  EXPECT_EQ(reg_->facility(pkm, 5).error().code, ErrorCode::kNotFound);
  auto pkm_detail = reg_->facility(pkm, 2);
  ASSERT_TRUE(pkm_detail);
  EXPECT_EQ(pkm_detail->catchment.size(), 2u);
  ASSERT_EQ(pkm_detail->staff.size(), 1u);
  EXPECT_EQ(pkm_detail->staff[0].skills, (std::vector<std::string>{"ptm", "homecare"}));
}

TEST_F(RegistryTest, KaderSeesMaskedNik) {
  PersonInput p = person("Dewi Lestari", Sex::kFemale, {1995, 7, 8}, "3371011008", 1, 7);
  const int64_t id = create(p);
  User kader = add("kader2", Role::kKader, "POS-1");
  auto page = reg_->search_people(kader, {"dewi", "", 1, 20});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].nik, mask_nik(p.nik));
  auto d = reg_->person(kader, id);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->nik, mask_nik(p.nik));
  ASSERT_TRUE(d->posyandu);
  EXPECT_EQ(d->posyandu->name, "Posyandu Mawar");
  ASSERT_TRUE(d->puskesmas);
  EXPECT_EQ(d->puskesmas->name, "Puskesmas Jurangombo");
  ASSERT_TRUE(d->pustu);
  EXPECT_EQ(d->address.district.name, "Magelang Selatan");
  EXPECT_EQ(reg_->person(admin_, id)->nik, p.nik);
}

TEST_F(RegistryTest, KaderGetsNoIdentifierThatCanBeRebuilt) {
  PersonInput p = person("Dewi Lestari", Sex::kFemale, {1995, 7, 8}, "3371011008", 1, 7);
  const int64_t id = create(p);
  create(person("Adi Lestari", Sex::kMale, {2015, 1, 2}, "3371011008", 1, 8));
  User kader = add("kader2", Role::kKader, "POS-1");
  EXPECT_FALSE(Registry::sees_identifiers(kader));
  EXPECT_TRUE(Registry::sees_identifiers(admin_));
  // Only the kecamatan prefix: no digit of the birth date or the serial, NIK and KK alike.
  auto d = reg_->person(kader, id);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->nik, "337101**********");
  EXPECT_EQ(d->no_kk, "337101**********");
  for (const auto& m : d->household) EXPECT_EQ(m.nik.substr(6), "**********") << m.name;
  EXPECT_EQ(reg_->search_people(kader, {"dewi", "", 1, 20})->items[0].nik, "337101**********");
  // Nor can a guess be confirmed: the kader may not look up by number at all.
  auto guess = reg_->search_people(kader, {p.nik, "", 1, 20});
  ASSERT_FALSE(guess);
  EXPECT_EQ(guess.error().code, ErrorCode::kForbidden);
  EXPECT_FALSE(reg_->search_people(kader, {p.no_kk, "", 1, 20}));
  audit::Query q;
  q.user = "kader2";
  q.action = "refused";
  auto refused = reg_->audit(admin_, q);
  ASSERT_TRUE(refused);
  ASSERT_EQ(refused->total, 2);
  EXPECT_EQ(refused->entries[0].detail.find(p.no_kk), std::string::npos);  // never the number
  // The admin's exact lookup is audited with its result count, the number masked.
  ASSERT_EQ(reg_->search_people(admin_, {p.nik, "", 1, 20})->total, 1u);
  q.user = "admin";
  q.action = "search";
  auto searched = reg_->audit(admin_, q);
  ASSERT_TRUE(searched);
  ASSERT_GE(searched->total, 1);
  EXPECT_EQ(searched->entries[0].count, 1);
  EXPECT_EQ(searched->entries[0].detail, "number=337101**********");
}

TEST_F(RegistryTest, PartialNikOrKkFindsPeopleInScopeOnly) {
  PersonInput dewi = person("Dewi Lestari", Sex::kFemale, {1995, 7, 8}, "3371011008", 1, 7);
  const int64_t dewi_id = create(dewi);
  PersonInput adi = person("Adi Lestari", Sex::kMale, {2015, 1, 2}, "3371011008", 1, 8);
  adi.no_kk = dewi.no_kk;  // one household
  const int64_t adi_id = create(adi);
  create(person("Budi Utomo", Sex::kMale, {1983, 1, 2}, "3371021003", 1, 4));  // other puskesmas
  User pkm = add("pkm2", Role::kPuskesmas, "PKM-1");

  // The first 12 digits of Dewi's NIK: her, not a name search over everyone.
  auto partial = reg_->search_people(admin_, {dewi.nik.substr(0, 12), "", 1, 20});
  ASSERT_TRUE(partial) << partial.error().message;
  ASSERT_EQ(partial->total, 1u);
  EXPECT_EQ(partial->items[0].id, dewi_id);
  ASSERT_EQ(partial->found_by.size(), 2u);
  EXPECT_EQ(partial->found_by[0], (std::pair<std::string, uint64_t>{"nik", 1}));
  EXPECT_EQ(partial->found_by[1], (std::pair<std::string, uint64_t>{"kk", 0}));

  // The whole KK number: the household, found by KK.
  auto household = reg_->search_people(pkm, {dewi.no_kk, "", 1, 20});
  ASSERT_TRUE(household);
  std::set<int64_t> ids;
  for (const auto& p : household->items) ids.insert(p.id);
  EXPECT_EQ(ids, (std::set<int64_t>{dewi_id, adi_id}));
  EXPECT_EQ(household->found_by[1].second, 2u);

  // A kecamatan prefix stays within the user's scope: Budi (337102…) is outside.
  auto district = reg_->search_people(pkm, {"3371", "", 1, 20});
  ASSERT_FALSE(district);  // too few digits to mean anyone
  EXPECT_EQ(district.error().field, "q");
  auto other = reg_->search_people(pkm, {"337102", "", 1, 20});
  ASSERT_TRUE(other);
  EXPECT_EQ(other->total, 0u);
  EXPECT_FALSE(reg_->search_people(admin_, {dewi.nik + "1", "", 1, 20}));  // 17 digits

  // A corrected NIK replaces the entry: found under the new number only.
  PersonPatch fix;
  fix.nik = make_nik("337101", {1995, 7, 8}, Sex::kFemale, 99);
  ASSERT_TRUE(reg_->update_person(admin_, dewi_id, fix));
  EXPECT_EQ(reg_->search_people(admin_, {dewi.nik, "", 1, 20})->total, 0u);
  EXPECT_EQ(reg_->search_people(admin_, {*fix.nik, "", 1, 20})->total, 1u);
}

TEST_F(RegistryTest, OutOfScopeRequestsAreRefusedAndAudited) {
  const int64_t other_pkm =
      create(person("Budi Utomo", Sex::kMale, {1983, 1, 2}, "3371021003", 1, 4));
  User pkm = add("pkm", Role::kPuskesmas, "PKM-1");
  EXPECT_EQ(reg_->person(pkm, other_pkm).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(reg_->region(pkm, "337102").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(reg_->facility(pkm, 5).error().code, ErrorCode::kNotFound);
  PersonInput far = person("Sri", Sex::kFemale, {1990, 1, 1}, "3371021003", 1, 5);
  auto created = reg_->create_person(pkm, far);
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(created.error().field, "village_code");
  audit::Query q;
  q.user = "pkm";
  q.action = "refused";
  auto log = reg_->audit(admin_, q);
  ASSERT_TRUE(log);
  ASSERT_EQ(log->total, 4);
  EXPECT_EQ(log->entries[3].object, "person");
  EXPECT_EQ(log->entries[3].person_id, other_pkm);
  EXPECT_EQ(log->entries[2].object, "region");
  EXPECT_EQ(log->entries[2].area, "337102");
  EXPECT_EQ(log->entries[1].object, "facility");
}

TEST_F(RegistryTest, ScopeAreasAndAuthorizeArea) {
  User pkm = add("pkm", Role::kPuskesmas, "PKM-1");
  User nakes = add("bidan", Role::kNakes, "PUSTU-1");
  User kader = add("kader1", Role::kKader, "POS-1");
  EXPECT_EQ(*reg_->scope_areas(admin_), (std::vector<std::string>{"3371"}));
  EXPECT_EQ(*reg_->scope_areas(pkm), (std::vector<std::string>{"3371011008", "3371011009"}));
  EXPECT_EQ(*reg_->scope_areas(nakes), (std::vector<std::string>{"3371011008", "3371011009"}));
  EXPECT_EQ(*reg_->scope_areas(kader), (std::vector<std::string>{"3371011008.RW01"}));

  EXPECT_TRUE(reg_->authorize_area(admin_, "33.71"));
  EXPECT_TRUE(reg_->authorize_area(admin_, "3371021003.RW04"));
  EXPECT_EQ(reg_->authorize_area(admin_, "3372").error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(reg_->authorize_area(pkm, "3371011009"));
  EXPECT_TRUE(reg_->authorize_area(pkm, "3371011008.RW07"));
  // The whole area must be in scope: a puskesmas serves 2 of the kecamatan's 6 kelurahan.
  EXPECT_EQ(reg_->authorize_area(pkm, "337101").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(reg_->authorize_area(pkm, "3371").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(reg_->authorize_area(pkm, "3371021003").error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(reg_->authorize_area(kader, "3371011008.RW01"));
  EXPECT_TRUE(reg_->authorize_area(kader, "33.71.01.1008.RW1"));
  EXPECT_EQ(reg_->authorize_area(kader, "3371011008.RW02").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(reg_->authorize_area(kader, "3371011008").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(reg_->authorize_area(kader, "3371").error().code, ErrorCode::kNotFound);
  for (const char* bad : {"33x", "3371011008.RWx", "3371.RW01", ""}) {
    auto r = reg_->authorize_area(kader, bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << bad;
    EXPECT_EQ(r.error().field, "region") << bad;
  }
}

TEST_F(RegistryTest, ReindexPeopleFollowsTheStore) {
  const int64_t a = create(person("Joko Susilo", Sex::kMale, {1970, 5, 6}, "3371011008", 1, 51));
  const int64_t b = create(person("Joko Widodo", Sex::kMale, {1971, 5, 6}, "3371011008", 1, 52));
  // Changes written behind the registry's back (another process, a bulk import).
  ASSERT_TRUE(db_->exec("BEGIN; UPDATE person SET name = 'Joko Anwar' WHERE id = " +
                        std::to_string(a) + "; DELETE FROM person WHERE id = " + std::to_string(b) +
                        "; INSERT INTO change_log (entity, entity_id, op, actor, at) VALUES "
                        "('person', 'x', 'update', 'test', '2026-11-02T00:00:00Z'); COMMIT;"));
  EXPECT_EQ(reg_->search_people(admin_, {"anwar", "", 1, 20})->total, 0u);
  ASSERT_TRUE(reg_->reindex_people(a, b + 10));
  EXPECT_EQ(reg_->search_people(admin_, {"anwar", "", 1, 20})->total, 1u);
  EXPECT_EQ(reg_->search_people(admin_, {"widodo", "", 1, 20})->total, 0u);
  EXPECT_EQ(reg_->reindex_people(5, 4).error().field, "id");
}

TEST_F(RegistryTest, NameSearchToleratesVariantsAndTypos) {
  const int64_t yusuf =
      create(person("Muhammad Yusuf", Sex::kMale, {1970, 5, 6}, "3371011008", 1, 11));
  create(person("Siti Rahayu", Sex::kFemale, {1972, 5, 6}, "3371011008", 1, 12));
  create(person("Ahmad Yani", Sex::kMale, {1973, 5, 6}, "3371011008", 1, 13));
  for (const char* q : {"Muhammad Yusuf", "Moehammad Joesoef", "M. Yusuf", "muhamad yusup",
                        "Muhammad Yusfu", "yusuf"}) {
    auto page = reg_->search_people(admin_, {q, "", 1, 20});
    ASSERT_TRUE(page) << q;
    ASSERT_FALSE(page->items.empty()) << q;
    EXPECT_EQ(page->items[0].id, yusuf) << q;
  }
  auto none = reg_->search_people(admin_, {"Xylophon Quartz", "", 1, 20});
  ASSERT_TRUE(none);
  EXPECT_EQ(none->total, 0u);
  EXPECT_EQ(reg_->search_people(admin_, {"a", "", 0, 20}).error().field, "page");
  EXPECT_EQ(reg_->search_people(admin_, {"a", "", 1, 101}).error().field, "page_size");
  // Paging: everyone, two per page.
  auto p1 = reg_->search_people(admin_, {"", "", 1, 2});
  auto p2 = reg_->search_people(admin_, {"", "", 2, 2});
  ASSERT_TRUE(p1 && p2);
  EXPECT_EQ(p1->total, 3u);
  EXPECT_EQ(p1->items.size(), 2u);
  EXPECT_EQ(p2->items.size(), 1u);
}

TEST_F(RegistryTest, ReadsAndChangesAreAuditedAppendOnly) {
  const int64_t id = create(person("Rina Wati", Sex::kFemale, {1988, 2, 3}, "3371011008", 1, 21));
  ASSERT_TRUE(reg_->person(admin_, id));
  PersonPatch patch;
  patch.phone = "0812-3456";
  ASSERT_TRUE(reg_->update_person(admin_, id, patch));
  audit::Query q;
  q.person_id = id;
  auto log = reg_->audit(admin_, q);
  ASSERT_TRUE(log);
  ASSERT_EQ(log->entries.size(), 3u);  // newest first
  EXPECT_EQ(log->entries[0].action, "update");
  EXPECT_EQ(log->entries[0].detail, "phone");
  EXPECT_EQ(log->entries[1].action, "read");
  EXPECT_EQ(log->entries[2].action, "create");
  EXPECT_EQ(log->entries[2].user, "admin");
  EXPECT_EQ(log->entries[2].object, "person");
  EXPECT_FALSE(db_->exec("UPDATE audit_log SET username = 'x'"));
  EXPECT_FALSE(db_->exec("DELETE FROM audit_log"));
  User pkm = add("pkm3", Role::kPuskesmas, "PKM-1");
  EXPECT_EQ(reg_->audit(pkm, {}).error().code, ErrorCode::kForbidden);
  // The refusal and the admin's read of the log are on the record too.
  q = {};
  q.user = "pkm3";
  q.action = "refused";
  EXPECT_EQ(reg_->audit(admin_, q)->total, 1);
  q.user = "admin";
  q.action = "read";
  q.person_id = id;
  EXPECT_EQ(reg_->audit(admin_, q)->total, 2);  // the person, then the log about them
}

TEST_F(RegistryTest, StatusChangeNeedsADate) {
  const int64_t id = create(person("Slamet", Sex::kMale, {1940, 2, 3}, "3371011008", 1, 31));
  PersonPatch died;
  died.status = LifeStatus::kDied;
  EXPECT_EQ(reg_->update_person(admin_, id, died).error().field, "status_date");
  died.status_date = Date{2025, 5, 1};
  auto r = reg_->update_person(admin_, id, died);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, LifeStatus::kDied);
  auto stats = reg_->population_stats(admin_, "3371");
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->residents, 0u);  // the dead are not residents
  PersonPatch bad_nik;
  bad_nik.nik = "3371010000000000";
  EXPECT_EQ(reg_->update_person(admin_, id, bad_nik).error().field, "nik");
}

TEST_F(RegistryTest, StatisticsAddUp) {
  create(person("A", Sex::kMale, {2023, 1, 1}, "3371011008", 1, 41));    // 2 years: 0-4
  create(person("B", Sex::kFemale, {1990, 1, 1}, "3371011009", 1, 42));  // 35: 35-39
  create(person("C", Sex::kFemale, {1940, 1, 1}, "3371021003", 1, 43));  // 85: 75+
  auto s = reg_->population_stats(admin_, "33.71");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->residents, 3u);
  EXPECT_EQ(s->male, 1u);
  EXPECT_EQ(s->female, 2u);
  EXPECT_EQ(s->households, 3u);
  ASSERT_EQ(s->pyramid.size(), 16u);
  EXPECT_EQ(s->pyramid[0].band, "0-4");
  EXPECT_EQ(s->pyramid[0].male, 1u);
  EXPECT_EQ(s->pyramid[7].female, 1u);
  EXPECT_EQ(s->pyramid[15].band, "75+");
  EXPECT_EQ(s->pyramid[15].female, 1u);
  uint64_t sum = 0;
  for (const auto& c : s->children) sum += c.residents;
  EXPECT_EQ(sum, 3u);
  EXPECT_EQ(s->children.size(), 3u);
}

TEST_F(RegistryTest, LoginThrottlesRepeatedFailures) {
  add("nurse", Role::kNakes, "2");
  int retry = 0;
  auto ok = reg_->login({"nurse", kPassword, "10.0.0.1"}, &retry);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->token.size(), 43u);
  EXPECT_EQ(ok->user.role, Role::kNakes);
  EXPECT_EQ(ok->user.scope_name, "Puskesmas Jurangombo");
  auto s = reg_->session(ok->token);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->user.username, "nurse");
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(reg_->login({"nurse", "wrong", "10.0.0.2"}).error().code,
              ErrorCode::kUnauthenticated);
  }
  EXPECT_EQ(reg_->login({"nurse", "wrong", "10.0.0.2"}).error().code, ErrorCode::kUnauthenticated);
  auto limited = reg_->login({"nurse", kPassword, "10.0.0.2"}, &retry);
  ASSERT_FALSE(limited);
  EXPECT_EQ(limited.error().code, ErrorCode::kRateLimited);
  EXPECT_GE(retry, 1);
  // The owner at another address is not locked out by a guesser.
  EXPECT_TRUE(reg_->login({"nurse", kPassword, "10.0.0.3"}));
  now_ += retry;
  EXPECT_TRUE(reg_->login({"nurse", kPassword, "10.0.0.2"}));
  // Failed logins are audited with the name tried and the client address, never the password.
  audit::Query failed;
  failed.action = "login_failed";
  auto log = reg_->audit(admin_, failed);
  ASSERT_TRUE(log);
  ASSERT_EQ(log->total, 4);
  EXPECT_EQ(log->entries[0].user, "nurse");
  EXPECT_EQ(log->entries[0].detail, "client=10.0.0.2");
  EXPECT_EQ(reg_->login({"nobody", "x", "10.0.0.4"}).error().code, ErrorCode::kUnauthenticated);

  ASSERT_TRUE(reg_->logout(ok->token));
  EXPECT_EQ(reg_->session(ok->token).error().code, ErrorCode::kUnauthenticated);
  auto again = reg_->login({"nurse", kPassword, "10.0.0.1"});
  ASSERT_TRUE(again);
  now_ += 9 * 3600;  // past the 8 h lifetime
  EXPECT_EQ(reg_->session(again->token).error().code, ErrorCode::kUnauthenticated);
  // Only the hash of a token is stored.
  auto st = db_->prepare("SELECT COUNT(*) FROM session WHERE token_hash = ?");
  (*st)->bind(1, again->token);
  ASSERT_TRUE(*(*st)->step());
  EXPECT_EQ((*st)->column_int64(0), 0);
}

TEST_F(RegistryTest, AddUserValidates) {
  EXPECT_EQ(reg_->add_user({"x", kPassword, Role::kDinkesAdmin, "3371", ""}).error().field,
            "username");
  for (const char* weak : {"1234", "password", "12345678", "        ", "kepala-admin-baru"}) {
    EXPECT_EQ(reg_->add_user({"admin", weak, Role::kDinkesAdmin, "3371", ""}).error().field,
              "password")
        << weak;
  }
  EXPECT_EQ(reg_->add_user({"kdr", kPassword, Role::kKader, "PKM-1", ""}).error().field, "scope");
  EXPECT_EQ(reg_->add_user({"adm", kPassword, Role::kDinkesAdmin, "337101", ""}).error().field,
            "scope");
  EXPECT_EQ(reg_->add_user({"admin", kPassword, Role::kDinkesAdmin, "3371", ""}).error().code,
            ErrorCode::kConflict);
}

}  // namespace
}  // namespace siklus::registry
