// `siklus serve [--listen HOST:PORT] [--web DIR] …`: the web app and API (contract.md). Prints
// "listening on http://HOST:PORT" on stdout once bound; exits 0 after SIGTERM/SIGINT once the
// requests in flight are answered. Flags override the configuration file (docs/config.md).

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <iostream>

#include "app/app.h"
#include "cli/command.h"

namespace siklus::cli {

void add_serve_commands(CLI::App& app, CommandContext& ctx) {
  // The configuration is loaded before the commands register, so its values are the defaults.
  auto cfg = std::make_shared<app::Config>(ctx.config);
  auto* cmd = app.add_subcommand("serve", "serve the web app and the HTTP API");
  cmd->add_option("--listen", cfg->server.listen,
                  "HOST:PORT to listen on (port 0 picks a free one)")
      ->capture_default_str();
  cmd->add_option("--web", cfg->server.web_dir, "folder of the built web app (default web/dist)");
  cmd->add_option("--threads", cfg->server.threads, "request threads")->capture_default_str();
  cmd->add_option("--max-connections", cfg->server.max_connections,
                  "open connections at most (default: 10000, below the descriptor limit)");
  cmd->add_flag("--secure-cookie", cfg->server.secure_cookie,
                "mark the session cookie Secure (when behind HTTPS)");
  cmd->add_option("--log-level", cfg->log.level, "trace, debug, info, warn, error or off")
      ->capture_default_str();
  cmd->callback([&ctx, cfg] {
    // stdout carries only the "listening on" line (scripts read it); the log goes to stderr.
    spdlog::set_default_logger(spdlog::stderr_color_mt("siklus"));
    spdlog::set_level(spdlog::level::from_str(cfg->log.level));
    cfg->database.url = ctx.global.db;
    auto status = app::serve(*cfg, std::cout);
    ctx.exit_code = status ? 0 : fail(ctx, status.error());
  });
}

}  // namespace siklus::cli
