// Households: a household type with Susenas-like shares, its members by age and cohort
// fertility, then per kelurahan (own stream per kelurahan) the KK number, address, NIK and name
// of each member, handed to the sink one household at a time.

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "registry/demo/demo_city_builder.h"

namespace siklus::registry::demo {
namespace {

// Typical shares of Indonesian urban households (Susenas-like): singles, couples, nuclear
// families, single parents, three-generation and extended households.
enum HouseholdKind { kSingle, kCouple, kNuclear, kSingleParent, kExtendedParents, kExtendedGrand };
constexpr int kKindWeights[] = {75, 75, 545, 95, 105, 105};

}  // namespace

void CityBuilder::add_children(Rng& rng, Member mother, Ethnicity ethnicity,
                               std::string_view family, std::vector<Member>& members,
                               bool keep_married_child) const {
  const int mother_year = Date::from_days(mother.birth).year;
  // Completed fertility by the mother's cohort (Indonesia's TFR fell from ~5 to ~2.2).
  static constexpr int kOld[] = {3, 7, 18, 24, 22, 14, 12};
  static constexpr int kMid[] = {4, 12, 38, 28, 12, 6, 0};
  static constexpr int kYoung[] = {4, 18, 46, 23, 7, 2, 0};
  const int* table = mother_year < 1962 ? kOld : (mother_year < 1982 ? kMid : kYoung);
  const int births = static_cast<int>(rng.weighted(table, 7));
  // Every RNG draw is its own statement: the order of evaluation of operands and arguments is
  // unspecified in C++, and GCC and Clang differ, which would break determinism.
  const int first_birth_age = rng.range(19, 29);
  int64_t at = mother.birth + years_days(first_birth_age) + rng.below(365);
  for (int i = 0; i < births; ++i) {
    if (at > today_) break;
    if (at - mother.birth > years_days(44)) break;
    Member child;
    child.sex = rng.chance(512) ? Sex::kMale : Sex::kFemale;
    child.birth = at;
    child.ethnicity = ethnicity;
    child.family = family;
    child.relation = "ANAK";
    const int age = age_of(at);
    // Grown children leave to marry or work; a few still show on the KK as moved out.
    int stay = 990;
    if (age >= 18) stay = 930;
    if (age >= 22) stay = 780;
    if (age >= 26) stay = 480;
    if (age >= 30) stay = 200;
    if (age >= 40) stay = 70;
    // Daughters marry and leave earlier than sons.
    if (child.sex == Sex::kMale && age >= 18 && age < 30) stay = std::min(1000, stay + 90);
    if (keep_married_child && age >= 22) {
      keep_married_child = false;
      stay = 1000;
    }
    if (rng.chance(stay)) {
      members.push_back(child);
    } else if (age >= 18 && rng.chance(60)) {
      child.status = LifeStatus::kMovedOut;
      const int64_t earliest = std::max(at + years_days(17), today_ - years_days(6));
      child.status_day =
          earliest + rng.below(static_cast<uint32_t>(std::max<int64_t>(1, today_ - earliest)));
      members.push_back(child);
    }
    const int spacing = rng.range(2, 5);
    at += years_days(spacing) + rng.below(365);
  }
}

void CityBuilder::build_household(Rng& rng, std::vector<Member>& m) const {
  m.clear();
  const auto kind = static_cast<HouseholdKind>(rng.weighted(kKindWeights));
  const Ethnicity eth = pick_ethnicity(rng);
  const std::string_view family = demo::pick_family_name(eth, rng);
  auto spouse_ethnicity = [&]() { return rng.chance(850) ? eth : pick_ethnicity(rng); };
  auto own_family = [&](Ethnicity e) {
    // Batak marry outside their marga.
    std::string_view f = demo::pick_family_name(e, rng);
    if (f == family) f = demo::pick_family_name(e, rng);
    return f;
  };
  auto person = [&](Sex sex, int age, const char* relation, Ethnicity e, std::string_view f) {
    Member p;
    p.sex = sex;
    p.birth = birth_for_age(rng, std::min(age, kMaxAge));
    p.relation = relation;
    p.ethnicity = e;
    p.family = f;
    return p;
  };
  auto husband_gap = [&]() {
    int gap = rng.range(-2, 2);
    gap += rng.range(0, 4);
    gap += rng.range(0, 3);
    return gap;
  };
  auto widow = [&](const Member& survivor, Ethnicity e, std::string_view f) {
    // The late spouse stays on the KK, marked dead, in some households.
    if (!rng.chance(280)) return;
    Member d;
    d.sex = survivor.sex == Sex::kFemale ? Sex::kMale : Sex::kFemale;
    const int gap = d.sex == Sex::kMale ? husband_gap() : -husband_gap();
    d.birth = std::max(today_ - years_days(kMaxAge), survivor.birth - years_days(gap));
    d.status = LifeStatus::kDied;
    const int64_t earliest = std::max(d.birth + years_days(40), today_ - years_days(10));
    d.status_day =
        earliest + rng.below(static_cast<uint32_t>(std::max<int64_t>(1, today_ - earliest)));
    d.relation = d.sex == Sex::kMale ? "SUAMI" : "ISTRI";
    d.ethnicity = e;
    d.family = f;
    m.push_back(d);
  };

  switch (kind) {
    case kSingle: {
      static constexpr int kBands[] = {12, 30, 20, 42};  // 18–24, 25–34, 35–59, 60+
      const size_t band = rng.weighted(kBands);
      static constexpr int kLo[] = {18, 25, 35, 60};
      static constexpr int kHi[] = {24, 34, 59, 92};
      const int age = rng.range(kLo[band], kHi[band]);
      const Sex sex = (band < 3 ? rng.chance(680) : rng.chance(280)) ? Sex::kMale : Sex::kFemale;
      m.push_back(person(sex, age, "KEPALA KELUARGA", eth, family));
      if (band == 3) widow(m[0], eth, sex == Sex::kMale ? std::string_view{} : family);
      break;
    }
    case kCouple: {
      const int husband_age = rng.chance(420) ? rng.range(22, 33) : rng.range(55, 82);
      const int wife_age = std::max(18, husband_age - husband_gap());
      const Ethnicity se = spouse_ethnicity();
      // Men die younger: some older wives live on alone.
      if (husband_age >= 60 && rng.chance(250)) {
        m.push_back(person(Sex::kFemale, wife_age, "KEPALA KELUARGA", se, own_family(se)));
        widow(m[0], eth, family);
        break;
      }
      m.push_back(person(Sex::kMale, husband_age, "KEPALA KELUARGA", eth, family));
      m.push_back(person(Sex::kFemale, wife_age, "ISTRI", se, own_family(se)));
      break;
    }
    case kNuclear:
    case kExtendedParents: {
      static constexpr int kBands[] = {7, 17, 20, 19, 16, 13, 10, 7, 5};  // mother 20–24, …, 60–64
      const size_t band = rng.weighted(kBands);
      const int wife_age = 20 + static_cast<int>(band) * 5 + rng.range(0, 4);
      const int husband_age = std::max(wife_age - 3, wife_age + husband_gap());
      const Ethnicity se = spouse_ethnicity();
      // From fifty on, some mothers are widows heading the household.
      const bool widowed = wife_age >= 50 && rng.chance(160);
      if (widowed) {
        m.push_back(person(Sex::kFemale, wife_age, "KEPALA KELUARGA", se, own_family(se)));
        widow(m[0], eth, family);
      } else {
        m.push_back(person(Sex::kMale, husband_age, "KEPALA KELUARGA", eth, family));
        m.push_back(person(Sex::kFemale, wife_age, "ISTRI", se, own_family(se)));
      }
      const size_t wife = widowed ? 0 : 1;
      add_children(rng, m[wife], eth, family, m, false);
      if (kind == kExtendedParents) {
        // A widowed parent (usually the mother) of the husband or the wife moves in.
        const bool his = !widowed && rng.chance(550);
        const Member child = his ? m[0] : m[wife];  // a copy: m grows below
        const int child_age = age_of(child.birth);
        const int parent_age = std::min(kMaxAge, child_age + rng.range(22, 34));
        const Ethnicity pe = child.ethnicity;
        const char* relation = his || widowed ? "ORANG TUA" : "MERTUA";
        const uint32_t who = rng.below(100);
        if (who < 25 || who >= 60) {  // mother
          m.push_back(person(Sex::kFemale, parent_age, relation, pe, own_family(pe)));
          if (who >= 60) widow(m.back(), pe, child.family);
        }
        if (who < 33) {  // father
          m.push_back(person(Sex::kMale, parent_age + rng.range(0, 5), relation, pe, child.family));
        }
      }
      break;
    }
    case kSingleParent: {
      const bool mother = rng.chance(800);
      const int age = rng.range(27, 72);
      if (mother) {
        m.push_back(person(Sex::kFemale, age, "KEPALA KELUARGA", eth, own_family(eth)));
        add_children(rng, m[0], eth, family, m, false);
        if (age >= 40) widow(m[0], eth, family);
      } else {
        m.push_back(person(Sex::kMale, age, "KEPALA KELUARGA", eth, family));
        Member late = person(Sex::kFemale, std::max(18, age - husband_gap()), "ISTRI", eth, {});
        std::vector<Member> kids;
        add_children(rng, late, eth, family, kids, false);
        m.insert(m.end(), kids.begin(), kids.end());
      }
      break;
    }
    case kExtendedGrand: {
      // Older couple with a married child, the child's spouse and grandchildren.
      const int husband_age = rng.range(50, 80);
      const int wife_age = std::max(38, husband_age - husband_gap());
      const bool widowed = husband_age > 60 && rng.chance(450);
      const Ethnicity se = spouse_ethnicity();
      if (!widowed) {
        m.push_back(person(Sex::kMale, husband_age, "KEPALA KELUARGA", eth, family));
        m.push_back(person(Sex::kFemale, wife_age, "ISTRI", se, own_family(se)));
      } else {
        m.push_back(person(Sex::kFemale, wife_age, "KEPALA KELUARGA", se, own_family(se)));
        widow(m[0], eth, family);
      }
      const size_t mother_index = widowed ? 0 : 1;
      const size_t first_child = m.size();
      const Member mother = m[mother_index];
      add_children(rng, mother, eth, family, m, true);
      // The first married child (22+) living at home brings a spouse and children.
      for (size_t i = first_child; i < m.size(); ++i) {
        const Member child = m[i];
        if (child.status != LifeStatus::kAlive || age_of(child.birth) < 22) continue;
        const Ethnicity ie = rng.chance(700) ? child.ethnicity : pick_ethnicity(rng);
        const bool son = child.sex == Sex::kMale;
        const int child_age = age_of(child.birth);
        const int in_law_age = std::max(18, child_age + (son ? -husband_gap() : husband_gap()));
        const std::string_view in_law_family = demo::pick_family_name(ie, rng);
        Member in_law =
            person(son ? Sex::kFemale : Sex::kMale, in_law_age, "MENANTU", ie, in_law_family);
        m.push_back(in_law);
        const Member& grand_mother = son ? in_law : child;
        const std::string_view grand_family = son ? child.family : in_law.family;
        const Ethnicity grand_eth = son ? child.ethnicity : in_law.ethnicity;
        const size_t before = m.size();
        add_children(rng, grand_mother, grand_eth, grand_family, m, false);
        for (size_t g = before; g < m.size(); ++g) m[g].relation = "CUCU";
        break;
      }
      break;
    }
  }
  // A niece, nephew or other relative lives with some families.
  if (m.size() >= 2 && rng.chance(45)) {
    const Ethnicity re = rng.chance(800) ? eth : pick_ethnicity(rng);
    const Sex sex = rng.chance(500) ? Sex::kMale : Sex::kFemale;
    const int age = rng.range(8, 30);
    const std::string_view relative_family = demo::pick_family_name(re, rng);
    m.push_back(person(sex, age, "FAMILI LAIN", re, relative_family));
  }
  // Rarely a child under five on the KK has died.
  for (size_t i = 1, n = m.size(); i < n; ++i) {
    if (m[i].status == LifeStatus::kAlive && std::string_view(m[i].relation) == "ANAK" &&
        today_ - m[i].birth < years_days(5) && rng.chance(15)) {
      m[i].status = LifeStatus::kDied;
      m[i].status_day =
          m[i].birth + rng.below(static_cast<uint32_t>(std::max<int64_t>(1, today_ - m[i].birth)));
    }
  }
}

Status CityBuilder::build_households() {
  std::vector<Member> members;
  members.reserve(16);
  std::vector<DemoPerson> household;
  household.reserve(16);
  std::vector<std::string> rt_streets;
  std::vector<int> rt_house;
  std::string kk;
  uint64_t next_progress = kProgressEvery;
  char buf[64];

  for (const Village& v : villages_) {
    Rng rng(demo::mix_seed(options_.seed, demo::hash_text("hh:" + v.region->code)));
    rt_streets.assign(static_cast<size_t>(v.total_rt), std::string());
    rt_house.assign(static_cast<size_t>(v.total_rt), 0);
    for (auto& street : rt_streets) demo::make_street_base(rng, street);
    uint64_t alive = 0;
    while (alive < v.population) {
      build_household(rng, members);
      // The household's place in the kelurahan fills RT after RT evenly.
      const int rt_index =
          static_cast<int>(alive * static_cast<uint64_t>(v.total_rt) / v.population);
      int rw = 0;
      int rt = rt_index;
      while (rt >= v.rt_per_rw[static_cast<size_t>(rw)])
        rt -= v.rt_per_rw[static_cast<size_t>(rw++)];
      int& house = rt_house[static_cast<size_t>(rt_index)];
      house += 1 + static_cast<int>(rng.below(3));
      std::snprintf(buf, sizeof buf, " No. %d%s", house, rng.chance(50) ? "A" : "");
      const std::string street = rt_streets[static_cast<size_t>(rt_index)] + buf;
      double home_lat = 0;
      double home_lon = 0;
      place_near(rng, v, 1.0, home_lat, home_lon);

      // KK issued in the household's kecamatan on a date after the head came of age.
      const int64_t earliest = std::max(Date{2004, 1, 1}.days(), members[0].birth + years_days(17));
      int64_t entry =
          earliest + rng.below(static_cast<uint32_t>(std::max<int64_t>(1, today_ - earliest)));
      entry = std::min(entry, today_);
      int kk_serial = kk_serials_->next(v.district, entry);
      for (int tries = 0; kk_serial == 0 && tries < 3650; ++tries) {
        kk_serial = kk_serials_->next(v.district, --entry);
      }
      if (kk_serial == 0) throw std::logic_error("demo: KK serials exhausted");
      const Date entry_date = Date::from_days(entry);
      std::snprintf(buf, sizeof buf, "%s%02d%02d%02d%04d",
                    districts_[static_cast<size_t>(v.district)]->code.c_str(), entry_date.day,
                    entry_date.month, entry_date.year % 100, kk_serial);
      kk = buf;

      household.clear();
      for (size_t i = 0; i < members.size(); ++i) {
        const Member& mb = members[i];
        if (mb.status == LifeStatus::kAlive) {
          if (alive == v.population) continue;  // the kelurahan's exact total is reached
          ++alive;
        }
        DemoPerson& p = household.emplace_back();
        const int age = age_of(mb.birth);
        const int slot = pick_origin_slot(rng, v.district, age >= 17);
        int64_t birth = mb.birth;
        make_nik(slot, birth, mb.sex, p.nik);
        p.birth_date = Date::from_days(birth);
        p.no_kk = kk;
        p.sex = mb.sex;
        demo::make_person_name(mb.ethnicity, mb.sex, p.birth_date.year, mb.family, rng, p.name);
        p.birth_place = birth_place(rng, slot, age < 17);
        p.street = street;
        p.rt = rt + 1;
        p.rw = rw + 1;
        p.village_code = v.region->code;
        p.status = mb.status;
        if (mb.status != LifeStatus::kAlive)
          p.status_date = Date::from_days(std::min(mb.status_day, today_));
        p.head_of_household = i == 0;
        p.relation = mb.relation;
        p.lat = home_lat;
        p.lon = home_lon;
        const int phone_per_mille = age < 15 ? 0 : (age < 18 ? 500 : (age < 60 ? 880 : 550));
        if (mb.status != LifeStatus::kDied && rng.chance(phone_per_mille))
          demo::make_phone(rng, p.phone);
      }
      if (household.empty()) continue;
      ++summary_.households;
      if (sink_.household) SK_TRY(sink_.household(household));
      const uint64_t done = done_before_ + alive;
      if (sink_.progress && done >= next_progress) {
        sink_.progress(done, target_);
        next_progress = done + kProgressEvery;
      }
    }
    done_before_ += alive;
  }
  summary_.residents = done_before_;
  if (sink_.progress) sink_.progress(summary_.residents, target_);
  return {};
}

}  // namespace siklus::registry::demo
