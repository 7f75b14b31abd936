#include "transport/schema.h"

#include <array>

namespace siklus::transport {
namespace {

// Times of day are minutes after midnight WIB on `day` (YYYY-MM-DD); status timestamps are ISO
// UTC from the store's clock. A trip is one leg: a booking with a return is two rows naming each
// other (linked_trip_id). `city_code` keeps the kab/kota reachable (the shard key of design.md);
// `village_code` is the patient's kelurahan, the area the scope rule checks. The plan keeps the
// vehicles' runs as JSON with a version that every re-plan must name (two dispatchers editing
// the same day do not overwrite each other).
constexpr std::string_view kV1 = R"sql(
CREATE TABLE transport_vehicle (
  id INTEGER PRIMARY KEY,
  city_code TEXT NOT NULL,
  code TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('ambulance', 'car')),
  seats INTEGER NOT NULL,
  wheelchairs INTEGER NOT NULL,
  stretchers INTEGER NOT NULL,
  home_facility_id INTEGER NOT NULL,
  home_lat REAL NOT NULL,
  home_lon REAL NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  UNIQUE (city_code, code)
);
CREATE TABLE transport_driver (
  id INTEGER PRIMARY KEY,
  city_code TEXT NOT NULL,
  name TEXT NOT NULL,
  phone TEXT NOT NULL DEFAULT '',
  UNIQUE (city_code, name)
);
CREATE TABLE transport_shift (
  id INTEGER PRIMARY KEY,
  driver_id INTEGER NOT NULL REFERENCES transport_driver (id),
  vehicle_id INTEGER NOT NULL REFERENCES transport_vehicle (id),
  day TEXT NOT NULL,
  start_minute INTEGER NOT NULL,
  end_minute INTEGER NOT NULL,
  UNIQUE (vehicle_id, day)
);
CREATE TABLE transport_trip (
  id INTEGER PRIMARY KEY,
  city_code TEXT NOT NULL,
  person_id INTEGER NOT NULL,
  village_code TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('out', 'back')),
  linked_trip_id INTEGER,
  day TEXT NOT NULL,
  minute INTEGER NOT NULL,
  pickup_address TEXT NOT NULL,
  pickup_lat REAL NOT NULL,
  pickup_lon REAL NOT NULL,
  facility_id INTEGER NOT NULL,
  facility_name TEXT NOT NULL,
  facility_lat REAL NOT NULL,
  facility_lon REAL NOT NULL,
  mobility TEXT NOT NULL CHECK (mobility IN ('walks', 'wheelchair', 'stretcher')),
  companion INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'on_the_way',
    'picked_up', 'delivered', 'cancelled', 'no_show')),
  vehicle_id INTEGER,
  note TEXT NOT NULL DEFAULT '',
  booked_by TEXT NOT NULL,
  booked_at TEXT NOT NULL,
  on_the_way_at TEXT,
  picked_up_at TEXT,
  delivered_at TEXT,
  cancelled_at TEXT,
  no_show_at TEXT
);
CREATE INDEX transport_trip_day ON transport_trip (city_code, day);
CREATE INDEX transport_trip_person ON transport_trip (person_id);
CREATE TABLE transport_plan (
  id INTEGER PRIMARY KEY,
  city_code TEXT NOT NULL,
  day TEXT NOT NULL,
  version INTEGER NOT NULL,
  runs TEXT NOT NULL,
  planned_by TEXT NOT NULL,
  planned_at TEXT NOT NULL,
  UNIQUE (city_code, day)
);
)sql";

constexpr std::array kMigrations = {
    store::Migration{1, "transport vehicles, drivers, shifts, trips and plans", kV1},
};

}  // namespace

Status migrate_transport(store::Database& db) { return db.migrate("transport", kMigrations); }

}  // namespace siklus::transport
