#pragma once
// The coverage module's tables (membership snapshots, members, links, link reviews), applied
// through the store's per-module migrations under the module name "coverage".

#include "core/result.h"
#include "store/database.h"

namespace siklus::coverage {

//! Brings the coverage tables up to date; safe to call on every open.
Status migrate_coverage(store::Database& db);

}  // namespace siklus::coverage
