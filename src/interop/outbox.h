#pragma once
// The SATUSEHAT outbox (docs/satusehat.md). A change-feed subscriber ("care_service") queues every
// service written anywhere — the change log is written in the same transaction as the service, and
// the feed position is durable, so nothing recorded is ever missed, even across a crash. A worker
// (`run_once`) sends what is due, one transaction Bundle per service:
//  - sent: 2xx; the row keeps when;
//  - retried with exponential backoff (with jitter, capped) on 5xx, 429, timeouts and dropped
//    connections, and while the token or the patient lookup cannot be had;
//  - failed (no retry) on any other 4xx, with SATUSEHAT's message for staff to correct; a
//    correction of the service (a new change) queues it again, and staff may `resend`.
// Patient IHS numbers are cached by NIK in the outbox's own table. A resend is a conditional
// update on each resource's identifier, so SATUSEHAT never holds two copies.
//
// Owns the tables satusehat_outbox and satusehat_patient. Reads services and residents only
// through the `ServiceSource` it is given (care and registry services in the server).

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "care/service.h"
#include "core/result.h"
#include "interop/satusehat.h"
#include "registry/registry.h"
#include "store/change_feed.h"
#include "store/database.h"

namespace siklus::interop {

//! Where the outbox reads a service and its patient's NIK; nullopt when the service is gone.
using ServiceSource = std::function<Result<std::optional<OutgoingService>>(int64_t service_id)>;

//! The server's source: the service through CareService and the NIK through the Registry, read
//! (and so audited) as `reader`, the organisation's system user (a dinkes_admin of its city).
//! A service outside that city is "gone" for this organisation.
ServiceSource care_service_source(care::CareService& care, registry::Registry& registry,
                                  registry::User reader);

//! Creates or updates the outbox's tables (what Outbox::open does; `siklus migrate` uses it).
Status migrate_interop(store::Database& db);

struct OutboxOptions {
  int batch = 50;                   // services per run_once
  int64_t first_backoff_s = 5;      // then doubled per attempt
  int64_t max_backoff_s = 30 * 60;  // cap
};

struct OutboxCounts {
  std::optional<int64_t> facility_id;  // null: services without a facility
  int64_t sent = 0, waiting = 0, failed = 0;
};

struct OutboxItem {
  int64_t service_id = 0;
  std::optional<int64_t> facility_id;
  std::string state;  // waiting, sent, failed
  int64_t attempts = 0;
  std::string message;  // SATUSEHAT's, for a failed one; the last failure for a waiting one
  std::string queued_at, sent_at;
};

class Outbox {
 public:
  //! Migrates the outbox's tables. `client` may be null (queue only: nothing is sent).
  static Result<std::unique_ptr<Outbox>> open(std::shared_ptr<store::Database> db,
                                              ServiceSource source,
                                              std::shared_ptr<SatusehatClient> client,
                                              std::string organization_id,
                                              OutboxOptions options = {});

  //! Change-feed subscriber: queues the services of "care_service" changes (idempotent).
  Status apply(std::span<const store::ChangeEvent> events);
  //! Sends up to `batch` due services; returns how many were attempted.
  Result<int> run_once();
  //! Counts per facility (the service's facility; docs/satusehat.md).
  Result<std::vector<OutboxCounts>> counts();
  //! The failed and waiting services of the facilities given (all when empty), newest first.
  Result<std::vector<OutboxItem>> problems(std::span<const int64_t> facilities, int limit);
  //! Queues a service again now (staff after a correction at SATUSEHAT's side).
  Status resend(int64_t service_id, const std::string& actor);

 private:
  Outbox() = default;
  Status queue(std::span<const std::pair<int64_t, int64_t>> ranges);
  Result<std::optional<std::string>> cached_ihs(const std::string& nik);

  std::shared_ptr<store::Database> db_;
  ServiceSource source_;
  std::shared_ptr<SatusehatClient> client_;
  std::string organization_id_;
  OutboxOptions options_;
  uint64_t jitter_ = 0x9E3779B97F4A7C15ull;
};

//! Runs Outbox::run_once on its own thread every `interval` (at once again while there is more
//! to send) until stopped; errors are logged and retried, never fatal.
class OutboxWorker {
 public:
  OutboxWorker(Outbox& outbox, std::chrono::milliseconds interval);
  ~OutboxWorker();  // stops
  void start();
  void stop();

 private:
  Outbox& outbox_;
  std::chrono::milliseconds interval_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace siklus::interop
