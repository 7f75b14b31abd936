#pragma once
// The registry's tables, as numbered migrations of module "registry" (store::Database::migrate).

#include <span>

#include "store/database.h"

namespace siklus::registry {

std::span<const store::Migration> registry_migrations();

}  // namespace siklus::registry
