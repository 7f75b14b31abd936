#pragma once
// The monitoring service: the live PWS that `siklus pws` and the HTTP API (/api/v1/pws…) both
// call. Every call takes the acting user and applies the scope rule here: a user sees her area
// and below (a puskesmas its wilayah kerja, a kader her RW); any other area is kNotFound, never
// revealing whether it exists. The names behind a figure (`people`) are audited as an export.
//
// Figures come from the engine (engine.h), rebuilt from the store at open and kept live by
// `apply` (change feed: "person", "care_service"; JKN membership changes only bump the version,
// since JKN coverage is read from CoverageService at query time). `version()` changes whenever
// a figure may have changed, so a dashboard polls it cheaply.
//
// Thread-safe: queries share the engine, changes take it alone.

#include <atomic>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "audit/audit.h"
#include "care/read_port.h"
#include "care/service.h"
#include "core/result.h"
#include "coverage/service.h"
#include "monitoring/engine.h"
#include "registry/read_port.h"
#include "registry/registry.h"
#include "store/change_feed.h"
#include "store/database.h"

namespace siklus::monitoring {

using registry::User;

struct MonitoringOptions {
  care::TargetParameters targets;  // the sasaran parameters care uses (config [care])
  double green_pct_of_target = 100;
  double yellow_pct_of_target = 80;
  int years = 4;  // calendar years kept: this one and the three before
  //! Build the figures on a thread of their own, so a server answers everything else at once;
  //! until they are built, PWS queries answer kBusy and the feed's events wait in a list that
  //! the build applies when done (they are reloads, so one the build already saw is harmless).
  //! The CLI builds before it answers.
  bool build_in_background = false;
};

//! A month: "YYYY-MM".
struct Period {
  int year = 0, month = 0;
  static std::optional<Period> parse(std::string_view text);
  std::string to_string() const;
};

class MonitoringService {
 public:
  //! `coverage` may be null (no JKN row then). All must outlive the service.
  ~MonitoringService();  // waits for a background build
  static Result<std::unique_ptr<MonitoringService>> open(std::shared_ptr<store::Database> db,
                                                         registry::Registry& registry,
                                                         audit::AuditLog& audit,
                                                         coverage::CoverageService* coverage,
                                                         MonitoringOptions options = {});

  //! contract.md's PWS table of `region` ("" or "me": the user's scope) for `period` (""=this
  //! month): {"region", "name", "level", "period", "version", "indicators":[…], "children":[…]}.
  //! `children` "" lists the areas one level below (the city: its puskesmas); "kelurahan" every
  //! kelurahan inside the area (the whole city's table at once).
  Result<nlohmann::json> table(const User& user, std::string_view region, std::string_view period,
                               std::string_view children = "");
  //! The same table as an XLSX file at `path` (audited "export").
  Result<nlohmann::json> export_xlsx(const User& user, std::string_view region,
                                     std::string_view period, const std::string& path,
                                     std::string_view children = "");
  //! One indicator month by month: {"region", "indicator", "series":[{"period", "numerator",
  //! "denominator", "pct", "status"}]}.
  Result<nlohmann::json> trend(const User& user, std::string_view region,
                               std::string_view indicator, std::string_view from,
                               std::string_view to);
  //! Who is counted (`which` "counted") or missing ("missing": in the counted denominator, not
  //! in the numerator) for an indicator, area and month; names, no NIK. Audited ("export").
  Result<nlohmann::json> people(const User& user, std::string_view region,
                                std::string_view indicator, std::string_view period,
                                std::string_view which);
  //! The indicator table as JSON (codes, names, rules, targets, period rules, sources).
  static nlohmann::json indicators_json();

  //! The kab/kota code (4 digits) of an area code or facility key; "" when unknown.
  std::string city_of(std::string_view region) const;

  //! A number that changes whenever any figure may have changed.
  int64_t version() const { return version_.load(); }
  //! Change-feed subscriber (idempotent: reloads the people an event names).
  Status apply(std::span<const store::ChangeEvent> events);
  //! Rebuilds every figure from the store (at open; after bulk imports or a city cleared).
  Status rebuild();

 private:
  MonitoringService() = default;
  struct Resolved {
    int area = -1;
    std::string label;
  };
  Result<Resolved> resolve(const User& user, std::string_view region) const;
  Result<Period> period_of(std::string_view text) const;
  nlohmann::json figures(const User& user, int area, Period p, const nlohmann::json* jkn) const;
  Status ensure_city(Engine& engine, std::string_view city);
  Status reload_people(int64_t first, int64_t last);
  Status reload_services(std::span<const int64_t> people);
  //! Ok once the figures are built; kBusy while a background build runs (or its error).
  Status not_ready() const;

  std::shared_ptr<store::Database> db_;
  registry::Registry* registry_ = nullptr;
  audit::AuditLog* audit_ = nullptr;
  coverage::CoverageService* coverage_ = nullptr;
  std::unique_ptr<registry::ReadPort> people_port_;
  std::unique_ptr<care::ReadPort> care_port_;
  MonitoringOptions options_;
  mutable std::shared_mutex mu_;
  std::unique_ptr<Engine> engine_;
  std::atomic<int64_t> version_{1};
  std::atomic<bool> ready_{false};
  std::atomic<bool> stopping_{false};  // set by the destructor: a background build gives up
  std::thread builder_;
  mutable std::mutex build_error_mu_;  // guards build_error_, pending_ and the switch to ready_
  std::optional<Error> build_error_;   // a failed background build, answered to every query
  std::vector<store::ChangeEvent> pending_;  // events that arrived during the build
};

}  // namespace siklus::monitoring
