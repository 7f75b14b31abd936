// Generation speed and memory of the demo city with a sink that discards households (no
// storage): the generator's own share of `siklus demo`.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <cstdio>
#include <string>

#include "registry/demo/demo_city.h"

namespace siklus::registry {
namespace {

// A city with the preset of `code` (population, puskesmas) on synthetic regions shaped like
// Medan: 21 kecamatan of 7 kelurahan.
DemoOptions synthetic_city(const std::string& code) {
  DemoOptions o;
  o.city_code = code;
  o.city_name = "Kota Uji";
  o.today = Date{2026, 1, 15};
  for (int d = 1; d <= 21; ++d) {
    char district[16];
    std::snprintf(district, sizeof district, "%s%02d", code.c_str(), d);
    o.districts.push_back({district, "Kecamatan " + std::to_string(d)});
    for (int v = 1; v <= 7; ++v) {
      char village[16];
      std::snprintf(village, sizeof village, "%s%04d", district, 1000 + v);
      o.villages.push_back({village, "Kelurahan " + std::to_string(d) + "-" + std::to_string(v)});
    }
  }
  return o;
}

void generate(benchmark::State& state, const std::string& code) {
  const DemoOptions o = synthetic_city(code);
  uint64_t people = 0;
  for (auto _ : state) {
    people = 0;
    DemoSink sink;
    sink.household = [&](const std::vector<DemoPerson>& h) {
      people += h.size();
      return Status{};
    };
    auto r = generate_demo_city(o, sink);
    if (!r) state.SkipWithError(r.error().message.c_str());
    benchmark::DoNotOptimize(r);
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["people"] = static_cast<double>(people);
  state.counters["peak_rss_mb"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
}

void BM_GenerateMagelang(benchmark::State& state) { generate(state, "3371"); }
void BM_GenerateMedan(benchmark::State& state) { generate(state, "1271"); }
BENCHMARK(BM_GenerateMagelang)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GenerateMedan)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace siklus::registry
