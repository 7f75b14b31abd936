#pragma once
// The due engine (pure): from what is known of a person (sex, birth) and a compact summary of
// their services, who is due or overdue for what on a date — the next immunisation dose, a
// missed ANC/KF/KN visit, a child not weighed this month, vitamin A in February and August, an
// adult or elderly person not screened this year, a hypertension or diabetes patient past their
// monthly check. A due list is a scan of an area's residents against `DueIndex`, the in-memory
// summaries the care service keeps live from the change feed, so it never queries per person.

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "care/rules.h"
#include "core/date.h"

namespace siklus::care {

//! The antigens of the schedule, in a fixed order (index into PersonCare::dose_day).
inline constexpr std::array<std::string_view, 9> kAntigens = {
    "hb0", "bcg", "opv", "dpt_hb_hib", "rv", "pcv", "ipv", "mr", "je"};
int antigen_index(std::string_view antigen);  // -1 when unknown

//! One stored service as the index sees it: code, day (days since 1970) and rules::due_key.
struct ServiceFact {
  std::string_view service;
  int32_t day = 0;
  std::string_view key;
};

//! What the due engine needs of a person's services; built from all of them (rebuilt whole when
//! one changes, since a person has few).
struct PersonCare {
  static constexpr int32_t kNone = std::numeric_limits<int32_t>::min();
  std::array<std::array<int32_t, 4>, kAntigens.size()> dose_day;  // kNone = not given
  int32_t last_anthropometry = kNone, last_vitamin_a = kNone;
  int32_t last_ptm = kNone, last_elderly = kNone;
  int32_t ht_since = kNone, dm_since = kNone;  // first diagnosis or screening finding
  int32_t last_ht_check = kNone, last_dm_check = kNone;
  int32_t hpht = kNone;  // the latest pregnancy
  bool pregnancy_closed = false;
  int32_t delivered = kNone;  // the latest delivery (on or after hpht)
  uint8_t anc_visits = 0;     // ANC of the latest pregnancy
  uint8_t kf_done = 0;        // bit (visit - 1), after `delivered`
  uint8_t kn_done = 0;        // bit (visit - 1)

  PersonCare();
  //! From every service of one person (any order).
  static PersonCare from(std::vector<ServiceFact> facts);
};

struct DueItem {
  int64_t person_id = 0;
  std::string service;  // a service code: what to record
  std::string item;     // which: "dpt_hb_hib:2", "K3", "KF2", "weighing", …
  int32_t due = 0;      // days since 1970
  int32_t overdue_days = 0;
};

struct DuePerson {
  int64_t id = 0;
  std::string_view sex;
  Date birth;
};

//! The ANC visit K(n) is due by this week of pregnancy (6 visits, §3.2: 1 in TM1, 2 in TM2,
//! 3 in TM3; the spacing within a trimester is [U]).
inline constexpr std::array<int, 6> kAncDueWeek = {12, 18, 24, 30, 34, 38};

//! Appends the person's items due on or before `on` to `out`.
void due_items(const DuePerson& person, const PersonCare* care, Date on, std::vector<DueItem>& out,
               const Thresholds& t = default_thresholds());

//! Most overdue first, then by person and service (stable for tests and printing).
void sort_by_urgency(std::vector<DueItem>& items);

//! person id → summary. Not thread-safe: the care service guards it.
using DueIndex = std::unordered_map<int64_t, PersonCare>;

}  // namespace siklus::care
