#pragma once
// Password hashing (argon2id via libsodium crypto_pwhash_str), session tokens (256 random bits,
// only their hash is stored); the login throttle is login_guard.h.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace siklus::identity {

//! argon2id hash in libsodium's self-describing string form.
Result<std::string> hash_password(std::string_view password);
bool verify_password(std::string_view hash, std::string_view password);
//! 32 random bytes as base64url (43 characters).
std::string new_session_token();
//! SHA-256-free on purpose: BLAKE2b (crypto_generichash) of the token, hex. What the DB keeps.
std::string token_hash(std::string_view token);

}  // namespace siklus::identity
