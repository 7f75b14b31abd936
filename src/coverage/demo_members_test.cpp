#include "coverage/demo_members.h"

#include <gtest/gtest.h>

#include <set>

namespace siklus::coverage {
namespace {

DemoMembersInput city(size_t alive, size_t died, size_t moved, const std::string& code) {
  DemoMembersInput in;
  in.city_code = code;
  in.preset = membership_preset(code);
  in.villages = {code + "011001", code + "011002"};
  for (size_t i = 0; i < alive + died + moved; ++i) {
    DemoResident r;
    r.id = static_cast<int64_t>(i + 1);
    r.nik = std::to_string(3371010101900000ULL + i);
    r.name = i % 7 == 0 ? "Muhammad Rizki Pratama" : "Siti Nur Aminah";
    r.sex = i % 2 ? "P" : "L";
    r.birth_date = "1990-01-05";
    r.street = "Jl. Tidar " + std::to_string(i);
    r.rw = 1 + static_cast<int>(i % 5);
    r.rt = 1;
    r.village_code = in.villages[i % 2];
    r.status = i < alive ? "HIDUP" : i < alive + died ? "MATI" : "PINDAH";
    in.residents.push_back(r);
  }
  return in;
}

TEST(DemoMembers, MagelangHasExactlyTheReportedMembers) {
  auto in = city(127394, 900, 700, "3371");
  uint64_t residents = 0;
  std::set<int64_t> people;
  auto sum = generate_demo_members(in, [&](const DemoMemberRow& r) -> Status {
    if (r.truth == "resident") {
      ++residents;
      people.insert(r.person_id);
    }
    return {};
  });
  ASSERT_TRUE(sum.has_value());
  EXPECT_EQ(sum->resident_members, 126281u);
  EXPECT_EQ(residents, 126281u);
  EXPECT_EQ(people.size(), 126281u);  // distinct residents
  EXPECT_EQ(sum->rows, 126281u);
  EXPECT_DOUBLE_EQ(sum->naive_pct, 99.13);
}

TEST(DemoMembers, MalangListIsAbove100PercentAndDirty) {
  auto in = city(20000, 800, 600, "3573");
  uint64_t missing = 0, changed_nik = 0, changed_name = 0;
  std::set<std::string> nokas;
  auto sum = generate_demo_members(in, [&](const DemoMemberRow& r) -> Status {
    nokas.insert(r.noka);
    EXPECT_EQ(r.noka.size(), 13u);
    if (r.truth == "resident") {
      const DemoResident& p = in.residents[static_cast<size_t>(r.person_id - 1)];
      if (r.nik.empty())
        ++missing;
      else if (r.nik != p.nik)
        ++changed_nik;
      std::string upper = p.name;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (r.nama != p.name && r.nama != upper) ++changed_name;
    }
    return {};
  });
  ASSERT_TRUE(sum.has_value());
  EXPECT_DOUBLE_EQ(sum->naive_pct, 108.54);
  EXPECT_EQ(nokas.size(), sum->rows);
  EXPECT_GT(sum->died, 0u);
  EXPECT_GT(sum->moved, 0u);
  EXPECT_GT(sum->duplicates, 0u);
  EXPECT_GT(sum->elsewhere, 0u);
  EXPECT_EQ(sum->rows,
            sum->resident_members + sum->died + sum->moved + sum->duplicates + sum->elsewhere);
  const double n = static_cast<double>(sum->resident_members);
  EXPECT_NEAR(missing / n, 0.02, 0.006);
  EXPECT_NEAR(changed_nik / n, 0.02, 0.006);
  EXPECT_NEAR(changed_name / n, 0.05, 0.02);  // some variants are only capitals
}

TEST(DemoMembers, DeterministicBySeed) {
  auto in = city(3000, 50, 50, "1271");
  auto collect = [&](uint64_t seed) {
    in.seed = seed;
    std::string all;
    EXPECT_TRUE(generate_demo_members(in, [&](const DemoMemberRow& r) -> Status {
                  all += r.noka + r.nik + r.nama + r.status + "\n";
                  return {};
                }).has_value());
    return all;
  };
  EXPECT_EQ(collect(7), collect(7));
  EXPECT_NE(collect(7), collect(8));
}

}  // namespace
}  // namespace siklus::coverage
