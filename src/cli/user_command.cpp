// siklus user add --username U --role R [--scope CODE] [--name N]
//                 [--password-stdin | --password P]
// The password is asked for on the terminal (no echo, twice), or read as one line from stdin
// with --password-stdin. --password still works for scripts but warns: a command line is visible
// to every user of the machine (ps, /proc) and stays in shell history.

#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <string>

#include "cli/command.h"
#include "cli/registry_cli.h"
#include "registry/registry.h"

namespace siklus::cli {
namespace {

struct UserArgs {
  std::string username;
  std::string password;
  bool password_stdin = false;
  std::string role;
  std::string scope;
  std::string display_name;
};

void strip_newline(std::string& s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
}

// One line from the terminal without echo; restores the terminal whatever happens.
Result<std::string> ask_hidden(const char* prompt) {
  std::cerr << prompt << std::flush;
  termios old{};
  const bool tty = tcgetattr(STDIN_FILENO, &old) == 0;
  if (tty) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  const bool ok = static_cast<bool>(std::getline(std::cin, line));
  if (tty) tcsetattr(STDIN_FILENO, TCSANOW, &old);
  std::cerr << "\n";
  if (!ok) return Error::invalid("password", "no password given");
  strip_newline(line);
  return line;
}

Result<std::string> read_password(const CommandContext& ctx, const UserArgs& a) {
  if (a.password_stdin && !a.password.empty()) {
    return Error::invalid("password", "give --password or --password-stdin, not both");
  }
  if (a.password_stdin) {
    std::string line;
    if (!std::getline(std::cin, line)) {
      return Error::invalid("password", "--password-stdin: no line on standard input");
    }
    strip_newline(line);
    return line;
  }
  if (!a.password.empty()) {
    if (!ctx.global.json) {
      std::cerr << "warning: --password is visible to other users (ps) and in shell history; "
                   "prefer the prompt or --password-stdin\n";
    }
    return a.password;
  }
  if (!isatty(STDIN_FILENO)) {
    return Error::invalid("password",
                          "no password: run on a terminal to be asked, or use --password-stdin");
  }
  auto first = ask_hidden("Password: ");
  if (!first) return first.error();
  auto second = ask_hidden("Password again: ");
  if (!second) return second.error();
  if (*first != *second) return Error::invalid("password", "the two passwords differ");
  return *first;
}

int run_user_add(CommandContext& ctx, const UserArgs& a) {
  auto role = registry::parse_role(a.role);
  if (!role) {
    return fail(ctx,
                Error::invalid("role", "role must be dinkes_admin, puskesmas, nakes or kader"));
  }
  auto password = read_password(ctx, a);
  if (!password) return fail(ctx, password.error());
  auto db = open_store(ctx);
  if (!db) return fail(ctx, db.error());
  registry::RegistryOptions o;
  o.build_index = false;
  auto reg = registry::Registry::open(*db, o);
  if (!reg) return fail(ctx, reg.error());
  auto u = (*reg)->add_user({a.username, *password, *role, a.scope, a.display_name});
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
  auto* add = user->add_subcommand("add", "create a user (asks for the password)");
  add->add_option("--username", a->username, "login name")->required();
  add->add_flag("--password-stdin", a->password_stdin, "read the password as one line from stdin");
  add->add_option("--password", a->password,
                  "password (visible in ps: prefer the prompt or --password-stdin); at least 12 "
                  "characters or 4 words, not a common one, not containing the username");
  add->add_option("--role", a->role, "dinkes_admin, puskesmas, nakes or kader")->required();
  add->add_option("--scope", a->scope,
                  "kab/kota code (dinkes_admin) or facility id/key (other roles)");
  add->add_option("--name", a->display_name, "display name");
  add->callback([&ctx, a] { ctx.exit_code = run_user_add(ctx, *a); });
}

}  // namespace siklus::cli
