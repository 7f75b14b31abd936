#pragma once
// The care service: the one layer the CLI (`siklus care record`, `siklus due`, `siklus demo`)
// and the HTTP handlers call. Every call takes the acting user and applies the scope rule here:
//  - a service is recorded, corrected, removed or read only for a person whose address lies in
//    the user's area (Registry::authorize_area on the person's kelurahan and RW: a kader only
//    her RW); anything else is kNotFound, never revealing whether the person exists;
//  - a due list only for an area the user may see wholly;
//  - reads of a person's care, due-list exports and every write are audited.
// Recording is idempotent by key: the same key again returns the first record (phones resend).
// Due lists come from memory: `DueIndex` holds a summary of every person's services, built at
// open and kept live by `apply` (change feed entity "care_service") and by this service's own
// writes, so a due list is a scan of the area's residents, never a query per person.
//
// Thread-safe.

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit.h"
#include "care/care.h"
#include "care/due.h"
#include "care/rules.h"
#include "core/result.h"
#include "growth/growth.h"
#include "registry/read_port.h"
#include "registry/registry.h"
#include "store/change_feed.h"
#include "store/database.h"

namespace siklus::care {

using registry::User;

//! Parameters of the estimated targets (§2.1), per city and year in the configuration ([care]).
//! The defaults are [U]: national figures to replace with the Kepala Daerah's.
struct TargetParameters {
  double cbr_per_mille = 16.5;      // crude birth rate (BPS projection, national ≈ 16–17‰)
  double ht_prevalence_pct = 30.8;  // hypertension ≥ 15 (SKI 2023, measured, ≥ 18)
  double dm_prevalence_pct = 2.0;   // diabetes ≥ 15 (Riskesdas 2018, diagnosed)
  double odgj_per_mille = 1.8;      // severe mental disorder (Riskesdas 2018: 7‰ of households)
};

struct CareOptions {
  //! Build the due index at open (the server; `siklus due`). Writers alone (care record, demo)
  //! need none.
  bool build_index = true;
  Thresholds thresholds;
  TargetParameters targets;
};

struct Recorded {
  ServiceRecord record;
  bool duplicate = false;  // the idempotency key was seen before: this is the first record
};

//! A resident on a due list (no NIK: a kader's list must not carry identifiers).
struct DuePersonInfo {
  int64_t id = 0;
  std::string name, sex, birth_date, village_code;
  int rw = 0;
};

struct DueList {
  std::string region;
  Date date;
  std::vector<DueItem> items;         // most overdue first
  std::vector<DuePersonInfo> people;  // the people the items name, by id
  const DuePersonInfo* person(int64_t id) const;
};

class CareService {
 public:
  //! `growth` may be null (no growth status is stored then). All must outlive the service.
  static Result<std::unique_ptr<CareService>> open(std::shared_ptr<store::Database> db,
                                                   registry::Registry& registry,
                                                   audit::AuditLog& audit,
                                                   const growth::ReferenceSource* growth,
                                                   CareOptions options = {});

  //! Validates (rules.h) and stores a service; audited ("create"). With an idempotency key seen
  //! before, returns the first record (duplicate = true) without validating again.
  Result<Recorded> record(const User& user, const ServiceInput& input);
  //! Replaces a service's date, place, facility and fields (person and code stay); the old
  //! values go to the history. Audited ("update").
  Result<ServiceRecord> correct(const User& user, int64_t id, const ServiceInput& input);
  //! Marks a service deleted (kept, with the old values in the history). Audited ("delete").
  Status remove(const User& user, int64_t id, const std::string& reason);
  //! One stored service with its history of corrections (in scope only).
  Result<nlohmann::json> service(const User& user, int64_t id);

  //! Every service of a person, the immunisation card, pregnancies and what is due next.
  //! Audited ("read", object "care").
  Result<nlohmann::json> timeline(const User& user, int64_t person_id);

  //! Who in `region` ("" or "me": the user's scope; kelurahan, kecamatan, city or
  //! "<kelurahan>.RWnn") is due or overdue on `on`. Audited ("export", object "care_due").
  Result<DueList> due(const User& user, std::string_view region, Date on);
  //! The due list as an XLSX file at `path` (same audit).
  Result<DueList> export_due_xlsx(const User& user, std::string_view region, Date on,
                                  const std::string& path);

  //! Sasaran (§2): the target group of each SPM service in `region` ("" = the user's scope) for
  //! `year`, counted from the register (age bands at 1 July, births in the year, pregnancies,
  //! HT/DM patients known to care) and, where §2.1 says so, estimated from the population
  //! (pregnant and delivering women from the CBR, HT/DM/ODGJ from prevalence). Audited.
  Result<nlohmann::json> targets(const User& user, std::string_view region, int year);

  //! Writes generated services in batches (one change per batch, "care_service" id range);
  //! dinkes_admin only. Returns how many were written.
  Result<int64_t> bulk_insert(const User& user, std::span<const BulkService> services);

  //! Removes every service of the kab/kota `city` (a demo city being rebuilt); dinkes_admin only.
  Result<int64_t> clear_city(const User& user, const std::string& city);

  //! Change-feed subscriber: services written anywhere refresh their people's summaries.
  Status apply(std::span<const store::ChangeEvent> events);

  //! Today in the offices' calendar, from the store's clock.
  Date today() const { return db_->clock().today_wib(); }

 private:
  CareService() = default;
  Result<PersonFacts> person_in_scope(const User& user, int64_t person_id);
  Result<std::vector<ServiceRecord>> history(int64_t person_id);
  Result<std::optional<ServiceRecord>> load(int64_t id);
  Result<std::optional<ServiceRecord>> by_key(const std::string& key);
  Status refresh(int64_t person_id);
  Status build_index();
  //! The areas of `region` the user may see wholly ("" or "me": the user's scope), and a label.
  Result<std::pair<std::vector<std::string>, std::string>> areas_of(const User& user,
                                                                    std::string_view region);
  Result<nlohmann::json> validated(const User& user, const PersonFacts& person,
                                   const ServiceInput& in, int64_t replacing);

  std::shared_ptr<store::Database> db_;
  std::unique_ptr<registry::ReadPort> port_;
  registry::Registry* registry_ = nullptr;
  audit::AuditLog* audit_ = nullptr;
  const growth::ReferenceSource* growth_ = nullptr;
  CareOptions options_;
  mutable std::shared_mutex index_mu_;
  DueIndex index_;
  bool index_built_ = false;
};

}  // namespace siklus::care
