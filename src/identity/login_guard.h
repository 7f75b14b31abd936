#pragma once
// Login throttling that slows an attacker without locking the owner out (issue 8 item 3).
//
//   - per (client address, username) pair: after 3 failures the pair waits 1 s, 2 s, 4 s … up to
//     15 minutes. A guesser at one address is slowed; the owner at another address is not.
//   - per client address, whatever the username: after 10 failures the same growing wait (a
//     spray of usernames from one address).
//   - a global cap: at most `global_failures_per_minute` failed logins in the current minute;
//     beyond it only pairs that have logged in before (the owner at a known address) may try,
//     so an attacker spread over many addresses gets a bounded number of guesses per minute.
// State is in memory: a restart forgives, which the 15-minute cap makes harmless.

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace siklus::identity {

struct LoginGuardOptions {
  int pair_free_failures = 3;
  int address_free_failures = 10;
  int global_failures_per_minute = 60;
};

class LoginGuard {
 public:
  explicit LoginGuard(LoginGuardOptions options = {}) : options_(options) {}
  //! Seconds still to wait before this address may try this username (0 = go ahead).
  int64_t wait(std::string_view address, std::string_view username, int64_t now);
  void failed(std::string_view address, std::string_view username, int64_t now);
  void succeeded(std::string_view address, std::string_view username);

 private:
  struct Entry {
    int failures = 0;
    int64_t locked_until = 0;
    int64_t last = 0;
  };
  static void fail(std::unordered_map<std::string, Entry>& map, const std::string& key, int free,
                   int64_t now);
  static int64_t wait_of(const std::unordered_map<std::string, Entry>& map, const std::string& key,
                         int64_t now);

  LoginGuardOptions options_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> pairs_;
  std::unordered_map<std::string, Entry> addresses_;
  std::unordered_set<std::string> known_pairs_;  // pairs that logged in successfully
  int64_t minute_ = 0;                           // the minute global_failures_ counts
  int global_failures_ = 0;
};

}  // namespace siklus::identity
