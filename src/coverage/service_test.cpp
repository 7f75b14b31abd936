#include "coverage/service.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "coverage/testing_db.h"

namespace siklus::coverage {
namespace {

using testing::add_person;

// A city of two kecamatan: Satu (Alpha, Beta) and Dua (Gamma). Puskesmas Satu serves Alpha;
// Puskesmas Dua serves Beta and Gamma; Posyandu Anggrek is Alpha's RW 1 (its kader's scope).
struct ServiceFixture : ::testing::Test {
  std::shared_ptr<store::Database> db = testing::open_city_db();
  std::unique_ptr<registry::Registry> reg;
  std::unique_ptr<CoverageService> svc;
  User admin, pkm1, pkm2, kader;
  int64_t budi = 0, ani = 0, citra = 0, siti = 0, dewi = 0, eko = 0;

  void SetUp() override {
    ASSERT_TRUE(db->exec(R"sql(
INSERT INTO region (code, parent_code, level, name) VALUES
  ('997102', '9971', 3, 'Dua'), ('9971021001', '997102', 4, 'Gamma');
INSERT INTO facility (id, key, city_code, type, name, village_code, rw, parent_id, lat, lon)
VALUES
  (1, 'PKM-1', '9971', 'puskesmas', 'Puskesmas Satu', '9971011001', 0, NULL, -7.1, 110.1),
  (2, 'PKM-2', '9971', 'puskesmas', 'Puskesmas Dua', '9971021001', 0, NULL, -7.2, 110.2),
  (3, 'PSY-1', '9971', 'posyandu', 'Posyandu Anggrek', '9971011001', 1, 1, -7.1, 110.1);
INSERT INTO facility_catchment VALUES (1, '9971011001'), (2, '9971011002'), (2, '9971021001');
)sql")
                    .has_value());
    budi = add_person(*db, "9971011001800001", "Budi Santoso", "L", "1980-01-01", "9971011001", 1,
                      "HIDUP", "9971010101200001");
    ani = add_person(*db, "9971014101900001", "Ani", "P", "1990-01-01", "9971011001", 1, "HIDUP",
                     "9971010101200001");
    citra = add_person(*db, "9971014101910001", "Citra", "P", "1991-01-01", "9971011001", 2);
    siti = add_person(*db, "9971014101850001", "Siti Aminah", "P", "1985-01-01", "9971011002", 2);
    dewi = add_person(*db, "9971014101860001", "Dewi", "P", "1986-01-01", "9971011002", 2);
    eko = add_person(*db, "9971021001700001", "Eko", "L", "1970-01-01", "9971021001", 3);
    ASSERT_TRUE(db->exec(R"sql(
INSERT INTO member_snapshot (id, snapshot_date, created_at)
  VALUES (1, '2026-11-01', '2026-11-01T00:00:00Z');
INSERT INTO member (snapshot_id, noka, nik, name, status, segment, village_code) VALUES
  (1, '0000000000001', '9971011001800001', 'Budi Santoso', 'AKTIF', 'PPU', '9971011001'),
  (1, '0000000000002', '9971014101850001', 'Siti Aminah', 'AKTIF', 'PBPU', '9971011002'),
  (1, '0000000000003', '', 'Orang Lain', 'AKTIF', 'PBPU', '9971011002');
)sql")
                    .has_value());
    ASSERT_TRUE(db->exec("INSERT INTO member_link VALUES (1, '0000000000001', " +
                         std::to_string(budi) + ", 1, 'match', 'nik'), (1, '0000000000002', " +
                         std::to_string(siti) + ", 0.8, 'review', 'probabilistic')")
                    .has_value());
    registry::RegistryOptions ro;
    ro.build_index = false;
    auto r = registry::Registry::open(db, ro);
    ASSERT_TRUE(r.has_value()) << r.error().message;
    reg = std::move(*r);
    auto s = CoverageService::open(db, *reg, reg->audit_log());
    ASSERT_TRUE(s.has_value()) << s.error().message;
    svc = std::move(*s);
    admin = {1, "admin", registry::Role::kDinkesAdmin, "9971", "Kota Contoh", "Admin"};
    pkm1 = {2, "pkm1", registry::Role::kPuskesmas, "1", "Puskesmas Satu", "PKM 1"};
    pkm2 = {3, "pkm2", registry::Role::kPuskesmas, "2", "Puskesmas Dua", "PKM 2"};
    kader = {4, "kader", registry::Role::kKader, "3", "Posyandu Anggrek RW 01", "Kader"};
  }

  int64_t audited(const std::string& user, const std::string& action) {
    audit::Query q;
    q.user = user;
    q.action = action;
    auto page = reg->audit_log().query(q);
    EXPECT_TRUE(page.has_value());
    return page ? page->total : -1;
  }

  std::string export_csv(const User& u, const std::string& region, ErrorCode* code = nullptr) {
    const std::string path = ::testing::TempDir() + "svc_worklist.csv";
    std::remove(path.c_str());
    auto w = svc->export_worklist(u, region, "", "", "csv", path);
    if (!w) {
      if (code) *code = w.error().code;
      return {};
    }
    std::ifstream f(path);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
  }
};

TEST_F(ServiceFixture, AdminSeesTheCityAndFiguresFollowAVerdict) {
  auto j = svc->coverage(admin, "", "");
  ASSERT_TRUE(j.has_value()) << j.error().message;
  EXPECT_EQ((*j)["region"], "9971");
  EXPECT_EQ((*j)["residents"], 6);
  EXPECT_EQ((*j)["members_linked"], 1);
  EXPECT_EQ((*j)["members_review"], 1);
  auto rw = svc->coverage(admin, "9971011002.RW02", "2026-11-01");
  ASSERT_TRUE(rw.has_value());
  EXPECT_TRUE((*rw)["naive_pct"].is_null());
  ASSERT_EQ((*rw)["path"].size(), 3u);
  EXPECT_EQ((*rw)["path"][0]["region"], "9971");

  ASSERT_TRUE(svc->decide(admin, "", "0000000000002", siti, Verdict::kAccept, "KK").has_value());
  j = svc->coverage(admin, "9971", "");
  ASSERT_TRUE(j.has_value());
  EXPECT_EQ((*j)["members_linked"], 2);
  EXPECT_EQ((*j)["members_review"], 0);
  EXPECT_EQ(audited("admin", "review"), 1);  // with the acting user, not an empty name
  EXPECT_FALSE(svc->coverage(admin, "3371", "").has_value());
  EXPECT_FALSE(svc->coverage(admin, "9971", "2020-01-01").has_value());
}

// Issue 7: the kader of RW 01 opened the whole city by its breadcrumb and downloaded the city's
// worklist with names and card numbers.
TEST_F(ServiceFixture, KaderSeesOnlyHerRwAndNoIdentifiers) {
  for (const char* wider : {"9971", "997101", "9971011001", "9971011001.RW02"}) {
    auto j = svc->coverage(kader, wider, "");
    ASSERT_FALSE(j.has_value()) << wider;
    EXPECT_EQ(j.error().code, ErrorCode::kNotFound) << wider;
    ErrorCode code{};
    EXPECT_EQ(export_csv(kader, wider, &code), "") << wider;
    EXPECT_EQ(code, ErrorCode::kNotFound) << wider;
  }
  auto own = svc->coverage(kader, "", "");
  ASSERT_TRUE(own.has_value()) << own.error().message;
  EXPECT_EQ((*own)["region"], "9971011001.RW01");
  EXPECT_EQ((*own)["residents"], 2);
  EXPECT_EQ((*own)["path"].size(), 0u);  // no breadcrumb to areas she may not open

  const std::string csv = export_csv(kader, "");
  EXPECT_NE(csv.find("Ani"), std::string::npos);
  EXPECT_EQ(csv.find("Citra"), std::string::npos);  // RW 02
  EXPECT_EQ(csv.find("Eko"), std::string::npos);
  EXPECT_EQ(csv.find("9971014101900001"), std::string::npos);  // NIK
  EXPECT_EQ(csv.find("9971010101200001"), std::string::npos);  // KK
  EXPECT_EQ(csv.find("****"), std::string::npos);              // not even a masked one
  EXPECT_EQ(audited("kader", "export"), 1);

  auto q = svc->reviews(kader, "", "", 1, 20);
  ASSERT_TRUE(q.has_value());
  EXPECT_EQ(q->total, 0u);
  auto d = svc->decide(kader, "", "0000000000002", std::nullopt, Verdict::kAccept, "");
  ASSERT_FALSE(d.has_value());
  EXPECT_EQ(d.error().code, ErrorCode::kForbidden);
}

// Issue 7: a puskesmas's default worklist held kelurahan outside its wilayah kerja, and its
// defaults without a region were wider than its scope.
TEST_F(ServiceFixture, PuskesmasDefaultsAreItsWilayahKerja) {
  auto j = svc->coverage(pkm2, "", "");
  ASSERT_TRUE(j.has_value()) << j.error().message;
  EXPECT_EQ((*j)["region"], "me");
  EXPECT_EQ((*j)["residents"], 3);  // Siti, Dewi (Beta) and Eko (Gamma)
  ASSERT_EQ((*j)["children"].size(), 2u);
  EXPECT_EQ((*j)["children"][0]["region"], "9971011002");
  EXPECT_EQ((*j)["children"][1]["region"], "9971021001");
  // Kecamatan Satu holds Alpha, which is not theirs: its figures would count Alpha's people.
  EXPECT_FALSE(svc->coverage(pkm2, "997101", "").has_value());
  EXPECT_TRUE(svc->coverage(pkm2, "9971011002.RW02", "").has_value());

  const std::string csv = export_csv(pkm2, "");
  EXPECT_NE(csv.find("Dewi"), std::string::npos);
  EXPECT_NE(csv.find("Eko"), std::string::npos);
  EXPECT_EQ(csv.find("Ani"), std::string::npos);
  EXPECT_NE(csv.find("9971014101860001"), std::string::npos);  // puskesmas staff see NIK

  auto map = svc->village_map(pkm2, "", "");
  ASSERT_TRUE(map.has_value());
  EXPECT_EQ((*map)["items"].size(), 2u);
}

// Issue 7: a puskesmas could list and decide review pairs anywhere in the city.
TEST_F(ServiceFixture, ReviewQueueAndVerdictsStayInScope) {
  auto mine = svc->reviews(pkm1, "", "", 1, 20);
  ASSERT_TRUE(mine.has_value());
  EXPECT_EQ(mine->total, 0u);  // the pair is in Beta, Puskesmas Dua's
  auto d = svc->decide(pkm1, "", "0000000000002", std::nullopt, Verdict::kReject, "");
  ASSERT_FALSE(d.has_value());
  EXPECT_EQ(d.error().code, ErrorCode::kNotFound);

  auto theirs = svc->reviews(pkm2, "", "", 1, 20);
  ASSERT_TRUE(theirs.has_value());
  ASSERT_EQ(theirs->total, 1u);
  EXPECT_EQ(theirs->items[0].person.nik, "9971014101850001");
  EXPECT_EQ(audited("pkm2", "review_view"), 1);
  ASSERT_TRUE(
      svc->decide(pkm2, "", "0000000000002", std::nullopt, Verdict::kReject, "").has_value());
  EXPECT_EQ(audited("pkm2", "review"), 1);
}

Status add_event(CoverageService& svc, const std::string& id) {
  std::vector<store::ChangeEvent> e = {{1, "person", id, "update", "test", "2026-11-01T00:00:00Z"}};
  return svc.apply(e);
}

int64_t figure(CoverageService& svc, const User& u, const std::string& region, const char* key) {
  auto j = svc.coverage(u, region, "");
  EXPECT_TRUE(j.has_value()) << region;
  return j ? (*j)[key].get<int64_t>() : -1;
}

TEST_F(ServiceFixture, ResidentsAddedMovedAndDeadShowWithoutARefresh) {
  ASSERT_EQ(figure(*svc, admin, "9971", "residents"), 6);
  // Added.
  const int64_t fajar =
      add_person(*db, "9971011001950001", "Fajar", "L", "1995-01-01", "9971011002", 5);
  ASSERT_TRUE(add_event(*svc, std::to_string(fajar)).has_value());
  EXPECT_EQ(figure(*svc, admin, "9971", "residents"), 7);
  EXPECT_EQ(figure(*svc, admin, "9971011002.RW05", "residents"), 1);  // a new RW joins the tree
  // Moved to Gamma.
  ASSERT_TRUE(db->exec("UPDATE person SET village_code = '9971021001', rw = 3 WHERE id = " +
                       std::to_string(fajar))
                  .has_value());
  ASSERT_TRUE(add_event(*svc, std::to_string(fajar)).has_value());
  EXPECT_EQ(figure(*svc, admin, "9971011002", "residents"), 2);
  EXPECT_EQ(figure(*svc, admin, "9971021001", "residents"), 2);
  EXPECT_EQ(figure(*svc, admin, "997102", "residents"), 2);
  // Budi (linked, AKTIF) died: one resident fewer, his membership now explained as died.
  ASSERT_TRUE(
      db->exec("UPDATE person SET status = 'MATI' WHERE id = " + std::to_string(budi)).has_value());
  ASSERT_TRUE(add_event(*svc, std::to_string(budi) + "-" + std::to_string(budi)).has_value());
  auto city = svc->coverage(admin, "9971", "");
  ASSERT_TRUE(city.has_value());
  EXPECT_EQ((*city)["residents"], 6);
  EXPECT_EQ((*city)["members_linked"], 0);
  EXPECT_EQ((*city)["not_resident"]["died"], 1);
}

TEST_F(ServiceFixture, AFailedApplyChangesNothingAndItsRetryCounts) {
  ASSERT_EQ(figure(*svc, admin, "9971", "residents"), 6);
  const int64_t fajar =
      add_person(*db, "9971011001950001", "Fajar", "L", "1995-01-01", "9971011002", 2);
  ASSERT_TRUE(db->exec("ALTER TABLE person RENAME TO person_away").has_value());
  EXPECT_FALSE(add_event(*svc, std::to_string(fajar)).has_value());
  ASSERT_TRUE(db->exec("ALTER TABLE person_away RENAME TO person").has_value());
  EXPECT_EQ(figure(*svc, admin, "9971", "residents"), 6);
  ASSERT_TRUE(add_event(*svc, std::to_string(fajar)).has_value());  // the feed retries the batch
  EXPECT_EQ(figure(*svc, admin, "9971", "residents"), 7);
}

}  // namespace
}  // namespace siklus::coverage
