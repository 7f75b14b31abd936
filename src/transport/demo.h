#pragma once
// The demo's JSAS programme for one city (pure: no store, no clock): vehicles at the puskesmas
// and the PSC 119 post, a driver's shift per vehicle and day, and a realistic daily load of
// non-emergency trips to control visits (Kota Magelang: at least 10 a day; larger cities in
// proportion to their residents), mostly for elderly patients, a third in a wheelchair or on a
// stretcher, half with a companion and half with a return trip.

#include <cstdint>
#include <string>
#include <vector>

#include "core/date.h"

namespace siklus::transport {

struct DemoFacility {
  int64_t id = 0;
  std::string key, type, name;
  double lat = 0, lon = 0;
  std::vector<std::string> villages;  // a puskesmas's wilayah kerja
};

struct DemoResident {
  int64_t id = 0;
  std::string village;
  int age = 0;
};

struct DemoVehicle {
  std::string code, kind, home_facility_key, driver, phone;
  int seats = 0, wheelchairs = 0, stretchers = 0;
};

struct DemoBooking {
  int64_t person_id = 0;
  double lat = 0, lon = 0;  // the patient's door: near their puskesmas
  int64_t facility_id = 0;
  Date day;
  int minute = 0;
  std::string mobility;
  bool companion = false;
  int return_after_minutes = 0;
};

struct DemoTransport {
  std::vector<DemoVehicle> vehicles;
  std::vector<Date> days;  // drivers' shifts run 06:00-24:00 on each (JSAS works with PSC 119)
  std::vector<DemoBooking> bookings;
};

struct DemoTransportOptions {
  Date today;
  int now_minute = 0;  // today's trips are booked after this time (a booking must not be late)
  int days = 7;        // today and the coming days
  uint64_t seed = 1;
};

//! Generates the programme from the city's facilities (with positions) and residents.
DemoTransport generate_demo_transport(const std::vector<DemoFacility>& facilities,
                                      const std::vector<DemoResident>& residents,
                                      const DemoTransportOptions& options);

}  // namespace siklus::transport
