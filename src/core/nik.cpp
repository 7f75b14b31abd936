#include "core/nik.h"

#include <cstdio>

namespace siklus {

std::optional<Sex> parse_sex(std::string_view t) {
  if (t.empty()) return Sex::kUnknown;
  if (t == "L" || t == "l" || t == "M") return Sex::kMale;
  if (t == "P" || t == "p" || t == "F") return Sex::kFemale;
  return std::nullopt;
}

const char* sex_code(Sex sex) {
  switch (sex) {
    case Sex::kMale:
      return "L";
    case Sex::kFemale:
      return "P";
    default:
      return "";
  }
}

const char* nik_problem_code(NikProblem p) {
  switch (p) {
    case NikProblem::kNone:
      return "ok";
    case NikProblem::kLength:
      return "length";
    case NikProblem::kNotDigits:
      return "not_digits";
    case NikProblem::kUnknownRegion:
      return "unknown_region";
    case NikProblem::kInvalidBirthDate:
      return "invalid_birth_date";
    case NikProblem::kBirthDateMismatch:
      return "birth_date_mismatch";
    case NikProblem::kSexMismatch:
      return "sex_mismatch";
    case NikProblem::kZeroSerial:
      return "zero_serial";
  }
  return "ok";
}

std::string nik_problem_message(NikProblem p) {
  switch (p) {
    case NikProblem::kNone:
      return "valid";
    case NikProblem::kLength:
      return "NIK must have 16 digits";
    case NikProblem::kNotDigits:
      return "NIK must contain digits only";
    case NikProblem::kUnknownRegion:
      return "NIK digits 1-6 are not an existing kecamatan code";
    case NikProblem::kInvalidBirthDate:
      return "NIK digits 7-12 are not a valid birth date";
    case NikProblem::kBirthDateMismatch:
      return "NIK birth date does not agree with the birth date";
    case NikProblem::kSexMismatch:
      return "NIK day field (+40 for women) does not agree with sex";
    case NikProblem::kZeroSerial:
      return "NIK serial (digits 13-16) must start at 0001";
  }
  return "invalid";
}

NikInfo check_nik(const NikCheckInput& in) {
  NikInfo info;
  const std::string_view n = in.nik;
  if (n.size() != 16) {
    info.problem = NikProblem::kLength;
    return info;
  }
  for (char c : n) {
    if (c < '0' || c > '9') {
      info.problem = NikProblem::kNotDigits;
      return info;
    }
  }
  info.district = std::string(n.substr(0, 6));
  auto two = [&](size_t at) { return (n[at] - '0') * 10 + (n[at + 1] - '0'); };
  int day = two(6);
  const int month = two(8);
  const int yy = two(10);
  if (day > 40) {
    info.sex = Sex::kFemale;
    day -= 40;
  } else {
    info.sex = Sex::kMale;
  }
  // Century: prefer the stated birth year when its last two digits agree, else the latest
  // year not after today.
  int year = 2000 + yy;
  if (in.birth && in.birth->year % 100 == yy) {
    year = in.birth->year;
  } else if (year > in.today.year) {
    year -= 100;
  }
  if (!Date::valid(year, month, day)) {
    info.problem = NikProblem::kInvalidBirthDate;
    return info;
  }
  info.birth = Date{year, month, day};
  if (in.district_exists && !in.district_exists(info.district)) {
    info.problem = NikProblem::kUnknownRegion;
  } else if (n.substr(12) == "0000") {
    info.problem = NikProblem::kZeroSerial;
  } else if (in.birth && *in.birth != *info.birth) {
    info.problem = NikProblem::kBirthDateMismatch;
  } else if (in.sex != Sex::kUnknown && in.sex != info.sex) {
    info.problem = NikProblem::kSexMismatch;
  }
  return info;
}

std::string make_nik(std::string_view district6, Date birth, Sex sex, int serial) {
  char buf[32];
  const int day = birth.day + (sex == Sex::kFemale ? 40 : 0);
  std::snprintf(buf, sizeof buf, "%.6s%02d%02d%02d%04d", std::string(district6).c_str(), day,
                birth.month, birth.year % 100, serial % 10000);
  return buf;
}

std::string mask_nik(std::string_view nik) {
  if (nik.size() != 16) return std::string(nik.size(), '*');
  return std::string(nik.substr(0, 6)) + std::string(10, '*');
}

}  // namespace siklus
