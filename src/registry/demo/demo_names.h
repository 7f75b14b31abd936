#pragma once
// Indonesian personal names, street names and phone numbers for the demo city. Tables hold common
// names by ethnic tradition and birth cohort; entries like "Rizky|Rizki" list spelling variants.
// All output is synthetic: combinations are drawn at random and belong to nobody.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/nik.h"
#include "registry/demo/demo_rng.h"

namespace siklus::registry::demo {

enum class Ethnicity : uint8_t {
  kJavanese,
  kSundanese,
  kBetawi,
  kBatakToba,
  kMandailing,
  kKaro,
  kMalay,
  kMinang,
  kChinese,
};
inline constexpr int kEthnicityCount = 9;

//! Whether children carry a family name (Batak marga, Chinese-Indonesian surname).
bool has_family_name(Ethnicity ethnicity);
//! A family name of that tradition; empty where the tradition has none.
std::string_view pick_family_name(Ethnicity ethnicity, Rng& rng);

//! Writes a full name to `out`. `family` is the person's own family name (a Batak woman keeps
//! her father's marga, sometimes written "br. Siregar"); empty for traditions without one.
void make_person_name(Ethnicity ethnicity, Sex sex, int birth_year, std::string_view family,
                      Rng& rng, std::string& out);

//! Street base for one RT: "Jl. Diponegoro", "Gg. Melati II", "Perum Griya Asri Blok C".
void make_street_base(Rng& rng, std::string& out);

//! Synthetic mobile number "08xx…" (10–13 digits) with a real operator prefix.
void make_phone(Rng& rng, std::string& out);

//! One entry of a "a|b|c" variant list: the first variant half of the time, else another.
std::string_view pick_variant(std::string_view entry, Rng& rng);

//! A name drawn from a private-facility name pool ("Sehat Sentosa", "Bunda Mulia", …).
std::string_view pick_facility_name(Rng& rng);
//! A flower/virtue name for a posyandu ("Mawar", "Melati", …).
std::string_view posyandu_name(uint32_t index);

}  // namespace siklus::registry::demo
