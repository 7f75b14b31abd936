#include "registry/schema.h"

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
    {2, "users, sessions, audit log", R"sql(
CREATE TABLE app_user (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('dinkes_admin', 'puskesmas', 'nakes', 'kader')),
  scope TEXT NOT NULL,
  display_name TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE session (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX session_expiry ON session (expires_at);

CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  user_id INTEGER,
  username TEXT NOT NULL,
  action TEXT NOT NULL,
  person_id INTEGER,
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_person ON audit_log (person_id, seq);
-- Append-only: no row is ever changed or removed.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
)sql"},
};

}  // namespace

std::span<const store::Migration> registry_migrations() { return kMigrations; }

const std::string_view kPersonIndexes =
    "CREATE INDEX IF NOT EXISTS person_kk ON person (no_kk);"
    "CREATE INDEX IF NOT EXISTS person_village ON person (village_code, rw);";
const std::string_view kDropPersonIndexes =
    "DROP INDEX IF EXISTS person_kk; DROP INDEX IF EXISTS person_village;";

}  // namespace siklus::registry
