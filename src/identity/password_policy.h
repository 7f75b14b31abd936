#pragma once
// The password policy (issue 8 item 3). A password is accepted when it is
//   - at least 12 characters besides spaces, with at least 5 different ones, or a passphrase of at
//   least 4
//     words (separated by spaces) of at least 3 characters each, and at most 1024 bytes;
//   - not one of the 10,000 most common passwords (common_passwords.inc), ignoring case;
//   - not the username, and does not contain it (ignoring case).
// Refusals are kInvalidArgument with field "password" and the reason.

#include <string_view>

#include "core/result.h"

namespace siklus::identity {

Status check_password(std::string_view password, std::string_view username);
//! Whether the text is on the common-password list (case-insensitive).
bool is_common_password(std::string_view password);
//! Username: 3–64 letters, digits, '.', '_' or '-'; field "username".
Status check_username(std::string_view username);

}  // namespace siklus::identity
