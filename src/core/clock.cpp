#include "core/clock.h"

#include <chrono>
#include <ctime>

namespace siklus {

namespace {
constexpr int64_t kWibOffsetSeconds = 7 * 3600;

// Floor division, so instants before 1970 still land on the right day.
int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
}  // namespace

Date Clock::today_wib() const {
  return Date::from_days(floor_div(now_unix() + kWibOffsetSeconds, 86400));
}

std::string Clock::iso_time(int64_t unix_seconds) {
  const auto t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

int64_t SystemClock::now_unix_ms() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::shared_ptr<const Clock> wall_clock() {
  static const auto clock = std::make_shared<const SystemClock>();
  return clock;
}

}  // namespace siklus
