#pragma once
// Calendar dates (proleptic Gregorian, no time zone) and the clock; days are counted from
// 1970-01-01 so ages and intervals are integer arithmetic.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace siklus {

struct Date {
  int year = 1970;
  int month = 1;
  int day = 1;

  //! Parses strict `YYYY-MM-DD`; nullopt if malformed or not a real day (2023-02-29).
  static std::optional<Date> parse(std::string_view text);
  static Date from_days(int64_t days_since_epoch);
  static bool valid(int year, int month, int day);

  int64_t days() const;  // days since 1970-01-01
  std::string to_string() const;  // YYYY-MM-DD
  auto operator<=>(const Date&) const = default;
};

int days_in_month(int year, int month);

//! Whole years from `birth` to `on` (0 if `on` is before `birth`).
int age_in_years(Date birth, Date on);
//! Whole months from `birth` to `on`.
int age_in_months(Date birth, Date on);

//! Today's date in Western Indonesia Time (UTC+7), the offices' calendar.
Date today_wib();

}  // namespace siklus
