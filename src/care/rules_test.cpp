// One row per rule, with the domain.md section it comes from: the input, the person's history,
// and either acceptance or the field and message id of the refusal.
#include "care/rules.h"

#include <gtest/gtest.h>

#include <vector>

namespace siklus::care {
namespace {

using nlohmann::json;

const Date kToday{2026, 12, 1};

struct Past {
  const char* service;
  const char* date;
  const char* fields;  // JSON
};

struct Case {
  const char* section;
  const char* rule;
  const char* sex;
  const char* birth;
  std::vector<Past> history;
  const char* service;
  const char* date;
  const char* fields;      // JSON
  const char* field;       // "" = accepted
  const char* message_id;  // care.* id, or "" for generic shape errors
};

// A child born 2026-03-01 (9 months on kToday), a woman born 1996-05-10 (30), an elderly man.
const std::vector<Case> kCases = {
    // General
    {"general",
     "a date in the future",
     "L",
     "2026-03-01",
     {},
     "anthropometry",
     "2026-12-02",
     R"({"weight_kg": 8})",
     "date",
     ""},
    {"general",
     "a visit before birth",
     "L",
     "2026-03-01",
     {},
     "anthropometry",
     "2026-02-01",
     R"({"weight_kg": 3})",
     "date",
     "care.before_birth"},
    {"general",
     "an unknown service",
     "L",
     "2026-03-01",
     {},
     "massage",
     "2026-06-01",
     "{}",
     "service",
     "care.unknown_service"},
    {"general",
     "an unknown field",
     "L",
     "2026-03-01",
     {},
     "anthropometry",
     "2026-06-01",
     R"({"weight_kg": 7, "colour": "red"})",
     "colour",
     ""},
    {"general",
     "a choice outside the list",
     "L",
     "2026-03-01",
     {},
     "immunization",
     "2026-06-01",
     R"({"antigen": "smallpox", "dose": 1})",
     "antigen",
     "care.not_a_choice"},
    // §3.3 anthropometry plausibility
    {"§3.3",
     "a 300 kg toddler",
     "L",
     "2026-03-01",
     {},
     "anthropometry",
     "2026-11-01",
     R"({"weight_kg": 300})",
     "weight_kg",
     "care.implausible"},
    {"§3.3",
     "a plausible infant",
     "L",
     "2026-03-01",
     {},
     "anthropometry",
     "2026-11-01",
     R"({"weight_kg": 8.1, "height_cm": 70.5, "muac_cm": 14})",
     "",
     ""},
    {"§3.3",
     "no measurement at all",
     "L",
     "2026-03-01",
     {},
     "anthropometry",
     "2026-11-01",
     "{}",
     "weight_kg",
     "care.measurement_required"},
    // §3.1 immunisation
    {"§3.1",
     "HB0 at birth",
     "L",
     "2026-03-01",
     {},
     "immunization",
     "2026-03-01",
     R"({"antigen": "hb0", "dose": 1})",
     "",
     ""},
    {"§3.1",
     "HB0 after 7 days",
     "L",
     "2026-03-01",
     {},
     "immunization",
     "2026-03-20",
     R"({"antigen": "hb0", "dose": 1})",
     "date",
     "care.dose_too_old"},
    {"§3.1",
     "DPT-HB-Hib1 before 6 weeks",
     "L",
     "2026-03-01",
     {},
     "immunization",
     "2026-03-20",
     R"({"antigen": "dpt_hb_hib", "dose": 1})",
     "date",
     "care.dose_too_young"},
    {"§3.1",
     "DPT-HB-Hib2 one month after dose 1",
     "L",
     "2026-03-01",
     {{"immunization", "2026-05-01", R"({"antigen": "dpt_hb_hib", "dose": 1})"}},
     "immunization",
     "2026-06-01",
     R"({"antigen": "dpt_hb_hib", "dose": 2})",
     "",
     ""},
    {"§3.1",
     "a dose before its minimum interval (1 month)",
     "L",
     "2026-03-01",
     {{"immunization", "2026-05-01", R"({"antigen": "dpt_hb_hib", "dose": 1})"}},
     "immunization",
     "2026-05-20",
     R"({"antigen": "dpt_hb_hib", "dose": 2})",
     "date",
     "care.dose_interval"},
    {"§3.1",
     "dose 2 without dose 1",
     "L",
     "2026-03-01",
     {},
     "immunization",
     "2026-06-01",
     R"({"antigen": "opv", "dose": 2})",
     "dose",
     "care.dose_missing_previous"},
    {"§3.1",
     "the same dose twice",
     "L",
     "2026-03-01",
     {{"immunization", "2026-03-02", R"({"antigen": "bcg", "dose": 1})"}},
     "immunization",
     "2026-03-10",
     R"({"antigen": "bcg", "dose": 1})",
     "dose",
     "care.dose_duplicate"},
    {"§3.1",
     "MR1 before 9 months",
     "L",
     "2026-03-01",
     {},
     "immunization",
     "2026-10-01",
     R"({"antigen": "mr", "dose": 1})",
     "date",
     "care.dose_too_young"},
    {"§3.1",
     "a dose not in the schedule",
     "L",
     "2026-03-01",
     {},
     "immunization",
     "2026-10-01",
     R"({"antigen": "rv", "dose": 4})",
     "dose",
     "care.unknown_dose"},
    {"§3.1",
     "RV after 8 months",
     "L",
     "2025-01-01",
     {{"immunization", "2025-03-01", R"({"antigen": "rv", "dose": 1})"}},
     "immunization",
     "2025-10-01",
     R"({"antigen": "rv", "dose": 2})",
     "date",
     "care.dose_too_old"},
    // §3.2 newborn visits
    {"§3.2", "KN1 on day 1", "P", "2026-11-20", {}, "kn", "2026-11-21", R"({"visit": 1})", "", ""},
    {"§3.2",
     "KN1 outside 6-48 h",
     "P",
     "2026-11-20",
     {},
     "kn",
     "2026-11-25",
     R"({"visit": 1})",
     "date",
     "care.outside_window"},
    {"§3.2",
     "a second KN1",
     "P",
     "2026-11-20",
     {{"kn", "2026-11-21", R"({"visit": 1})"}},
     "kn",
     "2026-11-22",
     R"({"visit": 1})",
     "visit",
     "care.duplicate_visit"},
    {"§3.2",
     "KN after 28 days",
     "P",
     "2026-09-01",
     {},
     "kn",
     "2026-11-01",
     R"({"visit": 3})",
     "person_id",
     "care.age_out_of_range"},
    // §3.2 pregnancy, ANC, delivery, KF
    {"§3.2",
     "a pregnancy for a 5-year-old",
     "P",
     "2021-01-01",
     {},
     "pregnancy",
     "2026-06-01",
     R"({"hpht": "2026-04-01", "gravida": 1})",
     "person_id",
     "care.pregnancy_age"},
    {"§3.2",
     "a pregnancy for a man",
     "L",
     "1996-05-10",
     {},
     "pregnancy",
     "2026-06-01",
     R"({"hpht": "2026-04-01", "gravida": 1})",
     "person_id",
     "care.female_only"},
    {"§3.2",
     "a pregnancy with HPL",
     "P",
     "1996-05-10",
     {},
     "pregnancy",
     "2026-06-01",
     R"({"hpht": "2026-04-01", "gravida": 2, "para": 1})",
     "",
     ""},
    {"§3.2",
     "para + abortus ≥ gravida",
     "P",
     "1996-05-10",
     {},
     "pregnancy",
     "2026-06-01",
     R"({"hpht": "2026-04-01", "gravida": 2, "para": 1, "abortus": 1})",
     "para",
     "care.obstetric_counts"},
    {"§3.2",
     "HPHT after the visit",
     "P",
     "1996-05-10",
     {},
     "pregnancy",
     "2026-06-01",
     R"({"hpht": "2026-07-01", "gravida": 1})",
     "hpht",
     "care.hpht_after_date"},
    {"§3.2",
     "ANC without a pregnancy",
     "P",
     "1996-05-10",
     {},
     "anc",
     "2026-06-01",
     "{}",
     "person_id",
     "care.no_pregnancy"},
    {"§3.2",
     "ANC in an open pregnancy",
     "P",
     "1996-05-10",
     {{"pregnancy", "2026-05-01", R"({"hpht": "2026-04-01", "gravida": 1})"}},
     "anc",
     "2026-06-01",
     R"({"items_10t": ["blood_pressure", "muac"]})",
     "",
     ""},
    {"§3.2",
     "a second K1",
     "P",
     "1996-05-10",
     {{"pregnancy", "2026-05-01", R"({"hpht": "2026-04-01", "gravida": 1})"},
      {"anc", "2026-05-01", R"({"visit": 1, "hpht": "2026-04-01"})"}},
     "anc",
     "2026-06-01",
     R"({"visit": 1})",
     "visit",
     "care.duplicate_visit"},
    {"§3.2",
     "a delivery at 10 weeks",
     "P",
     "1996-05-10",
     {{"pregnancy", "2026-05-01", R"({"hpht": "2026-04-01", "gravida": 1})"}},
     "delivery",
     "2026-06-10",
     R"({"delivery_place": "puskesmas", "attendant": "midwife", "outcome": "live_birth"})",
     "date",
     "care.delivery_too_early"},
    {"§3.2",
     "KF2 on day 5",
     "P",
     "1996-05-10",
     {{"pregnancy", "2026-01-01", R"({"hpht": "2026-01-01", "gravida": 1})"},
      {"delivery", "2026-10-01",
       R"({"delivery_place": "puskesmas", "attendant": "midwife", "outcome": "live_birth"})"}},
     "kf",
     "2026-10-06",
     R"({"visit": 2})",
     "",
     ""},
    {"§3.2",
     "KF4 on day 10",
     "P",
     "1996-05-10",
     {{"pregnancy", "2026-01-01", R"({"hpht": "2026-01-01", "gravida": 1})"},
      {"delivery", "2026-10-01",
       R"({"delivery_place": "puskesmas", "attendant": "midwife", "outcome": "live_birth"})"}},
     "kf",
     "2026-10-11",
     R"({"visit": 4})",
     "date",
     "care.outside_window"},
    {"§3.2",
     "KF without a delivery",
     "P",
     "1996-05-10",
     {},
     "kf",
     "2026-10-06",
     R"({"visit": 2})",
     "person_id",
     "care.no_delivery"},
    // §3.3 vitamin A
    {"§3.3",
     "vitamin A at 3 months",
     "L",
     "2026-08-01",
     {},
     "vitamin_a",
     "2026-11-01",
     R"({"dose_iu": 100000})",
     "person_id",
     "care.age_out_of_range"},
    {"§3.3",
     "200,000 IU at 8 months",
     "L",
     "2026-03-01",
     {},
     "vitamin_a",
     "2026-11-01",
     R"({"dose_iu": 200000})",
     "dose_iu",
     "care.vitamin_a_dose"},
    // §3.4 PTM
    {"§3.4",
     "PTM screening at 10",
     "L",
     "2016-01-01",
     {},
     "ptm_screening",
     "2026-11-01",
     R"({"systolic": 120, "diastolic": 80})",
     "person_id",
     "care.age_out_of_range"},
    {"§3.4",
     "systolic below diastolic",
     "L",
     "1980-01-01",
     {},
     "ptm_screening",
     "2026-11-01",
     R"({"systolic": 70, "diastolic": 90})",
     "systolic",
     "care.systolic_below_diastolic"},
    {"§3.4",
     "systolic without diastolic",
     "L",
     "1980-01-01",
     {},
     "ptm_screening",
     "2026-11-01",
     R"({"systolic": 150})",
     "diastolic",
     ""},
    // §3.5 elderly
    {"§3.5",
     "elderly screening at 40",
     "L",
     "1986-01-01",
     {},
     "elderly_screening",
     "2026-11-01",
     R"({"adl": 20})",
     "person_id",
     "care.age_out_of_range"},
    {"§3.5",
     "ADL above 20",
     "L",
     "1950-01-01",
     {},
     "elderly_screening",
     "2026-11-01",
     R"({"adl": 21})",
     "adl",
     ""},
    // Diagnosis
    {"ICD-10",
     "a malformed code",
     "L",
     "1980-01-01",
     {},
     "diagnosis",
     "2026-11-01",
     R"({"icd10": "hypertension"})",
     "icd10",
     "care.icd10_shape"},
    {"ICD-10",
     "I10",
     "L",
     "1980-01-01",
     {},
     "diagnosis",
     "2026-11-01",
     R"({"icd10": "i10"})",
     "",
     ""},
    {"ICD-10",
     "E11.9",
     "L",
     "1980-01-01",
     {},
     "diagnosis",
     "2026-11-01",
     R"({"icd10": "E11.9"})",
     "",
     ""},
};

TEST(Rules, EveryRowOfTheTable) {
  for (const Case& c : kCases) {
    SCOPED_TRACE(std::string(c.section) + ": " + c.rule);
    PersonFacts p;
    p.id = 1;
    p.sex = c.sex;
    p.birth = Date::parse(c.birth);
    std::vector<ServiceRecord> history;
    int64_t id = 100;
    for (const Past& h : c.history) {
      ServiceRecord r;
      r.id = ++id;
      r.person_id = 1;
      r.service = h.service;
      r.date = *Date::parse(h.date);
      r.fields = json::parse(h.fields);
      history.push_back(r);
    }
    ServiceInput in;
    in.person_id = 1;
    in.service = c.service;
    in.date = *Date::parse(c.date);
    in.place = "posyandu";
    in.fields = json::parse(c.fields);
    RuleContext ctx{p, history, kToday};
    auto out = validate(ctx, in);
    if (std::string(c.field).empty()) {
      EXPECT_TRUE(out.has_value()) << out.error().field << ": " << out.error().message;
    } else {
      ASSERT_FALSE(out.has_value());
      EXPECT_EQ(out.error().field, c.field) << out.error().message;
      EXPECT_EQ(out.error().code, ErrorCode::kInvalidArgument);
      if (std::string(c.message_id).size()) {
        EXPECT_EQ(out.error().message_id, c.message_id);
      }
    }
  }
}

TEST(Rules, DerivedValues) {
  PersonFacts woman{1, "P", Date{1996, 5, 10}, "9971011001", 1, true};
  ServiceInput in{1,
                  Date{2026, 6, 1},
                  "pregnancy",
                  "pustu",
                  {},
                  json::parse(R"({"hpht": "2026-04-01", "gravida": 5, "para": 4, "muac_cm": 22})")};
  RuleContext ctx{woman, {}, kToday};
  auto out = validate(ctx, in);
  ASSERT_TRUE(out.has_value()) << out.error().message;
  EXPECT_EQ((*out)["hpl"], "2027-01-06");  // HPHT + 280 days (§3.2)
  EXPECT_EQ((*out)["risk_class"], "high");
  EXPECT_EQ((*out)["four_t"], json::array({"too_many"}));
  EXPECT_EQ((*out)["risk_factors"], json::array({"kek"}));  // LiLA < 23.5 (§3.6)

  std::vector<ServiceRecord> past(1);
  past[0].id = 7;
  past[0].service = "pregnancy";
  past[0].date = Date{2026, 5, 1};
  past[0].fields = {{"hpht", "2026-04-01"}};
  ServiceInput anc{1, Date{2026, 7, 15}, "anc", "pustu", {}, json::object()};
  RuleContext actx{woman, past, kToday};
  auto a = validate(actx, anc);
  ASSERT_TRUE(a.has_value()) << a.error().message;
  EXPECT_EQ((*a)["trimester"], 2);  // week 15
  EXPECT_EQ((*a)["visit"], 1);
}

struct Classification {
  const char* section;
  double a, b;
  const char* expected;
};

TEST(Rules, BloodPressureClasses) {
  // §3.4 [V]
  const Classification rows[] = {
      {"§3.4", 115, 75, "optimal"},           {"§3.4", 125, 82, "normal"},
      {"§3.4", 135, 86, "high_normal"},       {"§3.4", 145, 95, "ht_grade_1"},
      {"§3.4", 165, 95, "ht_grade_2"},        {"§3.4", 185, 100, "ht_grade_3"},
      {"§3.4", 150, 85, "isolated_systolic"}, {"§3.4", 120, 112, "ht_grade_3"},
  };
  for (const auto& r : rows) EXPECT_EQ(bp_class(r.a, r.b), r.expected) << r.a << "/" << r.b;
}

TEST(Rules, BmiGlucoseAdl) {
  EXPECT_EQ(bmi_class(18.4), "underweight");  // §3.4 Asia-Pacific
  EXPECT_EQ(bmi_class(22.9), "normal");
  EXPECT_EQ(bmi_class(24.9), "overweight");
  EXPECT_EQ(bmi_class(25.0), "obese_1");  // [U] threshold in Thresholds::bmi_obese1
  EXPECT_EQ(bmi_class(30.0), "obese_2");
  EXPECT_EQ(glucose_class(200, "random"), "dm");  // §3.4
  EXPECT_EQ(glucose_class(150, "random"), "prediabetes");
  EXPECT_EQ(glucose_class(126, "fasting"), "dm");
  EXPECT_EQ(glucose_class(110, "fasting"), "prediabetes");
  EXPECT_EQ(hba1c_class(6.5), "dm");
  EXPECT_EQ(hba1c_class(5.8), "prediabetes");
  EXPECT_EQ(adl_band(20), "independent");  // §3.5
  EXPECT_EQ(adl_band(12), "mild");
  EXPECT_EQ(adl_band(9), "moderate");
  EXPECT_EQ(adl_band(5), "severe");
  EXPECT_EQ(adl_band(4), "total");
  EXPECT_EQ(adl_grade(19), "B");
  EXPECT_EQ(adl_grade(8), "C");
}

// A reference that answers fixed z-scores: the rules must store what it says.
class FakeReference final : public growth::Reference {
 public:
  bool installed() const override { return true; }
  Result<growth::Assessment> assess(const growth::Measurement& m) const override {
    if (m.weight_kg && *m.weight_kg > 30) return Error::invalid("weight_kg", "implausible weight");
    growth::Assessment a;
    a.age_days = static_cast<int>(m.date.days() - m.birth.days());
    a.waz = -2.346;
    a.status.weight_for_age = "underweight";
    return a;
  }
};

TEST(Rules, GrowthStatusStoredWhenTheReferenceGivesOne) {
  FakeReference ref;
  PersonFacts child{1, "L", Date{2026, 3, 1}, "9971011001", 1, true};
  ServiceInput in{
      1, Date{2026, 11, 1}, "anthropometry", "posyandu", {}, json::parse(R"({"weight_kg": 6.2})")};
  RuleContext ctx{child, {}, kToday, &ref};
  auto out = validate(ctx, in);
  ASSERT_TRUE(out.has_value()) << out.error().message;
  EXPECT_EQ((*out)["growth"]["status"]["weight_for_age"], "underweight");
  EXPECT_DOUBLE_EQ((*out)["growth"]["waz"].get<double>(), -2.35);
  EXPECT_TRUE((*out)["growth"]["haz"].is_null());
  EXPECT_EQ((*out)["growth"]["age_days"], 245);
}

TEST(Rules, DueKeys) {
  EXPECT_EQ(due_key("immunization", {{"antigen", "mr"}, {"dose", 2}}), "mr:2");
  EXPECT_EQ(due_key("diagnosis", {{"icd10", "I10"}}), "ht");
  EXPECT_EQ(due_key("diagnosis", {{"icd10", "E11.9"}}), "dm");
  EXPECT_EQ(due_key("ptm_screening", {{"bp_class", "ht_grade_1"}, {"glucose_class", "dm"}}),
            "htdm");
  EXPECT_EQ(due_key("pregnancy", {{"hpht", "2026-04-01"}}), "2026-04-01");
}

}  // namespace
}  // namespace siklus::care
