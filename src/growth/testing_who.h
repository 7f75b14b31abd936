#pragma once
// For tests: where WHO's LMS files are (SIKLUS_WHO_GROWTH_DIR, which ./dev test sets to
// ../shared/data/who-growth), or "" when they are absent and the test should skip.

#include <cstdlib>
#include <filesystem>
#include <string>

namespace siklus::growth::testing {

inline std::string who_growth_dir() {
  if (const char* env = std::getenv("SIKLUS_WHO_GROWTH_DIR"); env && *env) {
    if (std::filesystem::is_directory(env)) return env;
  }
  return {};
}

#define SK_REQUIRE_WHO_GROWTH(dir)                                                         \
  const std::string dir = ::siklus::growth::testing::who_growth_dir();                     \
  if (dir.empty()) {                                                                       \
    GTEST_SKIP() << "WHO growth files absent: set SIKLUS_WHO_GROWTH_DIR (./dev test sets " \
                    "it to ../shared/data/who-growth)";                                    \
  }

}  // namespace siklus::growth::testing
