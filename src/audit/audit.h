#pragma once
// The one audit log (issue 7 item 2): who read, searched, exported, changed or was refused
// what, for every domain. Owns table audit_log, append-only (store::make_append_only). Domains
// record; reading the log is for the Dinkes admin, checked by the service that exposes it
// (Registry::audit), not here.

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "identity/user.h"
#include "store/database.h"

namespace siklus::audit {

struct Event {
  std::string action;  // "read","search","export","create","update","review",
                       // "review_view","login_failed","refused", …
  std::string object;  // "person","people","coverage_worklist","link_review",…
  std::optional<int64_t> person_id;
  std::string area;              // region/area code when relevant, else ""
  std::string detail;            // query text, changed fields, verdict, format …
  std::optional<int64_t> count;  // results found / rows exported
};

struct Entry {
  int64_t seq = 0;
  std::string at, user;  // ISO 8601 UTC; the acting username
  std::optional<int64_t> user_id;
  std::string action, object;
  std::optional<int64_t> person_id;
  std::string area, detail;
  std::optional<int64_t> count;
};

struct Query {
  std::string user;  // exact username; "" = everyone
  std::optional<int64_t> person_id;
  //! Dates (YYYY-MM-DD, both days included) or ISO 8601 UTC timestamps; "" = open.
  std::string since, until;
  std::string action;             // "" = every action
  int page = 1, page_size = 100;  // page_size 1–1000
};

struct Page {
  std::vector<Entry> entries;  // newest first
  int64_t total = 0;
  int page = 1, page_size = 100;
};

struct Options {
  //! The clock (Unix seconds); default the wall clock.
  std::function<int64_t()> now;
};

class AuditLog {
 public:
  //! Migrates module "audit" and protects the table (append-only).
  static Result<std::unique_ptr<AuditLog>> open(std::shared_ptr<store::Database> db,
                                                Options options = {});
  //! Schema only, for bulk tools that do not need the service.
  static Status migrate(store::Database& db);

  //! Appends at once, in a transaction of its own.
  Status record(const identity::User& who, const Event& e);
  //! Appends inside the caller's open transaction on the same connection, so the entry commits
  //! (or rolls back) with the change it describes.
  Status record_in_transaction(const identity::User& who, const Event& e);
  //! No access check here. kInvalidArgument naming the field for a bad date or page.
  Result<Page> query(const Query& q);

 private:
  AuditLog(std::shared_ptr<store::Database> db, Options options);
  Result<int64_t> insert_locked(const identity::User& who, const Event& e);

  std::shared_ptr<store::Database> db_;
  Options options_;
  //! Serializes this service's statements (the store is thread-safe; this keeps each
  //! read-then-write of an account or of the log in one piece within the process).
  std::recursive_mutex mu_;
};

}  // namespace siklus::audit
