#pragma once
// Password hashing (argon2id via libsodium crypto_pwhash_str), session tokens (256 random bits,
// only their hash is stored) and the login throttle.

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"

namespace siklus::registry {

//! argon2id hash in libsodium's self-describing string form.
Result<std::string> hash_password(std::string_view password);
bool verify_password(std::string_view hash, std::string_view password);
//! 32 random bytes as base64url (43 characters).
std::string new_session_token();
//! SHA-256-free on purpose: BLAKE2b (crypto_generichash) of the token, hex. What the DB keeps.
std::string token_hash(std::string_view token);

//! Repeated failures per key (username or client address) lock the key for an exponentially
//! growing time: after `free_failures` failures, 1 s, 2 s, 4 s … up to 15 minutes. A success
//! clears the key.
class LoginThrottle {
 public:
  explicit LoginThrottle(int free_failures) : free_failures_(free_failures) {}
  //! Seconds still to wait before `key` may try again (0 = go ahead).
  int64_t wait(const std::string& key, int64_t now);
  void failed(const std::string& key, int64_t now);
  void succeeded(const std::string& key);

 private:
  struct Entry {
    int failures = 0;
    int64_t locked_until = 0;
    int64_t last = 0;
  };
  std::mutex mu_;
  int free_failures_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace siklus::registry
