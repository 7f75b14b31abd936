#include "audit/audit_json.h"

namespace siklus::audit {
namespace {

template <typename T>
nlohmann::json opt(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json();
}

nlohmann::json text(const std::string& s) {
  return s.empty() ? nlohmann::json() : nlohmann::json(s);
}

}  // namespace

nlohmann::json to_json(const Page& page) {
  nlohmann::json entries = nlohmann::json::array();
  for (const Entry& e : page.entries) {
    entries.push_back({{"seq", e.seq},
                       {"at", e.at},
                       {"user", e.user},
                       {"user_id", opt(e.user_id)},
                       {"action", e.action},
                       {"object", e.object},
                       {"person_id", opt(e.person_id)},
                       {"area", text(e.area)},
                       {"detail", e.detail},
                       {"count", opt(e.count)}});
  }
  return {{"entries", std::move(entries)},
          {"total", page.total},
          {"page", page.page},
          {"page_size", page.page_size}};
}

}  // namespace siklus::audit
