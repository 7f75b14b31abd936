#pragma once
// Care's read port: what other modules (the live PWS today) may read of care's tables in bulk —
// every stored service, the services of some people, who a range of service ids belongs to —
// without naming those tables. Care's SQL for them lives here. No access checks: the calling
// domain service checks the acting user's scope first and decides what it shows.
//
// Rows handed to a callback hold string_views valid only during that call.

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "care/service.h"
#include "core/result.h"
#include "store/database.h"

namespace siklus::care {

//! One stored service as other domains see it.
struct StoredService {
  int64_t id = 0;
  int64_t person_id = 0;
  std::string_view service;
  std::string_view date;    // YYYY-MM-DD
  std::string_view fields;  // JSON text, the rules' derived values included
};

//! The sasaran groups estimated from the population (domain.md §2.1), as `CareService::targets`
//! estimates them.
enum class EstimatedGroup { kPregnant, kDelivering, kNewborns, kHypertension, kDiabetes, kOdgj };

//! The §2.1 estimate of a group from the population (all ages) and the population aged 15+,
//! rounded up like `CareService::targets`.
int64_t estimated_sasaran(EstimatedGroup group, const TargetParameters& p, int64_t population,
                          int64_t population_15_plus);

class ReadPort {
 public:
  explicit ReadPort(std::shared_ptr<store::Database> db);

  //! Streams every service not deleted, ordered by person (then date).
  Status for_each_service(const std::function<void(const StoredService&)>& row);
  //! Streams the services not deleted of each person in `people`, person by person.
  Status for_each_service_of(std::span<const int64_t> people,
                             const std::function<void(const StoredService&)>& row);
  //! The people whose services (deleted ones too) have ids in [first_id, last_id].
  Result<std::vector<int64_t>> people_of_services(int64_t first_id, int64_t last_id);

 private:
  std::shared_ptr<store::Database> db_;
};

}  // namespace siklus::care
