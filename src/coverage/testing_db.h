#pragma once
// Test helper: an in-memory store with the registry and coverage schemas, a tiny city (9971) and
// people written with plain SQL (test fixtures only: coverage code reads the registry through
// registry::ReadPort), so coverage tests need no demo generator.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "coverage/schema.h"
#include "registry/schema.h"
#include "store/database.h"

namespace siklus::coverage::testing {

inline std::shared_ptr<store::Database> open_city_db(const std::string& url = ":memory:") {
  auto opened = store::open_database(url);
  EXPECT_TRUE(opened.has_value());
  std::shared_ptr<store::Database> db = std::move(*opened);
  EXPECT_TRUE(db->migrate("registry", registry::registry_migrations()).has_value());
  EXPECT_TRUE(migrate_coverage(*db).has_value());
  EXPECT_TRUE(db->exec(R"sql(
INSERT INTO region (code, parent_code, level, name) VALUES
  ('99', NULL, 1, 'Provinsi Contoh'),
  ('9971', '99', 2, 'Kota Contoh'),
  ('997101', '9971', 3, 'Satu'),
  ('9971011001', '997101', 4, 'Alpha'),
  ('9971011002', '997101', 4, 'Beta');
)sql")
                  .has_value());
  return db;
}

inline int64_t add_person(store::Database& db, const std::string& nik, const std::string& name,
                          const std::string& sex, const std::string& birth,
                          const std::string& village, int rw, const std::string& status = "HIDUP",
                          const std::string& no_kk = "") {
  auto st = db.prepare(
      "INSERT INTO person (nik, no_kk, name, sex, birth_date, street, rt, rw, village_code, status,"
      " created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'Jl. Contoh 1', 1, ?, ?, ?, 'x', 'x')"
      " RETURNING id");
  EXPECT_TRUE(st.has_value());
  (*st)->bind(1, nik).bind(2, no_kk).bind(3, name).bind(4, sex).bind(5, birth).bind(6, rw);
  (*st)->bind(7, village).bind(8, status);
  auto row = (*st)->step();
  EXPECT_TRUE(row.has_value() && *row);
  return (*st)->column_int64(0);
}

inline int64_t scalar(store::Database& db, const std::string& sql) {
  auto st = db.prepare(sql);
  EXPECT_TRUE(st.has_value());
  auto row = (*st)->step();
  EXPECT_TRUE(row.has_value() && *row);
  return (*st)->column_int64(0);
}

}  // namespace siklus::coverage::testing
