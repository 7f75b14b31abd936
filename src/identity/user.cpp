#include "identity/user.h"

namespace siklus::identity {

const char* role_code(Role role) {
  switch (role) {
    case Role::kDinkesAdmin:
      return "dinkes_admin";
    case Role::kPuskesmas:
      return "puskesmas";
    case Role::kNakes:
      return "nakes";
    case Role::kKader:
      return "kader";
  }
  return "";
}

std::optional<Role> parse_role(std::string_view t) {
  for (Role r : {Role::kDinkesAdmin, Role::kPuskesmas, Role::kNakes, Role::kKader}) {
    if (t == role_code(r)) return r;
  }
  return std::nullopt;
}

User system_user(std::string name) {
  User u;
  u.username = std::move(name);
  u.role = Role::kDinkesAdmin;
  u.display_name = "system";
  return u;
}

}  // namespace siklus::identity
