#pragma once
// The growth module's tables (the imported WHO LMS rows and the record of each import), applied
// through the store's per-module migrations under the module name "growth".

#include "core/result.h"
#include "store/database.h"

namespace siklus::growth {

//! Brings the growth tables up to date; safe to call on every open.
siklus::Status migrate_growth(store::Database& db);

}  // namespace siklus::growth
