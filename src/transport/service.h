#pragma once
// The transport service (Jemput Sakit Antar Sehat): the one layer `siklus transport …`, the demo
// and the HTTP handlers call. Every call takes the acting user and applies the scope rule here:
//  - a trip is booked, read or updated only when the patient's kelurahan lies in the user's area
//    (Registry::authorize_area); anything else is kNotFound, never revealing that it exists;
//  - the day's board, plan, vehicles, drivers and shifts of a city need the whole city
//    (the PSC 119 desk works for the kab/kota: a dinkes_admin account);
//  - bookings, plans and status changes are audited, and so is every read of the board (it
//    names patients).
// Plans carry a version: a re-plan names the version it replaces, so two dispatchers editing
// the same day never overwrite each other (kConflict).
//
// Thread-safe (the store serializes writers; the service keeps no state of its own).

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "core/date.h"
#include "core/result.h"
#include "registry/read_port.h"
#include "registry/registry.h"
#include "store/database.h"
#include "transport/dispatch.h"

namespace siklus::transport {

using registry::User;

struct VehicleInput {
  std::string city;  // kab/kota code
  std::string code;  // "AMB-01"
  std::string kind;  // "ambulance" or "car"
  int seats = 0, wheelchairs = 0, stretchers = 0;
  std::string home_facility;  // facility id or key (its puskesmas or the PSC 119 post)
};

struct ShiftInput {
  std::string city;
  std::string driver;  // name; created when new
  std::string phone;
  std::string vehicle;  // vehicle code
  Date day;
  int start_minute = 6 * 60, end_minute = 18 * 60;
};

struct BookingInput {
  int64_t person_id = 0;
  std::string pickup_address;
  std::optional<double> pickup_lat, pickup_lon;
  int64_t facility_id = 0;  // the destination: a puskesmas, hospital (RSUD) or clinic
  Date day;
  int appointment_minute = 0;  // minutes after midnight WIB
  std::string mobility = "walks";
  bool companion = false;
  //! 0 = no return; else the minutes after the appointment when the patient is ready to go home.
  int return_after_minutes = 0;
  std::string note;
};

//! Parses a booking from JSON ({"person_id", "pickup":{"address","lat","lon"}, "facility_id",
//! "date", "time":"HH:MM", "mobility", "companion", "return_after_minutes", "note"}).
Result<BookingInput> parse_booking(const nlohmann::json& j);

struct TransportOptions {
  double speed_kmh = 25;  // city traffic, door to door
  double plan_time_limit_ms = 2000;
  int threads = 2;
};

class TransportService {
 public:
  //! Migrates the tables. `registry` and `audit` must outlive the service.
  static Result<std::unique_ptr<TransportService>> open(std::shared_ptr<store::Database> db,
                                                        registry::Registry& registry,
                                                        audit::AuditLog& audit,
                                                        TransportOptions options = {});

  Result<nlohmann::json> add_vehicle(const User& user, const VehicleInput& in);
  Result<nlohmann::json> vehicles(const User& user, const std::string& city);
  //! A driver's shift on a vehicle for a day (the driver is created on first use).
  Result<nlohmann::json> add_shift(const User& user, const ShiftInput& in);

  //! Books a trip (and its return). Refused with a reason: a person out of scope, an unknown
  //! destination, a time already passed, a stretcher or wheelchair patient and no vehicle of the
  //! city with such a place. When the day already has a plan, the new legs are inserted into it
  //! (same-day insertion; nothing else moves) and the answer says where or why not.
  Result<nlohmann::json> book(const User& user, const BookingInput& in);
  //! One trip (in scope only). Audited ("read").
  Result<nlohmann::json> trip(const User& user, int64_t id);
  //! The day's board: every trip with its status and vehicle, the plan's runs and version.
  Result<nlohmann::json> board(const User& user, const std::string& city, Date day);
  //! Plans (or re-plans) the day: contract shape {"trips","assigned","unassigned","routes","ms"}
  //! plus "version". `expected_version` (when given) must match the stored plan's.
  Result<nlohmann::json> plan(const User& user, const std::string& city, Date day,
                              std::optional<int64_t> expected_version = std::nullopt);
  //! The driver's update: on_the_way, picked_up, delivered, cancelled or no_show, in that order
  //! of life (a delivered trip cannot go back on the way). Audited ("update").
  Result<nlohmann::json> set_status(const User& user, int64_t id, const std::string& status);

  //! Minutes after midnight WIB now, and today's date, from the store's clock.
  int now_minute() const;
  Date today() const { return db_->clock().today_wib(); }

 private:
  TransportService() = default;
  Status authorize_city(const User& user, const std::string& city);
  Result<DispatchInput> day_input(const std::string& city, Date day);
  Result<std::optional<std::pair<int64_t, nlohmann::json>>> stored_plan(const std::string& city,
                                                                        Date day);
  Status store_plan(store::Transaction& tx, const User& user, const std::string& city, Date day,
                    int64_t version, const DispatchPlan& plan);
  Result<nlohmann::json> insert_into_plan(const User& user, const std::string& city, Date day,
                                          const std::vector<int64_t>& trips);

  std::shared_ptr<store::Database> db_;
  std::unique_ptr<registry::ReadPort> port_;
  registry::Registry* registry_ = nullptr;
  audit::AuditLog* audit_ = nullptr;
  TransportOptions options_;
};

//! The plan as the contract prints it (`siklus transport plan`, POST …/plan).
nlohmann::json plan_json(const DispatchPlan& plan, int64_t version);

}  // namespace siklus::transport
