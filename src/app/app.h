#pragma once
// The composition root of `siklus serve`: opens the store named by the configuration (config.h,
// after flags), builds the registry (and its search index), the API router and the web app's
// static files, and runs the HTTP server until SIGTERM/SIGINT.

#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>
#include <string_view>

#include "app/config.h"
#include "core/result.h"
#include "store/database.h"

namespace siklus::app {

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
//! Uses database, server, session and coverage of `config`.
Status serve(const Config& config, std::ostream& out);

//! Applies every module's migrations to `db` (what opening each service does), so an empty
//! database gets the whole schema: `siklus migrate` and `siklus restore` use it. A module with
//! tables adds its migrate function here.
Status migrate_schema(store::Database& db);

}  // namespace siklus::app
