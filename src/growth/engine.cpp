#include "growth/engine.h"

#include <cmath>
#include <string>

namespace siklus::growth {
namespace {

// WHO's month: anthro converts between days and months with 365.25 / 12.
constexpr double kDaysPerMonth = 30.4375;
// From this age (completed days) children are measured standing and scored on height tables.
constexpr int kHeightFromDays = 731;
// First day scored with the WHO 2007 reference: 1826 days is 59.99 months, the last day of the
// 2006 standards (anthro scores below 60 months only).
constexpr int kReference2007FromDays = 1827;
constexpr double kLengthHeightCorrectionCm = 0.7;

double score(Indicator i, double x, const Lms& p) {
  return is_weight_based(i) ? lms_z_restricted(x, p) : lms_z(x, p);
}

// Plausible measurement ranges: outside these no child can be measured, so the input is wrong
// before any table is consulted.
struct Range {
  const char* field;
  double low;
  double high;
};

siklus::Status check_range(const std::optional<double>& v, const Range& r) {
  if (!v) return {};
  if (!std::isfinite(*v) || *v <= r.low || *v > r.high) {
    return Error::invalid(r.field, "outside what can be measured on a child")
        .with_id("growth.measure_out_of_range");
  }
  return {};
}

Error implausible(const char* field) {
  return Error::invalid(field,
                        "the value is biologically implausible for this child's age and sex "
                        "(WHO flag); check the measurement")
      .with_id("growth.implausible");
}

class LmsReference final : public Reference {
 public:
  explicit LmsReference(Tables tables) : t_(std::move(tables)) {}

  bool installed() const override {
    return !t_.of(Indicator::kWfa, Sex::kMale).empty() &&
           !t_.of(Indicator::kWfa, Sex::kFemale).empty();
  }

  Result<Assessment> assess(const Measurement& m) const override {
    if (m.date < m.birth) {
      return Error::invalid("date", "the measurement is before birth")
          .with_id("growth.before_birth");
    }
    SK_TRY(check_range(m.weight_kg, {"weight", 0, 250}));
    SK_TRY(check_range(m.height_cm, {"height", 0, 250}));
    SK_TRY(check_range(m.head_cm, {"head", 0, 80}));
    SK_TRY(check_range(m.muac_cm, {"muac", 0, 80}));
    Assessment a;
    a.age_days = static_cast<int>(m.date.days() - m.birth.days());
    const int age = a.age_days;
    const double months = age / kDaysPerMonth;
    const bool under_five = age < kReference2007FromDays;

    // Length below 731 days, height from then; a measurement taken the other way is corrected
    // by 0.7 cm. A standing measurement before 9 months is itself implausible, so its position
    // is ignored (anthro's c9mo_flag).
    std::optional<bool> recumbent = m.recumbent;
    if (recumbent && !*recumbent && months < 9) recumbent.reset();
    std::optional<double> height = m.height_cm;
    if (height && recumbent) {
      if (age < kHeightFromDays && !*recumbent) *height += kLengthHeightCorrectionCm;
      if (age >= kHeightFromDays && *recumbent) *height -= kLengthHeightCorrectionCm;
    }
    const bool weigh = m.weight_kg && !m.oedema;  // oedema: weight does not reflect nutrition
    std::optional<double> bmi;
    if (weigh && height) bmi = *m.weight_kg / ((*height / 100) * (*height / 100));

    auto rounded = [](std::optional<double> z) {
      return z ? std::optional<double>(round_z(*z)) : std::nullopt;
    };
    if (under_five) {
      if (weigh) a.waz = rounded(z_for_age_days(t_, Indicator::kWfa, m.sex, age, *m.weight_kg));
      if (height) a.haz = rounded(z_for_age_days(t_, Indicator::kLhfa, m.sex, age, *height));
      if (weigh && height) {
        const Indicator table = age < kHeightFromDays ? Indicator::kWfl : Indicator::kWfh;
        a.whz = rounded(z_for_length(t_, table, m.sex, *height, *m.weight_kg));
      }
      if (bmi) a.bmiz = rounded(z_for_age_days(t_, Indicator::kBmifa, m.sex, age, *bmi));
      if (m.head_cm) a.hcz = rounded(z_for_age_days(t_, Indicator::kHcfa, m.sex, age, *m.head_cm));
      if (m.muac_cm) a.acz = rounded(z_for_age_days(t_, Indicator::kAcfa, m.sex, age, *m.muac_cm));
    } else {
      if (weigh) {
        a.waz = rounded(z_for_age_months(t_, Indicator::kWfa2007, m.sex, months, *m.weight_kg));
      }
      if (height)
        a.haz = rounded(z_for_age_months(t_, Indicator::kHfa2007, m.sex, months, *height));
      if (bmi) a.bmiz = rounded(z_for_age_months(t_, Indicator::kBmifa2007, m.sex, months, *bmi));
    }

    // WHO's flags (anthro, anthroplus): beyond these the measurement is almost surely wrong.
    if (a.haz && std::abs(*a.haz) > 6) return implausible("height");
    if (a.waz && (*a.waz < -6 || *a.waz > 5)) return implausible("weight");
    if (a.whz && std::abs(*a.whz) > 5) return implausible("weight");
    if (a.bmiz && std::abs(*a.bmiz) > 5) return implausible("weight");
    if (a.hcz && std::abs(*a.hcz) > 5) return implausible("head");
    if (a.acz && std::abs(*a.acz) > 5) return implausible("muac");

    if (under_five) {
      if (a.waz) a.status.weight_for_age = weight_for_age_status(*a.waz);
      if (a.haz) a.status.height_for_age = height_for_age_status(*a.haz);
      if (a.whz) a.status.weight_for_height = weight_for_height_status(*a.whz);
    }
    if (a.bmiz) a.status.bmi_for_age = bmi_for_age_status(*a.bmiz, under_five);
    return a;
  }

  Result<Curves> curves(std::string_view name, Sex sex) const override {
    auto i = indicator_from_name(name);
    if (!i || static_cast<int>(*i) > static_cast<int>(Indicator::kHcfa)) {
      return Error::invalid("indicator", "indicator must be wfa, lhfa, wfl, wfh, bmifa or hcfa")
          .with_id("growth.indicator_invalid");
    }
    Curves c;
    c.indicator = std::string(name);
    c.x_unit = is_length_keyed(*i) ? "cm" : "days";
    c.unit = *i == Indicator::kBmifa                              ? "kg/m2"
             : (*i == Indicator::kLhfa || *i == Indicator::kHcfa) ? "cm"
                                                                  : "kg";
    const LmsTable& table = t_.of(*i, sex);
    if (table.empty()) return c;
    auto add = [&](int key) {
      const Lms* p = table.at(key);
      if (!p) return;
      CurvePoint point;
      point.x = is_length_keyed(*i) ? key / 10.0 : key;
      for (int k = 0; k < 7; ++k) point.sd[static_cast<size_t>(k)] = lms_value(*p, k - 3);
      c.points.push_back(point);
    };
    if (is_length_keyed(*i)) {
      // Every half centimetre: smooth at chart scale, a tenth of the rows.
      for (int key = table.first_key; key <= table.last_key(); key += 5) add(key);
    } else {
      // WHO's chart sampling: weekly for the first 13 weeks, then monthly.
      for (int day = 0; day <= 91; day += 7) add(day);
      for (int month = 4; month <= 60; ++month) {
        add(std::min(static_cast<int>(std::lround(month * kDaysPerMonth)), table.last_key()));
      }
    }
    return c;
  }

 private:
  Tables t_;
};

}  // namespace

std::optional<double> z_for_age_days(const Tables& t, Indicator i, Sex sex, int age_days,
                                     double x) {
  const Lms* p = t.of(i, sex).at(age_days);
  if (!p || x <= 0) return std::nullopt;
  return score(i, x, *p);
}

std::optional<double> z_for_length(const Tables& t, Indicator i, Sex sex, double cm,
                                   double weight_kg) {
  if (!(weight_kg > 0) || !(cm > 0 && cm < 1000)) return std::nullopt;
  const LmsTable& table = t.of(i, sex);
  // Tenths, as anthro takes them (trunc of cm*10), with a tolerance so 74.6 + 0.7 computed as
  // 75.29999999 still lands on the 75.3 row.
  const double tenths = cm * 10;
  const int low = static_cast<int>(std::floor(tenths + 1e-6));
  const double frac = tenths - low;
  const Lms* a = table.at(low);
  if (!a) return std::nullopt;
  if (frac <= 1e-6) return score(i, weight_kg, *a);
  const Lms* b = table.at(low + 1);
  if (!b) return std::nullopt;
  return score(i, weight_kg, lms_lerp(*a, *b, frac));
}

std::optional<double> z_for_age_months(const Tables& t, Indicator i, Sex sex, double months,
                                       double x) {
  const double upper = i == Indicator::kWfa2007 ? 120 : 228;
  if (!(months >= 60 && months <= upper) || x <= 0) return std::nullopt;
  const LmsTable& table = t.of(i, sex);
  const int low = static_cast<int>(std::trunc(months));
  const double frac = months - low;
  const Lms* a = table.at(low);
  if (!a) return std::nullopt;
  if (frac <= 0) return score(i, x, *a);
  const Lms* b = table.at(low + 1);
  if (!b) return std::nullopt;
  return score(i, x, lms_lerp(*a, *b, frac));
}

double round_z(double z) {
  // Half away from zero at 2 decimals; the epsilon keeps 0.125 computed as 0.12499999 at 0.13.
  return std::round(z * 100 + (z >= 0 ? 1e-9 : -1e-9)) / 100;
}

std::string weight_for_age_status(double z) {
  if (z < -3) return "severely_underweight";
  if (z < -2) return "underweight";
  if (z <= 1) return "normal";
  return "risk_overweight";
}

std::string height_for_age_status(double z) {
  if (z < -3) return "severely_stunted";
  if (z < -2) return "stunted";
  if (z <= 3) return "normal";
  return "tall";
}

std::string weight_for_height_status(double z) {
  if (z < -3) return "severely_wasted";
  if (z < -2) return "wasted";
  if (z <= 1) return "normal";
  if (z <= 2) return "possible_risk_overweight";
  if (z <= 3) return "overweight";
  return "obese";
}

std::string bmi_for_age_status(double z, bool under_five) {
  if (under_five) return weight_for_height_status(z);
  if (z < -3) return "severely_thin";
  if (z < -2) return "thin";
  if (z <= 1) return "normal";
  if (z <= 2) return "overweight";
  return "obese";
}

Result<Curves> Reference::curves(std::string_view indicator, Sex) const {
  Curves c;
  c.indicator = std::string(indicator);
  return c;
}

std::shared_ptr<const Reference> make_reference(Tables tables) {
  return std::make_shared<LmsReference>(std::move(tables));
}

std::string_view indicator_name(Indicator i) {
  switch (i) {
    case Indicator::kWfa:
      return "wfa";
    case Indicator::kLhfa:
      return "lhfa";
    case Indicator::kWfl:
      return "wfl";
    case Indicator::kWfh:
      return "wfh";
    case Indicator::kBmifa:
      return "bmifa";
    case Indicator::kHcfa:
      return "hcfa";
    case Indicator::kAcfa:
      return "acfa";
    case Indicator::kWfa2007:
      return "wfa2007";
    case Indicator::kHfa2007:
      return "hfa2007";
    case Indicator::kBmifa2007:
      return "bmifa2007";
    case Indicator::kSsfa:
      return "ssfa";
    case Indicator::kTsfa:
      return "tsfa";
  }
  return "";
}

std::optional<Indicator> indicator_from_name(std::string_view name) {
  for (int k = 0; k < kIndicatorCount; ++k) {
    if (indicator_name(static_cast<Indicator>(k)) == name) return static_cast<Indicator>(k);
  }
  return std::nullopt;
}

bool is_weight_based(Indicator i) {
  return i != Indicator::kLhfa && i != Indicator::kHcfa && i != Indicator::kHfa2007;
}

bool is_length_keyed(Indicator i) { return i == Indicator::kWfl || i == Indicator::kWfh; }

}  // namespace siklus::growth
