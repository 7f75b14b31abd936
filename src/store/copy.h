#pragma once
// Whole-database operations, kept in the store because they are the dialect's business: online
// backups and restores (SQLite's backup API; pg_dump/pg_restore for PostgreSQL) and copying a
// city from one backend to another through the Database interface, verified table by table.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "store/database.h"

namespace siklus::store {

//! A table's row count and an order-independent checksum of its values, comparable across
//! backends (numbers are compared as numbers: SQLite's "5.0" equals PostgreSQL's "5").
struct TableSummary {
  std::string table;
  int64_t rows = 0;
  uint64_t checksum = 0;
  bool operator==(const TableSummary&) const = default;
};

//! Every table of the database (the store's and every module's), parents before the tables whose
//! foreign keys name them.
Result<std::vector<std::string>> list_tables(Database& db);

//! The summary of every table, in list_tables order. schema_migrations is summarized by module
//! and version only (applied_at is when each database applied it).
Result<std::vector<TableSummary>> summarize(Database& db);

//! A consistent copy of the database in `file`, taken while others keep writing: SQLite through
//! its online backup API, PostgreSQL with `pg_dump -Fc` (from PATH) of `url`. Written beside
//! `file` first and renamed, so a failed backup never leaves a partial file under its name.
Status backup(Database& db, const std::string& url, const std::string& file);

//! Restores a file made by backup() into the database at `url`, which must be empty (a new
//! SQLite file, or an empty PostgreSQL database: `pg_restore`). The kind must match (a SQLite
//! backup into SQLite); to change backend use copy_database().
Status restore(const std::string& file, const std::string& url);

//! Copies every table of `from` into `to`, which holds the same schema (made by the same
//! migrations) and no data yet, in batches, parents first; identities continue after the copied
//! ids. Then compares every table's summary on both sides: kConflict if any differs. `progress`
//! is told each table as it is done.
Result<std::vector<TableSummary>> copy_database(
    Database& from, Database& to, const std::function<void(const TableSummary&)>& progress = {});

}  // namespace siklus::store
