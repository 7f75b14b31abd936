#pragma once
// NIK (Nomor Induk Kependudukan) checks per domain.md §4: PP KK CC DDMMYY SSSS, day + 40 for women.
// Pure: the caller says which kecamatan codes exist and what "today" is.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/date.h"

namespace siklus {

enum class Sex { kUnknown = 0, kMale = 1, kFemale = 2 };
std::optional<Sex> parse_sex(std::string_view text);  // "L"/"P" (also "M"/"F"); "" -> kUnknown
const char* sex_code(Sex sex);                        // "L", "P" or ""

enum class NikProblem {
  kNone,
  kLength,             // not 16 characters
  kNotDigits,          // a non-digit
  kUnknownRegion,      // digits 1–6 are not an existing kecamatan
  kInvalidBirthDate,   // digits 7–12 are not a date (day 1–31 or 41–71)
  kBirthDateMismatch,  // disagrees with the stated birth date
  kSexMismatch,        // day +40 disagrees with the stated sex
  kZeroSerial,         // serial 0000
};

//! Stable machine name ("birth_date_mismatch") and an English explanation.
const char* nik_problem_code(NikProblem problem);
std::string nik_problem_message(NikProblem problem);

struct NikInfo {
  NikProblem problem = NikProblem::kNone;
  std::string district;       // first six digits
  std::optional<Date> birth;  // decoded birth date (century resolved against `today`)
  Sex sex = Sex::kUnknown;    // decoded from the day field
  bool ok() const { return problem == NikProblem::kNone; }
};

struct NikCheckInput {
  std::string_view nik;
  std::optional<Date> birth;  // stated birth date, if known
  Sex sex = Sex::kUnknown;    // stated sex, if known
  Date today;
  //! Whether a 6-digit kecamatan code exists; null skips the region check.
  std::function<bool(std::string_view)> district_exists;
};

NikInfo check_nik(const NikCheckInput& in);

//! Builds a NIK from its parts (for the demo generator and tests): day +40 for women.
std::string make_nik(std::string_view district6, Date birth, Sex sex, int serial);

//! "3371010101900001" -> "337101**********": the kecamatan (public, as the address shows) kept,
//! birth date and serial hidden. No serial digit is shown: with the birth date and sex a role
//! sees anyway, shown serial digits would give the whole number back (issue 7). Also the mask
//! of KK numbers (16 digits, same layout).
std::string mask_nik(std::string_view nik);

}  // namespace siklus
