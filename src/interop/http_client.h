#pragma once
// A small blocking HTTP/1.1 client (Boost.Beast; TLS through OpenSSL with the system's CA store
// and host-name checks) for the SATUSEHAT and BPJS clients. One connection per request, a
// deadline over the whole exchange: a peer that drops the connection or answers too slowly is
// kIo, which the callers retry. Never logs bodies or headers (they hold tokens and NIKs).

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace siklus::interop {

struct HttpReply {
  unsigned status = 0;
  std::string body;
};

struct HttpUrl {
  bool tls = false;
  std::string host;
  std::string port;
  std::string target;  // path and query, "/" at least
};

//! "http://host:port/path?q" or "https://…"; kInvalidArgument naming `field` otherwise.
Result<HttpUrl> parse_http_url(std::string_view url, const std::string& field = "url");

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

class HttpClient {
 public:
  explicit HttpClient(std::chrono::milliseconds timeout) : timeout_(timeout) {}
  //! `method` "GET", "POST", "PUT". kIo on resolve/connect/TLS failure, a dropped connection or
  //! the deadline; any HTTP status is a reply.
  Result<HttpReply> request(std::string_view method, const std::string& url,
                            const HttpHeaders& headers, const std::string& body = {}) const;

 private:
  std::chrono::milliseconds timeout_;
};

}  // namespace siklus::interop
