#include "coverage/schema.h"

#include <array>

namespace siklus::coverage {
namespace {

// One snapshot per extract date: coverage is compared over time by snapshot. Members are keyed by
// (snapshot, noka) so re-importing an extract updates rows instead of duplicating them.
// Timestamps are bound from the store's clock (portable SQL); databases created before that
// keep their old strftime defaults, which are never used since every insert binds the time.
constexpr std::string_view kV1 = R"sql(
CREATE TABLE member_snapshot (
  id INTEGER PRIMARY KEY,
  snapshot_date TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  linked_at TEXT
);
CREATE TABLE member_import (
  id INTEGER PRIMARY KEY,
  snapshot_id INTEGER NOT NULL REFERENCES member_snapshot(id) ON DELETE CASCADE,
  file TEXT NOT NULL,
  rows_read INTEGER NOT NULL,
  rows_imported INTEGER NOT NULL,
  rows_rejected INTEGER NOT NULL,
  at TEXT NOT NULL
);
CREATE TABLE member (
  snapshot_id INTEGER NOT NULL REFERENCES member_snapshot(id) ON DELETE CASCADE,
  noka TEXT NOT NULL,
  nik TEXT NOT NULL DEFAULT '',
  nik_flag TEXT,
  name TEXT NOT NULL,
  sex TEXT NOT NULL DEFAULT '',
  birth_date TEXT,
  segment TEXT NOT NULL DEFAULT '',
  kelas INTEGER,
  status TEXT NOT NULL DEFAULT '',
  kode_faskes TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  village_code TEXT NOT NULL DEFAULT '',
  source_line INTEGER,
  PRIMARY KEY (snapshot_id, noka)
);
CREATE INDEX member_village ON member (snapshot_id, village_code);
CREATE TABLE member_link (
  snapshot_id INTEGER NOT NULL REFERENCES member_snapshot(id) ON DELETE CASCADE,
  noka TEXT NOT NULL,
  person_id INTEGER NOT NULL,
  score REAL NOT NULL,
  decision TEXT NOT NULL CHECK (decision IN ('match', 'review')),
  method TEXT NOT NULL,
  PRIMARY KEY (snapshot_id, noka)
);
CREATE INDEX member_link_person ON member_link (snapshot_id, person_id);
CREATE TABLE link_review (
  noka TEXT NOT NULL,
  person_id INTEGER NOT NULL,
  verdict TEXT NOT NULL CHECK (verdict IN ('accept', 'reject')),
  reviewer TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  at TEXT NOT NULL,
  PRIMARY KEY (noka, person_id)
);
)sql";

constexpr std::array kMigrations = {
    store::Migration{1, "membership snapshots, members, links, reviews", kV1},
};

}  // namespace

Status migrate_coverage(store::Database& db) { return db.migrate("coverage", kMigrations); }

}  // namespace siklus::coverage
