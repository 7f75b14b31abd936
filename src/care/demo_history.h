#pragma once
// The demo city's service history (pure: residents in, services out): a year (Medan: three) of
// life-cycle care that follows the schedules of rules.h with realistic completion, drop-out and
// lateness (DemoRates; docs/care.md lists them), so every due list of `siklus demo` has true
// things to show. Generated one household (KK) at a time, deterministically from the seed and
// the household, so the caller can stream a city of millions into bulk inserts.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "care/care.h"
#include "core/date.h"

namespace siklus::care {

struct DemoResident {
  int64_t id = 0;
  bool female = false;
  Date birth;
};

//! Rates of the synthetic history (probabilities per opportunity). Not measured data: plausible
//! values near Indonesian survey figures (SKI 2023, Riskesdas 2018) for a demo.
struct DemoRates {
  double first_dose = 0.95;        // a child gets the first dose of each antigen
  double next_dose = 0.95;         // …and each later dose once the previous one was given
  double hb0 = 0.85;               // HB0 within 7 days
  double late_dose = 0.30;         // a dose given 15–90 days after its recommended age
  double monthly_weighing = 0.78;  // an under-five weighed in a month (D/S)
  double vitamin_a = 0.85;         // per February/August round
  double kn = 0.90;                // each KN visit
  double kf = 0.85;                // each KF visit
  double anc_visit = 0.88;         // each of the six ANC visits
  double facility_delivery = 0.92;
  double currently_pregnant = 0.045;  // a woman 18–42 with an ongoing pregnancy at the end
  double ptm_screening = 0.55;        // an adult 15–59 screened in a year
  double elderly_screening = 0.60;    // a resident ≥60 screened in a year
  double ht_monthly_check = 0.55;     // a hypertensive patient's check in a month
  double dm_monthly_check = 0.50;
  double tb_screening = 0.03;
  double hiv_test_pregnant = 0.80;
};

struct DemoHistoryOptions {
  std::string city;  // kab/kota code (4 digits)
  Date from, to;     // the history's days, both included (`to`: the demo's today)
  uint64_t seed = 1;
  DemoRates rates;
};

//! Appends the services of one household (its members, any order) to `out`.
void demo_household_history(std::span<const DemoResident> household,
                            const DemoHistoryOptions& options, std::vector<BulkService>& out);

}  // namespace siklus::care
