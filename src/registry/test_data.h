#pragma once
// Test data for the modules that stand on the registry (care, PWS, homecare): a store with the
// registry's schema and a resident written straight into it. For unit tests only; the product
// writes people through Registry.

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "registry/schema.h"
#include "store/database.h"

namespace siklus::registry::test_data {

//! An in-memory store on `clock` with the registry's tables and `seed_sql` (regions, facilities,
//! catchments) applied.
inline Result<std::shared_ptr<store::Database>> store_with(std::shared_ptr<const Clock> clock,
                                                           std::string_view seed_sql) {
  auto opened = store::open_database(":memory:");
  if (!opened) return opened.error();
  std::shared_ptr<store::Database> db = std::move(*opened);
  db->set_clock(std::move(clock));
  SK_TRY(db->migrate("registry", registry_migrations()));
  SK_TRY(db->exec(seed_sql));
  return db;
}

//! A living resident of `village`, RW `rw`, named after the last digits of the NIK.
inline Result<int64_t> add_person(store::Database& db, const std::string& nik,
                                  const std::string& sex, const std::string& birth,
                                  const std::string& village, int rw) {
  auto st = db.prepare(
      "INSERT INTO person (nik, no_kk, name, sex, birth_date, street, rt, rw, village_code,"
      " status, created_at, updated_at) VALUES (?, '', ?, ?, ?, 'Jl. 1', 1, ?, ?, 'HIDUP', 'x',"
      " 'x') RETURNING id");
  if (!st) return st.error();
  (*st)->bind(1, nik).bind(2, "Orang " + nik.substr(12)).bind(3, sex).bind(4, birth);
  (*st)->bind(5, rw).bind(6, village);
  auto row = (*st)->step();
  if (!row) return row.error();
  if (!*row) return Error::internal("no id returned");
  return (*st)->column_int64(0);
}

}  // namespace siklus::registry::test_data
