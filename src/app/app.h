#pragma once
// The composition root of `siklus serve`: opens the store named by --db, builds the registry
// (and its search index), the API router and the web app's static files, and runs the HTTP
// server until SIGTERM/SIGINT.

#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>
#include <string_view>

#include "core/result.h"

namespace siklus::app {

struct ServeOptions {
  std::string db = "siklus.db";
  std::string listen = "127.0.0.1:8080";  // HOST:PORT; port 0 picks a free one
  std::string web_dir;                    // empty: found next to the binary or the cwd
  int threads = 2;
  bool secure_cookie = false;  // behind an HTTPS proxy
  size_t max_connections = 0;  // 0: the server's default (docs/limits.md)
};

struct ListenAddress {
  std::string host;
  uint16_t port = 0;
};

//! "127.0.0.1:8080", "[::1]:0", ":8080" (= 127.0.0.1), "8080". Error field "listen".
Result<ListenAddress> parse_listen(std::string_view text);

//! The web app folder: `explicit_dir` if given, else $SIKLUS_WEB, else web/dist under the cwd,
//! else web/dist of the source tree the binary was built from (build/<preset>/bin/siklus).
std::filesystem::path find_web_dir(const std::string& explicit_dir);

//! Serves until SIGTERM/SIGINT, then returns after finishing requests in flight. Prints
//! "listening on http://HOST:PORT" (one line, flushed) to `out` once the port is bound.
Status serve(const ServeOptions& options, std::ostream& out);

}  // namespace siklus::app
