#include "care/demo_history.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

#include "care/rules.h"

namespace siklus::care {
namespace {

using nlohmann::json;

class Gen {
 public:
  Gen(const DemoHistoryOptions& o, uint64_t household_key, std::vector<BulkService>& out)
      : o_(o), rng_(o.seed * 0x9E3779B97F4A7C15ull ^ household_key), out_(out) {
    from_ = static_cast<int32_t>(o.from.days());
    to_ = static_cast<int32_t>(o.to.days());
  }

  double u() { return std::uniform_real_distribution<double>(0, 1)(rng_); }
  int pick(int n) { return n <= 1 ? 0 : static_cast<int>(rng_() % static_cast<uint64_t>(n)); }
  double normal(double mean, double sd) { return std::normal_distribution<double>(mean, sd)(rng_); }
  static double round1(double v) { return std::round(v * 10) / 10; }

  void emit(int64_t person, const char* service, int32_t day, const char* place, json fields) {
    BulkService b;
    b.person_id = person;
    b.city_code = o_.city;
    b.service = service;
    b.date = Date::from_days(day);
    b.place = place;
    b.due_key = due_key(service, fields);
    b.fields = fields.dump();
    out_.push_back(std::move(b));
  }

  // The routine schedule for a child's whole life so far (the card is older than the window).
  void immunisation(const DemoResident& c) {
    const auto born = static_cast<int32_t>(c.birth.days());
    std::map<int, int> offset;  // recommended age -> days late (one visit, all its antigens)
    std::string antigen;
    bool dropped = false;
    int32_t previous = 0;
    for (const ScheduledDose& d : immunization_schedule()) {
      if (!d.routine) continue;
      if (d.antigen != antigen) {
        antigen = std::string(d.antigen);
        dropped = false;
        previous = 0;
      }
      if (dropped) continue;
      const double p = d.dose > 1           ? o_.rates.next_dose
                       : d.antigen == "hb0" ? o_.rates.hb0
                                            : o_.rates.first_dose;
      if (u() > p) {
        dropped = true;
        continue;
      }
      if (!offset.count(d.age_days)) {
        offset[d.age_days] = u() < o_.rates.late_dose ? 15 + pick(76) : pick(15);
      }
      int32_t day = born + d.age_days + (d.antigen == "hb0" ? pick(2) : offset[d.age_days]);
      day = std::max({day, born + d.min_age_days, previous ? previous + d.min_interval_days : 0});
      if (day - born > d.max_age_days || day > to_) {
        dropped = true;
        continue;
      }
      emit(c.id, "immunization", day, d.age_days == 0 ? "puskesmas" : "posyandu",
           {{"antigen", d.antigen},
            {"dose", d.dose},
            {"age_days", day - born},
            {"on_time", day - born <= d.age_days + 28}});
      previous = day;
    }
  }

  void growth(const DemoResident& c) {
    const auto born = static_cast<int32_t>(c.birth.days());
    const Date first = Date::from_days(std::max(from_, born));
    for (Date m{first.year, first.month, 1}; m.days() <= to_;
         m = m.month == 12 ? Date{m.year + 1, 1, 1} : Date{m.year, m.month + 1, 1}) {
      const int32_t day = static_cast<int32_t>(m.days()) + 4 + pick(14);
      if (day < born || day > to_) continue;
      const int months = age_in_months(c.birth, Date::from_days(day));
      if (months >= 60) break;
      if (u() < o_.rates.monthly_weighing) {
        const double median_w = months <= 6    ? 3.3 + 0.7 * months
                                : months <= 12 ? 7.5 + 0.35 * (months - 6)
                                               : 9.6 + 0.2 * (months - 12);
        const double median_h = months <= 6    ? 50 + 2.6 * months
                                : months <= 12 ? 65.6 + 1.5 * (months - 6)
                                : months <= 24 ? 74.6 + 1.0 * (months - 12)
                                               : 86.6 + 0.65 * (months - 24);
        const double sex = c.female ? 0.96 : 1.0;
        json f = {{"weight_kg", round1(median_w * sex * std::clamp(normal(1, 0.1), 0.7, 1.3))},
                  {"height_cm", round1(median_h * sex * std::clamp(normal(1, 0.035), 0.85, 1.1))},
                  {"recumbent", months < 24}};
        if (months >= 6) f["muac_cm"] = round1(std::clamp(normal(14.5, 1.2), 10.5, 19.0));
        emit(c.id, "anthropometry", day, "posyandu", std::move(f));
      }
      if ((m.month == 2 || m.month == 8) && months >= 6 && u() < o_.rates.vitamin_a) {
        emit(c.id, "vitamin_a", day, "posyandu", {{"dose_iu", months < 12 ? 100000 : 200000}});
      }
    }
  }

  void newborn(const DemoResident& c) {
    const auto born = static_cast<int32_t>(c.birth.days());
    if (born < from_) return;
    for (const DayWindow& w : kn_windows()) {
      const int32_t day = born + w.first_day + pick(std::min(6, w.last_day - w.first_day + 1));
      if (day <= to_ && u() < o_.rates.kn) {
        emit(c.id, "kn", day, w.visit == 1 ? "puskesmas" : "home", {{"visit", w.visit}});
      }
    }
  }

  // A pregnancy from its HPHT: the record, ANC visits, an HIV test, and when `birth` is set the
  // delivery and postpartum visits.
  void pregnancy(const DemoResident& mother, int32_t hpht, std::optional<int32_t> birth,
                 int gravida) {
    const int32_t recorded = hpht + 56 + pick(42);
    if (recorded > to_ || (birth && recorded >= *birth)) return;
    const int age = age_in_years(mother.birth, Date::from_days(recorded));
    const int para = gravida - 1;
    json four_t = json::array();
    if (age < 20) four_t.push_back("too_young");
    if (age > 35) four_t.push_back("too_old");
    if (para >= 4) four_t.push_back("too_many");
    const std::string hpht_text = Date::from_days(hpht).to_string();
    emit(mother.id, "pregnancy", recorded, "pustu",
         {{"hpht", hpht_text},
          {"gravida", gravida},
          {"para", para},
          {"abortus", 0},
          {"hpl", Date::from_days(hpht + 280).to_string()},
          {"four_t", four_t},
          {"risk_factors", json::array()},
          {"risk_class", four_t.size() >= 2   ? "high"
                         : four_t.size() == 1 ? "moderate"
                                              : "low"}});
    int visits = 0;
    for (int week : {10, 16, 22, 28, 33, 37}) {
      const int32_t day = std::max(recorded, hpht + week * 7 + pick(7));
      if (day > to_ || (birth && day >= *birth)) break;
      if (u() > o_.rates.anc_visit) continue;
      const int weeks = (day - hpht) / 7;
      emit(mother.id, "anc", day, visits == 0 || week == 33 ? "puskesmas" : "pustu",
           {{"visit", ++visits},
            {"hpht", hpht_text},
            {"gestational_weeks", weeks},
            {"trimester", weeks <= 12   ? 1
                          : weeks <= 24 ? 2
                                        : 3},
            {"items_10t", {"weight_height", "blood_pressure", "muac", "fundal_height"}}});
      if (visits == 1 && u() < o_.rates.hiv_test_pregnant) {
        emit(mother.id, "hiv_test", day, "puskesmas",
             {{"group", "pregnant"}, {"result", u() < 0.003 ? "reactive" : "non_reactive"}});
      }
    }
    if (!birth || *birth > to_) return;
    const bool facility = u() < o_.rates.facility_delivery;
    static const char* const kPlaces[] = {"puskesmas", "hospital", "midwife_practice"};
    emit(mother.id, "delivery", *birth, facility ? "puskesmas" : "home",
         {{"delivery_place", facility ? kPlaces[pick(3)] : "home"},
          {"attendant", facility ? (u() < 0.3 ? "doctor" : "midwife") : "traditional"},
          {"outcome", "live_birth"},
          {"hpht", hpht_text},
          {"gestational_weeks", (*birth - hpht) / 7},
          {"in_facility", facility}});
    for (const DayWindow& w : kf_windows()) {
      const int32_t day = *birth + w.first_day + pick(std::min(6, w.last_day - w.first_day + 1));
      if (day <= to_ && u() < o_.rates.kf) {
        emit(mother.id, "kf", day, w.visit == 1 ? "puskesmas" : "home",
             {{"visit", w.visit}, {"delivery_date", Date::from_days(*birth).to_string()}});
      }
    }
  }

  // Yearly screening of an adult or elderly resident, and the monthly follow-up of what it finds.
  void adult(const DemoResident& p) {
    bool ht = false, dm = false;
    int32_t ht_found = 0, dm_found = 0;
    for (int32_t start = from_; start <= to_; start += 365) {
      const int32_t end = std::min(to_, start + 364);
      const int32_t day = start + pick(end - start + 1);
      const int age = age_in_years(p.birth, Date::from_days(day));
      if (age < 15) continue;
      const bool elderly = age >= 60;
      if (u() < (elderly ? o_.rates.elderly_screening : o_.rates.ptm_screening)) {
        const double sys = std::clamp(normal(108 + 0.55 * age, 16), 90.0, 220.0);
        const double dia = std::clamp(0.6 * sys + normal(6, 6), 55.0, sys - 15);
        const std::string bp = bp_class(std::round(sys), std::round(dia));
        const double glucose = std::clamp(normal(112 + 0.3 * age, 32), 65.0, 420.0);
        const std::string gc = glucose_class(std::round(glucose), "random");
        json f = {{"systolic", std::round(sys)}, {"diastolic", std::round(dia)}, {"bp_class", bp}};
        if (elderly) {
          const double r = u();
          const int adl = r < 0.8 ? 20 : r < 0.92 ? 12 + pick(8) : r < 0.97 ? 9 + pick(3) : pick(9);
          f["adl"] = adl;
          f["adl_band"] = adl_band(adl);
          f["adl_grade"] = adl_grade(adl);
          f["homecare"] = adl <= 11;
          f["skilas_positive"] = u() < 0.25 ? json::array({"mobility"}) : json::array();
          emit(p.id, "elderly_screening", day, "posyandu", std::move(f));
        } else {
          const double height = std::clamp(normal(p.female ? 152 : 164, 6), 135.0, 195.0);
          const double bmi = std::clamp(normal(24, 4), 15.0, 42.0);
          const double weight = round1(bmi * height * height / 10000);
          const double waist = std::round(std::clamp(normal(p.female ? 80 : 85, 10), 55.0, 140.0));
          const double real_bmi = round1(weight / ((height / 100) * (height / 100)));
          f["glucose_mg_dl"] = std::round(glucose);
          f["glucose_kind"] = "random";
          f["glucose_class"] = gc;
          f["weight_kg"] = weight;
          f["height_cm"] = round1(height);
          f["waist_cm"] = waist;
          f["bmi"] = real_bmi;
          f["bmi_class"] = bmi_class(real_bmi);
          f["central_obesity"] = waist > (p.female ? 80 : 90);
          emit(p.id, "ptm_screening", day, "posyandu", std::move(f));
        }
        const bool high = bp.rfind("ht_", 0) == 0 || bp == "isolated_systolic";
        if (high && !ht) {
          ht = true;
          ht_found = day;
          if (u() < 0.7) emit(p.id, "diagnosis", day, "puskesmas", {{"icd10", "I10"}});
        }
        if (!elderly && gc == "dm" && !dm) {
          dm = true;
          dm_found = day;
          if (u() < 0.7) emit(p.id, "diagnosis", day, "puskesmas", {{"icd10", "E11.9"}});
        }
      }
      if (u() < o_.rates.tb_screening) {
        const bool cough = u() < 0.3;
        emit(p.id, "tb_screening", day, "posyandu",
             {{"cough_2w", cough}, {"contact", false}, {"presumptive", cough}});
      }
    }
    follow_up(p, ht, ht_found, "ht_followup", o_.rates.ht_monthly_check);
    follow_up(p, dm, dm_found, "dm_followup", o_.rates.dm_monthly_check);
  }

  void follow_up(const DemoResident& p, bool found, int32_t since, const char* service,
                 double rate) {
    if (!found) return;
    const bool ht = std::string_view(service) == "ht_followup";
    for (int32_t day = since + 25 + pick(10); day <= to_; day += 28 + pick(6)) {
      if (u() > rate) continue;
      if (ht) {
        const double sys = std::round(std::clamp(normal(142, 12), 110.0, 200.0));
        const double dia = std::round(std::clamp(normal(88, 8), 65.0, sys - 20));
        emit(p.id, service, day, "pustu",
             {{"systolic", sys},
              {"diastolic", dia},
              {"on_medication", true},
              {"bp_class", bp_class(sys, dia)},
              {"controlled", sys < 140 && dia < 90}});
      } else {
        const double g = std::round(std::clamp(normal(190, 45), 90.0, 450.0));
        emit(p.id, service, day, "pustu",
             {{"glucose_mg_dl", g},
              {"glucose_kind", "random"},
              {"on_medication", true},
              {"glucose_class", glucose_class(g, "random")},
              {"controlled", g < 200}});
      }
    }
  }

  int32_t from_ = 0, to_ = 0;

 private:
  const DemoHistoryOptions& o_;
  std::mt19937_64 rng_;
  std::vector<BulkService>& out_;
};

}  // namespace

void demo_household_history(std::span<const DemoResident> household,
                            const DemoHistoryOptions& options, std::vector<BulkService>& out) {
  if (household.empty()) return;
  int64_t key = household.front().id;
  for (const DemoResident& r : household) key = std::min(key, r.id);
  Gen g(options, static_cast<uint64_t>(key), out);
  const int32_t to = g.to_;
  std::vector<const DemoResident*> women;
  for (const DemoResident& r : household) {
    const int age = age_in_years(r.birth, options.to);
    if (r.female && age >= 16 && age <= 49) women.push_back(&r);
  }
  std::vector<const DemoResident*> mothers_with_birth;
  for (const DemoResident& r : household) {
    const auto born = static_cast<int32_t>(r.birth.days());
    if (born > to) continue;
    const int months = age_in_months(r.birth, options.to);
    if (months < 72) g.immunisation(r);
    if (months < 60) g.growth(r);
    g.newborn(r);
    if (months >= 180) g.adult(r);
    // A child born in the window (or whose pregnancy the window saw): the mother's pregnancy.
    if (born >= g.from_ - 120 && !women.empty()) {
      const DemoResident* mother = nullptr;
      for (const DemoResident* w : women) {
        const int at_birth = age_in_years(w->birth, r.birth);
        if (at_birth >= 16 && at_birth <= 45 && (!mother || w->birth > mother->birth)) mother = w;
      }
      if (mother) {
        int older = 1;
        for (const DemoResident& s : household) {
          older += s.birth < r.birth && age_in_years(mother->birth, s.birth) >= 15 &&
                   age_in_years(s.birth, options.to) < 25;
        }
        g.pregnancy(*mother, born - 273 - g.pick(14), born, older);
        mothers_with_birth.push_back(mother);
      }
    }
  }
  // Ongoing pregnancies at the end of the window.
  for (const DemoResident* w : women) {
    const int age = age_in_years(w->birth, options.to);
    if (age < 18 || age > 42) continue;
    if (std::find(mothers_with_birth.begin(), mothers_with_birth.end(), w) !=
        mothers_with_birth.end()) {
      continue;
    }
    if (g.u() < options.rates.currently_pregnant) {
      g.pregnancy(*w, to - 30 - g.pick(240), std::nullopt, 1 + g.pick(3));
    }
  }
}

}  // namespace siklus::care
