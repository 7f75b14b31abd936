#include "app/app.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstdlib>

#include "coverage/service.h"
#include "http/routes.h"
#include "http/server.h"
#include "registry/registry.h"
#include "store/change_feed.h"
#include "store/database.h"

namespace siklus::app {
namespace fs = std::filesystem;

Result<ListenAddress> parse_listen(std::string_view text) {
  ListenAddress out;
  std::string_view port_text = text;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return Error::invalid("listen", "expected HOST:PORT, e.g. 127.0.0.1:8080");
    }
    out.host = std::string(text.substr(1, close - 1));
    port_text = text.substr(close + 2);
  } else if (const auto colon = text.rfind(':'); colon != std::string_view::npos) {
    out.host = std::string(text.substr(0, colon));
    port_text = text.substr(colon + 1);
  }
  if (out.host.empty()) out.host = "127.0.0.1";
  if (out.host == "localhost") out.host = "127.0.0.1";
  unsigned port = 0;
  const auto* end = port_text.data() + port_text.size();
  auto [p, ec] = std::from_chars(port_text.data(), end, port);
  if (port_text.empty() || ec != std::errc() || p != end || port > 65535) {
    return Error::invalid("listen", "expected HOST:PORT with a port 0-65535, e.g. 127.0.0.1:8080");
  }
  out.port = static_cast<uint16_t>(port);
  return out;
}

fs::path find_web_dir(const std::string& explicit_dir) {
  if (!explicit_dir.empty()) return explicit_dir;
  if (const char* env = std::getenv("SIKLUS_WEB"); env && *env) return env;
  std::error_code ec;
  if (fs::is_regular_file(fs::path("web/dist/index.html"), ec)) return fs::path("web/dist");
  // build/<preset>/bin/siklus -> <source>/web/dist
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path candidate =
        exe.parent_path().parent_path().parent_path().parent_path() / "web" / "dist";
    if (fs::is_regular_file(candidate / "index.html", ec)) return candidate;
  }
  return fs::path("web/dist");
}

Status serve(const ServeOptions& options, std::ostream& out) {
  const auto started = std::chrono::steady_clock::now();
  auto address = parse_listen(options.listen);
  if (!address) return address.error();
  if (options.threads < 1 || options.threads > 64) {
    return Error::invalid("threads", "threads must be between 1 and 64");
  }

  auto db = store::open_database(options.db);
  if (!db) return db.error();
  std::shared_ptr<store::Database> shared_db = std::move(*db);
  auto registry = registry::Registry::open(shared_db);
  if (!registry) return registry.error();

  auto web = std::make_shared<const http::StaticFiles>(find_web_dir(options.web_dir));
  if (!web->available()) {
    spdlog::warn("web app not found in {} (run ./dev build); serving the API only",
                 web->root().string());
  }
  http::ApiOptions api;
  api.cookie.secure = options.secure_cookie;
  // Coverage shares the store, the scope rule and the audit log; its figures follow the change
  // log (a resident added, moved or died, a member import) without a refresh.
  auto coverage = coverage::CoverageService::open(shared_db, **registry, (*registry)->audit_log());
  if (!coverage) return coverage.error();
  api.coverage = coverage->get();
  store::ChangeFeed::Options feed_options;
  feed_options.on_error = [](std::string_view who, const Error& e) {
    spdlog::warn("change feed: {}: {} (retrying)", who, e.message);
  };
  store::ChangeFeed coverage_feed(shared_db, feed_options);
  coverage_feed.subscribe("coverage",
                          [svc = coverage->get()](auto events) { return svc->apply(events); });
  SK_TRY(coverage_feed.start());
  auto router = http::make_api_router(**registry, web, api);

  http::ServerOptions server_options;
  server_options.host = address->host;
  server_options.port = address->port;
  server_options.threads = options.threads;
  http::Server server(server_options, [&router](http::Request& req, const http::Peer& peer) {
    return router->handle(req, peer);
  });
  auto port = server.listen();
  if (!port) return port.error();
  server.stop_on_signals();
  const std::string host =
      address->host.find(':') != std::string::npos ? "[" + address->host + "]" : address->host;
  out << "listening on http://" << host << ":" << *port << std::endl;
  spdlog::info("serving {} on http://{}:{} ({} threads, ready in {} ms)", options.db, host, *port,
               options.threads,
               std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now() - started)
                   .count());
  server.run();
  spdlog::info("stopped");
  return {};
}

}  // namespace siklus::app
