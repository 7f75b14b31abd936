// CareService against an in-memory store: scope per role, idempotency, corrections with
// history, removal, the live due index and audit.
#include "care/service.h"

#include <gtest/gtest.h>

#include "registry/test_data.h"

namespace siklus::care {
namespace {

using nlohmann::json;

// Kota Contoh (9971): Alpha and Beta in kecamatan Satu. Puskesmas Satu serves both; Posyandu
// Anggrek is Alpha's RW 1 (its kader's scope). Today is 2026-12-01 (WIB).
struct CareFixture : ::testing::Test {
  std::shared_ptr<store::Database> db;
  std::shared_ptr<FixedClock> clock = std::make_shared<FixedClock>(1764568800);  // 2025-12-01
  std::unique_ptr<registry::Registry> reg;
  std::unique_ptr<CareService> svc;
  User admin, pkm, kader;
  int64_t baby = 0, mother = 0, other_rw = 0;

  int64_t add_person(const std::string& nik, const std::string& sex, const std::string& birth,
                     const std::string& village, int rw) {
    auto id = registry::test_data::add_person(*db, nik, sex, birth, village, rw);
    EXPECT_TRUE(id.has_value()) << id.error().message;
    return id ? *id : 0;
  }

  void SetUp() override {
    clock->set(1796083200);  // 2026-12-01T00:00:00Z
    auto opened = registry::test_data::store_with(clock, R"sql(
INSERT INTO region (code, parent_code, level, name) VALUES
  ('99', NULL, 1, 'Provinsi Contoh'), ('9971', '99', 2, 'Kota Contoh'),
  ('997101', '9971', 3, 'Satu'), ('9971011001', '997101', 4, 'Alpha'),
  ('9971011002', '997101', 4, 'Beta');
INSERT INTO facility (id, key, city_code, type, name, village_code, rw, parent_id, lat, lon)
VALUES
  (1, 'PKM-1', '9971', 'puskesmas', 'Puskesmas Satu', '9971011001', 0, NULL, -7.1, 110.1),
  (3, 'PSY-1', '9971', 'posyandu', 'Posyandu Anggrek', '9971011001', 1, 1, -7.1, 110.1);
INSERT INTO facility_catchment VALUES (1, '9971011001'), (1, '9971011002');
)sql");
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    db = std::move(*opened);
    baby = add_person("9971010101260001", "L", "2026-03-01", "9971011001", 1);
    mother = add_person("9971015005960001", "P", "1996-05-10", "9971011001", 1);
    other_rw = add_person("9971010101250002", "P", "2025-01-01", "9971011002", 2);
    registry::RegistryOptions ro;
    ro.build_index = false;
    auto r = registry::Registry::open(db, ro);
    ASSERT_TRUE(r.has_value()) << r.error().message;
    reg = std::move(*r);
    auto s = CareService::open(db, *reg, reg->audit_log(), nullptr);
    ASSERT_TRUE(s.has_value()) << s.error().message;
    svc = std::move(*s);
    admin = {1, "admin", registry::Role::kDinkesAdmin, "9971", "Kota Contoh", "Admin"};
    pkm = {2, "pkm", registry::Role::kPuskesmas, "1", "Puskesmas Satu", "PKM"};
    kader = {4, "kader", registry::Role::kKader, "3", "Posyandu Anggrek RW 01", "Kader"};
  }

  ServiceInput weighing(int64_t person, const char* date, double kg, std::string key = "") {
    ServiceInput in;
    in.person_id = person;
    in.date = *Date::parse(date);
    in.service = "anthropometry";
    in.place = "posyandu";
    in.facility_id = 3;
    in.fields = {{"weight_kg", kg}};
    in.idempotency_key = std::move(key);
    return in;
  }

  int64_t count(const std::string& sql) {
    auto st = db->prepare(sql);
    EXPECT_TRUE(st.has_value());
    auto row = (*st)->step();
    EXPECT_TRUE(row.has_value() && *row);
    return (*st)->column_int64(0);
  }

  int64_t audited(const std::string& user, const std::string& action) {
    audit::Query q;
    q.user = user;
    q.action = action;
    auto page = reg->audit_log().query(q);
    EXPECT_TRUE(page.has_value());
    return page ? page->total : -1;
  }
};

TEST_F(CareFixture, KaderRecordsInHerRwOnly) {
  auto ok = svc->record(kader, weighing(baby, "2026-11-20", 8.2));
  ASSERT_TRUE(ok.has_value()) << ok.error().message;
  EXPECT_FALSE(ok->duplicate);
  EXPECT_GT(ok->record.id, 0);
  EXPECT_EQ(ok->record.recorded_by, "kader");
  auto outside = svc->record(kader, weighing(other_rw, "2026-11-20", 10));
  ASSERT_FALSE(outside.has_value());
  EXPECT_EQ(outside.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(svc->record(pkm, weighing(other_rw, "2026-11-20", 10)).has_value());
  EXPECT_EQ(count("SELECT COUNT(*) FROM care_service"), 2);
  EXPECT_EQ(audited("kader", "create"), 1);
}

TEST_F(CareFixture, SameIdempotencyKeyReturnsTheFirstRecord) {
  auto first = svc->record(kader, weighing(baby, "2026-11-20", 8.2, "phone-1-entry-7"));
  ASSERT_TRUE(first.has_value());
  auto again = svc->record(kader, weighing(baby, "2026-11-20", 8.2, "phone-1-entry-7"));
  ASSERT_TRUE(again.has_value());
  EXPECT_TRUE(again->duplicate);
  EXPECT_EQ(again->record.id, first->record.id);
  EXPECT_EQ(count("SELECT COUNT(*) FROM care_service"), 1);
  auto other = svc->record(kader, weighing(mother, "2026-11-20", 60, "phone-1-entry-7"));
  ASSERT_FALSE(other.has_value());
  EXPECT_EQ(other.error().message_id, "care.idempotency_key_reused");
}

TEST_F(CareFixture, RefusesImpossibleInputNamingTheField) {
  auto heavy = svc->record(kader, weighing(baby, "2026-11-20", 300));
  ASSERT_FALSE(heavy.has_value());
  EXPECT_EQ(heavy.error().field, "weight_kg");
  auto future = svc->record(kader, weighing(baby, "2026-12-02", 8));
  ASSERT_FALSE(future.has_value());
  EXPECT_EQ(future.error().field, "date");
  EXPECT_EQ(count("SELECT COUNT(*) FROM care_service"), 0);
}

TEST_F(CareFixture, CorrectionKeepsTheOldValueInTheHistory) {
  auto r = svc->record(kader, weighing(baby, "2026-11-20", 8.2));
  ASSERT_TRUE(r.has_value());
  auto fixed = svc->correct(pkm, r->record.id, weighing(0, "2026-11-20", 8.4));
  ASSERT_TRUE(fixed.has_value()) << fixed.error().message;
  EXPECT_DOUBLE_EQ(fixed->fields["weight_kg"].get<double>(), 8.4);
  auto j = svc->service(pkm, r->record.id);
  ASSERT_TRUE(j.has_value());
  ASSERT_EQ((*j)["history"].size(), 1u);
  EXPECT_EQ((*j)["history"][0]["op"], "correct");
  EXPECT_DOUBLE_EQ((*j)["history"][0]["fields"]["weight_kg"].get<double>(), 8.2);
  EXPECT_EQ((*j)["history"][0]["changed_by"], "pkm");
  // The history cannot be rewritten.
  EXPECT_FALSE(db->exec("UPDATE care_service_history SET reason = 'x'").has_value());
  // Another person's correction is refused.
  auto moved = svc->correct(pkm, r->record.id, weighing(mother, "2026-11-20", 8.4));
  ASSERT_FALSE(moved.has_value());
  EXPECT_EQ(moved.error().field, "person_id");
}

TEST_F(CareFixture, RemovalNeedsAReasonAndHidesTheService) {
  auto r = svc->record(kader, weighing(baby, "2026-11-20", 8.2));
  ASSERT_TRUE(r.has_value());
  EXPECT_FALSE(svc->remove(kader, r->record.id, "").has_value());
  auto outside = svc->remove(kader, 999, "typo");
  ASSERT_FALSE(outside.has_value());
  EXPECT_EQ(outside.error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(svc->remove(kader, r->record.id, "wrong child").has_value());
  auto t = svc->timeline(kader, baby);
  ASSERT_TRUE(t.has_value());
  EXPECT_TRUE((*t)["services"].empty());
  EXPECT_EQ(count("SELECT COUNT(*) FROM care_service_history WHERE op = 'delete'"), 1);
}

TEST_F(CareFixture, TimelineShowsCardPregnancyAndDueAndIsAudited) {
  ServiceInput p;
  p.person_id = mother;
  p.date = Date{2026, 9, 1};
  p.service = "pregnancy";
  p.place = "pustu";
  p.fields = {{"hpht", "2026-07-01"}, {"gravida", 1}};
  ASSERT_TRUE(svc->record(pkm, p).has_value());
  ServiceInput anc = p;
  anc.service = "anc";
  anc.fields = {{"items_10t", {"blood_pressure"}}};
  ASSERT_TRUE(svc->record(pkm, anc).has_value());
  auto t = svc->timeline(kader, mother);
  ASSERT_TRUE(t.has_value()) << t.error().message;
  ASSERT_EQ((*t)["pregnancies"].size(), 1u);
  EXPECT_EQ((*t)["pregnancies"][0]["hpl"], "2027-04-07");
  EXPECT_EQ((*t)["pregnancies"][0]["anc"].size(), 1u);
  bool anc_due = false;
  for (const auto& d : (*t)["due"]) anc_due |= d["service"] == "anc";
  EXPECT_TRUE(anc_due);
  EXPECT_EQ(audited("kader", "read"), 1);
  auto baby_t = svc->timeline(kader, baby);
  ASSERT_TRUE(baby_t.has_value());
  EXPECT_GT((*baby_t)["immunization_card"].size(), 15u);
  EXPECT_FALSE(svc->timeline(kader, other_rw).has_value());
}

TEST_F(CareFixture, DueListFollowsRecordsAndScope) {
  const Date on{2026, 12, 1};
  auto before = svc->due(kader, "", on);
  ASSERT_TRUE(before.has_value()) << before.error().message;
  auto weighing_due = [](const DueList& l, int64_t id) {
    for (const DueItem& i : l.items) {
      if (i.person_id == id && i.service == "anthropometry") return true;
    }
    return false;
  };
  EXPECT_TRUE(weighing_due(*before, baby));
  EXPECT_FALSE(weighing_due(*before, other_rw));  // another RW: not the kader's
  ASSERT_NE(before->person(baby), nullptr);
  ASSERT_TRUE(svc->record(kader, weighing(baby, "2026-12-01", 8.3)).has_value());
  auto after = svc->due(kader, "", on);
  ASSERT_TRUE(after.has_value());
  EXPECT_FALSE(weighing_due(*after, baby));
  // A kader asking for the whole kelurahan gets nothing, not a partial list.
  auto wider = svc->due(kader, "99.71.01.1001", on);
  ASSERT_FALSE(wider.has_value());
  EXPECT_EQ(wider.error().code, ErrorCode::kNotFound);
  auto bad = svc->due(kader, "abc", on);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().field, "region");
  auto all = svc->due(admin, "9971", on);
  ASSERT_TRUE(all.has_value());
  EXPECT_TRUE(weighing_due(*all, other_rw));
  EXPECT_GE(audited("kader", "export"), 2);
}

TEST_F(CareFixture, ChangeFeedRefreshesAnotherServicesIndex) {
  CareOptions writer_options;
  writer_options.build_index = false;
  auto writer = CareService::open(db, *reg, reg->audit_log(), nullptr, writer_options);
  ASSERT_TRUE(writer.has_value());
  auto r = (*writer)->record(kader, weighing(baby, "2026-12-01", 8.3));
  ASSERT_TRUE(r.has_value());
  const Date on{2026, 12, 1};
  auto stale = svc->due(kader, "", on);
  ASSERT_TRUE(stale.has_value());
  bool listed = false;
  for (const DueItem& i : stale->items)
    listed |= i.person_id == baby && i.service == "anthropometry";
  EXPECT_TRUE(listed);
  store::ChangeEvent e{1, "care_service", std::to_string(r->record.id), "insert", "kader", ""};
  ASSERT_TRUE(svc->apply(std::span(&e, 1)).has_value());
  auto fresh = svc->due(kader, "", on);
  ASSERT_TRUE(fresh.has_value());
  for (const DueItem& i : fresh->items) {
    EXPECT_FALSE(i.person_id == baby && i.service == "anthropometry");
  }
}

TEST_F(CareFixture, DueListExportsXlsx) {
  const std::string path = ::testing::TempDir() + "/care-due.xlsx";
  auto list = svc->export_due_xlsx(pkm, "", Date{2026, 12, 1}, path);
  ASSERT_TRUE(list.has_value()) << list.error().message;
  FILE* f = std::fopen(path.c_str(), "rb");
  ASSERT_NE(f, nullptr);
  char magic[2] = {};
  EXPECT_EQ(std::fread(magic, 1, 2, f), 2u);
  std::fclose(f);
  EXPECT_EQ(std::string(magic, 2), "PK");  // a zip container
  std::remove(path.c_str());
}

}  // namespace
}  // namespace siklus::care

namespace siklus::care {
namespace {

TEST_F(CareFixture, TargetsCountedFromTheRegisterAndEstimated) {
  ServiceInput p;
  p.person_id = mother;
  p.date = Date{2026, 9, 1};
  p.service = "pregnancy";
  p.place = "pustu";
  p.fields = {{"hpht", "2026-07-01"}, {"gravida", 1}};
  ASSERT_TRUE(svc->record(pkm, p).has_value());
  auto t = svc->targets(pkm, "", 2026);
  ASSERT_TRUE(t.has_value()) << t.error().message;
  EXPECT_EQ((*t)["population"], 3);
  std::map<std::string, json> by;
  for (const auto& row : (*t)["targets"]) by[row["code"]] = row;
  EXPECT_EQ(by["ibu_hamil"]["counted"], 1);
  EXPECT_EQ(by["ibu_hamil"]["estimated"], 1);  // ceil(1.10 x 16.5‰ x 3)
  EXPECT_EQ(by["bayi_baru_lahir"]["value"], 1);
  EXPECT_EQ(by["balita"]["value"], 2);
  EXPECT_EQ(by["usia_produktif"]["value"], 1);
  EXPECT_EQ(by["hipertensi"]["estimated"], 1);  // ceil(30.8% x 1)
  auto mine = svc->targets(kader, "", 2026);
  ASSERT_TRUE(mine.has_value());
  EXPECT_EQ((*mine)["population"], 2);  // her RW only
  EXPECT_FALSE(svc->targets(kader, "9971011002", 2026).has_value());
  EXPECT_FALSE(svc->targets(pkm, "", 1800).has_value());
}

}  // namespace
}  // namespace siklus::care
