#include "growth/schema.h"

#include <array>

namespace siklus::growth {
namespace {

// growth_lms: one row per WHO table row. `key` is the table's integer key: age in completed
// days (WHO 2006 age tables), length/height in tenths of a cm (wfl, wfh) or age in completed
// months (WHO 2007). growth_import: each file imported, with its SHA-256, so importing the same
// files again changes nothing.
constexpr std::string_view kV1 = R"sql(
CREATE TABLE growth_lms (
  indicator TEXT NOT NULL,
  sex INTEGER NOT NULL CHECK (sex IN (1, 2)),
  key INTEGER NOT NULL,
  l REAL NOT NULL,
  m REAL NOT NULL,
  s REAL NOT NULL,
  PRIMARY KEY (indicator, sex, key)
);
CREATE TABLE growth_import (
  id INTEGER PRIMARY KEY,
  file TEXT NOT NULL,
  indicator TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  rows INTEGER NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX growth_import_file ON growth_import (file, id);
)sql";

constexpr std::array kMigrations = {
    store::Migration{1, "WHO LMS rows and their imports", kV1},
};

}  // namespace

siklus::Status migrate_growth(store::Database& db) { return db.migrate("growth", kMigrations); }

}  // namespace siklus::growth
