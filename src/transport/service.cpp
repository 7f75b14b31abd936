#include "transport/service.h"

#include <algorithm>
#include <cstdio>
#include <unordered_map>
#include <unordered_set>

#include "transport/schema.h"

namespace siklus::transport {
namespace {

constexpr double kMinute = 60;
// Windows of a leg around the appointment (minutes): the outbound patient is at the door from
// 90 minutes before and arrives at least ten minutes early; the return leg waits up to two and
// a half hours from when the patient is ready. The arrival window opens with the pick-up window:
// vehicles run as early as they can (the checker's schedule), so a later opening would make
// them wait with the patient on board, and that wait counts against the ride limit.
constexpr int kOutPickupFrom = 90, kOutPickupTo = 15, kOutArriveTo = 10;
constexpr int kBackPickupWindow = 150, kBackArriveWindow = 240;
// The stored order of a day's trip statuses: each may only move forward.
constexpr const char* kStatuses[] = {"planned",   "on_the_way", "picked_up",
                                     "delivered", "cancelled",  "no_show"};

std::string hhmm(double seconds) {
  const int m = static_cast<int>(seconds / 60 + 0.5);
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", (m / 60) % 100, m % 60);
  return buf;
}

std::string digits_of(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c >= '0' && c <= '9') out += c;
  }
  return out;
}

Error trip_not_found() {
  return Error::not_found("trip not found").with_id("transport.trip_not_found");
}

std::optional<int> parse_hhmm(std::string_view t) {
  if (t.size() != 5 || t[2] != ':') return std::nullopt;
  for (size_t i : {0u, 1u, 3u, 4u}) {
    if (t[i] < '0' || t[i] > '9') return std::nullopt;
  }
  const int h = (t[0] - '0') * 10 + (t[1] - '0'), m = (t[3] - '0') * 10 + (t[4] - '0');
  if (h > 23 || m > 59) return std::nullopt;
  return h * 60 + m;
}

struct TripRow {
  int64_t id = 0, person_id = 0, facility_id = 0;
  std::optional<int64_t> linked, vehicle;
  std::string city, village, direction, day, address, facility_name, mobility, status, note;
  int minute = 0;
  double plat = 0, plon = 0, flat = 0, flon = 0;
  bool companion = false;
  std::string booked_by, booked_at;
  std::optional<std::string> at[5];  // on_the_way, picked_up, delivered, cancelled, no_show
};

constexpr std::string_view kTripColumns =
    "id, person_id, facility_id, linked_trip_id, vehicle_id, city_code, village_code, direction,"
    " day, pickup_address, facility_name, mobility, status, note, minute, pickup_lat, pickup_lon,"
    " facility_lat, facility_lon, companion, booked_by, booked_at, on_the_way_at, picked_up_at,"
    " delivered_at, cancelled_at, no_show_at";

TripRow read_trip(const store::Statement& s) {
  TripRow r;
  r.id = s.column_int64(0);
  r.person_id = s.column_int64(1);
  r.facility_id = s.column_int64(2);
  if (!s.is_null(3)) r.linked = s.column_int64(3);
  if (!s.is_null(4)) r.vehicle = s.column_int64(4);
  r.city = s.column_string(5);
  r.village = s.column_string(6);
  r.direction = s.column_string(7);
  r.day = s.column_string(8);
  r.address = s.column_string(9);
  r.facility_name = s.column_string(10);
  r.mobility = s.column_string(11);
  r.status = s.column_string(12);
  r.note = s.column_string(13);
  r.minute = s.column_int(14);
  r.plat = s.column_double(15);
  r.plon = s.column_double(16);
  r.flat = s.column_double(17);
  r.flon = s.column_double(18);
  r.companion = s.column_int(19) != 0;
  r.booked_by = s.column_string(20);
  r.booked_at = s.column_string(21);
  for (int i = 0; i < 5; ++i) {
    if (!s.is_null(22 + i)) r.at[i] = s.column_string(22 + i);
  }
  return r;
}

nlohmann::json trip_json(const TripRow& r, const std::unordered_map<int64_t, std::string>& codes) {
  nlohmann::json times = nlohmann::json::object();
  for (int i = 0; i < 5; ++i) {
    if (r.at[i]) times[kStatuses[i + 1]] = *r.at[i];
  }
  nlohmann::json j = {
      {"id", r.id},
      {"person_id", r.person_id},
      {"direction", r.direction},
      {"linked_trip", r.linked ? nlohmann::json(*r.linked) : nlohmann::json()},
      {"date", r.day},
      {"time", hhmm(r.minute * kMinute)},
      {"pickup", {{"address", r.address}, {"lat", r.plat}, {"lon", r.plon}}},
      {"facility",
       {{"id", r.facility_id}, {"name", r.facility_name}, {"lat", r.flat}, {"lon", r.flon}}},
      {"mobility", r.mobility},
      {"companion", r.companion},
      {"status", r.status},
      {"status_times", std::move(times)},
      {"vehicle", nullptr},
      {"note", r.note},
      {"booked_by", r.booked_by},
      {"booked_at", r.booked_at}};
  if (r.vehicle) {
    auto c = codes.find(*r.vehicle);
    j["vehicle"] = c == codes.end() ? nlohmann::json(*r.vehicle) : nlohmann::json(c->second);
  }
  // The outbound leg goes from home to the facility; the return leg the other way round.
  if (r.direction == "back") std::swap(j["pickup"], j["facility"]);
  return j;
}

TripLeg leg_of(const TripRow& r) {
  TripLeg t;
  const routing::Coordinate home{r.plon, r.plat}, facility{r.flon, r.flat};
  parse_mobility(r.mobility, &t.mobility);
  t.id = r.id;
  t.companion = r.companion;
  const double m = r.minute * kMinute;
  if (r.direction == "out") {
    t.from = home;
    t.to = facility;
    t.pickup = {m - kOutPickupFrom * kMinute, m - kOutPickupTo * kMinute};
    t.delivery = {m - kOutPickupFrom * kMinute, m - kOutArriveTo * kMinute};
  } else {
    t.from = facility;
    t.to = home;
    t.pickup = {m, m + kBackPickupWindow * kMinute};
    t.delivery = {m, m + kBackArriveWindow * kMinute};
  }
  t.vehicle = r.vehicle.value_or(0);
  t.on_the_way = r.status == "on_the_way";
  t.picked_up = r.status == "picked_up";
  return t;
}

nlohmann::json runs_to_json(const std::vector<VehicleRun>& runs) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& run : runs) {
    nlohmann::json stops = nlohmann::json::array();
    for (const auto& s : run.stops) stops.push_back({{"trip", s.trip}, {"pickup", s.pickup}});
    out.push_back({{"vehicle", run.vehicle}, {"code", run.code}, {"stops", std::move(stops)}});
  }
  return out;
}

std::vector<VehicleRun> runs_from_json(const nlohmann::json& j,
                                       const std::unordered_set<int64_t>& live) {
  std::vector<VehicleRun> runs;
  for (const auto& r : j) {
    VehicleRun run;
    run.vehicle = r.value("vehicle", int64_t{0});
    run.code = r.value("code", std::string());
    for (const auto& s : r["stops"]) {
      const int64_t trip = s.value("trip", int64_t{0});
      if (live.contains(trip)) run.stops.push_back({trip, s.value("pickup", true), 0, 0, 0});
    }
    if (!run.stops.empty()) runs.push_back(std::move(run));
  }
  return runs;
}

}  // namespace

nlohmann::json plan_json(const DispatchPlan& plan, int64_t version) {
  nlohmann::json routes = nlohmann::json::array();
  for (const auto& run : plan.runs) {
    nlohmann::json stops = nlohmann::json::array();
    for (const auto& s : run.stops) {
      stops.push_back({{"trip", s.trip},
                       {"type", s.pickup ? "pickup" : "delivery"},
                       {"arrival", hhmm(s.arrival)},
                       {"start", hhmm(s.start)},
                       {"departure", hhmm(s.departure)}});
    }
    routes.push_back({{"vehicle", run.code},
                      {"vehicle_id", run.vehicle},
                      {"start", hhmm(run.start)},
                      {"end", hhmm(run.end)},
                      {"stops", std::move(stops)}});
  }
  nlohmann::json unassigned = nlohmann::json::array();
  for (const auto& u : plan.unassigned) {
    unassigned.push_back(
        {{"trip", u.trip}, {"reason", u.reason}, {"message", reason_text(u.reason)}});
  }
  return {{"trips", plan.trips},
          {"assigned", plan.assigned},
          {"unassigned", unassigned},
          {"routes", std::move(routes)},
          {"ms", static_cast<int64_t>(plan.ms + 0.5)},
          {"version", version}};
}

Result<BookingInput> parse_booking(const nlohmann::json& j) {
  if (!j.is_object()) return Error::invalid("", "expected an object");
  BookingInput in;
  if (!j.contains("person_id") || !j["person_id"].is_number_integer()) {
    return Error::invalid("person_id", "expected an id");
  }
  in.person_id = j["person_id"].get<int64_t>();
  if (!j.contains("facility_id") || !j["facility_id"].is_number_integer()) {
    return Error::invalid("facility_id", "expected an id");
  }
  in.facility_id = j["facility_id"].get<int64_t>();
  const auto& pickup = j.contains("pickup") ? j["pickup"] : nlohmann::json::object();
  if (!pickup.is_object()) return Error::invalid("pickup", "expected an object");
  if (pickup.contains("address") && pickup["address"].is_string()) {
    in.pickup_address = pickup["address"].get<std::string>();
  }
  if (pickup.contains("lat") && pickup["lat"].is_number())
    in.pickup_lat = pickup["lat"].get<double>();
  if (pickup.contains("lon") && pickup["lon"].is_number())
    in.pickup_lon = pickup["lon"].get<double>();
  const std::string date = j.value("date", std::string());
  auto d = Date::parse(date);
  if (!d) return Error::invalid("date", "expected a date YYYY-MM-DD");
  in.day = *d;
  auto t = parse_hhmm(j.value("time", std::string()));
  if (!t) return Error::invalid("time", "expected a time HH:MM").with_id("transport.bad_time");
  in.appointment_minute = *t;
  if (j.contains("mobility")) {
    if (!j["mobility"].is_string()) return Error::invalid("mobility", "expected a string");
    in.mobility = j["mobility"].get<std::string>();
  }
  if (j.contains("companion")) {
    if (!j["companion"].is_boolean()) return Error::invalid("companion", "expected true or false");
    in.companion = j["companion"].get<bool>();
  }
  if (j.contains("return_after_minutes")) {
    if (!j["return_after_minutes"].is_number_integer()) {
      return Error::invalid("return_after_minutes", "expected an integer");
    }
    in.return_after_minutes = j["return_after_minutes"].get<int>();
  }
  if (j.contains("note") && j["note"].is_string()) in.note = j["note"].get<std::string>();
  return in;
}

Result<std::unique_ptr<TransportService>> TransportService::open(
    std::shared_ptr<store::Database> db, registry::Registry& registry, audit::AuditLog& audit,
    TransportOptions options) {
  SK_TRY(migrate_transport(*db));
  std::unique_ptr<TransportService> s(new TransportService());
  s->port_ = std::make_unique<registry::ReadPort>(db);
  s->db_ = std::move(db);
  s->registry_ = &registry;
  s->audit_ = &audit;
  s->options_ = options;
  return s;
}

int TransportService::now_minute() const {
  const int64_t wib = db_->clock().now_unix() + 7 * 3600;
  return static_cast<int>(((wib % 86400) + 86400) % 86400 / 60);
}

Status TransportService::authorize_city(const User& user, const std::string& city) {
  if (city.size() != 4) {
    return Error::invalid("region", "expected a kab/kota code (4 digits)")
        .with_id("transport.city_expected");
  }
  return registry_->authorize_area(user, city);
}

Result<nlohmann::json> TransportService::add_vehicle(const User& user, const VehicleInput& in) {
  const std::string city = digits_of(in.city);
  SK_TRY(authorize_city(user, city));
  if (in.code.empty() || in.code.size() > 32) return Error::invalid("code", "required");
  if (in.kind != "ambulance" && in.kind != "car") {
    return Error::invalid("kind", "kind must be ambulance or car")
        .with_id("transport.vehicle_kind");
  }
  if (in.seats < 0 || in.wheelchairs < 0 || in.stretchers < 0 || in.seats > 20 ||
      in.wheelchairs > 4 || in.stretchers > 2 || in.seats + in.wheelchairs + in.stretchers == 0) {
    return Error::invalid("seats", "value out of range");
  }
  auto facilities = port_->facilities(city);
  if (!facilities) return facilities.error();
  const registry::FacilityPoint* home = nullptr;
  for (const auto& f : *facilities) {
    if (f.key == in.home_facility || std::to_string(f.id) == in.home_facility) home = &f;
  }
  if (!home || !home->lat || !home->lon) {
    return Error::invalid("home_facility", "unknown facility, or one without a position")
        .with_id("transport.unknown_facility");
  }
  store::Transaction tx(*db_, user.username);
  SK_TRY(tx.begin());
  auto st = db_->prepare(
      "INSERT INTO transport_vehicle (city_code, code, kind, seats, wheelchairs, stretchers,"
      " home_facility_id, home_lat, home_lon) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
      " ON CONFLICT (city_code, code) DO UPDATE SET kind = excluded.kind, seats = excluded.seats,"
      " wheelchairs = excluded.wheelchairs, stretchers = excluded.stretchers,"
      " home_facility_id = excluded.home_facility_id, home_lat = excluded.home_lat,"
      " home_lon = excluded.home_lon, active = 1 RETURNING id");
  if (!st) return st.error();
  (*st)->bind(1, city).bind(2, in.code).bind(3, in.kind).bind(4, in.seats);
  (*st)->bind(5, in.wheelchairs).bind(6, in.stretchers).bind(7, home->id);
  (*st)->bind(8, *home->lat).bind(9, *home->lon);
  auto row = (*st)->step();
  if (!row) return row.error();
  const int64_t id = (*st)->column_int64(0);
  st->reset();
  SK_TRY(tx.record({"transport_vehicle", std::to_string(id), "update"}));
  SK_TRY(tx.commit());
  return nlohmann::json{
      {"id", id},
      {"code", in.code},
      {"kind", in.kind},
      {"seats", in.seats},
      {"wheelchairs", in.wheelchairs},
      {"stretchers", in.stretchers},
      {"home_facility",
       {{"id", home->id}, {"name", home->name}, {"lat", *home->lat}, {"lon", *home->lon}}}};
}

Result<nlohmann::json> TransportService::vehicles(const User& user, const std::string& region) {
  const std::string city = digits_of(region);
  SK_TRY(authorize_city(user, city));
  auto st = db_->prepare(
      "SELECT id, code, kind, seats, wheelchairs, stretchers, home_facility_id, home_lat,"
      " home_lon FROM transport_vehicle WHERE city_code = ? AND active = 1 ORDER BY code");
  if (!st) return st.error();
  (*st)->bind(1, city);
  nlohmann::json out = nlohmann::json::array();
  for (;;) {
    auto row = (*st)->step();
    if (!row) return row.error();
    if (!*row) break;
    const auto& s = **st;
    out.push_back(
        {{"id", s.column_int64(0)},
         {"code", s.column_string(1)},
         {"kind", s.column_string(2)},
         {"seats", s.column_int(3)},
         {"wheelchairs", s.column_int(4)},
         {"stretchers", s.column_int(5)},
         {"home_facility",
          {{"id", s.column_int64(6)}, {"lat", s.column_double(7)}, {"lon", s.column_double(8)}}}});
  }
  return nlohmann::json{{"city", city}, {"vehicles", std::move(out)}};
}

Result<nlohmann::json> TransportService::add_shift(const User& user, const ShiftInput& in) {
  const std::string city = digits_of(in.city);
  SK_TRY(authorize_city(user, city));
  if (in.driver.empty() || in.driver.size() > 100) return Error::invalid("driver", "required");
  if (in.start_minute < 0 || in.end_minute > 24 * 60 || in.end_minute <= in.start_minute) {
    return Error::invalid("shift", "the shift must end after it starts, within the day")
        .with_id("transport.shift_invalid");
  }
  store::Transaction tx(*db_, user.username);
  SK_TRY(tx.begin());
  auto vehicle = db_->prepare("SELECT id FROM transport_vehicle WHERE city_code = ? AND code = ?");
  if (!vehicle) return vehicle.error();
  (*vehicle)->bind(1, city).bind(2, in.vehicle);
  auto found = (*vehicle)->step();
  if (!found) return found.error();
  if (!*found) {
    return Error::invalid("vehicle", "unknown vehicle").with_id("transport.unknown_vehicle");
  }
  const int64_t vehicle_id = (*vehicle)->column_int64(0);
  vehicle->reset();
  auto driver = db_->prepare(
      "INSERT INTO transport_driver (city_code, name, phone) VALUES (?, ?, ?)"
      " ON CONFLICT (city_code, name) DO UPDATE SET phone = excluded.phone RETURNING id");
  if (!driver) return driver.error();
  (*driver)->bind(1, city).bind(2, in.driver).bind(3, in.phone);
  auto drow = (*driver)->step();
  if (!drow) return drow.error();
  const int64_t driver_id = (*driver)->column_int64(0);
  driver->reset();
  auto shift = db_->prepare(
      "INSERT INTO transport_shift (driver_id, vehicle_id, day, start_minute, end_minute)"
      " VALUES (?, ?, ?, ?, ?) ON CONFLICT (vehicle_id, day) DO UPDATE SET"
      " driver_id = excluded.driver_id, start_minute = excluded.start_minute,"
      " end_minute = excluded.end_minute RETURNING id");
  if (!shift) return shift.error();
  (*shift)->bind(1, driver_id).bind(2, vehicle_id).bind(3, in.day.to_string());
  (*shift)->bind(4, in.start_minute).bind(5, in.end_minute);
  auto srow = (*shift)->step();
  if (!srow) return srow.error();
  const int64_t shift_id = (*shift)->column_int64(0);
  shift->reset();
  SK_TRY(tx.record({"transport_driver", std::to_string(driver_id), "update"}));
  SK_TRY(tx.record({"transport_shift", std::to_string(shift_id), "update"}));
  SK_TRY(tx.commit());
  return nlohmann::json{{"id", shift_id},
                        {"driver", in.driver},
                        {"vehicle", in.vehicle},
                        {"date", in.day.to_string()},
                        {"start", hhmm(in.start_minute * kMinute)},
                        {"end", hhmm(in.end_minute * kMinute)}};
}

Result<nlohmann::json> TransportService::book(const User& user, const BookingInput& in) {
  // The patient, in the user's area (else "not found", as everywhere).
  std::optional<std::string> village;
  std::string street;
  const int64_t ids[] = {in.person_id};
  SK_TRY(port_->for_each_resident_of(ids, [&](const registry::ResidentRow& r) {
    if (r.status == "HIDUP" && !r.village_code.empty()) {
      village = std::string(r.village_code);
      street = std::string(r.street);
    }
  }));
  if (!village || !registry_->authorize_area(user, *village)) {
    return Error::not_found("person not found");
  }
  const std::string city = village->substr(0, 4);
  Mobility mobility;
  if (!parse_mobility(in.mobility, &mobility)) {
    return Error::invalid("mobility", "mobility must be walks, wheelchair or stretcher")
        .with_id("transport.mobility");
  }
  if (in.appointment_minute < 0 || in.appointment_minute >= 24 * 60) {
    return Error::invalid("time", "expected a time HH:MM").with_id("transport.bad_time");
  }
  if (in.return_after_minutes < 0 || in.return_after_minutes > 12 * 60 ||
      in.appointment_minute + in.return_after_minutes >= 24 * 60) {
    return Error::invalid("return_after_minutes", "the return must fall on the same day")
        .with_id("transport.return_invalid");
  }
  if (!in.pickup_lat || !in.pickup_lon || *in.pickup_lat < -90 || *in.pickup_lat > 90 ||
      *in.pickup_lon < -180 || *in.pickup_lon > 180) {
    return Error::invalid("pickup", "the pick-up point needs a position (lat, lon)")
        .with_id("transport.pickup_position");
  }
  if (in.pickup_address.size() > 300 || in.note.size() > 500) {
    return Error::invalid(in.note.size() > 500 ? "note" : "pickup", "text too long");
  }
  const Date today = this->today();
  if (in.day < today || (in.day == today && in.appointment_minute - kOutPickupTo <= now_minute())) {
    return Error::invalid("time", "the appointment time has already passed")
        .with_id("transport.time_passed");
  }
  auto facilities = port_->facilities(city);
  if (!facilities) return facilities.error();
  const registry::FacilityPoint* dest = nullptr;
  for (const auto& f : *facilities) {
    if (f.id == in.facility_id &&
        (f.type == "puskesmas" || f.type == "hospital" || f.type == "clinic") && f.lat && f.lon) {
      dest = &f;
    }
  }
  if (!dest) {
    return Error::invalid("facility_id",
                          "unknown destination: not a puskesmas, hospital or clinic of the city")
        .with_id("transport.unknown_destination");
  }
  if (mobility != Mobility::kWalks) {
    auto st = db_->prepare(
        "SELECT COUNT(*) FROM transport_vehicle WHERE city_code = ? AND active = 1 AND " +
        std::string(mobility == Mobility::kStretcher ? "stretchers" : "wheelchairs") + " > 0");
    if (!st) return st.error();
    (*st)->bind(1, city);
    auto row = (*st)->step();
    if (!row) return row.error();
    if ((*st)->column_int64(0) == 0) {
      return mobility == Mobility::kStretcher
                 ? Error::invalid("mobility", "no vehicle of the city carries a stretcher")
                       .with_id("transport.no_stretcher_vehicle")
                 : Error::invalid("mobility", "no vehicle of the city carries a wheelchair")
                       .with_id("transport.no_wheelchair_vehicle");
    }
  }

  const std::string now = db_->clock().now_iso();
  const std::string address = in.pickup_address.empty() ? street : in.pickup_address;
  store::Transaction tx(*db_, user.username);
  SK_TRY(tx.begin());
  auto insert = db_->prepare(
      "INSERT INTO transport_trip (city_code, person_id, village_code, direction, linked_trip_id,"
      " day, minute, pickup_address, pickup_lat, pickup_lon, facility_id, facility_name,"
      " facility_lat, facility_lon, mobility, companion, note, booked_by, booked_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
  if (!insert) return insert.error();
  auto add_leg = [&](const char* direction, int minute,
                     std::optional<int64_t> linked) -> Result<int64_t> {
    auto& s = **insert;
    s.bind(1, city).bind(2, in.person_id).bind(3, *village).bind(4, direction).bind(5, linked);
    s.bind(6, in.day.to_string()).bind(7, minute).bind(8, address);
    s.bind(9, *in.pickup_lat).bind(10, *in.pickup_lon).bind(11, dest->id).bind(12, dest->name);
    s.bind(13, *dest->lat).bind(14, *dest->lon).bind(15, in.mobility);
    s.bind(16, in.companion ? 1 : 0).bind(17, in.note).bind(18, user.username).bind(19, now);
    auto row = s.step();
    if (!row) return row.error();
    const int64_t id = s.column_int64(0);
    s.reset();
    return id;
  };
  auto out = add_leg("out", in.appointment_minute, std::nullopt);
  if (!out) return out.error();
  std::vector<int64_t> legs{*out};
  if (in.return_after_minutes > 0) {
    auto back = add_leg("back", in.appointment_minute + in.return_after_minutes, *out);
    if (!back) return back.error();
    legs.push_back(*back);
    auto link = db_->prepare("UPDATE transport_trip SET linked_trip_id = ? WHERE id = ?");
    if (!link) return link.error();
    (*link)->bind(1, *back).bind(2, *out);
    SK_TRY((*link)->run());
  }
  for (int64_t id : legs) SK_TRY(tx.record({"transport_trip", std::to_string(id), "insert"}));
  SK_TRY(audit_->record_in_transaction(
      user, {"create", "transport_trip", in.person_id, *village, in.mobility, {}}));
  SK_TRY(tx.commit());

  nlohmann::json answer = {{"trips", nlohmann::json::array()}, {"plan", nullptr}};
  auto placed = insert_into_plan(user, city, in.day, legs);
  if (!placed) return placed.error();
  answer["plan"] = std::move(*placed);
  for (int64_t id : legs) {
    auto t = trip(user, id);
    if (!t) return t.error();
    answer["trips"].push_back(std::move(*t));
  }
  return answer;
}

Result<nlohmann::json> TransportService::trip(const User& user, int64_t id) {
  auto st =
      db_->prepare("SELECT " + std::string(kTripColumns) + " FROM transport_trip WHERE id = ?");
  if (!st) return st.error();
  (*st)->bind(1, id);
  auto row = (*st)->step();
  if (!row) return row.error();
  if (!*row) return trip_not_found();
  TripRow r = read_trip(**st);
  st->reset();
  if (!registry_->authorize_area(user, r.village)) return trip_not_found();
  std::unordered_map<int64_t, std::string> codes;
  if (r.vehicle) {
    auto v = db_->prepare("SELECT code FROM transport_vehicle WHERE id = ?");
    if (!v) return v.error();
    (*v)->bind(1, *r.vehicle);
    auto vr = (*v)->step();
    if (!vr) return vr.error();
    if (*vr) codes[*r.vehicle] = (*v)->column_string(0);
  }
  SK_TRY(audit_->record(user, {"read", "transport_trip", r.person_id, r.village, {}, {}}));
  return trip_json(r, codes);
}

Result<DispatchInput> TransportService::day_input(const std::string& city, Date day) {
  DispatchInput in;
  in.speed_kmh = options_.speed_kmh;
  const Date today = this->today();
  in.now = day < today ? 24 * 3600.0 : (day == today ? now_minute() * kMinute : 0.0);
  auto v = db_->prepare(
      "SELECT v.id, v.code, v.seats, v.wheelchairs, v.stretchers, v.home_lat, v.home_lon,"
      " s.start_minute, s.end_minute FROM transport_vehicle v JOIN transport_shift s"
      " ON s.vehicle_id = v.id WHERE v.city_code = ? AND v.active = 1 AND s.day = ?"
      " ORDER BY v.code");
  if (!v) return v.error();
  (*v)->bind(1, city).bind(2, day.to_string());
  for (;;) {
    auto row = (*v)->step();
    if (!row) return row.error();
    if (!*row) break;
    const auto& s = **v;
    VehicleDay d;
    d.id = s.column_int64(0);
    d.code = s.column_string(1);
    d.seats = s.column_int(2);
    d.wheelchairs = s.column_int(3);
    d.stretchers = s.column_int(4);
    d.home = {s.column_double(6), s.column_double(5)};
    d.shift_start = s.column_int(7) * kMinute;
    d.shift_end = s.column_int(8) * kMinute;
    in.vehicles.push_back(d);
  }
  auto t = db_->prepare("SELECT " + std::string(kTripColumns) +
                        " FROM transport_trip WHERE city_code = ? AND day = ? AND status IN"
                        " ('planned', 'on_the_way', 'picked_up') ORDER BY id");
  if (!t) return t.error();
  (*t)->bind(1, city).bind(2, day.to_string());
  for (;;) {
    auto row = (*t)->step();
    if (!row) return row.error();
    if (!*row) break;
    in.trips.push_back(leg_of(read_trip(**t)));
  }
  return in;
}

Result<std::optional<std::pair<int64_t, nlohmann::json>>> TransportService::stored_plan(
    const std::string& city, Date day) {
  auto st =
      db_->prepare("SELECT version, runs FROM transport_plan WHERE city_code = ? AND day = ?");
  if (!st) return st.error();
  (*st)->bind(1, city).bind(2, day.to_string());
  auto row = (*st)->step();
  if (!row) return row.error();
  if (!*row) return std::optional<std::pair<int64_t, nlohmann::json>>();
  auto runs = nlohmann::json::parse((*st)->column_text(1), nullptr, false);
  return std::optional<std::pair<int64_t, nlohmann::json>>(
      std::pair{(*st)->column_int64(0), runs.is_discarded() ? nlohmann::json::array() : runs});
}

Status TransportService::store_plan(store::Transaction& tx, const User& user,
                                    const std::string& city, Date day, int64_t version,
                                    const DispatchPlan& plan) {
  auto st = db_->prepare(
      "INSERT INTO transport_plan (city_code, day, version, runs, planned_by, planned_at)"
      " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (city_code, day) DO UPDATE SET"
      " version = excluded.version, runs = excluded.runs, planned_by = excluded.planned_by,"
      " planned_at = excluded.planned_at RETURNING id");
  if (!st) return st.error();
  (*st)->bind(1, city).bind(2, day.to_string()).bind(3, version);
  (*st)->bind(4, runs_to_json(plan.runs).dump()).bind(5, user.username);
  (*st)->bind(6, db_->clock().now_iso());
  auto row = (*st)->step();
  if (!row) return row.error();
  const int64_t id = (*st)->column_int64(0);
  st->reset();
  auto assign = db_->prepare("UPDATE transport_trip SET vehicle_id = ? WHERE id = ?");
  if (!assign) return assign.error();
  for (const auto& run : plan.runs) {
    for (const auto& s : run.stops) {
      if (!s.pickup) continue;
      (*assign)->bind(1, run.vehicle).bind(2, s.trip);
      SK_TRY((*assign)->run());
      (*assign)->reset();
    }
  }
  for (const auto& u : plan.unassigned) {
    (*assign)->bind_null(1).bind(2, u.trip);
    SK_TRY((*assign)->run());
    (*assign)->reset();
  }
  return tx.record({"transport_plan", std::to_string(id), "update"});
}

Result<nlohmann::json> TransportService::plan(const User& user, const std::string& region, Date day,
                                              std::optional<int64_t> expected_version) {
  const std::string city = digits_of(region);
  SK_TRY(authorize_city(user, city));
  if (day < today()) {
    return Error::invalid("date", "the day has already passed").with_id("transport.day_passed");
  }
  auto input = day_input(city, day);
  if (!input) return input.error();
  PlanOptions po;
  po.time_limit_ms = options_.plan_time_limit_ms;
  po.threads = options_.threads;
  auto plan = plan_day(*input, po);
  if (!plan) return plan.error();

  store::Transaction tx(*db_, user.username);
  SK_TRY(tx.begin());
  auto current = stored_plan(city, day);
  if (!current) return current.error();
  const int64_t version = *current ? (*current)->first : 0;
  if (expected_version && *expected_version != version) {
    return Error::conflict("version", "the day's plan was changed by someone else; reload it")
        .with_id("transport.plan_changed");
  }
  SK_TRY(store_plan(tx, user, city, day, version + 1, *plan));
  SK_TRY(audit_->record_in_transaction(
      user, {"plan", "transport_plan", {}, city, day.to_string(), plan->trips}));
  SK_TRY(tx.commit());
  return plan_json(*plan, version + 1);
}

Result<nlohmann::json> TransportService::insert_into_plan(const User& user, const std::string& city,
                                                          Date day,
                                                          const std::vector<int64_t>& trips) {
  auto current = stored_plan(city, day);
  if (!current) return current.error();
  if (!*current) return nlohmann::json();  // no plan yet: the day's planning will place them
  auto input = day_input(city, day);
  if (!input) return input.error();
  std::unordered_set<int64_t> live;
  for (const auto& t : input->trips) live.insert(t.id);
  auto rebuilt = rebuild(*input, runs_from_json((*current)->second, live));
  if (!rebuilt) {
    // The stored plan no longer fits (shifts or times edited since): the dispatcher re-plans.
    return nlohmann::json{{"inserted", nlohmann::json::array()},
                          {"unassigned", nlohmann::json::array()},
                          {"replan_needed", true}};
  }
  DispatchPlan plan = std::move(*rebuilt);
  double ms = 0;
  nlohmann::json inserted = nlohmann::json::array(), unassigned = nlohmann::json::array();
  for (int64_t trip : trips) {
    auto next = insert_trip(*input, plan, trip);
    if (!next) return next.error();
    plan = std::move(*next);
    ms += plan.ms;
    std::string reason;
    for (const auto& u : plan.unassigned) {
      if (u.trip == trip) reason = u.reason;
    }
    if (reason.empty()) {
      for (const auto& run : plan.runs) {
        for (const auto& s : run.stops) {
          if (s.trip == trip && s.pickup) {
            inserted.push_back({{"trip", trip}, {"vehicle", run.code}, {"pickup", hhmm(s.start)}});
          }
        }
      }
    } else {
      unassigned.push_back({{"trip", trip}, {"reason", reason}, {"message", reason_text(reason)}});
    }
  }
  store::Transaction tx(*db_, user.username);
  SK_TRY(tx.begin());
  auto again = stored_plan(city, day);
  if (!again) return again.error();
  if (!*again || (*again)->first != (*current)->first) {
    return nlohmann::json{{"inserted", nlohmann::json::array()},
                          {"unassigned", nlohmann::json::array()},
                          {"replan_needed", true}};
  }
  const int64_t version = (*current)->first + 1;
  SK_TRY(store_plan(tx, user, city, day, version, plan));
  SK_TRY(tx.commit());
  return nlohmann::json{{"inserted", std::move(inserted)},
                        {"unassigned", std::move(unassigned)},
                        {"version", version},
                        {"ms", ms}};
}

Result<nlohmann::json> TransportService::board(const User& user, const std::string& region,
                                               Date day) {
  const std::string city = digits_of(region);
  SK_TRY(authorize_city(user, city));
  std::unordered_map<int64_t, std::string> codes;
  auto vehicles = this->vehicles(user, city);
  if (!vehicles) return vehicles.error();
  for (const auto& v : (*vehicles)["vehicles"]) {
    codes[v["id"].get<int64_t>()] = v["code"].get<std::string>();
  }
  auto st =
      db_->prepare("SELECT " + std::string(kTripColumns) +
                   " FROM transport_trip WHERE city_code = ? AND day = ? ORDER BY minute, id");
  if (!st) return st.error();
  (*st)->bind(1, city).bind(2, day.to_string());
  nlohmann::json trips = nlohmann::json::array();
  nlohmann::json counts = nlohmann::json::object();
  for (const char* s : kStatuses) counts[s] = 0;
  for (;;) {
    auto row = (*st)->step();
    if (!row) return row.error();
    if (!*row) break;
    TripRow r = read_trip(**st);
    counts[r.status] = counts[r.status].get<int>() + 1;
    trips.push_back(trip_json(r, codes));
  }
  st->reset();
  nlohmann::json plan = nullptr;
  auto stored = stored_plan(city, day);
  if (!stored) return stored.error();
  if (*stored) {
    auto input = day_input(city, day);
    if (!input) return input.error();
    std::unordered_set<int64_t> live;
    for (const auto& t : input->trips) live.insert(t.id);
    auto rebuilt = rebuild(*input, runs_from_json((*stored)->second, live));
    plan = rebuilt ? plan_json(*rebuilt, (*stored)->first)
                   : nlohmann::json{{"version", (*stored)->first}, {"replan_needed", true}};
  }
  SK_TRY(audit_->record(
      user,
      {"read", "transport_board", {}, city, day.to_string(), static_cast<int64_t>(trips.size())}));
  return nlohmann::json{{"city", city},
                        {"date", day.to_string()},
                        {"counts", std::move(counts)},
                        {"trips", std::move(trips)},
                        {"vehicles", (*vehicles)["vehicles"]},
                        {"plan", std::move(plan)}};
}

Result<nlohmann::json> TransportService::set_status(const User& user, int64_t id,
                                                    const std::string& status) {
  int next = -1;
  for (int i = 1; i < 6; ++i) {
    if (status == kStatuses[i]) next = i;
  }
  if (next < 0) {
    return Error::invalid("status",
                          "status must be on_the_way, picked_up, delivered, cancelled or no_show")
        .with_id("transport.status_invalid");
  }
  auto st = db_->prepare("SELECT status, village_code, person_id FROM transport_trip WHERE id = ?");
  if (!st) return st.error();
  (*st)->bind(1, id);
  auto row = (*st)->step();
  if (!row) return row.error();
  if (!*row) return trip_not_found();
  const std::string current = (*st)->column_string(0), village = (*st)->column_string(1);
  const int64_t person = (*st)->column_int64(2);
  st->reset();
  if (!registry_->authorize_area(user, village)) return trip_not_found();
  // Forward only: planned -> on the way -> picked up -> delivered; cancelled or no-show only
  // before the patient is on board.
  const bool allowed =
      (current == "planned" && (next == 1 || next == 2 || next == 4 || next == 5)) ||
      (current == "on_the_way" && (next == 2 || next == 4 || next == 5)) ||
      (current == "picked_up" && next == 3);
  if (!allowed) {
    return Error::conflict("status", "a trip that is " + current + " cannot become " + status)
        .with_id("transport.status_order");
  }
  store::Transaction tx(*db_, user.username);
  SK_TRY(tx.begin());
  auto up = db_->prepare("UPDATE transport_trip SET status = ?, " + status +
                         "_at = ? WHERE id = ? AND status = ?");
  if (!up) return up.error();
  (*up)->bind(1, status).bind(2, db_->clock().now_iso()).bind(3, id).bind(4, current);
  SK_TRY((*up)->run());
  SK_TRY(tx.record({"transport_trip", std::to_string(id), "update"}));
  SK_TRY(audit_->record_in_transaction(
      user, {"update", "transport_trip", person, village, "status " + status, {}}));
  SK_TRY(tx.commit());
  return trip(user, id);
}

}  // namespace siklus::transport
