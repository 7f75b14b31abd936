#include "cli/command.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

namespace siklus::cli {
namespace {
double now_seconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}
}  // namespace

void print_result(const CommandContext& ctx, const nlohmann::json& result,
                  const std::string& human) {
  if (ctx.global.json || human.empty()) {
    // Replace, never throw, on invalid UTF-8: the door refuses it, this is the second fence.
    std::cout << result.dump(ctx.global.json ? -1 : 2, ' ', false,
                             nlohmann::json::error_handler_t::replace)
              << std::endl;
  } else {
    std::cout << human << std::flush;
  }
}

int fail(const CommandContext& ctx, const Error& error) {
  std::cerr << "siklus: " << (error.field.empty() ? "" : error.field + ": ") << error.message
            << std::endl;
  if (ctx.global.json) {
    nlohmann::json e = {{"code", error_code_name(error.code)}, {"message", error.message}};
    if (!error.field.empty()) e["field"] = error.field;
    std::cout << nlohmann::json{{"error", e}}.dump(-1, ' ', false,
                                                   nlohmann::json::error_handler_t::replace)
              << std::endl;
  }
  return error.code == ErrorCode::kInvalidArgument ? 2 : 1;
}

Progress::Progress(const CommandContext& ctx, std::string label, uint64_t total)
    : enabled_(!ctx.global.json && isatty(STDERR_FILENO)),
      label_(std::move(label)),
      total_(total),
      started_(now_seconds()) {}

Progress::~Progress() { finish(); }

void Progress::update(uint64_t done) {
  if (!enabled_ || (done - last_shown_ < total_ / 200 + 1 && done != total_)) return;
  last_shown_ = done;
  const double pct = total_ ? 100.0 * static_cast<double>(done) / static_cast<double>(total_) : 0;
  std::fprintf(stderr, "\r%s: %llu/%llu (%.0f%%) %.1fs", label_.c_str(),
               static_cast<unsigned long long>(done), static_cast<unsigned long long>(total_), pct,
               now_seconds() - started_);
  std::fflush(stderr);
}

void Progress::finish() {
  if (!enabled_ || finished_) return;
  finished_ = true;
  std::fprintf(stderr, "\n");
}

void add_version_command(CLI::App& app, CommandContext& ctx) {
  auto* cmd = app.add_subcommand("version", "print the version");
  cmd->callback([&ctx] { print_result(ctx, {{"version", "0.1.0"}}, "siklus 0.1.0\n"); });
}

}  // namespace siklus::cli
