// siklus user add --username U --password P --role R [--scope CODE]

#include "cli/command.h"
#include "cli/registry_cli.h"
#include "registry/registry.h"

namespace siklus::cli {
namespace {

struct UserArgs {
  std::string username;
  std::string password;
  std::string role;
  std::string scope;
  std::string display_name;
};

int run_user_add(CommandContext& ctx, const UserArgs& a) {
  auto role = registry::parse_role(a.role);
  if (!role) {
    return fail(ctx,
                Error::invalid("role", "role must be dinkes_admin, puskesmas, nakes or kader"));
  }
  auto db = open_store(ctx);
  if (!db) return fail(ctx, db.error());
  registry::RegistryOptions o;
  o.build_index = false;
  auto reg = registry::Registry::open(*db, o);
  if (!reg) return fail(ctx, reg.error());
  auto u = (*reg)->add_user({a.username, a.password, *role, a.scope, a.display_name});
  if (!u) return fail(ctx, u.error());
  print_result(ctx,
               {{"username", u->username},
                {"role", registry::role_code(u->role)},
                {"scope", u->scope},
                {"scope_name", u->scope_name}},
               "user " + u->username + " (" + registry::role_code(u->role) + ", " + u->scope_name +
                   ") created\n");
  return 0;
}

}  // namespace

void add_user_commands(CLI::App& app, CommandContext& ctx) {
  auto* user = app.add_subcommand("user", "manage users");
  user->require_subcommand(1);
  auto a = std::make_shared<UserArgs>();
  auto* add = user->add_subcommand("add", "create a user");
  add->add_option("--username", a->username, "login name")->required();
  add->add_option("--password", a->password, "password (at least 8 characters)")->required();
  add->add_option("--role", a->role, "dinkes_admin, puskesmas, nakes or kader")->required();
  add->add_option("--scope", a->scope,
                  "kab/kota code (dinkes_admin) or facility id/key (other roles)");
  add->add_option("--name", a->display_name, "display name");
  add->callback([&ctx, a] { ctx.exit_code = run_user_add(ctx, *a); });
}

}  // namespace siklus::cli
