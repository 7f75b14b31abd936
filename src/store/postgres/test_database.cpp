#include "store/postgres/test_database.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>

namespace siklus::store::postgres {
namespace {

Status admin(const std::string& server, const std::string& sql) {
  PGconn* c = PQconnectdb(server.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    Error e{ErrorCode::kBusy, std::string("test server: ") + PQerrorMessage(c), {}};
    PQfinish(c);
    return e;
  }
  PGresult* r = PQexec(c, sql.c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  Status s = ok ? Status{} : Error::internal(sql + ": " + PQresultErrorMessage(r));
  PQclear(r);
  PQfinish(c);
  return s;
}

}  // namespace

std::optional<std::string> test_server_url() {
  if (const char* url = std::getenv("SIKLUS_TEST_PG_URL"); url && *url) return std::string(url);
  if (const char* host = std::getenv("PGHOST"); host && *host) return std::string("postgresql://");
  return std::nullopt;
}

std::string with_database(const std::string& url, const std::string& name) {
  const size_t scheme = url.find("://");
  const size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  size_t path = url.find_first_of("/?", start);
  if (path == std::string::npos) return url + "/" + name;
  const size_t query = url.find('?', path);
  return url.substr(0, path) + "/" + name +
         (query == std::string::npos ? std::string() : url.substr(query));
}

ScratchDatabase::ScratchDatabase(std::string server, std::string name)
    : server_(std::move(server)), name_(std::move(name)), url_(with_database(server_, name_)) {}

ScratchDatabase::ScratchDatabase(ScratchDatabase&& other) noexcept
    : server_(std::move(other.server_)),
      name_(std::move(other.name_)),
      url_(std::move(other.url_)) {
  other.name_.clear();
}

Result<ScratchDatabase> ScratchDatabase::create() {
  auto server = test_server_url();
  if (!server) return Error::invalid("SIKLUS_TEST_PG_URL", "no PostgreSQL test server configured");
  static std::atomic<int> n{0};
  std::string name = "sk_test_" + std::to_string(getpid()) + "_" + std::to_string(++n);
  SK_TRY(admin(*server, "DROP DATABASE IF EXISTS " + name));
  SK_TRY(admin(*server, "CREATE DATABASE " + name));
  return ScratchDatabase(*server, std::move(name));
}

ScratchDatabase::~ScratchDatabase() {
  if (!name_.empty()) (void)admin(server_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
}

}  // namespace siklus::store::postgres
