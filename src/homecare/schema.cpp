#include "homecare/schema.h"

#include <array>

namespace siklus::homecare {
namespace {

// Requests come in (kader, family, hospital discharge, staff); triage turns one into a care plan
// with a frequency, skills, duration and windows; the planner lays the plan's visits over days
// and teams. `city_code` keeps the kab/kota reachable (the shard key of design.md). A day's plan
// per puskesmas carries a version: a planner saving over someone else's newer plan gets a
// conflict instead of overwriting it.
constexpr std::string_view kV1 = R"sql(
CREATE TABLE homecare_vehicle (
  id INTEGER PRIMARY KEY,
  facility_id INTEGER NOT NULL,
  city_code TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('motor', 'mobil')),
  name TEXT NOT NULL,
  speed_kmh REAL NOT NULL
);
CREATE TABLE homecare_team (
  id INTEGER PRIMARY KEY,
  facility_id INTEGER NOT NULL,
  city_code TEXT NOT NULL,
  name TEXT NOT NULL,
  vehicle_id INTEGER REFERENCES homecare_vehicle (id),
  shift_start INTEGER NOT NULL,
  shift_end INTEGER NOT NULL,
  break_start INTEGER NOT NULL,
  break_end INTEGER NOT NULL,
  break_minutes INTEGER NOT NULL,
  workdays INTEGER NOT NULL,
  max_visits INTEGER NOT NULL,
  active INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX homecare_team_facility ON homecare_team (facility_id);
CREATE TABLE homecare_team_member (
  team_id INTEGER NOT NULL REFERENCES homecare_team (id),
  staff_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  skills TEXT NOT NULL,
  PRIMARY KEY (team_id, staff_id)
);
CREATE TABLE homecare_request (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL,
  facility_id INTEGER NOT NULL,
  city_code TEXT NOT NULL,
  source TEXT NOT NULL,
  reason TEXT NOT NULL,
  needs TEXT NOT NULL,
  adl INTEGER,
  preferred_days INTEGER NOT NULL,
  preferred_hours TEXT NOT NULL,
  contact_name TEXT NOT NULL,
  contact_phone TEXT NOT NULL,
  lon REAL,
  lat REAL,
  note TEXT NOT NULL,
  status TEXT NOT NULL,
  eligible INTEGER NOT NULL,
  eligibility TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX homecare_request_facility ON homecare_request (facility_id, status);
CREATE TABLE homecare_plan (
  id INTEGER PRIMARY KEY,
  request_id INTEGER REFERENCES homecare_request (id),
  person_id INTEGER NOT NULL,
  facility_id INTEGER NOT NULL,
  city_code TEXT NOT NULL,
  reason TEXT NOT NULL,
  need TEXT NOT NULL,
  priority TEXT NOT NULL,
  visits_per_week REAL NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  skills TEXT NOT NULL,
  duration_minutes INTEGER NOT NULL,
  windows TEXT NOT NULL,
  weekdays INTEGER NOT NULL,
  lon REAL NOT NULL,
  lat REAL NOT NULL,
  usual_team_id INTEGER,
  status TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX homecare_plan_facility ON homecare_plan (facility_id, status);
CREATE TABLE homecare_day (
  facility_id INTEGER NOT NULL,
  date TEXT NOT NULL,
  version INTEGER NOT NULL,
  planned_by TEXT NOT NULL,
  planned_at TEXT NOT NULL,
  PRIMARY KEY (facility_id, date)
);
CREATE TABLE homecare_visit (
  id INTEGER PRIMARY KEY,
  visit_key TEXT NOT NULL UNIQUE,
  plan_id INTEGER NOT NULL REFERENCES homecare_plan (id),
  person_id INTEGER NOT NULL,
  facility_id INTEGER NOT NULL,
  city_code TEXT NOT NULL,
  date TEXT NOT NULL,
  team_id INTEGER,
  seq INTEGER NOT NULL,
  arrival INTEGER NOT NULL,
  departure INTEGER NOT NULL,
  travel_seconds INTEGER NOT NULL,
  care_seconds INTEGER NOT NULL,
  pinned INTEGER NOT NULL,
  status TEXT NOT NULL,
  reason TEXT NOT NULL,
  notes TEXT NOT NULL,
  version INTEGER NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX homecare_visit_day ON homecare_visit (facility_id, date);
CREATE INDEX homecare_visit_team ON homecare_visit (team_id, date);
)sql";

constexpr std::array kMigrations = {
    store::Migration{1, "homecare requests, plans, teams, vehicles and visits", kV1},
};

}  // namespace

Status migrate_homecare(store::Database& db) { return db.migrate("homecare", kMigrations); }

}  // namespace siklus::homecare
