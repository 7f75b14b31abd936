// Generation speed of the demo city with a sink that only counts (no storage).
#include <benchmark/benchmark.h>

#include "registry/demo/demo_city.h"

namespace siklus::registry {
namespace {

// A synthetic city of the given size: 20 kecamatan of 8 kelurahan each.
DemoOptions synthetic_city(const char* code) {
  DemoOptions o;
  o.city_code = code;
  o.city_name = "Kota Uji";
  o.today = Date{2026, 1, 15};
  for (int d = 1; d <= 20; ++d) {
    char district[16];
    std::snprintf(district, sizeof district, "%s%02d", code, d);
    o.districts.push_back({district, "Kecamatan " + std::to_string(d)});
    for (int v = 1; v <= 8; ++v) {
      char village[16];
      std::snprintf(village, sizeof village, "%s%04d", district, 1000 + v);
      o.villages.push_back({village, "Kelurahan " + std::to_string(d) + "-" + std::to_string(v)});
    }
  }
  return o;
}

void BM_GenerateCity(benchmark::State& state) {
  const DemoOptions o = synthetic_city("3371");  // Magelang preset: 127,394 residents
  for (auto _ : state) {
    uint64_t people = 0;
    DemoSink sink;
    sink.household = [&](const std::vector<DemoPerson>& h) {
      people += h.size();
      return Status{};
    };
    auto r = generate_demo_city(o, sink);
    benchmark::DoNotOptimize(r);
    state.counters["people"] = static_cast<double>(people);
  }
}
BENCHMARK(BM_GenerateCity)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace siklus::registry
