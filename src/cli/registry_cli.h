#pragma once
// Shared by the registry subcommands (demo, import, stats, user): open the store named by --db.

#include <memory>

#include "cli/command.h"
#include "store/database.h"

namespace siklus::cli {

Result<std::shared_ptr<store::Database>> open_store(const CommandContext& ctx);

}  // namespace siklus::cli
