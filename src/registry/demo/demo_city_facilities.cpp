// Facilities and their staff: Dinas Kesehatan, puskesmas with their wilayah kerja and a
// Permenkes-like staffing pattern, pustu and posyandu, hospitals, clinics and practices.

#include <algorithm>
#include <cstdio>

#include "registry/demo/demo_city_builder.h"

namespace siklus::registry::demo {
namespace {

struct StaffQuota {
  const char* profession;
  int lo;
  int hi;
};
// A city puskesmas (non-rawat-inap) by the Permenkes 43/2019 staffing pattern, roughly.
constexpr StaffQuota kPuskesmasStaff[] = {
    {"dokter", 2, 4},  {"dokter_gigi", 1, 2}, {"bidan", 5, 10}, {"perawat", 6, 12}, {"gizi", 1, 2},
    {"kesling", 1, 2}, {"farmasi", 2, 3},     {"analis", 1, 2}, {"promkes", 1, 2}};

struct SkillSet {
  const char* profession;
  std::vector<const char*> always;
  std::vector<const char*> sometimes;
};
const SkillSet kSkills[] = {
    {"dokter",
     {"pemeriksaan_umum"},
     {"ptm", "mtbs", "homecare", "jiwa", "lansia", "tb", "anc", "gizi"}},
    {"dokter_gigi", {"gigi"}, {"ukgs", "homecare"}},
    {"bidan",
     {"anc", "kb"},
     {"persalinan", "nifas", "imunisasi", "mtbs", "sdidtk", "homecare", "gizi"}},
    {"perawat",
     {"perkesmas"},
     {"imunisasi", "ptm", "homecare", "lansia", "jiwa", "tb", "mtbs", "luka", "gawat_darurat"}},
    {"gizi", {"gizi"}, {"konseling_gizi", "pmt", "sdidtk", "homecare"}},
    {"kesling", {"kesling"}, {"sanitasi", "vektor", "surveilans"}},
    {"farmasi", {"farmasi"}, {"konseling_obat"}},
    {"analis", {"lab"}, {"tb", "poct"}},
    {"promkes", {"promkes"}, {"ukbm", "pemberdayaan"}},
    {"kader",
     {"posyandu", "antropometri"},
     {"kunjungan_rumah", "kia", "imunisasi", "ptm", "lansia", "remaja", "gizi"}},
};

const char* title_suffix(std::string_view profession, Rng& rng) {
  if (profession == "bidan") return rng.chance(600) ? ", A.Md.Keb." : ", S.Tr.Keb.";
  if (profession == "perawat") return rng.chance(550) ? ", A.Md.Kep." : ", S.Kep., Ns.";
  if (profession == "gizi") return rng.chance(500) ? ", S.Gz." : ", A.Md.Gz.";
  if (profession == "kesling") return rng.chance(500) ? ", S.KM" : ", A.Md.KL";
  if (profession == "farmasi") return rng.chance(450) ? ", S.Farm., Apt." : ", A.Md.Farm.";
  if (profession == "analis") return ", A.Md.AK";
  if (profession == "promkes") return ", S.KM";
  return "";
}

}  // namespace

void CityBuilder::add_staff(Rng& rng, const std::string& facility_key, std::string_view profession,
                            int v, std::vector<DemoStaff>& out) {
  DemoStaff s;
  int female = 600;
  if (profession == "bidan") female = 1000;
  if (profession == "kader") female = 950;
  if (profession == "perawat") female = 700;
  if (profession == "dokter") female = 560;
  s.sex = rng.chance(female) ? Sex::kFemale : Sex::kMale;
  const bool kader = profession == "kader";
  int64_t birth = birth_for_age(rng, kader ? rng.range(22, 62) : rng.range(24, 57));
  const int district = villages_[static_cast<size_t>(v)].district;
  const int slot = pick_origin_slot(rng, district, true);
  make_nik(slot, birth, s.sex, s.nik);
  s.birth_date = Date::from_days(birth);
  const Ethnicity eth = pick_ethnicity(rng);
  std::string name;
  demo::make_person_name(eth, s.sex, s.birth_date.year, demo::pick_family_name(eth, rng), rng,
                         name);
  if (profession == "dokter")
    s.name = "dr. " + name;
  else if (profession == "dokter_gigi")
    s.name = "drg. " + name;
  else
    s.name = name + title_suffix(profession, rng);
  s.profession = std::string(profession);
  for (const auto& set : kSkills) {
    if (profession != set.profession) continue;
    for (const char* skill : set.always) s.skills.emplace_back(skill);
    for (const char* skill : set.sometimes) {
      if (rng.chance(450)) s.skills.emplace_back(skill);
    }
  }
  s.facility_key = facility_key;
  demo::make_phone(rng, s.phone);
  out.push_back(std::move(s));
}

std::string CityBuilder::address(FacilityBuild& fb, int v) {
  std::string street;
  demo::make_street_base(fb.rng, street);
  std::snprintf(fb.buf, sizeof fb.buf, " No. %d, ", fb.rng.range(1, 120));
  return street + fb.buf + villages_[static_cast<size_t>(v)].region->name;
}

// A kelurahan drawn with probability proportional to its population.
int CityBuilder::village_by_population(Rng& rng) const {
  uint64_t r = rng.next() % target_;
  for (size_t i = 0; i < villages_.size(); ++i) {
    if (r < villages_[i].population) return static_cast<int>(i);
    r -= villages_[i].population;
  }
  return static_cast<int>(villages_.size()) - 1;
}

int CityBuilder::village_index(std::string_view code) const {
  for (size_t i = 0; i < villages_.size(); ++i) {
    if (villages_[i].region->code == code) return static_cast<int>(i);
  }
  return -1;
}

void CityBuilder::add_dinkes(FacilityBuild& fb) {
  // Dinas Kesehatan at the city centre.
  fb.dinkes_key = "DINKES-" + options_.city_code;
  {
    DemoFacility f;
    f.key = fb.dinkes_key;
    f.type = FacilityType::kDinkes;
    f.name = "Dinas Kesehatan " +
             (options_.city_name.empty() ? std::string(preset_.short_name) : options_.city_name);
    int nearest = 0;
    double best = 1e18;
    for (size_t i = 0; i < villages_.size(); ++i) {
      const double dl = villages_[i].lat - preset_.lat;
      const double dn = villages_[i].lon - preset_.lon;
      if (dl * dl + dn * dn < best) {
        best = dl * dl + dn * dn;
        nearest = static_cast<int>(i);
      }
    }
    f.village_code = villages_[static_cast<size_t>(nearest)].region->code;
    f.address = address(fb, nearest);
    f.lat = preset_.lat;
    f.lon = preset_.lon;
    fb.facilities.push_back(std::move(f));
  }
}

// Puskesmas with their wilayah kerja and staff.
void CityBuilder::add_puskesmas(FacilityBuild& fb) {
  for (size_t k = 0; k < puskesmas_.size(); ++k) {
    const PuskesmasPlan& p = puskesmas_[k];
    DemoFacility f;
    std::snprintf(fb.buf, sizeof fb.buf, "PKM-%s-%02d",
                  districts_[static_cast<size_t>(p.district)]->code.c_str(),
                  static_cast<int>(k) + 1);
    f.key = fb.buf;
    f.type = FacilityType::kPuskesmas;
    f.name = p.name;
    const Village& host = villages_[static_cast<size_t>(p.host)];
    f.village_code = host.region->code;
    f.parent_key = fb.dinkes_key;
    for (int v : p.villages) f.catchment.push_back(villages_[static_cast<size_t>(v)].region->code);
    std::sort(f.catchment.begin(), f.catchment.end());
    f.address = address(fb, p.host);
    place_near(fb.rng, host, 0.3, f.lat, f.lon);
    fb.puskesmas_keys.push_back(f.key);
    fb.facilities.push_back(std::move(f));
    for (const auto& quota : kPuskesmasStaff) {
      const int n = fb.rng.range(quota.lo, quota.hi);
      for (int i = 0; i < n; ++i)
        add_staff(fb.rng, fb.puskesmas_keys.back(), quota.profession, p.host, fb.staff);
    }
  }
}

// A pustu per kelurahan with a midwife and a nurse, a posyandu per RW with its kader.
void CityBuilder::add_pustu_and_posyandu(FacilityBuild& fb) {
  for (size_t i = 0; i < villages_.size(); ++i) {
    const Village& v = villages_[i];
    DemoFacility pustu;
    pustu.key = "PST-" + v.region->code;
    pustu.type = FacilityType::kPustu;
    pustu.name = "Puskesmas Pembantu " + v.region->name;
    for (const auto& [code, name] : preset_.pustu_names) {
      if (code == v.region->code) pustu.name = std::string(name);
    }
    pustu.village_code = v.region->code;
    pustu.parent_key = fb.puskesmas_keys[static_cast<size_t>(v.puskesmas)];
    pustu.address = address(fb, static_cast<int>(i));
    place_near(fb.rng, v, 0.4, pustu.lat, pustu.lon);
    fb.facilities.push_back(pustu);
    add_staff(fb.rng, pustu.key, "bidan", static_cast<int>(i), fb.staff);
    add_staff(fb.rng, pustu.key, "perawat", static_cast<int>(i), fb.staff);
    const uint32_t name_offset = fb.rng.below(30);
    for (size_t rw = 0; rw < v.rt_per_rw.size(); ++rw) {
      DemoFacility pos;
      std::snprintf(fb.buf, sizeof fb.buf, "PSY-%s-%02d", v.region->code.c_str(),
                    static_cast<int>(rw) + 1);
      pos.key = fb.buf;
      pos.type = FacilityType::kPosyandu;
      std::snprintf(fb.buf, sizeof fb.buf, " RW %02d", static_cast<int>(rw) + 1);
      pos.name = "Posyandu " +
                 std::string(demo::posyandu_name(name_offset + static_cast<uint32_t>(rw))) + fb.buf;
      pos.village_code = v.region->code;
      pos.rw = static_cast<int>(rw) + 1;
      pos.parent_key = pustu.key;
      pos.address = address(fb, static_cast<int>(i));
      place_near(fb.rng, v, 0.9, pos.lat, pos.lon);
      fb.facilities.push_back(std::move(pos));
      const int kader = fb.rng.range(4, 6);
      for (int k = 0; k < kader; ++k)
        add_staff(fb.rng, fb.facilities.back().key, "kader", static_cast<int>(i), fb.staff);
    }
  }
}

void CityBuilder::add_hospitals(FacilityBuild& fb) {
  // Hospitals: the preset's named ones (the city's RSUD first), then private ones to about one
  // per 50,000 residents.
  std::vector<demo::HospitalSpec> hospitals = preset_.hospitals;
  std::string rsud_name;
  if (hospitals.empty()) {
    rsud_name = "RSUD " +
                (options_.city_name.empty() ? std::string(preset_.short_name) : options_.city_name);
    hospitals.push_back({rsud_name, true, ""});
  }
  const size_t hospital_target =
      std::max<size_t>(2, static_cast<size_t>((target_ + 25000) / 50000));
  std::vector<std::string> private_names;
  private_names.reserve(hospital_target);
  for (size_t h = hospitals.size(); h < hospital_target; ++h) {
    static constexpr const char* kKinds[] = {"RS ", "RSU ", "RSIA ", "RS Islam ", "RS "};
    std::string name = kKinds[fb.rng.below(5)];
    name += demo::pick_facility_name(fb.rng);
    private_names.push_back(std::move(name));
  }
  for (auto& name : private_names) hospitals.push_back({name, false, ""});
  for (size_t h = 0; h < hospitals.size(); ++h) {
    DemoFacility f;
    std::snprintf(fb.buf, sizeof fb.buf, "RS-%s-%02d", options_.city_code.c_str(),
                  static_cast<int>(h) + 1);
    f.key = fb.buf;
    f.type = FacilityType::kHospital;
    int v = hospitals[h].village.empty() ? -1 : village_index(hospitals[h].village);
    if (v < 0) v = village_by_population(fb.rng);
    f.name = std::string(hospitals[h].name);
    // Same-named private hospitals get their kelurahan appended.
    for (size_t o = 0; o < h; ++o) {
      if (fb.facilities[fb.facilities.size() - h + o].name == f.name)
        f.name += " " + villages_[static_cast<size_t>(v)].region->name;
    }
    f.government = hospitals[h].government;
    f.parent_key = f.government ? fb.dinkes_key : std::string();
    f.village_code = villages_[static_cast<size_t>(v)].region->code;
    f.address = address(fb, v);
    place_near(fb.rng, villages_[static_cast<size_t>(v)], 0.5, f.lat, f.lon);
    fb.facilities.push_back(std::move(f));
  }
}

void CityBuilder::add_clinics(FacilityBuild& fb) {
  // Klinik pratama (about one per 9,000 residents).
  const int clinics = std::max(1, static_cast<int>((target_ + 4500) / 9000));
  for (int c = 0; c < clinics; ++c) {
    DemoFacility f;
    std::snprintf(fb.buf, sizeof fb.buf, "KLN-%s-%03d", options_.city_code.c_str(), c + 1);
    f.key = fb.buf;
    f.type = FacilityType::kClinic;
    const int v = village_by_population(fb.rng);
    f.government = fb.rng.chance(100);  // police, army and agency clinics
    f.name = f.government
                 ? "Klinik Pratama Bhayangkara " + villages_[static_cast<size_t>(v)].region->name
                 : "Klinik Pratama " + std::string(demo::pick_facility_name(fb.rng));
    f.village_code = villages_[static_cast<size_t>(v)].region->code;
    f.address = address(fb, v);
    place_near(fb.rng, villages_[static_cast<size_t>(v)], 0.8, f.lat, f.lon);
    fb.facilities.push_back(f);
    const int doctors = fb.rng.range(1, 3);
    for (int d = 0; d < doctors; ++d) add_staff(fb.rng, f.key, "dokter", v, fb.staff);
    add_staff(fb.rng, f.key, "perawat", v, fb.staff);
    if (fb.rng.chance(600)) add_staff(fb.rng, f.key, "bidan", v, fb.staff);
    if (fb.rng.chance(500)) add_staff(fb.rng, f.key, "dokter_gigi", v, fb.staff);
    add_staff(fb.rng, f.key, "farmasi", v, fb.staff);
  }
}

// Independent practices (about one per 6,000 residents), named after their owner.
void CityBuilder::add_practices(FacilityBuild& fb) {
  const int practices = std::max(1, static_cast<int>((target_ + 3000) / 6000));
  for (int c = 0; c < practices; ++c) {
    DemoFacility f;
    std::snprintf(fb.buf, sizeof fb.buf, "PRK-%s-%03d", options_.city_code.c_str(), c + 1);
    f.key = fb.buf;
    f.type = FacilityType::kPractice;
    f.government = false;
    const int v = village_by_population(fb.rng);
    const uint32_t kind = fb.rng.below(100);
    const char* profession = kind < 50 ? "dokter" : (kind < 85 ? "bidan" : "dokter_gigi");
    add_staff(fb.rng, f.key, profession, v, fb.staff);
    const std::string& owner = fb.staff.back().name;
    if (kind < 50)
      f.name = "Praktik Mandiri " + owner;
    else if (kind < 85)
      f.name = "Praktik Mandiri Bidan " + owner;
    else
      f.name = "Praktik Dokter Gigi " + owner;
    f.village_code = villages_[static_cast<size_t>(v)].region->code;
    f.address = address(fb, v);
    place_near(fb.rng, villages_[static_cast<size_t>(v)], 0.8, f.lat, f.lon);
    fb.facilities.push_back(std::move(f));
  }
}

Status CityBuilder::build_facilities() {
  // The facility builders in the order they draw from the "fac:" stream; staff are made right
  // after their facility, from the same stream.
  static constexpr void (CityBuilder::*kFacilityBuilders[])(FacilityBuild&) = {
      &CityBuilder::add_dinkes,
      &CityBuilder::add_puskesmas,
      &CityBuilder::add_pustu_and_posyandu,
      &CityBuilder::add_hospitals,
      &CityBuilder::add_clinics,
      &CityBuilder::add_practices,
  };
  FacilityBuild fb(demo::mix_seed(options_.seed, demo::hash_text("fac:" + options_.city_code)));
  for (auto builder : kFacilityBuilders) (this->*builder)(fb);
  summary_.facilities = fb.facilities.size();
  summary_.staff = fb.staff.size();
  if (sink_.facilities) SK_TRY(sink_.facilities(fb.facilities));
  if (sink_.staff) SK_TRY(sink_.staff(fb.staff));
  return {};
}

}  // namespace siklus::registry::demo
