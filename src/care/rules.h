#pragma once
// The clinical rules of the care domain (domain.md §1–§3), pure: the national immunisation
// schedule, the day windows of KF/KN, the thresholds of PTM screening and ADL, plausibility limits
// of measurements, and `validate`, which refuses impossible input naming the field and reason and
// derives what a service implies (HPL, trimester, risk class, BP/BMI/glucose classes, growth
// status). Rules that domain.md marks [U] (unverified) are members of `Thresholds`, one table of
// named values, configurable later (docs/care.md says which).

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "care/care.h"
#include "core/result.h"
#include "growth/growth.h"

namespace siklus::care {

//! Named rule values. [U] marks values domain.md could not verify: change them here (later: in
//! the config) rather than in the code that uses them.
struct Thresholds {
  int pregnancy_min_age_years = 10;     // [U] youngest plausible mother
  int pregnancy_max_age_years = 55;     // [U] oldest plausible mother
  int pregnancy_max_days = 44 * 7;      // [U] HPHT to birth, beyond which a pregnancy is closed
  int delivery_min_weeks = 20;          // [U] a delivery before this is an abortus, not a birth
  int too_young_years = 20;             // §3.2 4T "terlalu muda" [S]
  int too_old_years = 35;               // §3.2 4T "terlalu tua" [S]
  int too_many_para = 4;                // §3.2 4T "terlalu banyak" [S]
  int too_close_months = 24;            // §3.2 4T "terlalu dekat" [S]
  double kek_muac_cm = 23.5;            // §3.6 KEK in pregnancy [V]
  double bmi_obese1 = 25.0;             // §3.4 [U: the transcription says 23–29.9]
  int elderly_min_age_years = 60;       // §1.2 lansia [V]
  int ptm_min_age_years = 15;           // §3.4 [V]
  int vitamin_a_repeat_days = 120;      // [U] one dose per February/August round
  int anthropometry_child_years = 5;    // plausibility band for under-fives
  double child_max_weight_kg = 40;      // [U] heaviest plausible under-five
  double child_max_height_cm = 130;     // [U] tallest plausible under-five
  int monthly_check_days = 30;          // §2 HT/DM "≥1×/month" [V], counted as 30 days [U]
  double ht_controlled_systolic = 140;  // [U] controlled HT below 140/90
  double ht_controlled_diastolic = 90;  // [U]
  double dm_controlled_fasting = 126;   // [U] controlled DM: fasting below the DM threshold
  double dm_controlled_random = 200;    // [U]
};

const Thresholds& default_thresholds();

//! One dose of the routine schedule (§3.1). Ages and intervals in days.
struct ScheduledDose {
  std::string_view antigen;  // "hb0", "bcg", "opv", "dpt_hb_hib", "rv", "pcv", "ipv", "mr", "je"
  int dose;
  int age_days;           // recommended age (due date)
  int min_age_days;       // refused before this age
  int max_age_days;       // refused after this age (no catch-up beyond)
  int min_interval_days;  // after the previous dose of the same antigen
  bool routine;           // false: endemic areas only (JE), never listed as due
  std::string_view source;
};

std::span<const ScheduledDose> immunization_schedule();
const ScheduledDose* find_dose(std::string_view antigen, int dose);

//! A day window after birth (KN) or delivery (KF), both ends included (§3.2 [V]).
struct DayWindow {
  int visit;
  int first_day, last_day;
};
std::span<const DayWindow> kf_windows();
std::span<const DayWindow> kn_windows();

// Classifications (§3.4, §3.5). Empty string when the inputs are missing.
std::string bp_class(double systolic, double diastolic);
std::string bmi_class(double bmi, const Thresholds& t = default_thresholds());
//! kind: "random", "fasting" or "2h_ogtt" (mg/dL).
std::string glucose_class(double mg_dl, std::string_view kind);
std::string hba1c_class(double pct);
//! ADL (Barthel, 0–20): "independent" (A), "mild" (B), "moderate" (B), "severe" (C), "total" (C).
std::string adl_band(int score);
std::string adl_grade(int score);
//! Whether an ICD-10 code has the shape letter, two digits, optional "." and 1–4 more.
bool icd10_shape(std::string_view code);
bool is_hypertension_icd(std::string_view code);  // I10–I15
bool is_diabetes_icd(std::string_view code);      // E10–E14

//! What validation needs besides the input: the person, their stored services (not deleted,
//! any order), today and the growth reference (null: no growth status).
struct RuleContext {
  const PersonFacts& person;
  std::span<const ServiceRecord> history;
  Date today;
  const growth::Reference* growth = nullptr;
  const Thresholds& thresholds = default_thresholds();
  //! When correcting: the id of the service being replaced (left out of duplicate checks).
  int64_t replacing = 0;
};

//! Checks `in` against the person and their history. OK: the fields to store (the input's own
//! plus derived ones: "hpl", "trimester", "risk_class", "bp_class", "growth", …). Otherwise
//! kInvalidArgument naming the field, with a care.* message id.
Result<nlohmann::json> validate(const RuleContext& ctx, const ServiceInput& in);

//! The compact key the due index keeps per service (antigen:dose, visit number, HPHT, ICD-10,
//! "ht"/"dm" flags): what the due engine needs without parsing the fields again.
std::string due_key(std::string_view service, const nlohmann::json& fields);

}  // namespace siklus::care
