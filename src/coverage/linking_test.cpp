#include "coverage/linking.h"

#include <gtest/gtest.h>

#include "coverage/coverage_data.h"
#include "coverage/review.h"
#include "coverage/testing_db.h"

namespace siklus::coverage {
namespace {

using testing::add_person;
using testing::scalar;

const std::string kN1 = make_nik("997101", Date{1980, 5, 10}, Sex::kMale, 1);
const std::string kN5 = make_nik("997101", Date{1960, 1, 1}, Sex::kMale, 1);

struct LinkFixture : ::testing::Test {
  std::shared_ptr<store::Database> db = testing::open_city_db();
  registry::ReadPort port{db};
  int64_t p1, p5, p6;
  SnapshotRef snap;

  void SetUp() override {
    p1 = add_person(*db, kN1, "Budi Santoso", "L", "1980-05-10", "9971011001", 1);
    add_person(*db, make_nik("997101", Date{1985, 2, 3}, Sex::kFemale, 1), "Siti Aminah", "P",
               "1985-02-03", "9971011001", 1);
    p5 = add_person(*db, kN5, "Joko Widodo", "L", "1960-01-01", "9971011002", 1, "MATI");
    p6 = add_person(*db, make_nik("997101", Date{1970, 3, 3}, Sex::kMale, 1), "Agus Salim", "L",
                    "1970-03-03", "9971011002", 2);
    ASSERT_TRUE(
        db->exec("INSERT INTO member_snapshot (id, snapshot_date, created_at)"
                 " VALUES (1, '2026-11-01', '2026-11-01T00:00:00Z');"
                 "INSERT INTO member (snapshot_id, noka, nik, name, sex, birth_date, status,"
                 " segment, village_code) VALUES"
                 " (1, '0000000000001', '" +
                 kN1 +
                 "', 'Budi Santoso', 'L', '1980-05-10', 'AKTIF', 'PPU', '9971011001'),"
                 " (1, '0000000000005', '" +
                 kN5 +
                 "', 'Joko Widodo', 'L', '1960-01-01', 'AKTIF', 'PBI_APBN', '9971011002'),"
                 " (1, '0000000000007', '', 'Rudi Hartono', 'L', '1999-09-09', 'NONAKTIF',"
                 " 'PBPU', '9971011002');")
            .has_value());
    snap = SnapshotRef{1, "2026-11-01"};
  }

  std::optional<int64_t> linked_person(const std::string& noka, const char* decision = "match") {
    auto st = db->prepare(
        "SELECT person_id FROM member_link WHERE snapshot_id = 1 AND noka = ? AND decision = ?");
    (*st)->bind(1, noka).bind(2, decision);
    auto row = (*st)->step();
    if (!row || !*row) return std::nullopt;
    return (*st)->column_int64(0);
  }
};

TEST_F(LinkFixture, ExactNikLinksIncludingStaleRecordsOfTheDead) {
  auto r = run_linkage(*db, port, snap, {});
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->members, 3u);
  EXPECT_EQ(r->residents, 4u);
  EXPECT_GE(r->exact, 2u);
  EXPECT_EQ(linked_person("0000000000001"), p1);
  EXPECT_EQ(linked_person("0000000000005"), p5);
  EXPECT_FALSE(linked_person("0000000000007").has_value());

  // Coverage explains the naive ratio: 3 registered / 3 alive residents = 100 %, but one is the
  // dead man's stale record and one links to nobody.
  auto loaded = CityCoverage::load(*db, port, "9971", snap, Date{2026, 11, 1});
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
  const CoverageReport& rep = (*loaded)->report();
  const AreaCoverage& city = rep.stats[static_cast<size_t>(*rep.areas.find("9971"))];
  EXPECT_EQ(city.residents, 3u);
  EXPECT_EQ(city.members_linked, 1u);
  EXPECT_EQ(city.members_registered, 3u);
  EXPECT_DOUBLE_EQ(city.naive_pct(), 100.0);
  EXPECT_DOUBLE_EQ(city.coverage_pct(), 33.33);
  EXPECT_EQ(city.members_not_resident, 2u);
  EXPECT_EQ(city.not_resident_died, 1u);
  EXPECT_EQ(city.not_resident_unlinked, 1u);
  EXPECT_TRUE(rep.areas.find("9971011002.RW02").has_value());
}

TEST_F(LinkFixture, ReviewVerdictsAreRecordedAndSurviveARerun) {
  ASSERT_TRUE(run_linkage(*db, port, snap, {}).has_value());
  // Put a candidate pair in the review queue as the engine would.
  ASSERT_TRUE(db->exec("INSERT INTO member_link VALUES (1, '0000000000007', " + std::to_string(p6) +
                       ", 0.7, 'review', 'probabilistic')")
                  .has_value());
  auto all = [](std::string_view, int) { return true; };
  auto q = review_queue(*db, port, snap, all, 1, 20);
  ASSERT_TRUE(q.has_value()) << q.error().message;
  ASSERT_EQ(q->total, 1u);
  EXPECT_EQ(q->items[0].member.name, "Rudi Hartono");
  EXPECT_EQ(q->items[0].person.name, "Agus Salim");
  EXPECT_EQ(q->items[0].village_code, "9971011002");
  EXPECT_EQ(q->items[0].rw, 2);
  auto none = [](std::string_view village, int) { return village.substr(0, 4) == "3371"; };
  EXPECT_EQ(review_queue(*db, port, snap, none, 1, 20)->total, 0u);

  ASSERT_TRUE(decide_review(*db, snap, "0000000000007", std::nullopt, Verdict::kAccept, "admin",
                            "same address, KK checked")
                  .has_value());
  EXPECT_EQ(linked_person("0000000000007"), p6);
  EXPECT_EQ(scalar(*db, "SELECT COUNT(*) FROM link_review WHERE reviewer = 'admin'"), 1);
  EXPECT_EQ(scalar(*db, "SELECT COUNT(*) FROM change_log WHERE entity = 'link_review'"), 1);

  // A wrong exact link rejected by a reviewer.
  ASSERT_TRUE(
      decide_review(*db, snap, "0000000000001", p1, Verdict::kReject, "admin", "").has_value());
  EXPECT_FALSE(linked_person("0000000000001").has_value());
  // Deciding on a pair that is not proposed is not found.
  auto missing = decide_review(*db, snap, "0000000000001", p1, Verdict::kAccept, "admin", "");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);

  auto again = run_linkage(*db, port, snap, {});
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->accepted, 1u);
  EXPECT_EQ(again->rejected, 1u);
  EXPECT_EQ(linked_person("0000000000007"), p6);
  EXPECT_FALSE(linked_person("0000000000001").has_value());
  EXPECT_EQ(linked_person("0000000000005"), p5);
}

TEST_F(LinkFixture, AcceptingCannotLinkAPersonTwice) {
  ASSERT_TRUE(run_linkage(*db, port, snap, {}).has_value());
  ASSERT_TRUE(db->exec("INSERT INTO member_link VALUES (1, '0000000000007', " + std::to_string(p1) +
                       ", 0.6, 'review', 'probabilistic')")
                  .has_value());
  auto r = decide_review(*db, snap, "0000000000007", std::nullopt, Verdict::kAccept, "admin", "");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
}

}  // namespace
}  // namespace siklus::coverage
