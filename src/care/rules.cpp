#include "care/rules.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

namespace siklus::care {
namespace {

using nlohmann::json;

const Thresholds kDefaults{};

// §3.1 routine immunisation [V]; minimum ages before the first dose and age limits beyond the
// table are [U] (common national practice), see docs/care.md.
constexpr std::array kSchedule = {
    ScheduledDose{"hb0", 1, 0, 0, 7, 0, true, "§3.1 <24 h; up to 7 days [U]"},
    ScheduledDose{"bcg", 1, 0, 0, 365, 0, true, "§3.1 <1 month; catch-up to 1 year [U]"},
    ScheduledDose{"opv", 1, 0, 0, 1825, 0, true, "§3.1 <1 month"},
    ScheduledDose{"opv", 2, 60, 42, 1825, 28, true, "§3.1 2 months; interval 1 month"},
    ScheduledDose{"opv", 3, 90, 70, 1825, 28, true, "§3.1 3 months; interval 1 month"},
    ScheduledDose{"opv", 4, 120, 98, 1825, 28, true, "§3.1 4 months; interval 1 month"},
    ScheduledDose{"dpt_hb_hib", 1, 60, 42, 1825, 0, true, "§3.1 2 months; from 6 weeks [U]"},
    ScheduledDose{"dpt_hb_hib", 2, 90, 70, 1825, 28, true, "§3.1 3 months; interval 1 month"},
    ScheduledDose{"dpt_hb_hib", 3, 120, 98, 1825, 28, true, "§3.1 4 months; interval 1 month"},
    ScheduledDose{"dpt_hb_hib", 4, 548, 450, 1825, 365, true, "§3.1 18 months; ≥12 months after 3"},
    ScheduledDose{"rv", 1, 60, 42, 105, 0, true, "§3.1 2 months; first dose by 15 weeks [U]"},
    ScheduledDose{"rv", 2, 90, 70, 240, 28, true, "§3.1 3 months; interval 1 month"},
    ScheduledDose{"rv", 3, 120, 98, 240, 28, true, "§3.1 4 months; done by 8 months [U]"},
    ScheduledDose{"pcv", 1, 60, 42, 1825, 0, true, "§3.1 2 months"},
    ScheduledDose{"pcv", 2, 90, 70, 1825, 28, true, "§3.1 3 months; interval 1 month"},
    ScheduledDose{"pcv", 3, 365, 270, 1825, 56, true, "§3.1 12 months; ≥8 weeks after 2"},
    ScheduledDose{"ipv", 1, 120, 98, 1825, 0, true, "§3.1 4 months"},
    ScheduledDose{"ipv", 2, 270, 180, 1825, 28, true, "§3.1 9 months; interval [U]"},
    ScheduledDose{"mr", 1, 270, 270, 1825, 0, true, "§3.1 9 months"},
    ScheduledDose{"mr", 2, 548, 450, 1825, 182, true, "§3.1 18 months; ≥6 months after MR1"},
    ScheduledDose{"je", 1, 300, 270, 1825, 0, false, "§3.1 10 months, endemic areas only"},
};

// §3.2 [V]: KF1 6 h–2 d, KF2 3–7 d, KF3 8–28 d, KF4 29–42 d; KN1 6–48 h, KN2 3–7 d, KN3 8–28 d.
constexpr std::array kKf = {DayWindow{1, 0, 2}, DayWindow{2, 3, 7}, DayWindow{3, 8, 28},
                            DayWindow{4, 29, 42}};
constexpr std::array kKn = {DayWindow{1, 0, 2}, DayWindow{2, 3, 7}, DayWindow{3, 8, 28}};

Error refuse(std::string field, const char* id, const char* message) {
  return Error::invalid(std::move(field), message).with_id(std::string("care.") + id);
}

bool in_choices(std::string_view choices, std::string_view value) {
  size_t pos = 0;
  while (pos <= choices.size()) {
    size_t bar = choices.find('|', pos);
    if (bar == std::string_view::npos) bar = choices.size();
    if (choices.substr(pos, bar - pos) == value) return true;
    pos = bar + 1;
  }
  return false;
}

Status check_field(const FieldSpec& spec, const json& v) {
  const std::string f(spec.name);
  switch (spec.kind) {
    case FieldKind::kNumber:
    case FieldKind::kInteger: {
      if (spec.kind == FieldKind::kInteger && !v.is_number_integer()) {
        return Error::invalid(f, "expected an integer");
      }
      if (!v.is_number()) return Error::invalid(f, "expected a number");
      const double x = v.get<double>();
      if (!std::isfinite(x) || x < spec.min || x > spec.max) {
        return Error::invalid(f, "value out of range");
      }
      return {};
    }
    case FieldKind::kBool:
      if (!v.is_boolean()) return Error::invalid(f, "expected true or false");
      return {};
    case FieldKind::kDate:
      if (!v.is_string() || !Date::parse(v.get<std::string>())) {
        return Error::invalid(f, "expected a date YYYY-MM-DD");
      }
      return {};
    case FieldKind::kText:
      if (!v.is_string()) return Error::invalid(f, "expected a string");
      if (v.get<std::string>().size() > 200) return Error::invalid(f, "text too long");
      if (!spec.choices.empty() && !in_choices(spec.choices, v.get<std::string>())) {
        return refuse(f, "not_a_choice", "not one of the allowed values");
      }
      return {};
    case FieldKind::kTextList:
      if (!v.is_array()) return Error::invalid(f, "expected an array of strings");
      for (const json& item : v) {
        if (!item.is_string()) return Error::invalid(f, "expected an array of strings");
        if (!spec.choices.empty() && !in_choices(spec.choices, item.get<std::string>())) {
          return refuse(f, "not_a_choice", "not one of the allowed values");
        }
      }
      return {};
  }
  return {};
}

std::optional<double> number(const json& fields, const char* name) {
  auto it = fields.find(name);
  if (it == fields.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

int integer(const json& fields, const char* name, int fallback = 0) {
  auto it = fields.find(name);
  return it != fields.end() && it->is_number_integer() ? it->get<int>() : fallback;
}

std::string text(const json& fields, const char* name) {
  auto it = fields.find(name);
  return it != fields.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool flag(const json& fields, const char* name) {
  auto it = fields.find(name);
  return it != fields.end() && it->is_boolean() && it->get<bool>();
}

int64_t days_between(Date a, Date b) { return b.days() - a.days(); }

// The services of the history with code `code`, oldest first, leaving out the one replaced.
std::vector<const ServiceRecord*> of(const RuleContext& ctx, std::string_view code) {
  std::vector<const ServiceRecord*> out;
  for (const ServiceRecord& r : ctx.history) {
    if (r.service == code && !r.deleted && r.id != ctx.replacing) out.push_back(&r);
  }
  std::sort(out.begin(), out.end(), [](auto* a, auto* b) {
    return a->date != b->date ? a->date < b->date : a->id < b->id;
  });
  return out;
}

std::optional<Date> hpht_of(const ServiceRecord& r) { return Date::parse(text(r.fields, "hpht")); }

// The pregnancy open on `on`: the latest recorded before it whose HPHT is within the longest
// pregnancy, not ended by a delivery or an outcome.
const ServiceRecord* open_pregnancy(const RuleContext& ctx, Date on) {
  const ServiceRecord* open = nullptr;
  auto pregnancies = of(ctx, "pregnancy");
  auto deliveries = of(ctx, "delivery");
  for (const ServiceRecord* p : pregnancies) {
    auto hpht = hpht_of(*p);
    if (!hpht || *hpht > on || days_between(*hpht, on) > ctx.thresholds.pregnancy_max_days) {
      continue;
    }
    if (!text(p->fields, "outcome").empty() && p->date <= on) continue;
    bool delivered = std::any_of(deliveries.begin(), deliveries.end(),
                                 [&](auto* d) { return d->date >= *hpht && d->date <= on; });
    if (!delivered) open = p;
  }
  return open;
}

Status check_window(std::span<const DayWindow> windows, int visit, int64_t day, const char* field) {
  for (const DayWindow& w : windows) {
    if (w.visit == visit && (day < w.first_day || day > w.last_day)) {
      return refuse(field, "outside_window", "the date is outside the visit's day window");
    }
  }
  return {};
}

Result<json> pregnancy(const RuleContext& ctx, const ServiceInput& in, json fields) {
  const Thresholds& t = ctx.thresholds;
  const PersonFacts& p = ctx.person;
  if (p.sex != "P") return refuse("person_id", "female_only", "only for women");
  const int age = age_in_years(*p.birth, in.date);
  if (age < t.pregnancy_min_age_years || age > t.pregnancy_max_age_years) {
    return refuse("person_id", "pregnancy_age",
                  "the person is too young or too old for a pregnancy");
  }
  const Date hpht = *Date::parse(fields["hpht"].get<std::string>());
  if (hpht > in.date) return refuse("hpht", "hpht_after_date", "HPHT lies after the visit date");
  if (days_between(hpht, in.date) > t.pregnancy_max_days) {
    return refuse("hpht", "hpht_too_old", "HPHT lies more than 44 weeks before the visit date");
  }
  if (hpht < *p.birth)
    return refuse("hpht", "before_birth", "the date lies before the person's birth");
  if (const ServiceRecord* open = open_pregnancy(ctx, in.date); open && hpht_of(*open) != hpht) {
    return refuse("hpht", "pregnancy_open", "another pregnancy of this person is still open");
  }
  const int gravida = integer(fields, "gravida", 1);
  const int para = integer(fields, "para");
  const int abortus = integer(fields, "abortus");
  if (para + abortus > gravida - 1) {
    return refuse("para", "obstetric_counts", "para plus abortus must be less than gravida");
  }
  fields["hpl"] = Date::from_days(hpht.days() + 280).to_string();  // Naegele: HPHT + 280 days
  // 4T (too young, too old, too many, too close) plus the recorded risk factors.
  json four_t = json::array();
  if (age < t.too_young_years) four_t.push_back("too_young");
  if (age > t.too_old_years) four_t.push_back("too_old");
  if (para >= t.too_many_para) four_t.push_back("too_many");
  for (const ServiceRecord* d : of(ctx, "delivery")) {
    if (d->date < hpht && age_in_months(d->date, hpht) < t.too_close_months) {
      four_t.push_back("too_close");
      break;
    }
  }
  const auto muac = number(fields, "muac_cm");
  json factors = fields.value("risk_factors", json::array());
  if (muac && *muac < t.kek_muac_cm &&
      std::find(factors.begin(), factors.end(), "kek") == factors.end()) {
    factors.push_back("kek");
  }
  fields["four_t"] = four_t;
  fields["risk_factors"] = factors;
  fields["risk_class"] = !factors.empty() || four_t.size() >= 2 ? "high"
                         : four_t.size() == 1                   ? "moderate"
                                                                : "low";
  return fields;
}

Result<json> anc(const RuleContext& ctx, const ServiceInput& in, json fields) {
  const ServiceRecord* open = open_pregnancy(ctx, in.date);
  if (!open)
    return refuse("person_id", "no_pregnancy", "no open pregnancy is recorded for this person");
  const Date hpht = *hpht_of(*open);
  const int64_t days = days_between(hpht, in.date);
  const int weeks = static_cast<int>(days / 7);
  int count = 0;
  for (const ServiceRecord* a : of(ctx, "anc")) {
    if (a->date < hpht) continue;
    ++count;
    if (fields.contains("visit") && integer(a->fields, "visit") == integer(fields, "visit")) {
      return refuse("visit", "duplicate_visit", "this visit is already recorded");
    }
  }
  if (!fields.contains("visit")) fields["visit"] = count + 1;
  fields["hpht"] = hpht.to_string();
  fields["gestational_weeks"] = weeks;
  fields["trimester"] = weeks <= 12 ? 1 : weeks <= 24 ? 2 : 3;  // §3.2 TM1 0–12, TM2 >12–24
  if (auto muac = number(fields, "muac_cm")) fields["kek"] = *muac < ctx.thresholds.kek_muac_cm;
  if (auto hb = number(fields, "hb_g_dl")) fields["anaemia"] = *hb < 11.0;  // §3.6 [U]
  auto sys = number(fields, "systolic");
  auto dia = number(fields, "diastolic");
  if (sys && dia) fields["bp_class"] = bp_class(*sys, *dia);
  return fields;
}

Result<json> delivery(const RuleContext& ctx, const ServiceInput& in, json fields) {
  const ServiceRecord* open = open_pregnancy(ctx, in.date);
  if (!open)
    return refuse("person_id", "no_pregnancy", "no open pregnancy is recorded for this person");
  const Date hpht = *hpht_of(*open);
  if (days_between(hpht, in.date) < ctx.thresholds.delivery_min_weeks * 7) {
    return refuse("date", "delivery_too_early", "the delivery date is too early in the pregnancy");
  }
  fields["hpht"] = hpht.to_string();
  fields["gestational_weeks"] = days_between(hpht, in.date) / 7;
  fields["in_facility"] = text(fields, "delivery_place") != "home";
  return fields;
}

Result<json> kf(const RuleContext& ctx, const ServiceInput& in, json fields) {
  if (ctx.person.sex != "P") return refuse("person_id", "female_only", "only for women");
  const ServiceRecord* last = nullptr;
  for (const ServiceRecord* d : of(ctx, "delivery")) {
    if (d->date <= in.date) last = d;
  }
  if (!last || days_between(last->date, in.date) > 42) {
    return refuse("person_id", "no_delivery",
                  "no delivery in the last 42 days is recorded for this person");
  }
  const int visit = integer(fields, "visit");
  SK_TRY(check_window(kf_windows(), visit, days_between(last->date, in.date), "date"));
  for (const ServiceRecord* k : of(ctx, "kf")) {
    if (k->date >= last->date && integer(k->fields, "visit") == visit) {
      return refuse("visit", "duplicate_visit", "this visit is already recorded");
    }
  }
  fields["delivery_date"] = last->date.to_string();
  return fields;
}

Result<json> kn(const RuleContext& ctx, const ServiceInput& in, json fields) {
  const int64_t day = days_between(*ctx.person.birth, in.date);
  if (day > 28) {
    return refuse("person_id", "age_out_of_range",
                  "the person's age is outside this service's age group");
  }
  const int visit = integer(fields, "visit");
  SK_TRY(check_window(kn_windows(), visit, day, "date"));
  for (const ServiceRecord* k : of(ctx, "kn")) {
    if (integer(k->fields, "visit") == visit) {
      return refuse("visit", "duplicate_visit", "this visit is already recorded");
    }
  }
  return fields;
}

Result<json> immunization(const RuleContext& ctx, const ServiceInput& in, json fields) {
  const std::string antigen = text(fields, "antigen");
  const int dose = integer(fields, "dose");
  const ScheduledDose* s = find_dose(antigen, dose);
  if (!s) return refuse("dose", "unknown_dose", "not a dose of the national schedule");
  const int64_t age = days_between(*ctx.person.birth, in.date);
  if (age < s->min_age_days) {
    return refuse("date", "dose_too_young", "the child is too young for this dose");
  }
  if (age > s->max_age_days) {
    return refuse("date", "dose_too_old", "the child is too old for this dose");
  }
  const ServiceRecord* previous = nullptr;
  for (const ServiceRecord* r : of(ctx, "immunization")) {
    if (text(r->fields, "antigen") != antigen) continue;
    const int d = integer(r->fields, "dose");
    if (d == dose) return refuse("dose", "dose_duplicate", "this dose is already recorded");
    if (d == dose - 1) previous = r;
  }
  if (dose > 1) {
    if (!previous) {
      return refuse("dose", "dose_missing_previous", "the previous dose is not recorded");
    }
    if (days_between(previous->date, in.date) < s->min_interval_days) {
      return refuse("date", "dose_interval", "too soon after the previous dose (minimum interval)");
    }
  }
  fields["age_days"] = age;
  fields["on_time"] = age <= s->age_days + 28;  // within a month of the recommended age [U]
  return fields;
}

Result<json> anthropometry(const RuleContext& ctx, const ServiceInput& in, json fields) {
  const Thresholds& t = ctx.thresholds;
  const auto weight = number(fields, "weight_kg");
  const auto height = number(fields, "height_cm");
  const auto head = number(fields, "head_cm");
  const auto muac = number(fields, "muac_cm");
  if (!weight && !height && !head && !muac) {
    return refuse("weight_kg", "measurement_required", "at least one measurement is required");
  }
  const int years = age_in_years(*ctx.person.birth, in.date);
  if (years < t.anthropometry_child_years) {
    if (weight && *weight > t.child_max_weight_kg) {
      return refuse("weight_kg", "implausible", "implausible for the person's age");
    }
    if (height && (*height > t.child_max_height_cm || *height < 35)) {
      return refuse("height_cm", "implausible", "implausible for the person's age");
    }
  } else if (weight && *weight < 8) {
    return refuse("weight_kg", "implausible", "implausible for the person's age");
  }
  if (weight && height && *height >= 100) {
    const double m = *height / 100;
    fields["bmi"] = std::round(*weight / (m * m) * 10) / 10;
  }
  const growth::Reference* ref = ctx.growth;
  if (ref && ref->installed() && years < 19 && (ctx.person.sex == "L" || ctx.person.sex == "P")) {
    growth::Measurement gm;
    gm.sex = ctx.person.sex == "L" ? growth::Sex::kMale : growth::Sex::kFemale;
    gm.birth = *ctx.person.birth;
    gm.date = in.date;
    gm.weight_kg = weight;
    gm.height_cm = height;
    gm.head_cm = head;
    gm.muac_cm = muac;
    if (auto it = fields.find("recumbent"); it != fields.end()) gm.recumbent = it->get<bool>();
    gm.oedema = flag(fields, "oedema");
    auto a = ref->assess(gm);
    if (!a) return a.error();
    json g = {{"age_days", a->age_days}};
    auto put = [&g](const char* k, const std::optional<double>& z) {
      g[k] = z ? json(std::round(*z * 100) / 100) : json(nullptr);
    };
    put("waz", a->waz);
    put("haz", a->haz);
    put("whz", a->whz);
    put("bmiz", a->bmiz);
    put("hcz", a->hcz);
    put("acz", a->acz);
    g["status"] = {{"weight_for_age", a->status.weight_for_age},
                   {"height_for_age", a->status.height_for_age},
                   {"weight_for_height", a->status.weight_for_height}};
    fields["growth"] = std::move(g);
  }
  return fields;
}

Result<json> vitamin_a(const RuleContext& ctx, const ServiceInput& in, json fields) {
  const int months = age_in_months(*ctx.person.birth, in.date);
  if (months < 6 || months > 59) {
    return refuse("person_id", "age_out_of_range",
                  "the person's age is outside this service's age group");
  }
  const int dose = integer(fields, "dose_iu");
  if ((months < 12 && dose != 100000) || (months >= 12 && dose != 200000)) {
    return refuse("dose_iu", "vitamin_a_dose",
                  "the dose does not fit the child's age (100,000 IU at 6-11 months, 200,000 IU "
                  "at 12-59 months)");
  }
  for (const ServiceRecord* r : of(ctx, "vitamin_a")) {
    if (std::abs(days_between(r->date, in.date)) < ctx.thresholds.vitamin_a_repeat_days) {
      return refuse("date", "vitamin_a_repeat", "vitamin A was already given in this round");
    }
  }
  return fields;
}

Status bp_pair(const json& fields) {
  auto sys = number(fields, "systolic");
  auto dia = number(fields, "diastolic");
  if (sys.has_value() != dia.has_value()) {
    return Error::invalid(sys ? "diastolic" : "systolic", "required");
  }
  if (sys && *sys <= *dia) {
    return refuse("systolic", "systolic_below_diastolic", "systolic must be above diastolic");
  }
  return {};
}

Result<json> ptm(const RuleContext& ctx, const ServiceInput& in, json fields) {
  if (age_in_years(*ctx.person.birth, in.date) < ctx.thresholds.ptm_min_age_years) {
    return refuse("person_id", "age_out_of_range",
                  "the person's age is outside this service's age group");
  }
  SK_TRY(bp_pair(fields));
  auto sys = number(fields, "systolic");
  auto dia = number(fields, "diastolic");
  if (sys) fields["bp_class"] = bp_class(*sys, *dia);
  auto w = number(fields, "weight_kg");
  auto h = number(fields, "height_cm");
  if (w && h) {
    const double bmi = std::round(*w / ((*h / 100) * (*h / 100)) * 10) / 10;
    fields["bmi"] = bmi;
    fields["bmi_class"] = bmi_class(bmi, ctx.thresholds);
  }
  if (auto waist = number(fields, "waist_cm")) {
    fields["central_obesity"] = *waist > (ctx.person.sex == "L" ? 90.0 : 80.0);  // §3.4 [V]
  }
  if (auto g = number(fields, "glucose_mg_dl")) {
    std::string kind = text(fields, "glucose_kind");
    if (kind.empty()) {
      kind = "random";
      fields["glucose_kind"] = kind;
    }
    fields["glucose_class"] = glucose_class(*g, kind);
  }
  if (auto a = number(fields, "hba1c_pct")) fields["hba1c_class"] = hba1c_class(*a);
  return fields;
}

Result<json> elderly(const RuleContext& ctx, const ServiceInput& in, json fields) {
  if (age_in_years(*ctx.person.birth, in.date) < ctx.thresholds.elderly_min_age_years) {
    return refuse("person_id", "age_out_of_range",
                  "the person's age is outside this service's age group");
  }
  SK_TRY(bp_pair(fields));
  const int adl = integer(fields, "adl");
  fields["adl_band"] = adl_band(adl);
  fields["adl_grade"] = adl_grade(adl);
  fields["homecare"] = adl <= 11;  // §3.5: moderate, severe or total dependence [V]
  fields["skilas_follow_up"] = !fields.value("skilas_positive", json::array()).empty();
  if (auto sys = number(fields, "systolic")) {
    fields["bp_class"] = bp_class(*sys, *number(fields, "diastolic"));
  }
  return fields;
}

Result<json> tb(const RuleContext&, const ServiceInput&, json fields) {
  // §2 row 11: cough ≥2 weeks, or close contact, plus symptoms [V].
  const bool symptoms = !fields.value("symptoms", json::array()).empty();
  fields["presumptive"] = flag(fields, "cough_2w") || (flag(fields, "contact") && symptoms);
  return fields;
}

Result<json> ht_followup(const RuleContext& ctx, const ServiceInput&, json fields) {
  SK_TRY(bp_pair(fields));
  const double sys = *number(fields, "systolic");
  const double dia = *number(fields, "diastolic");
  fields["bp_class"] = bp_class(sys, dia);
  fields["controlled"] =
      sys < ctx.thresholds.ht_controlled_systolic && dia < ctx.thresholds.ht_controlled_diastolic;
  return fields;
}

Result<json> dm_followup(const RuleContext& ctx, const ServiceInput&, json fields) {
  std::string kind = text(fields, "glucose_kind");
  if (kind.empty()) {
    kind = "random";
    fields["glucose_kind"] = kind;
  }
  const double g = *number(fields, "glucose_mg_dl");
  fields["glucose_class"] = glucose_class(g, kind);
  fields["controlled"] = kind == "fasting" ? g < ctx.thresholds.dm_controlled_fasting
                                           : g < ctx.thresholds.dm_controlled_random;
  return fields;
}

Result<json> diagnosis(const RuleContext&, const ServiceInput&, json fields) {
  std::string code = text(fields, "icd10");
  std::transform(code.begin(), code.end(), code.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (!icd10_shape(code)) {
    return refuse("icd10", "icd10_shape",
                  "not an ICD-10 code (a letter, two digits, optionally a dot and more)");
  }
  fields["icd10"] = code;
  return fields;
}

Result<json> plain(const RuleContext&, const ServiceInput&, json fields) { return fields; }

}  // namespace

const Thresholds& default_thresholds() { return kDefaults; }

std::span<const ScheduledDose> immunization_schedule() { return kSchedule; }

const ScheduledDose* find_dose(std::string_view antigen, int dose) {
  for (const ScheduledDose& s : kSchedule) {
    if (s.antigen == antigen && s.dose == dose) return &s;
  }
  return nullptr;
}

std::span<const DayWindow> kf_windows() { return kKf; }
std::span<const DayWindow> kn_windows() { return kKn; }

std::string bp_class(double s, double d) {
  // §3.4 [V]; the higher category of systolic and diastolic wins, isolated systolic apart.
  if (s >= 180 || d >= 110) return "ht_grade_3";
  if (s >= 160 || d >= 100) return "ht_grade_2";
  if (s >= 140 && d < 90) return "isolated_systolic";
  if (s >= 140 || d >= 90) return "ht_grade_1";
  if (s >= 130 || d >= 85) return "high_normal";
  if (s >= 120 || d >= 80) return "normal";
  return "optimal";
}

std::string bmi_class(double bmi, const Thresholds& t) {
  if (bmi < 18.5) return "underweight";
  if (bmi < 23) return "normal";
  if (bmi < t.bmi_obese1) return "overweight";
  if (bmi < 30) return "obese_1";
  return "obese_2";
}

std::string glucose_class(double g, std::string_view kind) {
  if (kind == "fasting") return g >= 126 ? "dm" : g >= 100 ? "prediabetes" : "normal";
  return g >= 200 ? "dm" : g >= 140 ? "prediabetes" : "normal";  // random and 2-h OGTT
}

std::string hba1c_class(double pct) {
  return pct >= 6.5 ? "dm" : pct >= 5.7 ? "prediabetes" : "normal";
}

std::string adl_band(int score) {
  if (score >= 20) return "independent";
  if (score >= 12) return "mild";
  if (score >= 9) return "moderate";
  if (score >= 5) return "severe";
  return "total";
}

std::string adl_grade(int score) { return score >= 20 ? "A" : score >= 9 ? "B" : "C"; }

bool icd10_shape(std::string_view c) {
  auto upper = [](char ch) { return ch >= 'A' && ch <= 'Z'; };
  auto digit = [](char ch) { return ch >= '0' && ch <= '9'; };
  if (c.size() < 3 || !upper(c[0]) || !digit(c[1]) || !(digit(c[2]) || c[2] == 'A')) {
    return false;
  }
  if (c.size() == 3) return true;
  if (c[3] != '.' || c.size() < 5 || c.size() > 8) return false;
  for (size_t i = 4; i < c.size(); ++i) {
    if (!digit(c[i]) && !upper(c[i])) return false;
  }
  return true;
}

bool is_hypertension_icd(std::string_view c) {
  return c.size() >= 3 && c[0] == 'I' && c[1] == '1' && c[2] >= '0' && c[2] <= '5';
}

bool is_diabetes_icd(std::string_view c) {
  return c.size() >= 3 && c[0] == 'E' && c[1] == '1' && c[2] >= '0' && c[2] <= '4';
}

Result<json> validate(const RuleContext& ctx, const ServiceInput& in) {
  const ServiceCode* code = find_service(in.service);
  if (!code) return refuse("service", "unknown_service", "unknown service code");
  if (!valid_place(in.place)) {
    return refuse("place", "place_invalid", "place must be posyandu, pustu, puskesmas or home");
  }
  if (in.facility_id && *in.facility_id <= 0)
    return Error::invalid("facility_id", "expected an id");
  if (in.date > ctx.today) return Error::invalid("date", "the date is in the future");
  if (!ctx.person.birth) {
    return refuse("person_id", "no_birth_date", "the person has no birth date in the register");
  }
  if (in.date < *ctx.person.birth) {
    return refuse("date", "before_birth", "the date lies before the person's birth");
  }
  if (!in.fields.is_object()) return Error::invalid("fields", "expected an object");
  json fields = json::object();
  for (auto it = in.fields.begin(); it != in.fields.end(); ++it) {
    const auto spec = std::find_if(code->fields.begin(), code->fields.end(),
                                   [&](const FieldSpec& s) { return s.name == it.key(); });
    if (spec == code->fields.end()) return Error::invalid(it.key(), "unknown field");
    if (it.value().is_null()) continue;
    SK_TRY(check_field(*spec, it.value()));
    fields[it.key()] = it.value();
  }
  for (const FieldSpec& s : code->fields) {
    if (s.required && !fields.contains(s.name)) {
      return Error::invalid(std::string(s.name), "required");
    }
  }
  using Rule = Result<json> (*)(const RuleContext&, const ServiceInput&, json);
  static const std::pair<std::string_view, Rule> kRules[] = {
      {"pregnancy", pregnancy},
      {"anc", anc},
      {"delivery", delivery},
      {"kf", kf},
      {"kn", kn},
      {"immunization", immunization},
      {"anthropometry", anthropometry},
      {"vitamin_a", vitamin_a},
      {"ptm_screening", ptm},
      {"elderly_screening", elderly},
      {"tb_screening", tb},
      {"hiv_test", plain},
      {"odgj_visit", plain},
      {"ht_followup", ht_followup},
      {"dm_followup", dm_followup},
      {"diagnosis", diagnosis},
  };
  for (const auto& [name, rule] : kRules) {
    if (name == in.service) return rule(ctx, in, std::move(fields));
  }
  return fields;
}

std::string due_key(std::string_view service, const json& f) {
  if (service == "immunization")
    return text(f, "antigen") + ":" + std::to_string(integer(f, "dose"));
  if (service == "kf" || service == "kn" || service == "anc") {
    return std::to_string(integer(f, "visit"));
  }
  if (service == "pregnancy") {
    const std::string outcome = text(f, "outcome");
    return text(f, "hpht") + (outcome.empty() ? "" : ":closed");
  }
  if (service == "diagnosis") {
    const std::string c = text(f, "icd10");
    return is_hypertension_icd(c) ? "ht" : is_diabetes_icd(c) ? "dm" : "";
  }
  if (service == "ptm_screening") {
    std::string k;
    const std::string bp = text(f, "bp_class");
    if (bp.rfind("ht_", 0) == 0 || bp == "isolated_systolic") k += "ht";
    if (text(f, "glucose_class") == "dm" || text(f, "hba1c_class") == "dm") k += "dm";
    return k;
  }
  return "";
}

}  // namespace siklus::care
