#include "identity/password_policy.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <unordered_set>

namespace siklus::identity {
namespace {

constexpr std::string_view kCommon =
#include "identity/common_passwords.inc"
    ;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

const std::unordered_set<std::string_view>& common_set() {
  static const std::unordered_set<std::string_view> set = [] {
    std::unordered_set<std::string_view> s;
    std::string_view rest = kCommon;
    while (!rest.empty()) {
      const size_t nl = rest.find('\n');
      const std::string_view line = rest.substr(0, nl);
      if (!line.empty()) s.insert(line);
      if (nl == std::string_view::npos) break;
      rest.remove_prefix(nl + 1);
    }
    return s;
  }();
  return set;
}

bool is_passphrase(std::string_view p) {
  int words = 0;
  size_t at = 0;
  while (at < p.size()) {
    while (at < p.size() && p[at] == ' ') ++at;
    size_t end = at;
    while (end < p.size() && p[end] != ' ') ++end;
    if (end - at >= 3) {
      ++words;
    } else if (end > at) {
      return false;  // a one- or two-letter word does not count, and does not pass
    }
    at = end;
  }
  return words >= 4;
}

}  // namespace

bool is_common_password(std::string_view password) {
  return common_set().contains(lower(password));
}

Status check_username(std::string_view u) {
  const bool ok =
      u.size() >= 3 && u.size() <= 64 && std::all_of(u.begin(), u.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
      });
  if (!ok) return Error::invalid("username", "username: 3-64 letters, digits, '.', '_' or '-'");
  return {};
}

Status check_password(std::string_view password, std::string_view username) {
  if (password.size() > 1024) return Error::invalid("password", "password is too long");
  if (is_common_password(password)) {
    return Error::invalid("password", "this password is one of the most common ones");
  }
  const std::string p = lower(password);
  if (!username.empty() && p.find(lower(username)) != std::string::npos) {
    return Error::invalid("password", "password must not contain the username");
  }
  // Spaces do not count: "a b c d e f g" is not a long password.
  std::string solid;
  for (char c : password) {
    if (c != ' ') solid += c;
  }
  const std::set<char> distinct(solid.begin(), solid.end());
  const bool long_enough = solid.size() >= 12 && distinct.size() >= 5;
  if (!long_enough && !is_passphrase(password)) {
    return Error::invalid("password",
                          "password needs at least 12 characters besides spaces (5 different), "
                          "or a passphrase of 4 words of 3 or more letters");
  }
  return {};
}

}  // namespace siklus::identity
