#include "monitoring/indicators.h"

#include <array>
#include <cstdio>

namespace siklus::monitoring {
namespace {

using M = Measure;
using E = Estimate;
using P = PeriodRule;

constexpr std::array<std::string_view, kMeasureCount> kMeasureCodes = {
    "anc_k1",
    "anc_k4",
    "anc_k6",
    "facility_delivery",
    "kf_complete",
    "kn1",
    "kn_complete",
    "idl_complete",
    "baduta_complete",
    "balita_served",
    "weighed",
    "gained",
    "underweight",
    "wasted",
    "stunted",
    "school_screened",
    "productive_screened",
    "elderly_screened",
    "adult_screened",
    "ht_served",
    "dm_served",
    "ht_controlled",
    "dm_controlled",
    "odgj_served",
    "tb_tested",
    "hiv_tested",
    "deliveries",
    "born_in_year",
    "born_previous_year",
    "under_five_midyear",
    "under_five",
    "age_7_15",
    "age_15_59",
    "age_60_plus",
    "age_15_plus",
    "ht_checked",
    "dm_checked",
    "tb_presumptive",
    "hiv_risk",
    "population",
};

// The SPM rows follow domain.md §2 (PP 2/2018, Permenkes 4/2019 and 6/2024: target 100 %,
// achievement = served per standard / target group). The ILP rows follow §1.4; their targets
// are [U] (no national figure was found for the dashboard; Renstra-like values, configurable
// later like every [U] value).
constexpr Indicator kIndicators[] = {
    {"spm_01_ibu_hamil", "SPM 1 Pelayanan kesehatan ibu hamil", "SPM 1 Antenatal care", "spm",
     "pregnant women reaching their 6th ANC visit in the year",
     "estimated pregnant women: 1.10 x CBR x population", M::kAncK6, std::nullopt, E::kPregnant,
     100, P::kYearly, false, "domain.md §2 row 1, §2.1 [S]; 6 visits per SPM 6/2024 [U]"},
    {"spm_02_ibu_bersalin", "SPM 2 Pelayanan kesehatan ibu bersalin", "SPM 2 Delivery care", "spm",
     "deliveries in a health facility in the year",
     "estimated delivering women: 1.05 x CBR x population", M::kFacilityDelivery, std::nullopt,
     E::kDelivering, 100, P::kYearly, false, "domain.md §2 row 2, §2.1 [S]"},
    {"spm_03_bayi_baru_lahir", "SPM 3 Pelayanan kesehatan bayi baru lahir", "SPM 3 Newborn care",
     "spm", "newborns with KN1 (6-48 h) recorded in the year",
     "residents born in the year (register)", M::kKn1, M::kBornInYear, E::kNone, 100, P::kYearly,
     false, "domain.md §2 row 3 [V]"},
    {"spm_04_balita", "SPM 4 Pelayanan kesehatan balita", "SPM 4 Under-five care", "spm",
     "children 0-59 months weighed at least 8 times in the year [U: frequency]",
     "children 0-59 months on 1 July (register)", M::kBalitaServed, M::kUnderFiveMidyear, E::kNone,
     100, P::kYearly, false, "domain.md §2 row 4 [S]; frequency [U]"},
    {"spm_05_pendidikan_dasar", "SPM 5 Pelayanan kesehatan usia pendidikan dasar",
     "SPM 5 Basic-education age screening", "spm",
     "residents 7-15 with an anthropometry in the year (school screening) [U]",
     "residents 7-15 on 1 July (register) [U: grades 1-9 by age]", M::kSchoolScreened, M::kAge7to15,
     E::kNone, 100, P::kYearly, false, "domain.md §2 row 5 [S]"},
    {"spm_06_usia_produktif", "SPM 6 Pelayanan kesehatan usia produktif",
     "SPM 6 Productive-age screening", "spm", "residents 15-59 with a PTM screening in the year",
     "residents 15-59 on 1 July (register)", M::kProductiveScreened, M::kAge15to59, E::kNone, 100,
     P::kYearly, false, "domain.md §2 row 6 [V]"},
    {"spm_07_usia_lanjut", "SPM 7 Pelayanan kesehatan usia lanjut", "SPM 7 Elderly screening",
     "spm", "residents 60+ with an elderly screening in the year",
     "residents 60+ on 1 July (register)", M::kElderlyScreened, M::kAge60Plus, E::kNone, 100,
     P::kYearly, false, "domain.md §2 row 7 [V]"},
    {"spm_08_hipertensi", "SPM 8 Pelayanan kesehatan penderita hipertensi",
     "SPM 8 Hypertension care", "spm", "hypertension patients with a follow-up in the year",
     "estimated hypertensives: prevalence x population 15+", M::kHtServed, std::nullopt,
     E::kHypertension, 100, P::kYearly, false, "domain.md §2 row 8, §2.1 [V]"},
    {"spm_09_diabetes", "SPM 9 Pelayanan kesehatan penderita diabetes melitus",
     "SPM 9 Diabetes care", "spm", "diabetes patients with a follow-up in the year",
     "estimated diabetics: prevalence x population 15+", M::kDmServed, std::nullopt, E::kDiabetes,
     100, P::kYearly, false, "domain.md §2 row 9, §2.1 [V]"},
    {"spm_10_odgj", "SPM 10 Pelayanan kesehatan ODGJ berat", "SPM 10 Severe mental disorder care",
     "spm", "residents with an ODGJ visit in the year",
     "projected severe mental disorder: per mille x population", M::kOdgjServed, std::nullopt,
     E::kOdgj, 100, P::kYearly, false, "domain.md §2 row 10, §2.1 [V]"},
    {"spm_11_terduga_tb", "SPM 11 Pelayanan kesehatan terduga TB", "SPM 11 Presumptive TB care",
     "spm", "presumptive TB with a test (TCM, smear, X-ray) recorded in the year",
     "presumptive TB found by screening in the year (register)", M::kTbTested, M::kTbPresumptive,
     E::kNone, 100, P::kYearly, false, "domain.md §2 row 11 [V]"},
    {"spm_12_hiv", "SPM 12 Pelayanan kesehatan orang berisiko HIV", "SPM 12 HIV risk testing",
     "spm", "residents with an HIV test in the year",
     "pregnant in the year, presumptive TB or tested in a risk group (register)", M::kHivTested,
     M::kHivRisk, E::kNone, 100, P::kYearly, false, "domain.md §2 row 12 [V]"},
    {"k1", "Kunjungan K1 ibu hamil", "ANC first visit (K1)", "klaster2",
     "pregnant women with ANC visit 1 in the year", "estimated pregnant women (1.10 x CBR x pop.)",
     M::kAncK1, std::nullopt, E::kPregnant, 100, P::kCumulative, false,
     "domain.md §1.4 [V]; PWS-KIA cumulative / annual target §1.4 [S]"},
    {"k6", "Kunjungan K6 ibu hamil", "ANC sixth visit (K6)", "klaster2",
     "pregnant women reaching ANC visit 6 in the year",
     "estimated pregnant women (1.10 x CBR x pop.)", M::kAncK6, std::nullopt, E::kPregnant, 90,
     P::kCumulative, false, "domain.md §1.4, §3.2 [V]; target [U]"},
    {"persalinan_faskes", "Persalinan di fasilitas kesehatan", "Delivery in a health facility",
     "klaster2", "deliveries in a facility in the year", "deliveries recorded in the year",
     M::kFacilityDelivery, M::kDeliveries, E::kNone, 95, P::kCumulative, false,
     "domain.md §1.4 [V]; target [U]"},
    {"kf_lengkap", "Kunjungan nifas lengkap (KF1-KF4)", "Postpartum visits complete (KF1-4)",
     "klaster2", "mothers who completed KF1-KF4, counted in the month of the last",
     "deliveries recorded in the year", M::kKfComplete, M::kDeliveries, E::kNone, 90,
     P::kCumulative, false, "domain.md §1.4, §3.2 [V]; target [U]"},
    {"kn_lengkap", "Kunjungan neonatal lengkap (KN1-KN3)", "Neonatal visits complete (KN1-3)",
     "klaster2", "newborns who completed KN1-KN3, counted in the month of the last",
     "residents born in the year", M::kKnComplete, M::kBornInYear, E::kNone, 90, P::kCumulative,
     false, "domain.md §1.4, §3.2 [V]; target [U]"},
    {"idl", "Imunisasi dasar lengkap", "Complete basic immunisation", "klaster2",
     "children completing HB0, BCG, OPV 4, DPT-HB-Hib 3 and MR 1, in the month of the last dose",
     "residents born in the year (sasaran bayi)", M::kIdlComplete, M::kBornInYear, E::kNone, 95,
     P::kCumulative, false, "domain.md §1.4, §3.1 (IDL definition) [V]; target [U]"},
    {"imunisasi_baduta", "Imunisasi lanjutan baduta lengkap", "Complete baduta immunisation",
     "klaster2", "children completing DPT-HB-Hib 4 and MR 2, in the month of the last dose",
     "residents born in the previous year (sasaran baduta)", M::kBadutaComplete,
     M::kBornPreviousYear, E::kNone, 90, P::kCumulative, false,
     "domain.md §1.4, §3.1 [V]; target [U]"},
    {"d_s", "Balita ditimbang (D/S)", "Under-fives weighed (D/S)", "klaster2",
     "D: under-fives weighed in the month", "S: residents 0-59 months in the month", M::kWeighed,
     M::kUnderFive, E::kNone, 85, P::kMonthly, false, "domain.md §1.4, §3.3 [V]; target [U]"},
    {"n_d", "Balita naik berat badan (N/D)", "Under-fives gaining weight (N/D)", "klaster2",
     "N: weighed this month and last month, and heavier", "D: under-fives weighed in the month",
     M::kGained, M::kWeighed, E::kNone, 80, P::kMonthly, false,
     "domain.md §1.4 [V]; N without the KMS growth line [U]; target [U]"},
    {"underweight", "Balita berat badan kurang", "Underweight under-fives", "klaster2",
     "weighed in the month, weight-for-age below -2 SD (WHO status stored with the measurement)",
     "D: under-fives weighed in the month", M::kUnderweight, M::kWeighed, E::kNone, 10, P::kMonthly,
     true, "domain.md §1.4, §3.3 [V]; ceiling [U]"},
    {"wasting", "Balita gizi kurang (wasting)", "Wasted under-fives", "klaster2",
     "weighed in the month, weight-for-height below -2 SD", "D: under-fives weighed in the month",
     M::kWasted, M::kWeighed, E::kNone, 7, P::kMonthly, true,
     "domain.md §1.4, §3.3 [V]; ceiling [U]"},
    {"stunting", "Balita pendek (stunting)", "Stunted under-fives", "klaster2",
     "measured in the month, height-for-age below -2 SD", "D: under-fives weighed in the month",
     M::kStunted, M::kWeighed, E::kNone, 14, P::kMonthly, true,
     "domain.md §1.4, §3.3 [V]; ceiling [U]"},
    {"skrining_ptm", "Skrining PTM usia 15+", "NCD screening 15+", "klaster3",
     "residents 15+ with a PTM or elderly screening in the year", "residents 15+ on 1 July",
     M::kAdultScreened, M::kAge15Plus, E::kNone, 100, P::kCumulative, false,
     "domain.md §1.4, §3.4 [V]"},
    {"ht_terkendali", "Hipertensi terkendali", "Hypertension controlled", "klaster3",
     "patients whose last follow-up in the month was below 140/90",
     "patients with a follow-up in the month", M::kHtControlled, M::kHtChecked, E::kNone, 50,
     P::kMonthly, false, "domain.md §1.4, §2 row 8 [V]; control < 140/90 and target [U]"},
    {"dm_terkendali", "Diabetes melitus terkendali", "Diabetes controlled", "klaster3",
     "patients whose last follow-up in the month was controlled",
     "patients with a follow-up in the month", M::kDmControlled, M::kDmChecked, E::kNone, 50,
     P::kMonthly, false, "domain.md §1.4, §2 row 9 [V]; control and target [U]"},
    {"tb_terduga_diperiksa", "Terduga TB diperiksa", "Presumptive TB tested", "klaster4",
     "presumptive TB with a test recorded in the year", "presumptive TB found in the year",
     M::kTbTested, M::kTbPresumptive, E::kNone, 100, P::kCumulative, false,
     "domain.md §1.4 (klaster 4), §2 row 11 [V]"},
    {"jkn", "Cakupan kepesertaan JKN", "JKN coverage", "jkn",
     "residents linked to a JKN member (latest BPJS snapshot, coverage module)",
     "residents alive (register)", std::nullopt, std::nullopt, E::kNone, 95, P::kMonthly, false,
     "domain.md §5.3 (UHC 95 %) [V]; figures from CoverageService"},
};

}  // namespace

bool is_monthly(Measure m) {
  switch (m) {
    case M::kWeighed:
    case M::kGained:
    case M::kUnderweight:
    case M::kWasted:
    case M::kStunted:
    case M::kHtControlled:
    case M::kDmControlled:
    case M::kUnderFive:
    case M::kHtChecked:
    case M::kDmChecked:
      return true;
    default:
      return false;
  }
}

std::string_view measure_code(Measure m) { return kMeasureCodes[static_cast<size_t>(m)]; }

std::string_view period_code(PeriodRule p) {
  switch (p) {
    case P::kMonthly:
      return "monthly";
    case P::kCumulative:
      return "cumulative";
    case P::kYearly:
      return "yearly";
  }
  return "";
}

std::span<const Indicator> indicators() { return kIndicators; }

const Indicator* find_indicator(std::string_view code) {
  for (const Indicator& i : kIndicators) {
    if (i.code == code) return &i;
  }
  return nullptr;
}

std::string indicators_markdown() {
  std::string out =
      "# PWS indicators\n\n"
      "<!-- Generated from src/monitoring/indicators.cpp by `siklus pws indicators --markdown`;"
      " monitoring_test fails when this copy differs. Do not edit by hand. -->\n\n"
      "Every indicator of the live PWS (docs/pws.md), defined once in `src/monitoring/"
      "indicators.cpp`. Persons are counted once per indicator, area and period. `cumulative`"
      " and `yearly` figures run from January to the month against the annual sasaran, and"
      " their status compares with the target pro-rated to the month (PWS-KIA); `monthly`"
      " figures are the month's alone. A target marked *ceiling* is a maximum (lower is"
      " better).\n\n"
      "| code | nama | name | cluster | numerator | denominator | target % | period | source |\n"
      "|---|---|---|---|---|---|---|---|---|\n";
  for (const Indicator& i : kIndicators) {
    char target[32];
    std::snprintf(target, sizeof target, "%g%s", i.target_pct,
                  i.lower_is_better ? " (ceiling)" : "");
    out += "| `" + std::string(i.code) + "` | " + std::string(i.name_id) + " | " +
           std::string(i.name_en) + " | " + std::string(i.cluster) + " | " +
           std::string(i.numerator_rule) + " | " + std::string(i.denominator_rule) + " | " +
           target + " | " + std::string(period_code(i.period)) + " | " + std::string(i.source) +
           " |\n";
  }
  return out;
}

}  // namespace siklus::monitoring
