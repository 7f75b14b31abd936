#include "interop/outbox.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>

#include "interop/fhir/resources.h"

namespace siklus::interop {
namespace {

// One row per care service ever queued. `generation` grows with every (re)queue, so a send that
// finishes after the service was corrected again does not mark the newer version sent.
constexpr std::string_view kV1 = R"sql(
CREATE TABLE satusehat_outbox (
  service_id INTEGER PRIMARY KEY,
  facility_id INTEGER,
  state TEXT NOT NULL CHECK (state IN ('waiting', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at INTEGER NOT NULL DEFAULT 0,
  generation INTEGER NOT NULL DEFAULT 1,
  message TEXT NOT NULL DEFAULT '',
  queued_at TEXT NOT NULL,
  sent_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX satusehat_outbox_due ON satusehat_outbox (state, next_at);
CREATE INDEX satusehat_outbox_facility ON satusehat_outbox (facility_id, state);
CREATE TABLE satusehat_patient (
  nik TEXT PRIMARY KEY,
  ihs_number TEXT NOT NULL,
  resolved_at TEXT NOT NULL
);
)sql";

constexpr std::array kMigrations = {
    store::Migration{1, "SATUSEHAT outbox and patient IHS cache", kV1},
};

constexpr const char* kActor = "satusehat-outbox";

}  // namespace

Status migrate_interop(store::Database& db) { return db.migrate("interop", kMigrations); }

ServiceSource care_service_source(care::CareService& care, registry::Registry& registry,
                                  registry::User reader) {
  return [&care, &registry, reader](int64_t id) -> Result<std::optional<OutgoingService>> {
    auto j = care.service(reader, id);
    if (!j) {
      if (j.error().code == ErrorCode::kNotFound) return std::optional<OutgoingService>{};
      return j.error();
    }
    auto record = fhir::record_from_json(*j);
    if (!record) return record.error();
    auto person = registry.person(reader, record->person_id);
    if (!person) {
      if (person.error().code == ErrorCode::kNotFound) return std::optional<OutgoingService>{};
      return person.error();
    }
    return std::optional<OutgoingService>(OutgoingService{std::move(*record), person->nik});
  };
}

OutboxWorker::OutboxWorker(Outbox& outbox, std::chrono::milliseconds interval)
    : outbox_(outbox), interval_(interval) {}

OutboxWorker::~OutboxWorker() { stop(); }

void OutboxWorker::start() {
  thread_ = std::thread([this] {
    std::unique_lock lock(mu_);
    while (!stopping_) {
      lock.unlock();
      auto n = outbox_.run_once();
      if (!n) spdlog::warn("SATUSEHAT outbox: {} (retrying)", n.error().message);
      lock.lock();
      // A full batch means more is due: go on at once; otherwise wait for the next round.
      if (n && *n > 0) continue;
      cv_.wait_for(lock, interval_, [this] { return stopping_; });
    }
  });
}

void OutboxWorker::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Result<std::unique_ptr<Outbox>> Outbox::open(std::shared_ptr<store::Database> db,
                                             ServiceSource source,
                                             std::shared_ptr<SatusehatClient> client,
                                             std::string organization_id, OutboxOptions options) {
  SK_TRY(migrate_interop(*db));
  std::unique_ptr<Outbox> o(new Outbox());
  o->db_ = std::move(db);
  o->source_ = std::move(source);
  o->client_ = std::move(client);
  o->organization_id_ = std::move(organization_id);
  o->options_ = options;
  return o;
}

Status Outbox::apply(std::span<const store::ChangeEvent> events) {
  std::vector<std::pair<int64_t, int64_t>> ranges;
  for (const auto& e : events) {
    if (e.entity != "care_service") continue;
    if (auto r = store::id_range(e.id)) ranges.push_back(*r);
  }
  if (ranges.empty()) return {};
  return queue(ranges);
}

Status Outbox::queue(std::span<const std::pair<int64_t, int64_t>> ranges) {
  store::Transaction tx(*db_, kActor);
  SK_TRY(tx.begin());
  auto st = db_->prepare(
      "INSERT INTO satusehat_outbox (service_id, state, attempts, next_at, generation, queued_at)"
      " VALUES (?, 'waiting', 0, 0, 1, ?) ON CONFLICT (service_id) DO UPDATE SET"
      " state = 'waiting', attempts = 0, next_at = 0, message = '',"
      " generation = satusehat_outbox.generation + 1, queued_at = excluded.queued_at");
  if (!st) return st.error();
  const std::string now = db_->clock().now_iso();
  for (const auto& [first, last] : ranges) {
    for (int64_t id = first; id <= last; ++id) {
      (*st)->reset();
      (*st)->bind(1, id).bind(2, now);
      SK_TRY((*st)->run());
    }
    const std::string ids =
        first == last ? std::to_string(first) : std::to_string(first) + "-" + std::to_string(last);
    SK_TRY(tx.record({"satusehat_outbox", ids, "queue"}));
  }
  return tx.commit();
}

Result<std::optional<std::string>> Outbox::cached_ihs(const std::string& nik) {
  auto st = db_->prepare("SELECT ihs_number FROM satusehat_patient WHERE nik = ?");
  if (!st) return st.error();
  (*st)->bind(1, nik);
  auto row = (*st)->step();
  if (!row) return row.error();
  if (!*row) return std::optional<std::string>{};
  return std::optional<std::string>((*st)->column_string(0));
}

Result<int> Outbox::run_once() {
  if (!client_) return 0;
  const int64_t now = db_->clock().now_unix();
  struct Due {
    int64_t id, attempts, generation;
  };
  std::vector<Due> due;
  {
    auto st = db_->prepare(
        "SELECT service_id, attempts, generation FROM satusehat_outbox"
        " WHERE state = 'waiting' AND next_at <= ? ORDER BY next_at, service_id LIMIT ?");
    if (!st) return st.error();
    (*st)->bind(1, now).bind(2, static_cast<int64_t>(options_.batch));
    for (;;) {
      auto row = (*st)->step();
      if (!row) return row.error();
      if (!*row) break;
      due.push_back({(*st)->column_int64(0), (*st)->column_int64(1), (*st)->column_int64(2)});
    }
  }
  for (const Due& d : due) {
    std::optional<int64_t> facility;
    std::string state = "waiting", message;
    auto outcome = [&]() -> void {
      auto s = source_(d.id);
      if (!s) {
        message = s.error().message;
        return;
      }
      if (!*s) {
        state = "failed";
        message = "the service no longer exists";
        return;
      }
      facility = (*s)->service.facility_id;
      const std::string& nik = (*s)->nik;
      if (nik.size() != 16) {
        state = "failed";
        message = "the resident has no valid NIK to find them in SATUSEHAT";
        return;
      }
      auto cached = cached_ihs(nik);
      if (!cached) {
        message = cached.error().message;
        return;
      }
      std::string ihs;
      if (*cached) {
        ihs = **cached;
      } else {
        auto found = client_->patient_ihs(nik);
        if (!found) {
          if (found.error().code == ErrorCode::kNotFound ||
              found.error().code == ErrorCode::kInvalidArgument) {
            state = "failed";
          }
          message = found.error().message;
          return;
        }
        ihs = *found;
        store::Transaction tx(*db_, kActor);
        if (!tx.begin()) return;
        auto put = db_->prepare(
            "INSERT INTO satusehat_patient (nik, ihs_number, resolved_at) VALUES (?, ?, ?)"
            " ON CONFLICT (nik) DO UPDATE SET ihs_number = excluded.ihs_number,"
            " resolved_at = excluded.resolved_at");
        if (!put) return;
        (*put)->bind(1, nik).bind(2, ihs).bind(3, db_->clock().now_iso());
        // The person's id, not the NIK, names the change (the change log is not for identifiers).
        if (!(*put)->run() ||
            !tx.record({"satusehat_patient", std::to_string((*s)->service.person_id), "resolve"}) ||
            !tx.commit()) {
          return;  // the cache is an optimisation: the send goes on
        }
      }
      const SendResult sent = client_->send(satusehat_bundle(**s, ihs, organization_id_));
      switch (sent.kind) {
        case SendResult::Kind::kSent:
          state = "sent";
          break;
        case SendResult::Kind::kRejected:
          state = "failed";
          message = sent.message;
          break;
        case SendResult::Kind::kRetry:
          message = sent.message;
          break;
      }
    };
    outcome();
    const int64_t attempts = d.attempts + 1;
    int64_t next_at = 0;
    if (state == "waiting") {
      // Exponential backoff with jitter, so a SATUSEHAT outage does not meet a thundering herd.
      const int64_t shift = std::min<int64_t>(attempts - 1, 20);
      const int64_t base = std::min(options_.max_backoff_s, options_.first_backoff_s << shift);
      jitter_ = jitter_ * 6364136223846793005ull + 1442695040888963407ull;
      next_at =
          now + base + static_cast<int64_t>((jitter_ >> 33) % static_cast<uint64_t>(base / 2 + 1));
    }
    store::Transaction tx(*db_, kActor);
    SK_TRY(tx.begin());
    auto st = db_->prepare(
        "UPDATE satusehat_outbox SET state = ?, attempts = ?, next_at = ?, message = ?,"
        " facility_id = ?, sent_at = ? WHERE service_id = ? AND generation = ?");
    if (!st) return st.error();
    (*st)
        ->bind(1, state)
        .bind(2, attempts)
        .bind(3, next_at)
        .bind(4, message.substr(0, 1000))
        .bind(5, facility)
        .bind(6, state == "sent" ? db_->clock().now_iso() : std::string())
        .bind(7, d.id)
        .bind(8, d.generation);
    SK_TRY((*st)->run());
    SK_TRY(tx.record({"satusehat_outbox", std::to_string(d.id), state}));
    SK_TRY(tx.commit());
  }
  return static_cast<int>(due.size());
}

Result<std::vector<OutboxCounts>> Outbox::counts() {
  auto st = db_->prepare(
      "SELECT facility_id, state, COUNT(*) FROM satusehat_outbox GROUP BY facility_id, state"
      " ORDER BY facility_id");
  if (!st) return st.error();
  std::vector<OutboxCounts> out;
  for (;;) {
    auto row = (*st)->step();
    if (!row) return row.error();
    if (!*row) break;
    std::optional<int64_t> f;
    if (!(*st)->is_null(0)) f = (*st)->column_int64(0);
    if (out.empty() || out.back().facility_id != f) out.push_back({f});
    const std::string state = (*st)->column_string(1);
    const int64_t n = (*st)->column_int64(2);
    if (state == "sent") out.back().sent = n;
    if (state == "waiting") out.back().waiting = n;
    if (state == "failed") out.back().failed = n;
  }
  return out;
}

Result<std::vector<OutboxItem>> Outbox::problems(std::span<const int64_t> facilities, int limit) {
  std::string sql =
      "SELECT service_id, facility_id, state, attempts, message, queued_at, sent_at"
      " FROM satusehat_outbox WHERE state IN ('failed', 'waiting')";
  if (!facilities.empty()) {
    sql += " AND facility_id IN (";
    for (size_t i = 0; i < facilities.size(); ++i) sql += i ? ", ?" : "?";
    sql += ")";
  }
  sql += " ORDER BY service_id DESC LIMIT ?";
  auto st = db_->prepare(sql);
  if (!st) return st.error();
  int n = 1;
  for (int64_t f : facilities) (*st)->bind(n++, f);
  (*st)->bind(n, static_cast<int64_t>(limit));
  std::vector<OutboxItem> out;
  for (;;) {
    auto row = (*st)->step();
    if (!row) return row.error();
    if (!*row) break;
    store::Statement& s = **st;
    OutboxItem item;
    item.service_id = s.column_int64(0);
    if (!s.is_null(1)) item.facility_id = s.column_int64(1);
    item.state = s.column_string(2);
    item.attempts = s.column_int64(3);
    item.message = s.column_string(4);
    item.queued_at = s.column_string(5);
    item.sent_at = s.column_string(6);
    out.push_back(std::move(item));
  }
  return out;
}

Status Outbox::resend(int64_t service_id, const std::string& actor) {
  auto exists = db_->prepare("SELECT 1 FROM satusehat_outbox WHERE service_id = ?");
  if (!exists) return exists.error();
  (*exists)->bind(1, service_id);
  auto row = (*exists)->step();
  if (!row) return row.error();
  if (!*row) return Error::not_found("service not in the SATUSEHAT outbox");
  store::Transaction tx(*db_, actor);
  SK_TRY(tx.begin());
  auto st = db_->prepare(
      "UPDATE satusehat_outbox SET state = 'waiting', attempts = 0, next_at = 0, message = '',"
      " generation = generation + 1 WHERE service_id = ?");
  if (!st) return st.error();
  (*st)->bind(1, service_id);
  SK_TRY((*st)->run());
  SK_TRY(tx.record({"satusehat_outbox", std::to_string(service_id), "resend"}));
  return tx.commit();
}

}  // namespace siklus::interop
