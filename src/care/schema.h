#pragma once
// The care module's tables (care_service, care_service_history), applied through the store's
// per-module migrations under the module name "care"; care_service_history is append-only.

#include "core/result.h"
#include "store/database.h"

namespace siklus::care {

//! Brings the care tables up to date and protects the history; safe to call on every open.
Status migrate_care(store::Database& db);

}  // namespace siklus::care
