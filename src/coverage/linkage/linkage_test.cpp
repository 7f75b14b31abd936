#include "coverage/linkage/linkage.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace siklus::linkage {
namespace {

Record rec(std::string_view nik, std::string_view name, Sex sex, int y, int m, int d,
           std::string_view address = "", std::string_view region = "") {
  Record r;
  r.nik = nik;
  r.name = name;
  r.sex = sex;
  r.birth = {static_cast<int16_t>(y), static_cast<int8_t>(m), static_cast<int8_t>(d)};
  r.address = address;
  r.region = region;
  return r;
}

TEST(Linkage, ExactPassNeedsNikUniqueOnBothSides) {
  std::vector<Record> pop = {rec("3371011503850001", "Budi", Sex::kMale, 1985, 3, 15),
                             rec("3371011503850002", "Wati", Sex::kFemale, 1985, 3, 15),
                             rec("3371011503850002", "Wati Dua", Sex::kFemale, 1985, 3, 15),
                             rec("", "Tanpa NIK", Sex::kMale, 1990, 1, 1)};
  std::vector<Record> mem = {rec("3371011503850001", "Budi", Sex::kMale, 1985, 3, 15),
                             rec("3371011503850002", "Wati", Sex::kFemale, 1985, 3, 15),
                             rec("", "Tanpa NIK", Sex::kMale, 1990, 1, 1)};
  auto pairs = exact_nik_pairs(pop, mem, 1);
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_EQ(pairs[0], (std::pair<uint32_t, uint32_t>{0, 0}));
}

// A small synthetic city: every member is a resident, with the kinds of damage real extracts have.
struct World {
  std::vector<std::string> text;  // owns the strings the records view
  std::vector<Record> pop;
  std::vector<Record> mem;
};

TEST(Linkage, LinksDamagedRecordsOneToOne) {
  static const char* kFirst[] = {"Budi",  "Siti",  "Agus",  "Dewi",  "Rina", "Joko",
                                 "Sri",   "Ahmad", "Yusuf", "Wahyu", "Eko",  "Nur",
                                 "Putri", "Rizki", "Indah", "Hendra"};
  static const char* kLast[] = {"Santoso", "Aminah",  "Wibowo",  "Lestari", "Susanti",   "Purnomo",
                                "Wahyuni", "Hidayat", "Saputra", "Rahayu",  "Kurniawan", "Hasanah"};
  std::vector<std::string> niks;
  std::vector<std::string> names;
  std::vector<std::string> addrs;
  const int n = 3000;
  niks.reserve(2 * n);
  names.reserve(2 * n);
  addrs.reserve(2 * n);
  std::vector<Record> pop;
  std::vector<Record> mem;
  uint64_t s = 12345;
  auto rnd = [&s](uint64_t k) {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (s >> 33) % k;
  };
  for (int i = 0; i < n; ++i) {
    const int y = 1950 + static_cast<int>(rnd(60));
    const int m = 1 + static_cast<int>(rnd(12));
    const int d = 1 + static_cast<int>(rnd(28));
    const Sex sex = rnd(2) ? Sex::kMale : Sex::kFemale;
    char nik[64];
    std::snprintf(nik, sizeof nik, "3371%02d%02d%02d%02d%04d", 1 + i % 5,
                  d + (sex == Sex::kFemale ? 40 : 0), m, y % 100, i % 9000 + 1);
    niks.emplace_back(nik);
    const std::string first = i % 10 == 3 ? "Muhammad" : kFirst[rnd(16)];
    names.push_back(first + " " + kLast[rnd(12)] + " " + kLast[rnd(12)]);
    addrs.push_back("Jl. Melati No. " + std::to_string(rnd(200)));
    pop.push_back(rec(niks.back(), names.back(), sex, y, m, d, addrs.back(), "3371011001"));
  }
  for (int i = 0; i < n; ++i) {
    Record r = pop[static_cast<size_t>(i)];
    std::string nik(r.nik);
    std::string name(r.name);
    switch (i % 10) {
      case 0:
        nik.clear();
        break;  // NIK missing
      case 1:
        nik[14] = nik[14] == '9' ? '0' : static_cast<char>(nik[14] + 1);
        break;
      case 2:
        std::swap(nik[12], nik[13]);
        if (nik == r.nik) nik[15] = 'X';
        break;
      case 3:
        nik.clear();
        name = "Moch. " + name.substr(9);  // Muhammad abbreviated
        break;                             // abbreviation
      case 4:
        nik.clear();
        std::swap(r.birth.day, r.birth.month);
        break;
      case 5:
        nik.clear();
        r.sex = Sex::kUnknown;
        break;
      default:
        break;
    }
    niks.push_back(nik);
    names.push_back(name);
    r.nik = niks.back();
    r.name = names.back();
    mem.push_back(r);
  }
  LinkOptions opt;
  opt.threads = 2;
  opt.random_pairs = 20000;  // enough for 3,000 records, and quick under sanitizers
  auto res = link_records(pop, mem, opt);
  int correct = 0;
  int wrong = 0;
  std::vector<int> seen_pop(n, 0);
  std::vector<int> seen_mem(n, 0);
  for (const auto& l : res.links) {
    ASSERT_EQ(seen_pop[l.population]++, 0) << "population linked twice";
    ASSERT_EQ(seen_mem[l.member]++, 0) << "member linked twice";
    if (l.decision != Decision::kMatch) continue;
    (l.population == l.member ? correct : wrong)++;
  }
  EXPECT_EQ(res.stats.exact_pairs, static_cast<uint64_t>(n * 4 / 10));
  EXPECT_GE(correct, n * 98 / 100);
  EXPECT_LE(wrong, n / 500);
}

TEST(Linkage, NikCollisionWithDifferentNameIsNotExact) {
  std::vector<Record> pop = {rec("3371011503850001", "Budi Santoso", Sex::kMale, 1985, 3, 15),
                             rec("3371011503850002", "Agus Wibowo", Sex::kMale, 1985, 3, 15)};
  // Budi's NIK mistyped into Agus's.
  std::vector<Record> mem = {rec("3371011503850002", "Budi Santoso", Sex::kMale, 1985, 3, 15)};
  auto res = link_records(pop, mem);
  EXPECT_EQ(res.stats.exact_pairs, 0u);
  EXPECT_EQ(res.stats.exact_rejected, 1u);
}

}  // namespace
}  // namespace siklus::linkage
