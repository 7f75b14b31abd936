// Demo city generator: a table of builders run in order (plan, facilities and staff, households),
// each drawing from its own seeded stream: "plan:" for the population split and the layout,
// "rw:" per kelurahan for RW/RT, "fac:" for facilities and staff, "hh:" per kelurahan for the
// households. The builders live in demo_city_plan.cpp, demo_city_facilities.cpp and
// demo_city_households.cpp; the state they share is CityBuilder (demo_city_builder.h).

#include "registry/demo/demo_city.h"

#include "registry/demo/demo_city_builder.h"
#include "registry/demo/demo_presets.h"

namespace siklus::registry {

const char* facility_type_code(FacilityType type) {
  switch (type) {
    case FacilityType::kDinkes:
      return "dinkes";
    case FacilityType::kPuskesmas:
      return "puskesmas";
    case FacilityType::kPustu:
      return "pustu";
    case FacilityType::kPosyandu:
      return "posyandu";
    case FacilityType::kHospital:
      return "hospital";
    case FacilityType::kClinic:
      return "clinic";
    case FacilityType::kPractice:
      return "practice";
  }
  return "unknown";
}

const char* life_status_code(LifeStatus status) {
  switch (status) {
    case LifeStatus::kAlive:
      return "HIDUP";
    case LifeStatus::kDied:
      return "MATI";
    case LifeStatus::kMovedOut:
      return "PINDAH";
  }
  return "HIDUP";
}

namespace demo {
namespace {

struct Builder {
  const char* name;  // what it builds, for a reader and a debugger
  Status (CityBuilder::*build)();
};
// Order matters: each step reads what the steps before it planned, and the NIK/KK serial books
// are filled in this order.
constexpr Builder kBuilders[] = {
    {"regions", &CityBuilder::plan_regions},
    {"population", &CityBuilder::plan_population},
    {"puskesmas", &CityBuilder::plan_puskesmas},
    {"layout", &CityBuilder::plan_layout},
    {"rw_rt", &CityBuilder::plan_rw_rt},
    {"facilities", &CityBuilder::build_facilities},
    {"households", &CityBuilder::build_households},
};

}  // namespace

Result<DemoSummary> CityBuilder::run() {
  for (const Builder& b : kBuilders) SK_TRY((this->*b.build)());
  return summary_;
}

}  // namespace demo

uint64_t demo_population(const DemoOptions& options) {
  return demo::city_preset(options).population;
}

Result<DemoSummary> generate_demo_city(const DemoOptions& options, const DemoSink& sink) {
  demo::CityBuilder builder(options, sink);
  auto result = builder.run();
  if (!result) return result.error();
  DemoSummary summary = std::move(result.value());
  summary.city_code = options.city_code;
  summary.city_name = options.city_name;
  return summary;
}

}  // namespace siklus::registry
