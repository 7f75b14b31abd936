#include "care/schema.h"

#include <array>

namespace siklus::care {
namespace {

// One row per service given. `fields` is the service's own fields as JSON text (the rules'
// derived values included); `due_key` is what the due index needs of them, so the index is built
// without parsing JSON. `city_code` keeps the kab/kota reachable (the shard key of design.md).
// A correction or deletion rewrites the row and first copies the old values into the
// append-only history with who, when and why.
constexpr std::string_view kV1 = R"sql(
CREATE TABLE care_service (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL,
  city_code TEXT NOT NULL,
  service TEXT NOT NULL,
  date TEXT NOT NULL,
  place TEXT NOT NULL,
  facility_id INTEGER,
  fields TEXT NOT NULL,
  due_key TEXT NOT NULL DEFAULT '',
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  idempotency_key TEXT UNIQUE,
  deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX care_service_person ON care_service (person_id, date);
CREATE TABLE care_service_history (
  id INTEGER PRIMARY KEY,
  service_id INTEGER NOT NULL,
  op TEXT NOT NULL CHECK (op IN ('correct', 'delete')),
  old_date TEXT NOT NULL,
  old_place TEXT NOT NULL,
  old_facility_id INTEGER,
  old_fields TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  changed_by TEXT NOT NULL,
  changed_at TEXT NOT NULL
);
CREATE INDEX care_service_history_service ON care_service_history (service_id);
)sql";

constexpr std::array kMigrations = {
    store::Migration{1, "care services and their history", kV1},
};

}  // namespace

Status migrate_care(store::Database& db) {
  SK_TRY(db.migrate("care", kMigrations));
  return store::make_append_only(db, "care_service_history");
}

}  // namespace siklus::care
