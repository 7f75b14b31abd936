#include "coverage/service.h"

#include <gtest/gtest.h>

#include <cstdio>

#include "coverage/testing_db.h"

namespace siklus::coverage {
namespace {

using testing::add_person;

TEST(CoverageService, ServesCachedFiguresAndRefreshesAfterAVerdict) {
  const std::string path = ::testing::TempDir() + "coverage_service_test.db";
  std::remove(path.c_str());
  int64_t p1 = 0, p2 = 0;
  {
    auto db = testing::open_city_db(path);
    p1 = add_person(*db, "9971011001800001", "Budi Santoso", "L", "1980-01-01", "9971011001", 1);
    p2 = add_person(*db, "9971014101850001", "Siti Aminah", "P", "1985-01-01", "9971011002", 2);
    ASSERT_TRUE(db->exec(R"sql(
INSERT INTO member_snapshot (id, snapshot_date, created_at) VALUES (1, '2026-11-01', '2026-11-01T00:00:00Z');
INSERT INTO member (snapshot_id, noka, name, status, segment, village_code) VALUES
  (1, '0000000000001', 'Budi Santoso', 'AKTIF', 'PPU', '9971011001'),
  (1, '0000000000002', 'Siti Aminah', 'AKTIF', 'PBPU', '9971011002'),
  (1, '0000000000003', 'Orang Lain', 'AKTIF', 'PBPU', '9971011002');
)sql")
                    .has_value());
    ASSERT_TRUE(db->exec("INSERT INTO member_link VALUES (1, '0000000000001', " +
                         std::to_string(p1) + ", 1, 'match', 'nik'), (1, '0000000000002', " +
                         std::to_string(p2) + ", 0.8, 'review', 'probabilistic')")
                    .has_value());
  }
  auto svc = CoverageService::open(path);
  ASSERT_TRUE(svc.has_value()) << svc.error().message;
  auto j = (*svc)->coverage("9971", "");
  ASSERT_TRUE(j.has_value()) << j.error().message;
  EXPECT_EQ((*j)["residents"], 2);
  EXPECT_EQ((*j)["members_linked"], 1);
  EXPECT_EQ((*j)["naive_pct"], 150.0);
  EXPECT_EQ((*j)["members_review"], 1);
  ASSERT_EQ((*j)["children"].size(), 1u);
  EXPECT_EQ((*j)["children"][0]["region"], "997101");

  auto rw = (*svc)->coverage("9971011002.RW02", "2026-11-01");
  ASSERT_TRUE(rw.has_value());
  EXPECT_TRUE((*rw)["naive_pct"].is_null());
  ASSERT_EQ((*rw)["path"].size(), 3u);
  EXPECT_EQ((*rw)["path"][0]["region"], "9971");
  EXPECT_EQ((*rw)["path"][2]["name"], "Beta");

  ASSERT_TRUE((*svc)->decide("", "0000000000002", p2, Verdict::kAccept, "admin", "").has_value());
  j = (*svc)->coverage("9971", "");
  ASSERT_TRUE(j.has_value());
  EXPECT_EQ((*j)["members_linked"], 2);
  EXPECT_EQ((*j)["members_not_resident"], 1);

  auto map = (*svc)->village_map("9971", "");
  ASSERT_TRUE(map.has_value());
  EXPECT_EQ((*map)["items"].size(), 2u);
  EXPECT_FALSE((*svc)->coverage("3371", "").has_value());
  EXPECT_FALSE((*svc)->coverage("9971", "2020-01-01").has_value());
  std::remove(path.c_str());
}

}  // namespace
}  // namespace siklus::coverage
