#include "http/message.h"

namespace siklus::http {

Response json_response(unsigned status, const nlohmann::json& body) {
  Response res{static_cast<bhttp::status>(status), 11};
  res.set(bhttp::field::content_type, "application/json; charset=utf-8");
  // Replace invalid UTF-8 rather than throw: a stored name with a bad byte must not become a 500.
  res.body() = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return res;
}

void apply_common_headers(Response& res, bool api) {
  // Leaflet draws with inline styles and loads tiles from a configurable https host; scripts,
  // fetches and frames stay same-origin.
  res.set("Content-Security-Policy",
          "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
          "img-src 'self' data: blob: https:; connect-src 'self'; font-src 'self' data:; "
          "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'");
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
  res.set("X-Frame-Options", "DENY");
  // A handler that set its own Cache-Control (an answer with no personal data, such as the
  // WHO growth curves) keeps it.
  if (api && res.find(bhttp::field::cache_control) == res.end()) {
    res.set(bhttp::field::cache_control, "no-store");
  }
}

std::string_view target_path(std::string_view target) {
  const auto q = target.find('?');
  return q == std::string_view::npos ? target : target.substr(0, q);
}

std::string_view target_query(std::string_view target) {
  const auto q = target.find('?');
  return q == std::string_view::npos ? std::string_view{} : target.substr(q + 1);
}

}  // namespace siklus::http
