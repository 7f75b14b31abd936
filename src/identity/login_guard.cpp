#include "identity/login_guard.h"

#include <algorithm>

namespace siklus::identity {
namespace {

constexpr size_t kMaxKeys = 100000;  // bounds memory under a spray of names and addresses

std::string pair_key(std::string_view address, std::string_view username) {
  std::string k(address);
  k += '\n';  // cannot occur in a username or an address
  k += username;
  return k;
}

}  // namespace

void LoginGuard::fail(std::unordered_map<std::string, Entry>& map, const std::string& key, int free,
                      int64_t now) {
  if (map.size() > kMaxKeys) {
    for (auto it = map.begin(); it != map.end();) {
      it = now - it->second.last > 3600 ? map.erase(it) : std::next(it);
    }
  }
  Entry& e = map[key];
  if (now - e.last > 3600) e.failures = 0;  // an hour of quiet forgives
  e.last = now;
  ++e.failures;
  if (e.failures > free) {
    const int over = std::min(e.failures - free - 1, 10);
    e.locked_until = now + std::min<int64_t>(int64_t{1} << over, 900);
  }
}

int64_t LoginGuard::wait_of(const std::unordered_map<std::string, Entry>& map,
                            const std::string& key, int64_t now) {
  auto it = map.find(key);
  return it == map.end() ? 0 : std::max<int64_t>(0, it->second.locked_until - now);
}

int64_t LoginGuard::wait(std::string_view address, std::string_view username, int64_t now) {
  std::lock_guard lock(mu_);
  const std::string pair = pair_key(address, username);
  int64_t w = std::max(wait_of(pairs_, pair, now), wait_of(addresses_, std::string(address), now));
  if (now / 60 == minute_ && global_failures_ >= options_.global_failures_per_minute &&
      !known_pairs_.contains(pair)) {
    w = std::max<int64_t>(w, 60 - now % 60);  // until the next minute
  }
  return w;
}

void LoginGuard::failed(std::string_view address, std::string_view username, int64_t now) {
  std::lock_guard lock(mu_);
  fail(pairs_, pair_key(address, username), options_.pair_free_failures, now);
  fail(addresses_, std::string(address), options_.address_free_failures, now);
  if (now / 60 != minute_) {
    minute_ = now / 60;
    global_failures_ = 0;
  }
  ++global_failures_;
}

void LoginGuard::succeeded(std::string_view address, std::string_view username) {
  std::lock_guard lock(mu_);
  const std::string pair = pair_key(address, username);
  pairs_.erase(pair);
  addresses_.erase(std::string(address));
  if (known_pairs_.size() < kMaxKeys) known_pairs_.insert(pair);
}

}  // namespace siklus::identity
