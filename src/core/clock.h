#pragma once
// The one source of time for stored timestamps. Domains bind `at`/`created_at` values from a
// Clock instead of SQL defaults (`strftime('now')`, `now()`), so the SQL stays portable across
// backends and tests can pin the time.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "core/date.h"

namespace siklus {

class Clock {
 public:
  virtual ~Clock() = default;
  //! Milliseconds since the Unix epoch (UTC).
  virtual int64_t now_unix_ms() const = 0;
  //! Seconds since the Unix epoch (UTC).
  int64_t now_unix() const { return now_unix_ms() / 1000; }
  //! "YYYY-MM-DDTHH:MM:SSZ" (UTC): the format every table stores, so text order is time order.
  std::string now_iso() const { return iso_time(now_unix()); }
  //! Today's date in Western Indonesia Time (UTC+7), the offices' calendar.
  Date today_wib() const;

  //! Formats Unix seconds as "YYYY-MM-DDTHH:MM:SSZ" (UTC).
  static std::string iso_time(int64_t unix_seconds);
};

//! The wall clock.
class SystemClock final : public Clock {
 public:
  int64_t now_unix_ms() const override;
};

//! A clock that stands still until told otherwise (tests). Thread-safe.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(int64_t unix_seconds) : ms_(unix_seconds * 1000) {}
  int64_t now_unix_ms() const override { return ms_.load(); }
  void set(int64_t unix_seconds) { ms_.store(unix_seconds * 1000); }
  void advance_seconds(int64_t seconds) { ms_.fetch_add(seconds * 1000); }

 private:
  std::atomic<int64_t> ms_;
};

//! The process-wide wall clock (shared, never null).
std::shared_ptr<const Clock> wall_clock();

}  // namespace siklus
