#pragma once
// The coverage service behind the HTTP API: coverage tables (cached per city and snapshot, since
// one computation covers every area), the kelurahan map, the review queue and worklist exports.
// Owns its own store connection. Thread-safe: one mutex serialises calls.

#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/result.h"
#include "coverage/coverage.h"
#include "coverage/linking.h"
#include "coverage/worklist.h"
#include "store/database.h"

namespace siklus::coverage {

class CoverageService {
 public:
  //! Opens its own connection to `db_url` (the same database the registry uses).
  static Result<std::unique_ptr<CoverageService>> open(const std::string& db_url,
                                                       CoverageOptions options = {});

  //! contract.md's coverage object for `region` (normalized area code) and its children.
  Result<nlohmann::json> coverage(const std::string& region, const std::string& snapshot);
  //! Every kelurahan of the city of `region` with a position and its coverage figures.
  Result<nlohmann::json> village_map(const std::string& region, const std::string& snapshot);
  //! The snapshots, newest first: [{"date", "members", "linked_at"}].
  Result<nlohmann::json> snapshots();

  Result<ReviewPage> reviews(const std::string& region, const std::string& snapshot, int page,
                             int page_size);
  Status decide(const std::string& snapshot, const std::string& noka,
                std::optional<int64_t> person_id, Verdict verdict, const std::string& reviewer,
                const std::string& note);
  Result<Worklist> worklist(const std::string& region, const std::string& puskesmas,
                            const std::string& snapshot);

  const CoverageOptions& options() const { return options_; }

 private:
  CoverageService() = default;
  Result<std::shared_ptr<const CoverageReport>> report(const std::string& region,
                                                       const SnapshotRef& snap);

  std::mutex mu_;
  std::unique_ptr<store::Database> db_;
  CoverageOptions options_;
  std::map<std::pair<std::string, int64_t>, std::shared_ptr<const CoverageReport>> cache_;
};

}  // namespace siklus::coverage
