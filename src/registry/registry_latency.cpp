// Measures the registry in-process on an existing database (e.g. the Medan demo):
//   registry_latency DB [CITY]
// cold start (open + index build), exact-NIK lookup and name search latency (median, p99) as the
// Dinkes admin of CITY, with typo'd names. Not a test: numbers for the closing note.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>

#include "registry/registry.h"

using namespace siklus;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

void report(const char* what, std::vector<double> v) {
  std::sort(v.begin(), v.end());
  std::printf("%-28s n=%zu median %.3f ms  p99 %.3f ms  max %.3f ms\n", what, v.size(),
              v[v.size() / 2], v[v.size() * 99 / 100], v.back());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: registry_latency DB [CITY]\n");
    return 2;
  }
  auto t0 = Clock::now();
  auto db = store::open_database(argv[1]);
  if (!db) return std::fprintf(stderr, "%s\n", db.error().message.c_str()), 1;
  std::shared_ptr<store::Database> shared(std::move(*db));
  auto reg = registry::Registry::open(shared);
  if (!reg) return std::fprintf(stderr, "%s\n", reg.error().message.c_str()), 1;
  std::printf("cold start (open + index)     %.0f ms\n", ms_since(t0));
  if (argc > 3 && std::string(argv[3]) == "open-only") return 0;

  registry::User admin;
  admin.id = -1;
  admin.username = "latency";
  admin.role = registry::Role::kDinkesAdmin;
  admin.scope = argc > 2 ? argv[2] : "";
  if (admin.scope.empty()) {
    auto st = shared->prepare("SELECT city_code FROM facility LIMIT 1");
    if (st && *(*st)->step()) admin.scope = (*st)->column_string(0);
  }
  std::vector<std::string> niks, names;
  {
    auto st = shared->prepare("SELECT nik, name FROM person ORDER BY random() LIMIT 2000");
    while (*(*st)->step()) {
      niks.push_back((*st)->column_string(0));
      names.push_back((*st)->column_string(1));
    }
  }
  std::mt19937 rng(7);
  std::vector<double> nik_ms, name_ms, typo_ms, detail_ms;
  uint64_t found = 0, typo_found = 0;
  for (size_t i = 0; i < niks.size(); ++i) {
    auto t = Clock::now();
    auto r = (*reg)->search_people(admin, {niks[i], "", 1, 20});
    nik_ms.push_back(ms_since(t));
    if (r && r->total == 1) ++found;
    t = Clock::now();
    auto n = (*reg)->search_people(admin, {names[i], "", 1, 20});
    name_ms.push_back(ms_since(t));
    // One typo: swap two neighbouring letters of the name.
    std::string typo = names[i];
    if (typo.size() > 4) {
      const size_t at = 1 + rng() % (typo.size() - 3);
      std::swap(typo[at], typo[at + 1]);
    }
    t = Clock::now();
    auto ty = (*reg)->search_people(admin, {typo, "", 1, 20});
    typo_ms.push_back(ms_since(t));
    // Found when the best hit is the person or someone of exactly the same name (common
    // full names repeat hundreds of times in a 2.5 M city, so "the person on page 1" is luck).
    if (ty && r && r->items.size() == 1 && !ty->items.empty()) {
      typo_found += ty->items[0].id == r->items[0].id || ty->items[0].name == r->items[0].name;
    }
    if (i < 300 && r && !r->items.empty()) {
      t = Clock::now();
      auto d = (*reg)->person(admin, r->items[0].id);
      detail_ms.push_back(ms_since(t));
    }
  }
  report("NIK lookup", nik_ms);
  report("name search (exact name)", name_ms);
  report("name search (one typo)", typo_ms);
  report("person detail (audited)", detail_ms);
  std::printf(
      "NIK found %llu/%zu; typo'd name: best hit is the person or the same name: %llu/%zu\n",
      static_cast<unsigned long long>(found), niks.size(),
      static_cast<unsigned long long>(typo_found), niks.size());
  auto t = Clock::now();
  auto stats = (*reg)->population_stats(admin, admin.scope);
  std::printf("population stats of the city  %.1f ms (%llu residents)\n", ms_since(t),
              stats ? static_cast<unsigned long long>(stats->residents) : 0ULL);
  return 0;
}
