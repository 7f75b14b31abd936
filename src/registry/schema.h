#pragma once
// The registry's tables, as numbered migrations of module "registry" (store::Database::migrate).

#include <span>

#include "store/database.h"

namespace siklus::registry {

std::span<const store::Migration> registry_migrations();

//! Everything the registry needs in a database: identity's and audit's tables (users of the
//! registry's services), the registry's own, and the person indexes.
Status migrate_registry(store::Database& db);

//! The person table's secondary indexes. A bulk load drops them and rebuilds them at the end; a
//! load killed in between leaves them missing, so every open re-creates them if needed.
extern const std::string_view kPersonIndexes;
extern const std::string_view kDropPersonIndexes;

}  // namespace siklus::registry
