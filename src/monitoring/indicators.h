#pragma once
// The PWS indicator table: every indicator siklus monitors, defined once, as data. Each row names
// what it counts (a numerator measure), over what (a denominator measure counted from the
// register, or a sasaran estimated from the population with care's §2.1 parameters), its target,
// its period rule and where the definition comes from. The engine (engine.h) counts the measures;
// docs/indicators.md is generated from this table (`siklus pws indicators --markdown`).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace siklus::monitoring {

//! What the engine counts per area and month: distinct persons unless the row says otherwise.
//! Each is either monthly (a person counts in the months they qualify) or cumulative over the
//! calendar year (a person counts from the month they first qualify to December).
enum class Measure : uint8_t {
  // Numerators.
  kAncK1,               // women with ANC visit 1 in the year
  kAncK4,               // …reaching visit 4
  kAncK6,               // …reaching visit 6
  kFacilityDelivery,    // deliveries in a health facility
  kKfComplete,          // mothers who completed KF1–KF4
  kKn1,                 // newborns with KN1
  kKnComplete,          // newborns who completed KN1–KN3
  kIdlComplete,         // children completing basic immunisation (HB0, BCG, OPV4, DPT3, MR1)
  kBadutaComplete,      // children completing DPT-HB-Hib4 and MR2
  kBalitaServed,        // under-fives weighed 8 times in the year [U]
  kWeighed,             // D: under-fives weighed in the month (monthly)
  kGained,              // N: weighed this month and last, weight went up (monthly)
  kUnderweight,         // weighed in the month, weight-for-age below −2 SD (monthly)
  kWasted,              // weighed in the month, weight-for-height below −2 SD (monthly)
  kStunted,             // measured in the month, height-for-age below −2 SD (monthly)
  kSchoolScreened,      // aged 7–15 with an anthropometry in the year
  kProductiveScreened,  // aged 15–59 with a PTM screening in the year
  kElderlyScreened,     // aged 60+ with an elderly screening in the year
  kAdultScreened,       // aged 15+ with a PTM or elderly screening in the year
  kHtServed,            // hypertension patients with a follow-up in the year
  kDmServed,            // diabetes patients with a follow-up in the year
  kHtControlled,        // HT follow-up in the month, the month's last one controlled (monthly)
  kDmControlled,        // DM follow-up in the month, the month's last one controlled (monthly)
  kOdgjServed,          // ODGJ visit in the year
  kTbTested,            // presumptive TB with a test recorded
  kHivTested,           // an HIV test in the year
  // Counted denominators.
  kDeliveries,        // women with a delivery recorded in the year
  kBornInYear,        // residents born in the year
  kBornPreviousYear,  // residents born in the year before (the baduta cohort)
  kUnderFiveMidyear,  // aged 0–59 months on 1 July
  kUnderFive,         // S: aged 0–59 months in the month (monthly)
  kAge7to15,          // on 1 July
  kAge15to59,         // on 1 July
  kAge60Plus,         // on 1 July
  kAge15Plus,         // on 1 July
  kHtChecked,         // HT follow-up in the month (monthly)
  kDmChecked,         // DM follow-up in the month (monthly)
  kTbPresumptive,     // a TB screening that found presumptive TB in the year
  kHivRisk,           // pregnant in the year, presumptive TB, or tested (the SPM 12 groups)
  kPopulation,        // residents alive (the base of estimated sasaran)
  kCount
};
inline constexpr size_t kMeasureCount = static_cast<size_t>(Measure::kCount);

//! Whether a measure counts per month (else cumulative over the year).
bool is_monthly(Measure m);
std::string_view measure_code(Measure m);

//! Sasaran estimated from the population (domain.md §2.1), with care's TargetParameters.
enum class Estimate : uint8_t {
  kNone,
  kPregnant,      // 1.10 × CBR × population
  kDelivering,    // 1.05 × CBR × population
  kNewborns,      // CBR × population
  kHypertension,  // prevalence × population 15+
  kDiabetes,      // prevalence × population 15+
  kOdgj,          // per mille × population
};

enum class PeriodRule : uint8_t {
  kMonthly,     // the month's figure against the target
  kCumulative,  // January to the month, against the annual sasaran (PWS-KIA, §1.4)
  kYearly,      // as cumulative, judged at December (the SPM annual report)
};
std::string_view period_code(PeriodRule p);

struct Indicator {
  std::string_view code;
  std::string_view name_id, name_en;
  std::string_view cluster;            // "spm", "klaster2", "klaster3", "klaster4", "jkn"
  std::string_view numerator_rule;     // in words (docs)
  std::string_view denominator_rule;   // in words (docs)
  std::optional<Measure> numerator;    // nullopt: not counted by the engine (JKN)
  std::optional<Measure> denominator;  // counted denominator; nullopt with an estimate
  Estimate estimate = Estimate::kNone;
  double target_pct = 100;
  PeriodRule period = PeriodRule::kCumulative;
  bool lower_is_better = false;  // underweight, wasting, stunting: the target is a ceiling
  std::string_view source;
};

//! Every indicator, in the order the PWS table shows them.
std::span<const Indicator> indicators();
const Indicator* find_indicator(std::string_view code);

//! docs/indicators.md: the table in Markdown (generated; a test keeps the committed copy equal).
std::string indicators_markdown();

}  // namespace siklus::monitoring
