#include "coverage/coverage.h"

#include <gtest/gtest.h>

namespace siklus::coverage {
namespace {

// City 9971 with one kecamatan, two kelurahan; kelurahan A has RW 1 and RW 2.
struct Fixture {
  CoverageInput in;
  int32_t city, district, village_a, village_b, rw1, rw2;
  Fixture() {
    city = in.areas.add("9971", "Kota Contoh", AreaLevel::kCity, -1);
    district = in.areas.add("997101", "Kec. Satu", AreaLevel::kDistrict, city);
    village_a = in.areas.add("9971011001", "Kel. A", AreaLevel::kVillage, district);
    village_b = in.areas.add("9971011002", "Kel. B", AreaLevel::kVillage, district);
    rw1 = in.areas.add(rw_code("9971011001", 1), "RW 01", AreaLevel::kRw, village_a);
    rw2 = in.areas.add(rw_code("9971011001", 2), "RW 02", AreaLevel::kRw, village_a);
  }
  int32_t resident(int32_t area, ResidentState s = ResidentState::kAlive, uint8_t age = 3) {
    in.residents.push_back({area, age, s});
    return static_cast<int32_t>(in.residents.size() - 1);
  }
  void member(int32_t registered, int32_t resident, MemberStatus status,
              Segment seg = Segment::kPbiApbn) {
    in.members.push_back({registered, resident, seg, status, false});
  }
};

TEST(Coverage, CountsAlongTheChainAndExplainsNaiveAboveHundred) {
  Fixture f;
  // Four alive residents in RW 1, one in RW 2, two in kelurahan B; one dead in RW 1.
  const int32_t a1 = f.resident(f.rw1, ResidentState::kAlive, 0);
  const int32_t a2 = f.resident(f.rw1);
  const int32_t a3 = f.resident(f.rw1);
  f.resident(f.rw1);  // a4: not a member
  const int32_t a5 = f.resident(f.rw2);
  const int32_t b1 = f.resident(f.village_b);
  f.resident(f.village_b);  // b2: not a member
  const int32_t dead = f.resident(f.rw1, ResidentState::kDied);
  f.member(f.rw1, a1, MemberStatus::kActive);
  f.member(f.rw1, a2, MemberStatus::kActive, Segment::kPpu);
  f.member(f.rw1, a3, MemberStatus::kInactive);
  f.member(f.rw2, a5, MemberStatus::kActive);
  f.member(f.village_a, b1, MemberStatus::kActive);  // registered in A, lives in B
  f.member(f.rw1, dead, MemberStatus::kActive);      // stale record of the dead
  f.member(f.village_b, -1, MemberStatus::kActive);  // links to nobody (lives elsewhere)
  f.member(f.village_b, -1, MemberStatus::kInactive);
  f.member(-1, -1, MemberStatus::kActive);  // address outside the city

  const CoverageReport r = compute_coverage(f.in);
  const AreaCoverage& c = r.stats[static_cast<size_t>(f.city)];
  EXPECT_EQ(c.residents, 7u);
  EXPECT_EQ(c.members_linked, 5u);
  EXPECT_EQ(c.members_active, 4u);
  EXPECT_EQ(c.members_registered, 8u);
  EXPECT_EQ(c.members_not_resident, 3u);
  EXPECT_EQ(c.not_resident_died, 1u);
  EXPECT_EQ(c.not_resident_unlinked, 2u);
  EXPECT_EQ(c.members_elsewhere, 0u);
  EXPECT_EQ(r.members_unplaced, 1u);
  EXPECT_DOUBLE_EQ(c.coverage_pct(), 71.43);
  EXPECT_DOUBLE_EQ(c.active_pct(), 57.14);
  EXPECT_DOUBLE_EQ(c.naive_pct(), 114.29);  // 8 / 7: the "more than fully covered" city
  // Naive numerator = linked + not resident (at city level nobody lives "elsewhere").
  EXPECT_EQ(c.members_registered, c.members_linked + c.members_not_resident);
  EXPECT_EQ(c.segment_linked[static_cast<int>(Segment::kPbiApbn)], 4u);
  EXPECT_EQ(c.segment_linked[static_cast<int>(Segment::kPpu)], 1u);
  EXPECT_EQ(c.ages[0].residents, 1u);
  EXPECT_EQ(c.ages[0].linked, 1u);
  EXPECT_EQ(c.uncovered(), 2u);
  EXPECT_EQ(c.inactive(), 1u);

  const AreaCoverage& a = r.stats[static_cast<size_t>(f.village_a)];
  EXPECT_EQ(a.residents, 5u);
  EXPECT_EQ(a.members_linked, 4u);
  EXPECT_EQ(a.members_registered, 6u);
  EXPECT_EQ(a.members_elsewhere, 1u);
  EXPECT_EQ(a.members_not_resident, 1u);

  const AreaCoverage& rw1 = r.stats[static_cast<size_t>(f.rw1)];
  EXPECT_EQ(rw1.residents, 4u);
  EXPECT_EQ(rw1.members_linked, 3u);
  EXPECT_EQ(rw1.members_active, 2u);
  EXPECT_EQ(rw1.members_registered, 4u);

  const AreaCoverage& b = r.stats[static_cast<size_t>(f.village_b)];
  EXPECT_EQ(b.residents, 2u);
  EXPECT_EQ(b.members_linked, 1u);
  EXPECT_EQ(b.members_registered, 2u);
  EXPECT_EQ(b.members_not_resident, 2u);
  EXPECT_DOUBLE_EQ(b.naive_pct(), 100.0);  // looks fully covered, but half are not
  EXPECT_DOUBLE_EQ(b.coverage_pct(), 50.0);
}

TEST(Coverage, UhcStatusUsesUnroundedRatiosAndBothThresholds) {
  Thresholds t;
  AreaCoverage a;
  a.residents = 100000;
  a.members_linked = 97996;  // 97.996 %: rounds to 98.00 but is below
  a.members_active = 90000;
  EXPECT_EQ(uhc_status(a, t), "uhc_basic");
  a.members_linked = 98000;
  EXPECT_EQ(uhc_status(a, t), "uhc_prioritas");
  a.members_active = 79999;
  EXPECT_EQ(uhc_status(a, t), "uhc_basic");
  a.members_linked = 94000;
  EXPECT_EQ(uhc_status(a, t), "below");
  t.basic_coverage_pct = 90;
  EXPECT_EQ(uhc_status(a, t), "uhc_basic");
}

TEST(Coverage, AreaCodes) {
  EXPECT_EQ(rw_code("3371011003", 3), "3371011003.RW03");
  EXPECT_EQ(normalize_area_code("33.71.01.1003.RW03"), "3371011003.RW03");
  EXPECT_EQ(normalize_area_code("3371011003-RW3"), "3371011003.RW03");
  EXPECT_EQ(normalize_area_code("33.71"), "3371");
  EXPECT_FALSE(normalize_area_code("337101.RW03").has_value());
  Fixture f;
  EXPECT_EQ(f.in.areas.find_nearest("9971011001.RW07"), f.village_a);
  EXPECT_EQ(f.in.areas.find_nearest("9971019999"), f.district);
  EXPECT_FALSE(f.in.areas.find_nearest("3371").has_value());
  EXPECT_EQ(age_group(Date{2020, 1, 1}, Date{2026, 1, 1}), 1);
  EXPECT_EQ(age_group(std::nullopt, Date{2026, 1, 1}), kAgeGroups - 1);
}

}  // namespace
}  // namespace siklus::coverage
