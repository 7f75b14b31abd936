#pragma once
// Writing a generated demo city and a population extract into the store, fast: prepared
// statements reused for every row, one transaction (with one change-log entry) per batch.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/result.h"
#include "registry/demo/demo_city.h"
#include "registry/region_table.h"
#include "store/database.h"

namespace siklus::registry {

//! Migrates the registry schema, loads idn-area-data into an empty region table and returns the
//! regions in memory: what every registry command needs first.
Result<RegionTable> prepare_registry(store::Database& db);

// ---- demo city ------------------------------------------------------------------------------

struct DemoLoadOptions {
  std::string city_code;  // normalized or dotted
  uint64_t seed = 1;
  Date today;
  bool force = false;  // replace the city when the database already holds data
  //! Password for the demo users; random when empty.
  std::string password;
  std::function<void(uint64_t done, uint64_t total)> progress;
};

struct DemoUser {
  std::string username;
  std::string password;
  std::string role;
  std::string scope;  // code or facility key
  std::string scope_name;
};

struct DemoLoadResult {
  DemoSummary summary;
  std::vector<DemoUser> users;
  double seconds = 0;
};

//! Migrates, loads regions if needed, refuses a non-empty database unless `force` (then deletes
//! the city's people, facilities and users first), generates the city and writes it.
Result<DemoLoadResult> load_demo_city(store::Database& db, const DemoLoadOptions& options);

// ---- population import ----------------------------------------------------------------------

struct RowProblem {
  std::string where;  // "file:line"
  std::string field;  // CSV column
  std::string message;
};

struct ImportOptions {
  size_t batch_size = 20000;
  size_t max_reported = 1000;  // problems kept in the result (all are counted)
  Date today;
  std::function<void(uint64_t rows, uint64_t bytes)> progress;
  //! When set (a kab/kota code), a row of a kelurahan outside that city is rejected: an office
  //! uploads its own city's extract, never writes another's residents.
  std::string within_city;
};

struct ImportResult {
  uint64_t rows = 0;       // data rows read
  uint64_t written = 0;    // inserted or changed
  uint64_t unchanged = 0;  // identical to what the store holds
  uint64_t rejected = 0;   // bad rows (not written)
  uint64_t flagged = 0;    // written with a NIK flag
  uint64_t batches = 0;
  std::vector<RowProblem> problems;  // first max_reported
  double seconds = 0;
};

//! Streams a Dukcapil-like CSV (contract.md) into the person table. A bad row is rejected on its
//! own (reported with file:line, column and reason); good rows are committed in batches, each
//! batch one transaction, so a crash leaves whole batches and never half a row. Re-importing
//! updates by NIK and never duplicates.
Result<ImportResult> import_population(store::Database& db, const RegionTable& regions,
                                       const std::string& path, const ImportOptions& options);

}  // namespace siklus::registry
