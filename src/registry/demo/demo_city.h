#pragma once
// Deterministic synthetic city (pure engine: plain structs in, plain structs out, no I/O).
// The generator is given the city's real kecamatan and kelurahan (from idn-area-data) and a seed,
// and produces facilities, staff and residents household by household. People are streamed to a
// sink so a 2.5 M city never has to sit in memory at once.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/nik.h"
#include "core/result.h"

namespace siklus::registry {

enum class FacilityType {
  kDinkes,     // Dinas Kesehatan Kota
  kPuskesmas,  // with a wilayah kerja (catchment of kelurahan)
  kPustu,      // puskesmas pembantu, one per kelurahan
  kPosyandu,   // one per RW, attached to the kelurahan's pustu
  kHospital,   // RSUD and private hospitals
  kClinic,     // klinik pratama/utama (public-private mix)
  kPractice,   // independent doctor's or midwife's practice
};
const char* facility_type_code(FacilityType type);  // "dinkes", "puskesmas", …

enum class LifeStatus { kAlive, kDied, kMovedOut };
const char* life_status_code(LifeStatus status);  // "HIDUP", "MATI", "PINDAH"

struct DemoRegion {
  std::string code;  // normalized, no dots
  std::string name;
};

struct DemoFacility {
  std::string key;  // stable within the city, e.g. "PKM-337101-01"; used for parent links
  FacilityType type = FacilityType::kPuskesmas;
  std::string name;                    // "Puskesmas Jurangombo"
  std::string village_code;            // kelurahan where it stands
  int rw = 0;                          // posyandu: the RW it serves
  std::string parent_key;              // pustu -> puskesmas, posyandu -> pustu, puskesmas -> dinkes
  std::vector<std::string> catchment;  // puskesmas: kelurahan codes of its wilayah kerja
  bool government = true;              // false for private (public-private mix)
  std::string address;
  //! Synthetic WGS84 position near its kelurahan's synthetic point (idn-area-data has no
  //! geometry; see README.md in this folder): plausible for maps, not a real location.
  double lat = 0;
  double lon = 0;
};

struct DemoStaff {
  std::string nik;
  std::string name;  // with academic titles as written in Indonesia ("dr. Andi Wijaya")
  Sex sex = Sex::kUnknown;
  Date birth_date;  // agrees with the NIK
  //! "dokter", "dokter_gigi", "bidan", "perawat", "gizi", "kesling", "farmasi", "analis",
  //! "promkes", or "kader".
  std::string profession;
  std::vector<std::string> skills;  // "anc", "imunisasi", "homecare", "ptm", …
  std::string facility_key;         // where they work (kader: their posyandu)
  std::string phone;
};

struct DemoPerson {
  std::string nik;
  std::string no_kk;
  std::string name;
  Sex sex = Sex::kUnknown;
  Date birth_date;
  std::string birth_place;
  std::string street;  // "Jl. Tidar No. 12"
  int rt = 0;
  int rw = 0;
  std::string village_code;  // kelurahan, normalized
  std::string phone;
  LifeStatus status = LifeStatus::kAlive;
  std::optional<Date> status_date;  // date of death or move
  bool head_of_household = false;
  //! Hubungan dalam keluarga as on the KK: "KEPALA KELUARGA", "ISTRI", "SUAMI", "ANAK",
  //! "MENANTU", "CUCU", "ORANG TUA", "MERTUA", "FAMILI LAIN".
  std::string relation;
  //! Synthetic home position near the kelurahan's synthetic point (not a real location).
  double lat = 0;
  double lon = 0;
};

struct DemoOptions {
  std::string city_code;  // normalized kab/kota code, e.g. "3371"
  std::string city_name;  // "Kota Magelang"
  uint64_t seed = 1;
  Date today;                         // reference date for ages
  std::vector<DemoRegion> districts;  // the city's kecamatan
  std::vector<DemoRegion> villages;   // the city's kelurahan/desa (code prefix = district)
};

//! Receives the generated city in order: all facilities, all staff, then households.
struct DemoSink {
  std::function<Status(const std::vector<DemoFacility>&)> facilities;
  std::function<Status(const std::vector<DemoStaff>&)> staff;
  //! One household (same no_kk) at a time, head first; residents alive at `today`, plus the
  //! occasional dead or moved-out member with a status date.
  std::function<Status(const std::vector<DemoPerson>&)> household;
  //! Called every few thousand residents: (alive residents so far, target).
  std::function<void(uint64_t, uint64_t)> progress;
};

struct DemoSummary {
  std::string city_code;
  std::string city_name;
  uint64_t residents = 0;  // alive residents generated (the preset's target, exactly)
  uint64_t households = 0;
  uint64_t facilities = 0;
  uint64_t staff = 0;
};

//! Target population of a preset city, or a default derived from its kelurahan count.
uint64_t demo_population(const DemoOptions& options);

//! Generates the city; same options and seed give byte-identical output. Fails only if the
//! options have no kecamatan/kelurahan or the sink fails.
Result<DemoSummary> generate_demo_city(const DemoOptions& options, const DemoSink& sink);

}  // namespace siklus::registry
