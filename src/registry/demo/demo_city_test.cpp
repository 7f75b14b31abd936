#include "registry/demo/demo_city.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <unordered_set>

namespace siklus::registry {
namespace {

constexpr Date kToday{2026, 1, 15};

std::string source_dir() {
  const char* env = std::getenv("SK_SOURCE_DIR");
  return env ? env : SK_SOURCE_DIR;
}

std::string undot(const std::string& code) {
  std::string out;
  for (char c : code) {
    if (c != '.') out += c;
  }
  return out;
}

// Rows of a testdata CSV (no quoted fields there) as code -> (parent, name).
std::vector<std::array<std::string, 3>> read_rows(const std::string& file) {
  std::ifstream in(source_dir() + "/src/registry/demo/testdata/" + file);
  std::vector<std::array<std::string, 3>> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    const size_t a = line.find(',');
    const size_t b = line.find(',', a + 1);
    rows.push_back(
        {undot(line.substr(0, a)), undot(line.substr(a + 1, b - a - 1)), line.substr(b + 1)});
  }
  return rows;
}

const std::set<std::string>& known_districts() {
  static const std::set<std::string> codes = [] {
    std::set<std::string> out;
    for (const auto& row : read_rows("districts.csv")) out.insert(row[0]);
    return out;
  }();
  return codes;
}

DemoOptions city(const std::string& code, const std::string& name, uint64_t seed = 1) {
  DemoOptions o;
  o.city_code = code;
  o.city_name = name;
  o.seed = seed;
  o.today = kToday;
  for (const auto& row : read_rows("districts.csv")) {
    if (row[1] == code) o.districts.push_back({row[0], row[2]});
  }
  for (const auto& row : read_rows("villages.csv")) {
    if (row[0].substr(0, 4) == code) o.villages.push_back({row[0], row[2]});
  }
  return o;
}

struct Collected {
  std::vector<DemoFacility> facilities;
  std::vector<DemoStaff> staff;
  std::vector<std::vector<DemoPerson>> households;
  uint64_t progress_calls = 0;
  uint64_t last_progress = 0;
};

DemoSink collecting(Collected& c) {
  DemoSink sink;
  sink.facilities = [&c](const std::vector<DemoFacility>& f) {
    c.facilities = f;
    return Status{};
  };
  sink.staff = [&c](const std::vector<DemoStaff>& s) {
    c.staff = s;
    return Status{};
  };
  sink.household = [&c](const std::vector<DemoPerson>& h) {
    c.households.push_back(h);
    return Status{};
  };
  sink.progress = [&c](uint64_t done, uint64_t) {
    ++c.progress_calls;
    c.last_progress = done;
  };
  return sink;
}

// Hash of everything the sink sees, field by field.
class Hasher {
 public:
  void add(std::string_view s) {
    for (char ch : s) mix(static_cast<unsigned char>(ch));
    mix(0xff);
  }
  void add(double d) {
    uint64_t bits = 0;
    std::memcpy(&bits, &d, sizeof bits);
    for (int i = 0; i < 8; ++i) mix(static_cast<unsigned char>(bits >> (8 * i)));
  }
  void add(int64_t v) {
    for (int i = 0; i < 8; ++i)
      mix(static_cast<unsigned char>(static_cast<uint64_t>(v) >> (8 * i)));
  }
  uint64_t value() const { return h_; }

 private:
  void mix(unsigned char c) {
    h_ ^= c;
    h_ *= 0x100000001B3ull;
  }
  uint64_t h_ = 0xCBF29CE484222325ull;
};

DemoSink hashing(Hasher& h) {
  DemoSink sink;
  sink.facilities = [&h](const std::vector<DemoFacility>& fs) {
    for (const auto& f : fs) {
      h.add(f.key), h.add(f.name), h.add(f.village_code), h.add(int64_t{f.rw}), h.add(f.parent_key);
      for (const auto& c : f.catchment) h.add(c);
      h.add(f.address), h.add(f.lat), h.add(f.lon), h.add(int64_t{f.government});
    }
    return Status{};
  };
  sink.staff = [&h](const std::vector<DemoStaff>& ss) {
    for (const auto& s : ss) {
      h.add(s.nik), h.add(s.name), h.add(s.profession), h.add(s.facility_key), h.add(s.phone);
      for (const auto& k : s.skills) h.add(k);
    }
    return Status{};
  };
  sink.household = [&h](const std::vector<DemoPerson>& ps) {
    for (const auto& p : ps) {
      h.add(p.nik), h.add(p.no_kk), h.add(p.name), h.add(p.birth_date.days()), h.add(p.birth_place),
          h.add(p.street), h.add(int64_t{p.rt * 100 + p.rw}), h.add(p.village_code), h.add(p.phone),
          h.add(int64_t{static_cast<int>(p.status)}), h.add(p.relation), h.add(p.lat), h.add(p.lon),
          h.add(p.status_date ? p.status_date->days() : -1);
    }
    return Status{};
  };
  return sink;
}

uint64_t hash_city(const DemoOptions& o) {
  Hasher h;
  auto r = generate_demo_city(o, hashing(h));
  EXPECT_TRUE(r.has_value());
  return h.value();
}

// Invariants every generated city must satisfy.
void check_city(const DemoOptions& o, const Collected& c, uint64_t expected_alive) {
  std::set<std::string> villages;
  std::map<std::string, std::string> village_district;
  for (const auto& v : o.villages) {
    villages.insert(v.code);
    village_district[v.code] = v.code.substr(0, 6);
  }
  auto district_exists = [](std::string_view d) {
    return known_districts().count(std::string(d)) > 0;
  };

  // Facilities.
  std::map<std::string, const DemoFacility*> by_key;
  std::map<std::string, int> catchment_count;
  std::map<std::string, const DemoFacility*> pustu_of;
  std::map<std::string, std::set<int>> posyandu_rw;
  int dinkes = 0;
  for (const auto& f : c.facilities) {
    ASSERT_TRUE(by_key.emplace(f.key, &f).second) << "duplicate key " << f.key;
    EXPECT_TRUE(villages.count(f.village_code)) << f.key;
    EXPECT_NE(f.lat, 0.0);
    EXPECT_NE(f.lon, 0.0);
    EXPECT_FALSE(f.address.empty());
    if (f.type == FacilityType::kDinkes) ++dinkes;
    if (f.type == FacilityType::kPuskesmas) {
      ASSERT_FALSE(f.catchment.empty()) << f.name;
      for (const auto& v : f.catchment) {
        ++catchment_count[v];
        EXPECT_EQ(village_district[v], village_district[f.village_code])
            << f.name << " crosses kecamatan";
      }
      EXPECT_TRUE(std::count(f.catchment.begin(), f.catchment.end(), f.village_code)) << f.name;
    }
    if (f.type == FacilityType::kPustu) {
      EXPECT_TRUE(pustu_of.emplace(f.village_code, &f).second) << "two pustu in " << f.village_code;
    }
    if (f.type == FacilityType::kPosyandu) {
      EXPECT_GT(f.rw, 0);
      EXPECT_TRUE(posyandu_rw[f.village_code].insert(f.rw).second);
    }
  }
  EXPECT_EQ(dinkes, 1);
  for (const auto& v : villages) {
    EXPECT_EQ(catchment_count[v], 1) << v << " must be in exactly one wilayah kerja";
    ASSERT_TRUE(pustu_of.count(v)) << "no pustu in " << v;
    const DemoFacility* parent = by_key.at(pustu_of[v]->parent_key);
    EXPECT_EQ(parent->type, FacilityType::kPuskesmas);
    EXPECT_TRUE(std::count(parent->catchment.begin(), parent->catchment.end(), v))
        << "pustu of " << v << " hangs under a puskesmas that does not answer for it";
  }
  for (const auto& f : c.facilities) {
    if (f.type == FacilityType::kPosyandu) {
      EXPECT_EQ(f.parent_key, pustu_of[f.village_code]->key);
    }
    if (f.type == FacilityType::kPuskesmas || f.type == FacilityType::kPustu) {
      EXPECT_TRUE(by_key.count(f.parent_key)) << f.key;
    }
  }
  EXPECT_TRUE(std::any_of(c.facilities.begin(), c.facilities.end(),
                          [](const DemoFacility& f) { return !f.government; }));

  // People and staff: valid, unique NIKs.
  std::unordered_set<std::string> niks;
  auto check_nik_of = [&](const std::string& nik, Date birth, Sex sex, const std::string& who) {
    NikCheckInput in;
    in.nik = nik;
    in.birth = birth;
    in.sex = sex;
    in.today = kToday;
    in.district_exists = district_exists;
    const NikInfo info = check_nik(in);
    EXPECT_TRUE(info.ok()) << who << " " << nik << ": " << nik_problem_code(info.problem);
    EXPECT_TRUE(niks.insert(nik).second) << "duplicate NIK " << nik;
  };
  for (const auto& s : c.staff) {
    check_nik_of(s.nik, s.birth_date, s.sex, s.name);
    EXPECT_TRUE(by_key.count(s.facility_key));
    EXPECT_FALSE(s.skills.empty());
  }

  uint64_t alive = 0;
  uint64_t under15 = 0;
  uint64_t over60 = 0;
  uint64_t under15_male = 0;
  uint64_t over60_male = 0;
  uint64_t died = 0;
  uint64_t moved = 0;
  std::set<std::string> kks;
  std::map<std::string, std::set<int>> resident_rw;
  for (const auto& h : c.households) {
    ASSERT_FALSE(h.empty());
    EXPECT_TRUE(h[0].head_of_household);
    EXPECT_EQ(h[0].status, LifeStatus::kAlive);
    EXPECT_EQ(
        std::count_if(h.begin(), h.end(), [](const DemoPerson& p) { return p.head_of_household; }),
        1);
    EXPECT_TRUE(kks.insert(h[0].no_kk).second) << "KK reused " << h[0].no_kk;
    EXPECT_EQ(h[0].no_kk.size(), 16u);
    EXPECT_EQ(h[0].relation, "KEPALA KELUARGA");
    for (const auto& p : h) {
      EXPECT_EQ(p.no_kk, h[0].no_kk);
      EXPECT_TRUE(villages.count(p.village_code)) << p.village_code;
      EXPECT_EQ(p.no_kk.substr(0, 6), village_district[p.village_code]);
      EXPECT_FALSE(p.name.empty());
      EXPECT_FALSE(p.street.empty());
      EXPECT_GT(p.rt, 0);
      resident_rw[p.village_code].insert(p.rw);
      check_nik_of(p.nik, p.birth_date, p.sex, p.name);
      if (p.relation == "ANAK") {
        // Children were born when the head (their parent) was at least 15.
        EXPECT_GE(p.birth_date.days() - h[0].birth_date.days(), 15 * 365) << p.name;
      }
      if (p.status == LifeStatus::kAlive) {
        ++alive;
        const int age = age_in_years(p.birth_date, kToday);
        const bool male = p.sex == Sex::kMale;
        under15 += age < 15 ? 1 : 0;
        under15_male += age < 15 && male ? 1 : 0;
        over60 += age >= 60 ? 1 : 0;
        over60_male += age >= 60 && male ? 1 : 0;
        EXPECT_FALSE(p.status_date.has_value());
      } else {
        (p.status == LifeStatus::kDied ? died : moved) += 1;
        ASSERT_TRUE(p.status_date.has_value());
        EXPECT_LE(*p.status_date, kToday);
        EXPECT_GE(*p.status_date, p.birth_date);
      }
    }
  }
  EXPECT_EQ(alive, expected_alive);
  EXPECT_EQ(c.last_progress, expected_alive);
  EXPECT_GT(died, 0u);
  EXPECT_GT(moved, 0u);
  EXPECT_LT(died + moved, alive / 20);  // a small share
  const double share15 = 100.0 * static_cast<double>(under15) / static_cast<double>(alive);
  const double share60 = 100.0 * static_cast<double>(over60) / static_cast<double>(alive);
  EXPECT_GE(share15, 20.0);
  EXPECT_LE(share15, 30.0);
  EXPECT_GE(share60, 8.0);
  EXPECT_LE(share60, 15.0);
  // Slight male excess among children (105 boys per 100 girls at birth), female excess at 60+.
  EXPECT_GT(under15_male * 2, under15);
  EXPECT_LT(under15_male * 100, under15 * 54);
  EXPECT_LT(over60_male * 2, over60);
  const double mean = static_cast<double>(alive) / static_cast<double>(c.households.size());
  EXPECT_GE(mean, 3.3);
  EXPECT_LE(mean, 4.0);
  // One posyandu for every RW that has residents, and none for an RW without.
  EXPECT_EQ(resident_rw, posyandu_rw);
}

// Magelang with seed 1, generated once for the tests that read it.
const Collected& magelang(Result<DemoSummary>* summary_out = nullptr) {
  static Collected c;
  static Result<DemoSummary> summary =
      generate_demo_city(city("3371", "Kota Magelang"), collecting(c));
  if (summary_out) *summary_out = summary;
  return c;
}

TEST(DemoCity, MagelangPresetIsExactAndValid) {
  const DemoOptions o = city("3371", "Kota Magelang");
  ASSERT_EQ(o.districts.size(), 3u);
  ASSERT_EQ(o.villages.size(), 17u);
  EXPECT_EQ(demo_population(o), 127394u);
  Result<DemoSummary> summary = Error::internal("not run");
  const Collected& c = magelang(&summary);
  ASSERT_TRUE(summary.has_value()) << summary.error().message;
  EXPECT_EQ(summary->residents, 127394u);
  EXPECT_EQ(summary->households, c.households.size());
  EXPECT_EQ(summary->facilities, c.facilities.size());
  EXPECT_EQ(summary->staff, c.staff.size());
  check_city(o, c, 127394);

  auto find = [&](std::string_view name) -> const DemoFacility* {
    for (const auto& f : c.facilities) {
      if (f.name == name) return &f;
    }
    return nullptr;
  };
  int puskesmas = 0;
  for (const auto& f : c.facilities) puskesmas += f.type == FacilityType::kPuskesmas ? 1 : 0;
  EXPECT_EQ(puskesmas, 5);
  ASSERT_NE(find("Puskesmas Jurangombo"), nullptr);
  const DemoFacility* magersari = find("Puskesmas Pembantu Magersari 2");
  ASSERT_NE(magersari, nullptr);
  EXPECT_EQ(magersari->village_code, "3371011007");
  EXPECT_EQ(magersari->type, FacilityType::kPustu);
  const DemoFacility* tidar = find("RSUD Tidar");
  ASSERT_NE(tidar, nullptr);
  EXPECT_EQ(tidar->type, FacilityType::kHospital);
  EXPECT_TRUE(tidar->government);
  // Positions sit around the published city centre (Magelang is ~4 km across).
  for (const auto& f : c.facilities) {
    EXPECT_NEAR(f.lat, -7.4797, 0.05) << f.name;
    EXPECT_NEAR(f.lon, 110.2177, 0.05) << f.name;
  }
  // Kader are mostly women; every puskesmas has doctors, midwives and nurses.
  int kader = 0;
  int kader_women = 0;
  std::map<std::string, std::set<std::string>> professions;
  for (const auto& s : c.staff) {
    professions[s.facility_key].insert(s.profession);
    if (s.profession == "kader") {
      ++kader;
      kader_women += s.sex == Sex::kFemale ? 1 : 0;
    }
  }
  EXPECT_GT(kader_women * 10, kader * 8);
  for (const auto& f : c.facilities) {
    if (f.type != FacilityType::kPuskesmas) continue;
    for (const char* p : {"dokter", "bidan", "perawat", "gizi", "farmasi"}) {
      EXPECT_TRUE(professions[f.key].count(p)) << f.name << " lacks " << p;
    }
  }
}

// Facilities come before households, so a sink that fails on the first household checks a big
// city's facilities without generating its 2.5 M residents.
Collected facilities_only(const DemoOptions& o) {
  Collected c;
  DemoSink sink = collecting(c);
  sink.household = [](const std::vector<DemoPerson>&) -> Status { return Error::internal("stop"); };
  auto r = generate_demo_city(o, sink);
  EXPECT_FALSE(r.has_value());
  if (!r.has_value()) {
    EXPECT_EQ(r.error().message, "stop");  // the sink's error comes back unchanged
  }
  return c;
}

int count_type(const Collected& c, FacilityType type) {
  return static_cast<int>(std::count_if(c.facilities.begin(), c.facilities.end(),
                                        [&](const DemoFacility& f) { return f.type == type; }));
}

TEST(DemoCity, BigCityPresetsFollowPublishedFigures) {
  struct Case {
    std::string code;
    std::string name;
    size_t districts;
    uint64_t low;
    uint64_t high;
    int puskesmas;
  };
  for (const Case& k : {Case{"1271", "Kota Medan", 21, 2400000, 2600000, 41},
                        Case{"3573", "Kota Malang", 5, 820000, 870000, 16},
                        Case{"3671", "Kota Tangerang", 13, 1850000, 1950000, 38}}) {
    const DemoOptions o = city(k.code, k.name);
    EXPECT_EQ(o.districts.size(), k.districts);
    const uint64_t population = demo_population(o);
    EXPECT_GE(population, k.low) << k.name;
    EXPECT_LE(population, k.high) << k.name;
    const Collected c = facilities_only(o);
    EXPECT_EQ(count_type(c, FacilityType::kPuskesmas), k.puskesmas) << k.name;
    EXPECT_EQ(count_type(c, FacilityType::kPustu), static_cast<int>(o.villages.size()));
    EXPECT_EQ(count_type(c, FacilityType::kDinkes), 1);
    EXPECT_GT(count_type(c, FacilityType::kHospital), 5);
    EXPECT_GT(count_type(c, FacilityType::kClinic), 20);
    EXPECT_GT(count_type(c, FacilityType::kPractice), 20);
    // Every kecamatan has a puskesmas, every kelurahan one wilayah kerja.
    std::set<std::string> with_puskesmas;
    std::map<std::string, int> covered;
    for (const auto& f : c.facilities) {
      if (f.type != FacilityType::kPuskesmas) continue;
      with_puskesmas.insert(f.village_code.substr(0, 6));
      for (const auto& v : f.catchment) ++covered[v];
    }
    EXPECT_EQ(with_puskesmas.size(), k.districts) << k.name;
    for (const auto& v : o.villages) EXPECT_EQ(covered[v.code], 1) << v.code;
  }
  EXPECT_EQ(demo_population(city("1271", "Kota Medan")), 2474166u);
}

TEST(DemoCity, CityWithoutPresetGetsDefaults) {
  const DemoOptions o = city("3579", "Kota Batu");
  ASSERT_EQ(o.districts.size(), 3u);
  ASSERT_EQ(o.villages.size(), 24u);
  uint64_t expected = 0;
  for (const auto& v : o.villages) expected += v.code[6] == '1' ? 9000 : 3500;
  EXPECT_EQ(demo_population(o), expected);
  Collected c;
  auto summary = generate_demo_city(o, collecting(c));
  ASSERT_TRUE(summary.has_value()) << summary.error().message;
  check_city(o, c, expected);
  // One per ~30,000 residents, at least one per kecamatan.
  EXPECT_EQ(count_type(c, FacilityType::kPuskesmas),
            std::max<int>(3, static_cast<int>((expected + 15000) / 30000)));
  // A point in East Java, not the middle of the sea.
  EXPECT_NEAR(c.facilities[0].lat, -7.25, 0.5);
  EXPECT_NEAR(c.facilities[0].lon, 112.75, 0.5);
}

TEST(DemoCity, SameSeedSameCityOtherSeedOtherCity) {
  const DemoOptions a = city("3371", "Kota Magelang", 7);
  const uint64_t first = hash_city(a);
  // Same seed, same city, whatever the order of the input regions (they are sorted by code).
  DemoOptions shuffled = a;
  std::reverse(shuffled.villages.begin(), shuffled.villages.end());
  std::reverse(shuffled.districts.begin(), shuffled.districts.end());
  EXPECT_EQ(first, hash_city(shuffled));
  EXPECT_NE(first, hash_city(city("3371", "Kota Magelang", 8)));
  // Golden value: the same on GCC and Clang, debug and release. Evaluation order of operands and
  // arguments differs between compilers, so an RNG draw hidden in an argument list changes this.
  // Update it only when the generator changes on purpose.
  EXPECT_EQ(first, 0x86df43f3d1439196ull) << std::hex << first;
}

TEST(DemoCity, NamesFitTheCity) {
  // Medan has Batak marga; Magelang's names are mostly Javanese.
  const DemoOptions medan = city("1271", "Kota Medan");
  const Collected m = facilities_only(medan);
  int marga = 0;
  for (const auto& s : m.staff) {
    for (const char* f :
         {"Siregar", "Nasution", "Simanjuntak", "Lubis", "Harahap", "Sinaga", "Ginting"}) {
      if (s.name.find(f) != std::string::npos) {
        ++marga;
        break;
      }
    }
  }
  EXPECT_GT(marga * 100, static_cast<int>(m.staff.size()) * 3) << "too few Batak marga in Medan";

  const Collected& c = magelang();
  ASSERT_FALSE(c.households.empty());
  std::map<std::string, int> first_words;
  int siti_or_muhammad = 0;
  uint64_t boru = 0;
  uint64_t people = 0;
  for (const auto& h : c.households) {
    for (const auto& p : h) {
      ++people;
      const std::string first = p.name.substr(0, p.name.find(' '));
      ++first_words[first];
      siti_or_muhammad += first == "Siti" || first == "Muhammad" || first == "Muhamad" ? 1 : 0;
      boru += p.name.find(" br. ") != std::string::npos ? 1 : 0;
    }
  }
  EXPECT_GT(siti_or_muhammad, 0);
  EXPECT_LT(boru * 200, people) << "Batak boru are rare in Magelang";
  EXPECT_GT(first_words.size(), 200u) << "names should vary";
  // Variants of one name both appear.
  EXPECT_GT(first_words["Rizky"], 0);
  EXPECT_GT(first_words["Rizki"], 0);
}

TEST(DemoCity, RejectsEmptyRegions) {
  DemoOptions o = city("3371", "Kota Magelang");
  o.villages.clear();
  Collected c;
  auto r = generate_demo_city(o, collecting(c));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().field, "villages");

  DemoOptions stray = city("3371", "Kota Magelang");
  stray.villages.push_back({"3372011001", "Elsewhere"});
  r = generate_demo_city(stray, collecting(c));
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("3372011001"), std::string::npos);

  DemoOptions twice = city("3371", "Kota Magelang");
  twice.villages.push_back(twice.villages.front());
  r = generate_demo_city(twice, collecting(c));
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("twice"), std::string::npos);
}

TEST(DemoCity, KecamatanWithoutKelurahanIsLeftOut) {
  DemoOptions o = city("3371", "Kota Magelang");
  o.districts.push_back({"337199", "Kecamatan Kosong"});
  const Collected c = facilities_only(o);
  EXPECT_EQ(count_type(c, FacilityType::kPuskesmas), 5);
  for (const auto& f : c.facilities) EXPECT_NE(f.village_code.substr(0, 6), "337199");
}

}  // namespace
}  // namespace siklus::registry
