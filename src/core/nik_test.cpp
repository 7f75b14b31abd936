#include "core/nik.h"

#include <gtest/gtest.h>

namespace siklus {
namespace {
NikCheckInput input(std::string_view nik) {
  NikCheckInput in;
  in.nik = nik;
  in.today = {2026, 11, 25};
  in.district_exists = [](std::string_view d) { return d == "337101" || d == "337102"; };
  return in;
}
}  // namespace

TEST(Nik, DecodesBirthDateAndSexWithWomenPlusForty) {
  auto man = check_nik(input("3371011503850001"));
  ASSERT_TRUE(man.ok()) << nik_problem_code(man.problem);
  EXPECT_EQ(man.birth, (Date{1985, 3, 15}));
  EXPECT_EQ(man.sex, Sex::kMale);
  auto woman = check_nik(input("3371015503100002"));
  ASSERT_TRUE(woman.ok());
  EXPECT_EQ(woman.birth, (Date{2010, 3, 15}));
  EXPECT_EQ(woman.sex, Sex::kFemale);
}

TEST(Nik, RejectsShapeRegionDateAndSerial) {
  EXPECT_EQ(check_nik(input("337101150385000")).problem, NikProblem::kLength);
  EXPECT_EQ(check_nik(input("33710115038500X1")).problem, NikProblem::kNotDigits);
  EXPECT_EQ(check_nik(input("3371991503850001")).problem, NikProblem::kUnknownRegion);
  EXPECT_EQ(check_nik(input("3371013202850001")).problem, NikProblem::kInvalidBirthDate);
  EXPECT_EQ(check_nik(input("3371017203850001")).problem, NikProblem::kInvalidBirthDate);
  EXPECT_EQ(check_nik(input("3371011503850000")).problem, NikProblem::kZeroSerial);
}

TEST(Nik, ComparesWithStatedBirthDateAndSex) {
  auto in = input("3371011503850001");
  in.birth = Date{1985, 3, 16};
  EXPECT_EQ(check_nik(in).problem, NikProblem::kBirthDateMismatch);
  in.birth = Date{1985, 3, 15};
  in.sex = Sex::kFemale;
  EXPECT_EQ(check_nik(in).problem, NikProblem::kSexMismatch);
  // Stated year resolves the century: born 1925, not 2025.
  auto old = input("3371010101250003");
  old.birth = Date{1925, 1, 1};
  EXPECT_TRUE(check_nik(old).ok());
}

TEST(Nik, MakeAndMaskRoundTrip) {
  const auto nik = make_nik("337102", {1990, 12, 3}, Sex::kFemale, 42);
  EXPECT_EQ(nik, "3371024312900042");
  auto in = input(nik);
  in.birth = Date{1990, 12, 3};
  in.sex = Sex::kFemale;
  EXPECT_TRUE(check_nik(in).ok());
  EXPECT_EQ(mask_nik(nik), "337102**********");
}

}  // namespace siklus
