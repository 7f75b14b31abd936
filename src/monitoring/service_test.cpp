// MonitoringService against an in-memory store: figures follow care's writes through the change
// feed, scope per role, the names behind a figure, trends and the version number.
#include "monitoring/service.h"

#include <gtest/gtest.h>

#include "care/service.h"
#include "registry/test_data.h"
#include "store/change_feed.h"

namespace siklus::monitoring {
namespace {

using nlohmann::json;

// Kota Contoh (9971): Alpha and Beta in kecamatan Satu, served by Puskesmas Satu; Posyandu
// Anggrek is Alpha's RW 1 (its kader's scope). Today is 2026-12-01 (WIB).
struct PwsFixture : ::testing::Test {
  std::shared_ptr<store::Database> db;
  std::shared_ptr<FixedClock> clock = std::make_shared<FixedClock>(1796083200);
  std::unique_ptr<registry::Registry> reg;
  std::unique_ptr<care::CareService> care;
  std::unique_ptr<MonitoringService> pws;
  std::unique_ptr<store::ChangeFeed> feed;
  User admin, pkm, kader;
  int64_t baby = 0, mother = 0, other_rw = 0;

  int64_t add_person(const std::string& nik, const std::string& sex, const std::string& birth,
                     const std::string& village, int rw) {
    auto id = registry::test_data::add_person(*db, nik, sex, birth, village, rw);
    EXPECT_TRUE(id.has_value()) << id.error().message;
    return id ? *id : 0;
  }

  void SetUp() override {
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
    auto c = care::CareService::open(db, *reg, reg->audit_log(), nullptr);
    ASSERT_TRUE(c.has_value()) << c.error().message;
    care = std::move(*c);
    auto head = store::change_log_head(*db);
    ASSERT_TRUE(head.has_value());
    auto s = MonitoringService::open(db, *reg, reg->audit_log(), nullptr);
    ASSERT_TRUE(s.has_value()) << s.error().message;
    pws = std::move(*s);
    feed = std::make_unique<store::ChangeFeed>(db);
    feed->subscribe_from("pws", *head, [this](auto events) { return pws->apply(events); });
    admin = {1, "admin", registry::Role::kDinkesAdmin, "9971", "Kota Contoh", "Admin"};
    pkm = {2, "pkm", registry::Role::kPuskesmas, "1", "Puskesmas Satu", "PKM"};
    kader = {4, "kader", registry::Role::kKader, "3", "Posyandu Anggrek RW 01", "Kader"};
  }

  void weigh(int64_t person, const char* date, double kg) {
    care::ServiceInput in;
    in.person_id = person;
    in.date = *Date::parse(date);
    in.service = "anthropometry";
    in.place = "posyandu";
    in.fields = {{"weight_kg", kg}};
    auto done = care->record(admin, in);
    ASSERT_TRUE(done.has_value()) << done.error().message;
  }

  static const json& row(const json& table, const char* code) {
    for (const json& r : table["indicators"]) {
      if (r["code"] == code) return r;
    }
    static const json none;
    return none;
  }
};

TEST_F(PwsFixture, FiguresFollowRecordedServicesThroughTheFeed) {
  auto before = pws->table(admin, "9971", "2026-11");
  ASSERT_TRUE(before.has_value()) << before.error().message;
  EXPECT_EQ(row(*before, "d_s")["numerator"], 0);
  EXPECT_EQ(row(*before, "d_s")["denominator"], 2);  // the baby and the other child
  const int64_t version = pws->version();
  weigh(baby, "2026-11-10", 7.5);
  ASSERT_TRUE(feed->poll_once().has_value());
  EXPECT_GT(pws->version(), version);
  auto after = pws->table(admin, "9971", "2026-11");
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(row(*after, "d_s")["numerator"], 1);
  EXPECT_EQ(row(*after, "d_s")["pct"], 50.0);
  EXPECT_EQ(row(*after, "d_s")["status"], "red");  // 50 % against 85 %
  // The city's rows are its puskesmas.
  ASSERT_EQ((*after)["children"].size(), 1u);
  EXPECT_EQ((*after)["children"][0]["region"], "PKM-1");
  // The whole city at once: every kelurahan.
  auto all = pws->table(admin, "9971", "2026-11", "kelurahan");
  ASSERT_TRUE(all.has_value()) << all.error().message;
  ASSERT_EQ((*all)["children"].size(), 2u);
  EXPECT_EQ((*all)["children"][0]["level"], "kelurahan");
  EXPECT_EQ(pws->table(admin, "9971", "2026-11", "rw").error().code, ErrorCode::kInvalidArgument);
  // Trend: nothing in October, one in November.
  auto trend = pws->trend(admin, "9971011001", "d_s", "2026-10", "2026-11");
  ASSERT_TRUE(trend.has_value()) << trend.error().message;
  ASSERT_EQ((*trend)["series"].size(), 2u);
  EXPECT_EQ((*trend)["series"][0]["numerator"], 0);
  EXPECT_EQ((*trend)["series"][1]["numerator"], 1);
}

TEST_F(PwsFixture, ScopeIsTheUsersAreaAndBelow) {
  // The kader's own scope is her RW; the kelurahan and the other RW are hidden.
  auto mine = pws->table(kader, "", "2026-11");
  ASSERT_TRUE(mine.has_value()) << mine.error().message;
  EXPECT_EQ((*mine)["region"], "9971011001.RW01");
  ASSERT_FALSE(pws->table(kader, "9971011001", "2026-11").has_value());
  EXPECT_EQ(pws->table(kader, "9971011001", "2026-11").error().code, ErrorCode::kNotFound);
  ASSERT_FALSE(pws->table(kader, "PKM-1", "2026-11").has_value());
  EXPECT_EQ(pws->table(kader, "PKM-1", "2026-11").error().code, ErrorCode::kNotFound);
  // The posyandu is her RW's residents.
  EXPECT_TRUE(pws->table(kader, "PSY-1", "2026-11").has_value());
  // The puskesmas sees its catchment by default, not the city.
  auto pk = pws->table(pkm, "me", "2026-11");
  ASSERT_TRUE(pk.has_value()) << pk.error().message;
  EXPECT_EQ((*pk)["region"], "PKM-1");
  // Kota Contoh lies wholly in its wilayah kerja, so the city is hers to see too.
  EXPECT_TRUE(pws->table(pkm, "9971", "2026-11").has_value());
  ASSERT_FALSE(pws->table(admin, "nonsense!", "2026-11").has_value());
  EXPECT_EQ(pws->table(admin, "nonsense!", "2026-11").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(pws->table(admin, "9971", "2026-13").error().code, ErrorCode::kInvalidArgument);
}

TEST_F(PwsFixture, NamesBehindAFigureAreCountedOrMissingAndAudited) {
  weigh(baby, "2026-11-10", 7.5);
  ASSERT_TRUE(feed->poll_once().has_value());
  auto counted = pws->people(pkm, "PKM-1", "d_s", "2026-11", "counted");
  ASSERT_TRUE(counted.has_value()) << counted.error().message;
  ASSERT_EQ((*counted)["people"].size(), 1u);
  EXPECT_EQ((*counted)["people"][0]["id"], baby);
  EXPECT_EQ((*counted)["people"][0]["due_region"], "9971011001.RW01");
  auto missing = pws->people(pkm, "PKM-1", "d_s", "2026-11", "missing");
  ASSERT_TRUE(missing.has_value());
  ASSERT_EQ((*missing)["people"].size(), 1u);
  EXPECT_EQ((*missing)["people"][0]["id"], other_rw);
  // The kader sees only her RW's names.
  auto hers = pws->people(kader, "", "d_s", "2026-11", "missing");
  ASSERT_TRUE(hers.has_value());
  EXPECT_EQ((*hers)["people"].size(), 0u);
  EXPECT_EQ(pws->people(admin, "9971", "k1", "2026-11", "missing").error().code,
            ErrorCode::kInvalidArgument);  // an estimated denominator names nobody
  audit::Query q;
  q.user = "pkm";
  auto log = reg->audit(admin, q);
  ASSERT_TRUE(log.has_value());
  bool exported = false;
  for (const auto& e : log->entries) exported |= e.object == "pws_people";
  EXPECT_TRUE(exported);
}

}  // namespace
}  // namespace siklus::monitoring
