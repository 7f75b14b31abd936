#pragma once
// HTTP message types shared by the server, router, middleware and handlers, plus the small
// response builders every handler uses (JSON, common security headers).

#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace siklus::http {

namespace bhttp = boost::beast::http;

using Request = bhttp::request<bhttp::string_body>;
using Response = bhttp::response<bhttp::string_body>;
using Verb = bhttp::verb;

//! The remote end of a connection (for login throttling and the request log).
struct Peer {
  std::string address;  // "127.0.0.1", "::1"
  unsigned short port = 0;
};

//! Beast's string_view (boost::string_view in Boost 1.74) as std::string_view. We do not define
//! BOOST_BEAST_USE_STD_STRING_VIEW: another module of the binary may include Beast without it,
//! and then the two would disagree on the layout of the same functions (an ODR violation).
inline std::string_view sv(boost::beast::string_view s) { return {s.data(), s.size()}; }
//! ASCII case-insensitive equality (header values such as "Bearer", "100-continue").
inline bool iequals(std::string_view a, std::string_view b) {
  return boost::beast::iequals(boost::beast::string_view(a.data(), a.size()),
                               boost::beast::string_view(b.data(), b.size()));
}

//! A JSON response with `status`; `version` and keep-alive are set by the server.
Response json_response(unsigned status, const nlohmann::json& body);

//! Headers every response carries (CSP, nosniff, referrer policy, frame denial). API responses
//! also get `Cache-Control: no-store` because they hold personal data, unless the handler set
//! its own Cache-Control for an answer that holds none.
void apply_common_headers(Response& res, bool api);

//! The path of a request target without its query string ("/a/b?c=d" -> "/a/b").
std::string_view target_path(std::string_view target);
//! The raw query string of a request target, without '?' (empty if none).
std::string_view target_query(std::string_view target);

}  // namespace siklus::http
