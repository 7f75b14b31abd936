#pragma once
// The homecare service: the one layer `siklus homecare …`, `siklus demo` and the HTTP handlers
// call. Every call takes the acting user and applies scope here:
//  - a request is taken only for a resident the user may see (Registry::authorize_area on the
//    person's kelurahan and RW) who lives in the chosen puskesmas's wilayah kerja; otherwise a
//    clear refusal (`homecare.outside_catchment`), or kNotFound when the person is not visible;
//  - teams, plans, days and run sheets of a puskesmas only for users who may see its whole
//    wilayah kerja (dinkes_admin of the city, the puskesmas itself); kNotFound otherwise;
//  - reads of a patient's request, run sheets (patient names and addresses) and exports are
//    audited, and so is every write.
// A saved day plan per puskesmas carries a version; saving with a stale version is kConflict
// (`homecare.day_changed`, HTTP 409), so two planners never overwrite each other. A visit has its
// own version for the same reason when a team records it.
//
// Thread-safe (no state beyond the database).

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit.h"
#include "care/service.h"
#include "core/date.h"
#include "core/result.h"
#include "coverage/service.h"
#include "homecare/planner.h"
#include "registry/read_port.h"
#include "registry/registry.h"
#include "store/database.h"

namespace siklus::homecare {

using registry::User;

//! The reasons a request may give (the programme's target groups).
inline constexpr std::string_view kReasons[] = {"lansia", "disabilitas", "kronis", "gizi_buruk",
                                                "bumil_risti"};
inline constexpr std::string_view kSources[] = {"kader", "keluarga", "rumah_sakit", "petugas"};
inline constexpr std::string_view kNeeds[] = {
    "perawatan", "luka", "anc", "gizi", "paliatif", "obat", "rehabilitasi_stroke"};

struct RequestInput {
  int64_t person_id = 0;
  int64_t facility_id = 0;  // the puskesmas asked
  std::string source;       // kSources
  std::string reason;       // kReasons
  std::vector<std::string> needs;
  std::optional<int> adl;  // Barthel ADL 0..20 (§3.5), asked for the elderly
  int preferred_days = 0x7f;
  std::string preferred_hours;  // "08:00-12:00[,13:00-15:00]" or ""
  std::string contact_name, contact_phone;
  std::optional<double> lon, lat;
  std::string note;
};
Result<RequestInput> parse_request(const nlohmann::json& body);

struct TriageInput {
  bool accept = true;
  std::string note;  // why, when rejected
  Priority priority = Priority::kRoutine;
  double visits_per_week = 1;
  int weeks = 4;
  std::vector<std::string> skills{"perawat"};
  int duration_minutes = 30;
  std::optional<Date> start;  // default: today
};
Result<TriageInput> parse_triage(const nlohmann::json& body);

struct TeamForm {
  int64_t facility_id = 0;
  std::string name;
  std::string vehicle = "motor";  // motor | mobil
  double speed_kmh = 0;           // 0 = the vehicle's default (motor 25, mobil 20)
  std::string shift = "07:30-15:00";
  std::string break_window = "11:30-13:00";
  int break_minutes = 30;
  int workdays = 0x3f;
  int max_visits = 8;
  struct Member {
    int64_t staff_id = 0;
    std::string name;
    std::vector<std::string> skills;
  };
  std::vector<Member> members;
};
Result<TeamForm> parse_team(const nlohmann::json& body);

struct VisitReport {
  std::string status;  // arrived | done | missed | cancelled
  std::string notes;
  int64_t version = 0;
  nlohmann::json services = nlohmann::json::array();  // care records (docs/care.md), place home
};
Result<VisitReport> parse_visit_report(const nlohmann::json& body);

//! "08:00-12:00,13:00-14:30" -> windows in seconds; kInvalidArgument naming `field`.
Result<std::vector<DayWindow>> parse_windows(std::string_view text, const std::string& field);
std::string format_windows(const std::vector<DayWindow>& windows);

struct Eligibility {
  bool eligible = true;
  std::vector<std::string> reasons;  // message ids of what fails or is to check
};
//! The programme's rules (domain.md §3.5): an elderly patient needs ADL <= 11 (moderate or worse
//! dependence); the reason must fit the person's age and sex.
Eligibility check_eligibility(const RequestInput& in, int age, std::string_view sex);

class HomecareService {
 public:
  //! `coverage` and `care` may be null (no JKN status shown; visits record no care services).
  static Result<std::unique_ptr<HomecareService>> open(std::shared_ptr<store::Database> db,
                                                       registry::Registry& registry,
                                                       audit::AuditLog& audit,
                                                       coverage::CoverageService* coverage,
                                                       care::CareService* care);

  //! Takes a request: eligibility with reasons and the patient's JKN status come back with it.
  Result<nlohmann::json> create_request(const User& user, const RequestInput& in);
  Result<nlohmann::json> requests(const User& user, std::optional<int64_t> facility_id,
                                  std::string_view status);
  Result<nlohmann::json> request(const User& user, int64_t id);
  //! Accepts a request into a care plan, or rejects it with a note.
  Result<nlohmann::json> triage(const User& user, int64_t request_id, const TriageInput& in);
  Result<nlohmann::json> plans(const User& user, std::optional<int64_t> facility_id);

  Result<nlohmann::json> create_team(const User& user, const TeamForm& form);
  Result<nlohmann::json> teams(const User& user, std::optional<int64_t> facility_id);

  //! Plans the visits due in [from, from + days) for every puskesmas of `region`; with `save`,
  //! stores each puskesmas-day (replacing the planned, unrecorded visits of those days) and
  //! bumps its version. The contract's shape (contract.md, `siklus homecare plan`).
  Result<nlohmann::json> plan(const User& user, std::string_view region, Date from, int days,
                              bool save);
  //! One puskesmas-day as saved: visits by team in order, unplaced with reasons, and the version.
  Result<nlohmann::json> day(const User& user, int64_t facility_id, Date date);
  //! Re-plans one puskesmas-day after pins or cancellations; `version` must be the day's current
  //! version (kConflict otherwise). Visits already arrived or done keep their place.
  Result<nlohmann::json> replan_day(const User& user, int64_t facility_id, Date date,
                                    int64_t version, const std::vector<Pin>& pins,
                                    const std::vector<std::string>& cancel);
  //! A team's route of the day with patient summaries (audited: names and addresses).
  Result<nlohmann::json> run_sheet(const User& user, int64_t team_id, Date date);
  //! Arrived / done / missed with notes; services go to CareService::record (place "home").
  Result<nlohmann::json> record_visit(const User& user, int64_t visit_id, const VisitReport& in);
  //! Requests by status and reason, visits planned vs done, travel vs care time, per puskesmas.
  Result<nlohmann::json> figures(const User& user, std::string_view region, Date from, Date to);
  Result<nlohmann::json> export_figures_xlsx(const User& user, std::string_view region, Date from,
                                             Date to, const std::string& path);

  //! The demo programme of the kab/kota `city` (dinkes_admin only): teams, vehicles, care plans.
  //! Replaces any homecare data of that city. Returns {"teams":…, "plans":…}.
  Result<nlohmann::json> create_demo(const User& user, const std::string& city, uint64_t seed);

  Date today() const { return db_->clock().today_wib(); }

 private:
  HomecareService() = default;
  Result<registry::Catchment> puskesmas_in_scope(const User& user, int64_t facility_id);
  //! The puskesmas whose whole wilayah kerja the user may see.
  Result<std::vector<int64_t>> facilities_in_scope(const User& user);
  //! The one puskesmas asked for (checked against the scope), or all of the user's.
  Result<std::vector<int64_t>> facilities_asked(const User& user,
                                                std::optional<int64_t> facility_id);
  Result<std::vector<registry::Catchment>> puskesmas_of_region(const User& user,
                                                               std::string_view region);
  Result<nlohmann::json> plan_facilities(const User& user,
                                         const std::vector<registry::Catchment>& facilities,
                                         Date from, int days, bool save,
                                         const std::vector<Pin>& pins,
                                         const std::vector<std::string>& cancel);

  std::shared_ptr<store::Database> db_;
  std::unique_ptr<registry::ReadPort> port_;
  registry::Registry* registry_ = nullptr;
  audit::AuditLog* audit_ = nullptr;
  coverage::CoverageService* coverage_ = nullptr;
  care::CareService* care_ = nullptr;
};

}  // namespace siklus::homecare
