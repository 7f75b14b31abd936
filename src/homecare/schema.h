#pragma once
// The homecare module's tables (docs/architecture.md lists them), applied through the store's
// per-module migrations under the module name "homecare".

#include "core/result.h"
#include "store/database.h"

namespace siklus::homecare {

//! Brings the homecare tables up to date; safe to call on every open.
Status migrate_homecare(store::Database& db);

}  // namespace siklus::homecare
