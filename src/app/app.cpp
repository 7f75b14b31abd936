#include "app/app.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstdlib>
#include <optional>

#include "care/schema.h"
#include "care/service.h"
#include "coverage/schema.h"
#include "coverage/service.h"
#include "growth/growth.h"
#include "growth/schema.h"
#include "http/routes.h"
#include "http/server.h"
#include "imports/imports.h"
#include "interop/outbox.h"
#include "monitoring/service.h"
#include "registry/registry.h"
#include "registry/schema.h"
#include "store/change_feed.h"
#include "store/database.h"
#include "transport/schema.h"
#include "transport/service.h"

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

Status migrate_schema(store::Database& db) {
  SK_TRY(registry::migrate_registry(db));
  SK_TRY(coverage::migrate_coverage(db));
  SK_TRY(growth::migrate_growth(db));
  SK_TRY(care::migrate_care(db));
  SK_TRY(imports::migrate_imports(db));
  SK_TRY(transport::migrate_transport(db));
  SK_TRY(interop::migrate_interop(db));
  return {};
}

Status serve(const Config& config, std::ostream& out) {
  const auto started = std::chrono::steady_clock::now();
  const Config::Server& options = config.server;
  auto address = parse_listen(options.listen);
  if (!address) return address.error();
  if (options.threads < 1 || options.threads > 64) {
    return Error::invalid("threads", "threads must be between 1 and 64");
  }

  auto db = store::open_database(config.database.url, {.pool_size = config.database.pool_size});
  if (!db) return db.error();
  std::shared_ptr<store::Database> shared_db = std::move(*db);
  // In-memory state (search index, coverage figures) is built from the store below; the feed
  // then follows the change log from the head read before that build (docs/change_feed.md).
  auto head = store::change_log_head(*shared_db);
  if (!head) return head.error();
  registry::RegistryOptions registry_options;
  registry_options.session_ttl_seconds = config.session.lifetime_s;
  auto registry = registry::Registry::open(shared_db, registry_options);
  if (!registry) return registry.error();

  auto web = std::make_shared<const http::StaticFiles>(find_web_dir(options.web_dir));
  if (!web->available()) {
    spdlog::warn("web app not found in {} (run ./dev build); serving the API only",
                 web->root().string());
  }
  http::ApiOptions api;
  api.cookie.secure = options.secure_cookie;
  api.cookie.max_age_seconds = config.session.lifetime_s;
  coverage::CoverageOptions coverage_options;
  coverage_options.thresholds.uhc_coverage_pct = config.coverage.uhc_coverage_pct;
  coverage_options.thresholds.uhc_active_pct = config.coverage.uhc_active_pct;
  coverage_options.thresholds.basic_coverage_pct = config.coverage.basic_coverage_pct;
  coverage_options.premium_rupiah = config.coverage.premium_rupiah;
  // Coverage shares the store, the scope rule and the audit log; its figures follow the change
  // log (a resident added, moved or died, a member import) without a refresh.
  auto coverage = coverage::CoverageService::open(shared_db, **registry, (*registry)->audit_log(),
                                                  coverage_options);
  if (!coverage) return coverage.error();
  api.coverage = coverage->get();
  // The WHO growth reference is swapped whole when `siklus import who-growth` lands (feed entity
  // "growth_reference"), so care and the growth endpoints never see half a table.
  auto reference = growth::load_reference(*shared_db);
  if (!reference) return reference.error();
  growth::ReferenceSource growth_source(std::move(*reference));
  api.growth = &growth_source;
  // Care shares the growth reference; its due index is built here and follows the feed.
  care::CareOptions care_options;
  care_options.targets.cbr_per_mille = config.care.cbr_per_mille;
  care_options.targets.ht_prevalence_pct = config.care.ht_prevalence_pct;
  care_options.targets.dm_prevalence_pct = config.care.dm_prevalence_pct;
  care_options.targets.odgj_per_mille = config.care.odgj_per_mille;
  auto care = care::CareService::open(shared_db, **registry, (*registry)->audit_log(),
                                      &growth_source, care_options);
  if (!care) return care.error();
  api.care = care->get();
  // The live PWS: rebuilt from the store here, then kept by the feed like the due index.
  monitoring::MonitoringOptions pws_options;
  pws_options.targets = care_options.targets;
  pws_options.green_pct_of_target = config.pws.green_pct_of_target;
  pws_options.yellow_pct_of_target = config.pws.yellow_pct_of_target;
  pws_options.build_in_background = true;
  auto pws = monitoring::MonitoringService::open(shared_db, **registry, (*registry)->audit_log(),
                                                 coverage->get(), pws_options);
  if (!pws) return pws.error();
  api.pws = pws->get();
  auto transport =
      transport::TransportService::open(shared_db, **registry, (*registry)->audit_log());
  if (!transport) return transport.error();
  api.transport = transport->get();
  // The SATUSEHAT outbox when configured: queued from the change feed (its own durable position,
  // so nothing written while the server was down is missed), sent by its worker thread.
  std::unique_ptr<interop::Outbox> outbox;
  if (config.satusehat.enabled()) {
    const Config::Satusehat& ss = config.satusehat;
    interop::SatusehatConfig client_config{ss.auth_url,        ss.fhir_url,
                                           ss.client_id,       ss.client_secret,
                                           ss.organization_id, std::chrono::seconds(ss.timeout_s)};
    auto client = std::make_shared<interop::SatusehatClient>(
        client_config, [shared_db] { return shared_db->clock().now_unix(); });
    registry::User reader;
    reader.username = "satusehat-outbox";
    reader.role = registry::Role::kDinkesAdmin;
    for (char ch : ss.city) {
      if (ch != '.') reader.scope += ch;
    }
    auto opened =
        interop::Outbox::open(shared_db, interop::care_service_source(**care, **registry, reader),
                              client, ss.organization_id);
    if (!opened) return opened.error();
    outbox = std::move(*opened);
  }
  // Declared after the services it calls into, so it stops before they are destroyed.
  store::ChangeFeed::Options feed_options;
  feed_options.on_error = [](std::string_view who, const Error& e) {
    spdlog::warn("change feed: {}: {} (retrying)", who, e.message);
  };
  store::ChangeFeed feed(shared_db, feed_options);
  // People written by this server, by a CLI import beside it or by another process become
  // searchable and counted within the feed's poll interval, without a restart.
  feed.subscribe_from(
      "search_index", *head,
      [reg = registry->get()](std::span<const store::ChangeEvent> events) -> Status {
        for (const store::ChangeEvent& e : events) {
          if (e.entity != "person") continue;
          if (auto ids = store::id_range(e.id)) {
            SK_TRY(reg->reindex_people(ids->first, ids->second));
          }
        }
        return {};
      });
  feed.subscribe_from("coverage", *head,
                      [svc = coverage->get()](auto events) { return svc->apply(events); });
  feed.subscribe_from("care_due", *head,
                      [svc = care->get()](auto events) { return svc->apply(events); });
  feed.subscribe_from("pws", *head, [svc = pws->get()](auto events) { return svc->apply(events); });
  feed.subscribe_from(
      "growth", *head,
      [&growth_source, shared_db](std::span<const store::ChangeEvent> events) -> Status {
        for (const store::ChangeEvent& e : events) {
          if (e.entity != "growth_reference") continue;
          auto next = growth::load_reference(*shared_db);
          if (!next) return next.error();
          growth_source.replace(std::move(*next));
          break;
        }
        return {};
      });
  if (outbox) {
    feed.subscribe("satusehat-outbox",
                   [o = outbox.get()](auto events) { return o->apply(events); });
  }
  SK_TRY(feed.start());
  std::optional<interop::OutboxWorker> outbox_worker;
  if (outbox) {
    outbox_worker.emplace(*outbox, std::chrono::seconds(2));
    outbox_worker->start();
  }
  auto router = http::make_api_router(**registry, web, api);

  http::ServerOptions server_options;
  server_options.host = address->host;
  server_options.port = address->port;
  server_options.threads = options.threads;
  server_options.body_limit = static_cast<size_t>(options.body_limit_bytes);
  server_options.header_limit = static_cast<size_t>(options.header_limit_bytes);
  server_options.idle_timeout = std::chrono::seconds(options.idle_timeout_s);
  server_options.read_timeout = std::chrono::seconds(options.read_timeout_s);
  server_options.max_connections = static_cast<size_t>(options.max_connections);
  http::Server server(server_options, [&router](http::Request& req, const http::Peer& peer) {
    return router->handle(req, peer);
  });
  auto port = server.listen();
  if (!port) return port.error();
  server.stop_on_signals();
  const std::string host =
      address->host.find(':') != std::string::npos ? "[" + address->host + "]" : address->host;
  out << "listening on http://" << host << ":" << *port << std::endl;
  spdlog::info("serving {} on http://{}:{} ({} threads, ready in {} ms)", config.database.url, host,
               *port, options.threads,
               std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now() - started)
                   .count());
  server.run();
  spdlog::info("stopped");
  return {};
}

}  // namespace siklus::app
