#include "registry/schema.h"

#include "audit/audit.h"
#include "identity/accounts.h"

namespace siklus::registry {
namespace {

// Dates are ISO text (YYYY-MM-DD), timestamps ISO 8601 UTC, codes without dots. Every table
// reaches the kab/kota code (design.md: the shard key), directly or through village_code.
constexpr store::Migration kMigrations[] = {
    {1, "regions, facilities, staff, people", R"sql(
CREATE TABLE region (
  code TEXT PRIMARY KEY,
  parent_code TEXT,
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
  name TEXT NOT NULL
);
CREATE INDEX region_parent ON region (parent_code);

CREATE TABLE facility (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  city_code TEXT NOT NULL,
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  village_code TEXT REFERENCES region (code),
  rw INTEGER NOT NULL DEFAULT 0,
  parent_id INTEGER REFERENCES facility (id) ON DELETE SET NULL,
  government INTEGER NOT NULL DEFAULT 1,
  address TEXT NOT NULL DEFAULT '',
  lat REAL,
  lon REAL
);
CREATE INDEX facility_city ON facility (city_code, type);
CREATE INDEX facility_village ON facility (village_code, type, rw);
CREATE INDEX facility_parent ON facility (parent_id);

CREATE TABLE facility_catchment (
  facility_id INTEGER NOT NULL REFERENCES facility (id) ON DELETE CASCADE,
  village_code TEXT NOT NULL REFERENCES region (code),
  PRIMARY KEY (facility_id, village_code)
);
CREATE INDEX facility_catchment_village ON facility_catchment (village_code);

CREATE TABLE staff (
  id INTEGER PRIMARY KEY,
  facility_id INTEGER NOT NULL REFERENCES facility (id) ON DELETE CASCADE,
  nik TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL,
  sex TEXT NOT NULL DEFAULT '',
  birth_date TEXT,
  profession TEXT NOT NULL,
  skills TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT ''
);
CREATE INDEX staff_facility ON staff (facility_id);

CREATE TABLE person (
  id INTEGER PRIMARY KEY,
  nik TEXT NOT NULL UNIQUE,
  no_kk TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL,
  sex TEXT NOT NULL DEFAULT '',
  birth_date TEXT,
  birth_place TEXT NOT NULL DEFAULT '',
  street TEXT NOT NULL DEFAULT '',
  rt INTEGER NOT NULL DEFAULT 0,
  rw INTEGER NOT NULL DEFAULT 0,
  village_code TEXT REFERENCES region (code),
  phone TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'HIDUP' CHECK (status IN ('HIDUP', 'MATI', 'PINDAH')),
  status_date TEXT,
  relation TEXT NOT NULL DEFAULT '',
  nik_flag TEXT,
  lat REAL,
  lon REAL,
  source TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX person_kk ON person (no_kk);
CREATE INDEX person_village ON person (village_code, rw);
)sql"},
    // Users, sessions and the audit log moved to the identity and audit modules, which own them
    // now (their first migrations adopt the tables this step created in older databases).
    {2, "users, sessions, audit log (moved to identity and audit)", "SELECT 1;"},
};

}  // namespace

std::span<const store::Migration> registry_migrations() { return kMigrations; }

Status migrate_registry(store::Database& db) {
  SK_TRY(identity::Accounts::migrate(db));
  SK_TRY(audit::AuditLog::migrate(db));
  SK_TRY(db.migrate("registry", registry_migrations()));
  return db.exec(kPersonIndexes);
}

const std::string_view kPersonIndexes =
    "CREATE INDEX IF NOT EXISTS person_kk ON person (no_kk);"
    "CREATE INDEX IF NOT EXISTS person_village ON person (village_code, rw);";
const std::string_view kDropPersonIndexes =
    "DROP INDEX IF EXISTS person_kk; DROP INDEX IF EXISTS person_village;";

}  // namespace siklus::registry
