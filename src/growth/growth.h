#pragma once
// Child growth against the WHO Child Growth Standards (2006, 0-5 y) and the WHO Reference 2007
// (5-19 y). The LMS tables are data the user imports (`siklus import who-growth DIR`), not part
// of the binary; until they are installed a Reference answers with no z-scores and says so.
// This header is the port the care domain, the CLI and HTTP use; the engine behind it is pure.

#include <array>
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/result.h"

namespace siklus::store {
class Database;
}

namespace siklus::growth {

enum class Sex { kMale, kFemale };

//! One measurement of a child. Absent quantities give absent z-scores.
struct Measurement {
  Sex sex = Sex::kMale;
  Date birth;
  Date date;
  std::optional<double> weight_kg;
  std::optional<double> height_cm;  // length if measured lying, height if standing
  //! Measured lying down (length). Unset: lying below 24 months, standing from 24 months (the
  //! WHO rule); when set against the rule, the 0.7 cm correction applies.
  std::optional<bool> recumbent;
  std::optional<double> head_cm;
  std::optional<double> muac_cm;
  bool oedema = false;  // bilateral pitting oedema: weight-based z-scores are not computed
};

//! The nutritional status words of PMK 2/2020, by indicator; empty when not computed.
//! weight_for_age: "severely_underweight" | "underweight" | "normal" | "risk_overweight"
//! height_for_age: "severely_stunted" | "stunted" | "normal" | "tall"
//! weight_for_height: "severely_wasted" | "wasted" | "normal" | "possible_risk_overweight" |
//!                    "overweight" | "obese"
//! bmi_for_age: under 5 the weight_for_height words; from 5 years "severely_thin" | "thin" |
//!              "normal" | "overweight" | "obese" (IMT/U 5-18 y).
//! PMK 2/2020 classifies weight-for-age, height-for-age and weight-for-height under 5 only.
struct Status {
  std::string weight_for_age;
  std::string height_for_age;
  std::string weight_for_height;
  std::string bmi_for_age;
};

struct Assessment {
  int age_days = 0;
  std::optional<double> waz;   // weight-for-age
  std::optional<double> haz;   // length/height-for-age
  std::optional<double> whz;   // weight-for-length/height
  std::optional<double> bmiz;  // BMI-for-age
  std::optional<double> hcz;   // head circumference-for-age
  std::optional<double> acz;   // arm circumference (MUAC)-for-age
  Status status;
};

//! The -3…+3 SD lines of one chart: x is the age in days (age charts) or the length/height in
//! cm (weight-for-length/height); sd[0] is -3 SD, sd[3] the median, sd[6] +3 SD.
struct CurvePoint {
  double x = 0;
  std::array<double, 7> sd{};
};
struct Curves {
  std::string indicator;  // "wfa" | "lhfa" | "wfl" | "wfh" | "bmifa" | "hcfa"
  std::string x_unit;     // "days" | "cm"
  std::string unit;       // of the lines: "kg" | "cm" | "kg/m2"
  std::vector<CurvePoint> points;
};

//! The imported LMS tables, immutable once loaded; safe to share between threads.
class Reference {
 public:
  virtual ~Reference() = default;
  //! False until `siklus import who-growth` has run: pages then say the reference is missing.
  virtual bool installed() const = 0;
  //! z-scores for a measurement. kInvalidArgument (naming the field) for impossible input: a
  //! date before birth, a weight or length outside what a living child can measure, or a
  //! z-score beyond WHO's plausibility flags (message id growth.implausible; docs/growth.md).
  virtual Result<Assessment> assess(const Measurement& m) const = 0;
  //! The chart lines of a WHO 2006 indicator ("wfa", "lhfa", "wfl", "wfh", "bmifa", "hcfa");
  //! kInvalidArgument ("indicator") for another name, empty points when not installed.
  virtual Result<Curves> curves(std::string_view indicator, Sex sex) const;
};

//! The reference in use, swapped whole when a new import lands (the app follows the change feed
//! entity "growth_reference"), so a reader never sees half a table. Thread-safe.
class ReferenceSource {
 public:
  explicit ReferenceSource(std::shared_ptr<const Reference> initial)
      : current_(std::move(initial)) {}
  std::shared_ptr<const Reference> current() const { return current_.load(); }
  void replace(std::shared_ptr<const Reference> next) { current_.store(std::move(next)); }

 private:
  std::atomic<std::shared_ptr<const Reference>> current_;
};

//! What both doors (CLI and HTTP) call: the assessment, or kConflict with message id
//! "growth.not_installed" ("run siklus import who-growth DIR") when the tables are missing.
Result<Assessment> assess(const Reference& reference, const Measurement& m);
Result<Curves> curves(const Reference& reference, std::string_view indicator, Sex sex);
//! The error of a missing reference (message id growth.not_installed).
Error not_installed_error();

//! Loads the reference from the growth module's tables (empty if never imported).
Result<std::shared_ptr<const Reference>> load_reference(store::Database& db);

}  // namespace siklus::growth
