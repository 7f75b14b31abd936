#pragma once
// For tests on the PostgreSQL backend: the server named by SIKLUS_TEST_PG_URL (or, when that is
// unset, by libpq's PGHOST environment, as `pg_virtualenv` sets it), and a fresh empty database on
// it per test, dropped afterwards. Tests skip (with a message) when no server is configured.

#include <optional>
#include <string>

#include "core/result.h"

namespace siklus::store::postgres {

//! The server to test against, or nullopt when none is configured.
std::optional<std::string> test_server_url();

//! `url` with its database name replaced by `name` (query parameters kept).
std::string with_database(const std::string& url, const std::string& name);

class ScratchDatabase {
 public:
  //! Creates an empty database with a unique name on the test server.
  static Result<ScratchDatabase> create();
  ScratchDatabase(ScratchDatabase&& other) noexcept;
  ScratchDatabase& operator=(ScratchDatabase&&) = delete;
  //! Drops the database, closing whatever connections still use it.
  ~ScratchDatabase();
  const std::string& url() const { return url_; }

 private:
  ScratchDatabase(std::string server, std::string name);
  std::string server_;
  std::string name_;
  std::string url_;
};

}  // namespace siklus::store::postgres
