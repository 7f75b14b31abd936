// siklus audit [--user U] [--person ID] [--since D] [--until D] [--action A] [--page N]
// The audit log through the same service as GET /api/v1/audit (Registry::audit), acting as the
// operator at the machine: the read itself is recorded under "cli".

#include <sstream>

#include "audit/audit_json.h"
#include "cli/command.h"
#include "cli/registry_cli.h"
#include "registry/registry.h"

namespace siklus::cli {
namespace {

struct AuditArgs {
  audit::Query query;
  int64_t person = 0;
};

int run_audit(CommandContext& ctx, AuditArgs a) {
  if (a.person > 0) a.query.person_id = a.person;
  auto db = open_store(ctx);
  if (!db) return fail(ctx, db.error());
  registry::RegistryOptions o;
  o.build_index = false;  // the log only
  auto reg = registry::Registry::open(*db, o);
  if (!reg) return fail(ctx, reg.error());
  auto page = (*reg)->audit(identity::system_user("cli"), a.query);
  if (!page) return fail(ctx, page.error());
  std::ostringstream human;
  for (const audit::Entry& e : page->entries) {
    human << e.at << "  " << e.user << "  " << e.action << " " << e.object;
    if (e.person_id) human << " #" << *e.person_id;
    if (!e.area.empty()) human << " " << e.area;
    if (e.count) human << " (" << *e.count << ")";
    if (!e.detail.empty()) human << "  " << e.detail;
    human << "\n";
  }
  human << page->entries.size() << " of " << page->total << " entries\n";
  print_result(ctx, audit::to_json(*page), human.str());
  return 0;
}

}  // namespace

void add_audit_commands(CLI::App& app, CommandContext& ctx) {
  auto a = std::make_shared<AuditArgs>();
  auto* cmd = app.add_subcommand("audit", "read the audit log (newest first)");
  cmd->add_option("--user", a->query.user, "only this username");
  cmd->add_option("--person", a->person, "only entries about this person id");
  cmd->add_option("--since", a->query.since, "from this date (YYYY-MM-DD) or UTC timestamp");
  cmd->add_option("--until", a->query.until, "up to this date (included) or UTC timestamp");
  cmd->add_option("--action", a->query.action, "only this action (read, search, refused, …)");
  cmd->add_option("--page", a->query.page, "page, from 1");
  cmd->add_option("--page-size", a->query.page_size, "entries per page, 1-1000 (default 100)");
  cmd->callback([&ctx, a] { ctx.exit_code = run_audit(ctx, *a); });
}

}  // namespace siklus::cli
