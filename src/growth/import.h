#pragma once
// `siklus import who-growth DIR`: stores WHO's LMS files in the growth tables in one
// transaction that records {entity:"growth_reference", op:"import"} for the change feed (the
// server then reloads its reference). Idempotent: files whose SHA-256 matches their last import
// are left alone, and when all match nothing is written.

#include <string>
#include <vector>

#include "core/result.h"
#include "store/database.h"

namespace siklus::growth {

struct ImportedFile {
  std::string file;       // "weianthro.txt"
  std::string indicator;  // "wfa"
  int rows = 0;
  std::string sha256;  // hex
  bool unchanged = false;
};

struct ImportReport {
  std::vector<ImportedFile> files;
  int rows = 0;                      // rows written (0 when unchanged)
  bool unchanged = false;            // every file was already imported as it is
  std::vector<std::string> missing;  // optional files not found
};

Result<ImportReport> import_who_growth(store::Database& db, const std::string& dir,
                                       const std::string& actor = "cli");

//! Lower-case hex SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);

}  // namespace siklus::growth
