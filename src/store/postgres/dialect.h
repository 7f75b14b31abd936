#pragma once
// The one place the SQL dialect differs: domain SQL is written once (SQLite-flavoured portable
// SQL, database.h) and rewritten here for PostgreSQL. Only tokens outside string literals, quoted
// identifiers and comments are touched.

#include <string>
#include <string_view>

namespace siklus::store::postgres {

struct TranslatedSql {
  std::string sql;
  int parameters = 0;  // how many `?` became `$1…$n`
};

//! `?` → `$n`; `INTEGER PRIMARY KEY [AUTOINCREMENT]` → an identity column; `INTEGER` → `BIGINT`
//! (SQLite integers are 64-bit); `REAL` → `DOUBLE PRECISION`.
TranslatedSql to_postgres(std::string_view sql);

}  // namespace siklus::store::postgres
