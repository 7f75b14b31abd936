#include "monitoring/engine.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "core/date.h"

namespace siklus::monitoring {
namespace {

int32_t day(int y, int m, int d) { return static_cast<int32_t>(Date{y, m, d}.days()); }

registry::CityTree tree() {
  registry::CityTree t;
  t.city = "3371";
  t.regions = {{"3371", "Kota Magelang", RegionLevel::kCity, ""},
               {"337101", "Magelang Selatan", RegionLevel::kDistrict, "3371"},
               {"3371011001", "Jurangombo Utara", RegionLevel::kVillage, "337101"},
               {"3371011002", "Jurangombo Selatan", RegionLevel::kVillage, "337101"}};
  t.rws = {{"3371011001", 1}, {"3371011001", 2}, {"3371011002", 1}};
  t.catchments = {{7, "PKM-337101-01", "Puskesmas Jurangombo", {"3371011001", "3371011002"}}};
  return t;
}

std::vector<registry::FacilityPoint> places() {
  return {{8, "PST-1", "pustu", "Pustu Jurangombo Utara", "3371011001", 0, {}, {}},
          {9, "PSY-1", "posyandu", "Posyandu Mawar", "3371011001", 1, {}, {}}};
}

Fact fact(FactCode code, int32_t d, uint8_t number = 0, uint8_t flags = 0, float weight = 0) {
  Fact f;
  f.day = d;
  f.code = code;
  f.number = number;
  f.flags = flags;
  f.weight_kg = weight;
  return f;
}

TEST(Engine, CountsDistinctPersonsPerAreaCumulativelyOrMonthly) {
  Engine e(2025, 2026);
  auto p = places();
  e.add_city(tree(), p);
  e.upsert_person({1, "3371011001", 1, true, day(1998, 5, 1), true});
  // Two ANC visits in one year: K1 counts her once, from March.
  e.set_facts(
      1, {fact(FactCode::kAnc, day(2026, 3, 10), 1), fact(FactCode::kAnc, day(2026, 5, 2), 2)});
  const int kel = e.find_area("3371011001");
  const int pkm = e.find_area("PKM-337101-01");
  const int posyandu = e.find_area("PSY-1");
  const int pustu = e.find_area("PST-1");
  const int other = e.find_area("3371011002");
  ASSERT_GE(kel, 0);
  ASSERT_GE(posyandu, 0);
  EXPECT_EQ(e.count(kel, Measure::kAncK1, 2026, 2), 0);
  EXPECT_EQ(e.count(kel, Measure::kAncK1, 2026, 3), 1);
  EXPECT_EQ(e.count(kel, Measure::kAncK1, 2026, 12), 1);
  EXPECT_EQ(e.count(pkm, Measure::kAncK1, 2026, 12), 1);
  EXPECT_EQ(e.count(posyandu, Measure::kAncK1, 2026, 12), 1);
  EXPECT_EQ(e.count(pustu, Measure::kAncK1, 2026, 12), 1);
  EXPECT_EQ(e.count(other, Measure::kAncK1, 2026, 12), 0);
  EXPECT_EQ(e.count(e.find_area("3371"), Measure::kPopulation, 2026, 1), 1);

  // A child weighed in January and February (heavier), not in March: D and N are monthly.
  e.upsert_person({2, "3371011002", 1, false, day(2025, 6, 1), true});
  e.set_facts(2, {fact(FactCode::kAnthropometry, day(2026, 1, 5), 0, 0, 7.0f),
                  fact(FactCode::kAnthropometry, day(2026, 2, 5), 0, Fact::kStunted, 7.4f)});
  EXPECT_EQ(e.count(other, Measure::kWeighed, 2026, 1), 1);
  EXPECT_EQ(e.count(other, Measure::kWeighed, 2026, 3), 0);
  EXPECT_EQ(e.count(other, Measure::kGained, 2026, 1), 0);
  EXPECT_EQ(e.count(other, Measure::kGained, 2026, 2), 1);
  EXPECT_EQ(e.count(other, Measure::kStunted, 2026, 2), 1);
  EXPECT_EQ(e.count(other, Measure::kUnderFive, 2026, 3), 1);
  EXPECT_EQ(e.count(other, Measure::kBornInYear, 2025, 5), 0);
  EXPECT_EQ(e.count(other, Measure::kBornInYear, 2025, 6), 1);
  // The city's league table lists its puskesmas; a kelurahan's its RWs.
  const Area& city = e.areas()[static_cast<size_t>(e.find_area("3371"))];
  ASSERT_EQ(city.children.size(), 1u);
  EXPECT_EQ(e.areas()[static_cast<size_t>(city.children[0])].code, "PKM-337101-01");
  EXPECT_EQ(e.areas()[static_cast<size_t>(kel)].children.size(), 2u);

  // Moving out of the puskesmas's kelurahan and removal take the person out everywhere.
  e.remove_person(2);
  EXPECT_EQ(e.count(other, Measure::kWeighed, 2026, 1), 0);
}

TEST(Engine, FactsFromStoredFields) {
  auto f = fact_of("delivery", 100, R"({"in_facility":true,"outcome":"live_birth"})");
  ASSERT_TRUE(f);
  EXPECT_TRUE(f->flags & Fact::kInFacility);
  f = fact_of("anthropometry", 100,
              R"({"weight_kg":6.5,"growth":{"status":{"weight_for_age":"severely_underweight",)"
              R"("height_for_age":"normal","weight_for_height":"wasted"}}})");
  ASSERT_TRUE(f);
  EXPECT_FLOAT_EQ(f->weight_kg, 6.5f);
  EXPECT_EQ(f->flags, Fact::kUnderweight | Fact::kWasted);
  f = fact_of("immunization", 100, R"({"antigen":"mr","dose":2})");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->number, 2);
  EXPECT_GE(f->antigen, 0);
  EXPECT_FALSE(fact_of("diagnosis", 100, R"({"icd10":"I10"})"));
}

// The live answer after random writes, corrections and deletions equals a recomputation.
TEST(Engine, LiveEqualsRebuiltAfterRandomChanges) {
  std::mt19937_64 rng(42);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); };
  const char* villages[] = {"3371011001", "3371011002", ""};
  struct State {
    Person person;
    std::vector<Fact> facts;
  };
  std::map<int64_t, State> truth;
  Engine live(2025, 2026);
  auto p = places();
  live.add_city(tree(), p);
  auto random_fact = [&]() {
    Fact f;
    f.day = day(2024, 11, 1) + pick(800);
    f.code = static_cast<FactCode>(pick(14));
    f.number = static_cast<uint8_t>(1 + pick(6));
    f.antigen = static_cast<int8_t>(pick(9));
    f.flags = static_cast<uint8_t>(pick(128));
    f.weight_kg = pick(3) == 0 ? 0.f : 3.f + static_cast<float>(pick(150)) / 10.f;
    return f;
  };
  for (int step = 0; step < 3000; ++step) {
    const int64_t id = 1 + pick(120);
    const int op = pick(10);
    if (op < 3) {
      Person person{
          id,           villages[pick(3)], 1 + pick(3), pick(2) == 0, day(1950, 1, 1) + pick(28000),
          pick(10) != 0};
      if (pick(20) == 0) person.birth.reset();
      live.upsert_person(person);
      auto& s = truth[id];
      s.person = person;
    } else if (op < 8) {
      std::vector<Fact> facts;
      for (int n = pick(12); n > 0; --n) facts.push_back(random_fact());
      live.set_facts(id, facts);
      truth[id].facts = facts;
      truth[id].person.id = id;
    } else if (op < 9) {
      live.remove_person(id);
      truth.erase(id);
    } else {
      // A correction: one fact of the person moves in time.
      auto it = truth.find(id);
      if (it == truth.end() || it->second.facts.empty()) continue;
      it->second.facts[static_cast<size_t>(pick(static_cast<int>(it->second.facts.size())))].day +=
          pick(90) - 45;
      live.set_facts(id, it->second.facts);
    }
  }
  Engine fresh(2025, 2026);
  fresh.add_city(tree(), p);
  for (const auto& [id, s] : truth) {
    fresh.upsert_person(s.person);
    fresh.set_facts(id, s.facts);
  }
  ASSERT_EQ(live.people(), fresh.people());
  int64_t nonzero = 0;
  for (const Area& a : live.areas()) {
    const int other = fresh.find_area(a.code);
    ASSERT_GE(other, 0) << a.code;
    const int mine = live.find_area(a.code);
    for (size_t m = 0; m < kMeasureCount; ++m) {
      for (int y = 2025; y <= 2026; ++y) {
        for (int month = 1; month <= 12; ++month) {
          const int64_t want = fresh.count(other, static_cast<Measure>(m), y, month);
          ASSERT_EQ(live.count(mine, static_cast<Measure>(m), y, month), want)
              << a.code << " " << measure_code(static_cast<Measure>(m)) << " " << y << "-" << month;
          nonzero += want != 0;
        }
      }
    }
  }
  EXPECT_GT(nonzero, 500);  // the comparison is not vacuous
}

}  // namespace
}  // namespace siklus::monitoring
