#include "registry/credentials.h"

#include <sodium.h>

#include <algorithm>
#include <stdexcept>

namespace siklus::registry {
namespace {

void ensure_sodium() {
  static const int ok = sodium_init();
  if (ok < 0) throw std::runtime_error("libsodium failed to initialize");
}

}  // namespace

Result<std::string> hash_password(std::string_view password) {
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  // Interactive limits: ~64 MiB, well under a second; what libsodium recommends for logins.
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Error::internal("password hashing ran out of memory");
  }
  return std::string(out);
}

bool verify_password(std::string_view hash, std::string_view password) {
  ensure_sodium();
  std::string h(hash);  // needs a NUL-terminated string
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

std::string new_session_token() {
  ensure_sodium();
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char out[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(out, sizeof out, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

std::string token_hash(std::string_view token) {
  ensure_sodium();
  unsigned char h[32];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  return hex;
}

int64_t LoginThrottle::wait(const std::string& key, int64_t now) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return 0;
  return std::max<int64_t>(0, it->second.locked_until - now);
}

void LoginThrottle::failed(const std::string& key, int64_t now) {
  std::lock_guard lock(mu_);
  if (entries_.size() > 100000) {
    // Bound memory under a spray of usernames/addresses: forget stale keys.
    for (auto it = entries_.begin(); it != entries_.end();) {
      it = now - it->second.last > 3600 ? entries_.erase(it) : std::next(it);
    }
  }
  Entry& e = entries_[key];
  if (now - e.last > 3600) e.failures = 0;  // an hour of quiet forgives
  e.last = now;
  ++e.failures;
  if (e.failures > free_failures_) {
    const int over = std::min(e.failures - free_failures_ - 1, 10);
    e.locked_until = now + std::min<int64_t>(int64_t{1} << over, 900);
  }
}

void LoginThrottle::succeeded(const std::string& key) {
  std::lock_guard lock(mu_);
  entries_.erase(key);
}

}  // namespace siklus::registry
