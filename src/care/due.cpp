#include "care/due.h"

#include <algorithm>
#include <charconv>

namespace siklus::care {
namespace {

int parse_int(std::string_view s) {
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

int32_t first_of_month(Date on) { return static_cast<int32_t>(Date{on.year, on.month, 1}.days()); }
int32_t first_of_year(Date on) { return static_cast<int32_t>(Date{on.year, 1, 1}.days()); }

int32_t birthday(Date birth, int years) {
  const int y = birth.year + years;
  const int d = std::min(birth.day, days_in_month(y, birth.month));
  return static_cast<int32_t>(Date{y, birth.month, d}.days());
}

}  // namespace

int antigen_index(std::string_view antigen) {
  for (size_t i = 0; i < kAntigens.size(); ++i) {
    if (kAntigens[i] == antigen) return static_cast<int>(i);
  }
  return -1;
}

PersonCare::PersonCare() {
  for (auto& a : dose_day) a.fill(kNone);
}

PersonCare PersonCare::from(std::vector<ServiceFact> facts) {
  // Same-day services in the order they must have happened: a pregnancy before its first ANC,
  // a delivery before its KF1.
  auto rank = [](std::string_view s) { return s == "pregnancy" ? 0 : s == "delivery" ? 1 : 2; };
  std::stable_sort(facts.begin(), facts.end(), [&](const ServiceFact& a, const ServiceFact& b) {
    return a.day != b.day ? a.day < b.day : rank(a.service) < rank(b.service);
  });
  PersonCare c;
  for (const ServiceFact& f : facts) {
    const std::string_view s = f.service;
    if (s == "immunization") {
      const auto colon = f.key.find(':');
      if (colon == std::string_view::npos) continue;
      const int a = antigen_index(f.key.substr(0, colon));
      const int dose = parse_int(f.key.substr(colon + 1));
      if (a >= 0 && dose >= 1 && dose <= 4) c.dose_day[a][dose - 1] = f.day;
    } else if (s == "anthropometry") {
      c.last_anthropometry = f.day;
    } else if (s == "vitamin_a") {
      c.last_vitamin_a = f.day;
    } else if (s == "ptm_screening") {
      c.last_ptm = f.day;
      if (f.key.find("ht") != std::string_view::npos) {
        if (c.ht_since == kNone) c.ht_since = f.day;
        c.last_ht_check = f.day;
      }
      if (f.key.find("dm") != std::string_view::npos) {
        if (c.dm_since == kNone) c.dm_since = f.day;
        c.last_dm_check = f.day;
      }
    } else if (s == "elderly_screening") {
      c.last_elderly = f.day;
    } else if (s == "diagnosis") {
      if (f.key == "ht" && c.ht_since == kNone) c.ht_since = f.day;
      if (f.key == "dm" && c.dm_since == kNone) c.dm_since = f.day;
    } else if (s == "ht_followup") {
      c.last_ht_check = f.day;
      if (c.ht_since == kNone) c.ht_since = f.day;
    } else if (s == "dm_followup") {
      c.last_dm_check = f.day;
      if (c.dm_since == kNone) c.dm_since = f.day;
    } else if (s == "pregnancy") {
      auto hpht = Date::parse(f.key.substr(0, 10));
      if (!hpht) continue;
      const auto day = static_cast<int32_t>(hpht->days());
      if (day != c.hpht) {
        c.hpht = day;
        c.anc_visits = 0;
        c.delivered = kNone;
        c.kf_done = 0;
      }
      c.pregnancy_closed = f.key.size() > 10;  // "…:closed": ended without a delivery record
    } else if (s == "anc") {
      if (c.hpht != kNone && f.day >= c.hpht && c.anc_visits < 255) ++c.anc_visits;
    } else if (s == "delivery") {
      c.delivered = f.day;
      c.kf_done = 0;
    } else if (s == "kf") {
      const int v = parse_int(f.key);
      if (c.delivered != kNone && f.day >= c.delivered && v >= 1 && v <= 4) {
        c.kf_done |= static_cast<uint8_t>(1u << (v - 1));
      }
    } else if (s == "kn") {
      const int v = parse_int(f.key);
      if (v >= 1 && v <= 3) c.kn_done |= static_cast<uint8_t>(1u << (v - 1));
    }
  }
  return c;
}

void due_items(const DuePerson& p, const PersonCare* care, Date on, std::vector<DueItem>& out,
               const Thresholds& t) {
  static const PersonCare kEmpty;
  const PersonCare& c = care ? *care : kEmpty;
  const auto today = static_cast<int32_t>(on.days());
  const auto born = static_cast<int32_t>(p.birth.days());
  if (born > today) return;
  const int age_days = today - born;
  const int years = age_in_years(p.birth, on);
  const int months = age_in_months(p.birth, on);
  auto add = [&](const char* service, std::string item, int32_t due) {
    if (due > today) return;
    out.push_back({p.id, service, std::move(item), due, today - due});
  };

  // Immunisation (§3.1): per antigen, the dose after the last one given, when its age and
  // interval have come and the age limit has not passed.
  if (months < 60) {
    for (size_t a = 0; a < kAntigens.size(); ++a) {
      int next = 1;
      int32_t last = PersonCare::kNone;
      for (int d = 0; d < 4; ++d) {
        if (c.dose_day[a][d] != PersonCare::kNone) {
          next = d + 2;
          last = c.dose_day[a][d];
        }
      }
      const ScheduledDose* s = find_dose(kAntigens[a], next);
      if (!s || !s->routine || age_days > s->max_age_days) continue;
      int32_t due = born + s->age_days;
      if (last != PersonCare::kNone) due = std::max(due, last + s->min_interval_days);
      add("immunization", std::string(s->antigen) + ":" + std::to_string(s->dose), due);
    }
  }

  // Newborn visits (§3.2): the first missing KN whose window has opened, within 28 days.
  if (age_days <= 28) {
    for (const DayWindow& w : kn_windows()) {
      if (c.kn_done & (1u << (w.visit - 1))) continue;
      add("kn", "KN" + std::to_string(w.visit), born + w.first_day);
      break;
    }
  }

  // Growth monitoring: every under-five weighed each month; vitamin A in February and August.
  if (months < 60) {
    const int32_t month_start = std::max(first_of_month(on), born);
    if (c.last_anthropometry < month_start) add("anthropometry", "weighing", month_start);
    if ((on.month == 2 || on.month == 8) && months >= 6 && c.last_vitamin_a < month_start) {
      add("vitamin_a", months < 12 ? "100000_iu" : "200000_iu", month_start);
    }
  }

  // Pregnancy (§3.2): the next ANC visit by its week; delivery past HPL; KF after delivery.
  if (p.sex == "P" && c.hpht != PersonCare::kNone && !c.pregnancy_closed) {
    const int gest_days = today - c.hpht;
    if (c.delivered == PersonCare::kNone && gest_days >= 0 && gest_days <= t.pregnancy_max_days) {
      if (c.anc_visits < kAncDueWeek.size()) {
        add("anc", "K" + std::to_string(c.anc_visits + 1), c.hpht + kAncDueWeek[c.anc_visits] * 7);
      }
      add("delivery", "after_hpl", c.hpht + 280 + 14);  // two weeks past HPL, nothing recorded
    }
  }
  if (p.sex == "P" && c.delivered != PersonCare::kNone && today - c.delivered <= 42) {
    for (const DayWindow& w : kf_windows()) {
      if (c.kf_done & (1u << (w.visit - 1))) continue;
      add("kf", "KF" + std::to_string(w.visit), c.delivered + w.first_day);
      break;
    }
  }

  // Yearly screening (SPM 6 and 7): PTM at 15–59, elderly from 60.
  if (years >= t.ptm_min_age_years && years < t.elderly_min_age_years) {
    const int32_t from = std::max(first_of_year(on), birthday(p.birth, t.ptm_min_age_years));
    if (c.last_ptm < from) add("ptm_screening", "yearly", from);
  } else if (years >= t.elderly_min_age_years) {
    const int32_t from = std::max(first_of_year(on), birthday(p.birth, t.elderly_min_age_years));
    if (c.last_elderly < from) add("elderly_screening", "yearly", from);
  }

  // Hypertension and diabetes (SPM 8, 9): a check every month after the finding.
  if (c.ht_since != PersonCare::kNone) {
    add("ht_followup", "monthly", std::max(c.ht_since, c.last_ht_check) + t.monthly_check_days);
  }
  if (c.dm_since != PersonCare::kNone) {
    add("dm_followup", "monthly", std::max(c.dm_since, c.last_dm_check) + t.monthly_check_days);
  }
}

void sort_by_urgency(std::vector<DueItem>& items) {
  std::sort(items.begin(), items.end(), [](const DueItem& a, const DueItem& b) {
    if (a.overdue_days != b.overdue_days) return a.overdue_days > b.overdue_days;
    if (a.person_id != b.person_id) return a.person_id < b.person_id;
    return a.service < b.service || (a.service == b.service && a.item < b.item);
  });
}

}  // namespace siklus::care
