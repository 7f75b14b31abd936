#include "transport/demo.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_map>

namespace siklus::transport {
namespace {

class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed * 0x9E3779B97F4A7C15ULL + 0x2545F4914F6CDD1DULL) {}
  double next() {
    s_ = s_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(s_ >> 11) / static_cast<double>(1ULL << 53);
  }
  size_t below(size_t n) { return std::min(n - 1, static_cast<size_t>(next() * n)); }

 private:
  uint64_t s_;
};

const char* const kDriverNames[] = {
    "Agus Santoso", "Bambang Wibowo", "Slamet Riyadi", "Joko Susilo", "Eko Prasetyo",
    "Budi Hartono", "Heru Purnomo",   "Wahyu Nugroho", "Dwi Cahyono", "Teguh Raharjo"};

}  // namespace

DemoTransport generate_demo_transport(const std::vector<DemoFacility>& facilities,
                                      const std::vector<DemoResident>& residents,
                                      const DemoTransportOptions& options) {
  DemoTransport out;
  Rng rng(options.seed);
  std::vector<const DemoFacility*> puskesmas, hospitals, clinics;
  for (const auto& f : facilities) {
    if (f.type == "puskesmas") puskesmas.push_back(&f);
    if (f.type == "hospital") hospitals.push_back(&f);
    if (f.type == "clinic") clinics.push_back(&f);
  }
  if (puskesmas.empty()) return out;
  // The fleet: ambulances (a stretcher and two seats) at every third puskesmas and at the RSUD
  // (the PSC 119 post), cars (three seats, every other one with a wheelchair place) at every
  // other puskesmas; at least two of each.
  const size_t ambulances = std::max<size_t>(2, puskesmas.size() / 3 + 1);
  const size_t cars = std::max<size_t>(3, puskesmas.size() / 2);
  int driver = 0;
  auto add = [&](const char* kind, size_t n, const char* prefix) {
    for (size_t i = 0; i < n; ++i) {
      DemoVehicle v;
      char code[32];
      std::snprintf(code, sizeof code, "%s-%02zu", prefix, i + 1);
      v.code = code;
      v.kind = kind;
      const bool ambulance = v.kind == "ambulance";
      const DemoFacility* home = ambulance && i == 0 && !hospitals.empty()
                                     ? hospitals.front()
                                     : puskesmas[(i * (ambulance ? 3 : 2)) % puskesmas.size()];
      v.home_facility_key = home->key;
      v.seats = ambulance ? 2 : 3;
      v.stretchers = ambulance ? 1 : 0;
      v.wheelchairs = ambulance ? 0 : (i % 2 == 0 ? 1 : 0);
      v.driver = kDriverNames[driver % 10];
      if (driver >= 10) v.driver += " " + std::to_string(driver / 10 + 1);
      char phone[40];
      std::snprintf(phone, sizeof phone, "0812-%04d-%04d", 2700 + driver, 1000 + driver * 37);
      v.phone = phone;
      ++driver;
      out.vehicles.push_back(std::move(v));
    }
  };
  add("ambulance", ambulances, "AMB");
  add("car", cars, "MBL");

  // Patients: residents of the puskesmas areas, the elderly six times as likely.
  std::unordered_map<std::string, const DemoFacility*> pkm_of;
  for (const auto* p : puskesmas) {
    for (const auto& v : p->villages) pkm_of[v] = p;
  }
  std::vector<const DemoResident*> pool;
  for (const auto& r : residents) {
    if (!pkm_of.contains(r.village)) continue;
    const int weight = r.age >= 60 ? 6 : (r.age >= 18 ? 1 : 0);
    for (int w = 0; w < weight; ++w) pool.push_back(&r);
  }
  if (pool.empty()) return out;
  // About one trip a day per 8,000 residents, at least 12 (Kota Magelang: ~15).
  const int per_day = std::max<int>(12, static_cast<int>(residents.size() / 8000));
  for (int d = 0; d < options.days; ++d) {
    const Date day = Date::from_days(options.today.days() + d);
    out.days.push_back(day);
    // Appointments 08:00-13:00 on the quarter hour. Today's come after now with an hour's notice;
    // late in the day they are evening sessions (haemodialysis runs into the evening) until
    // 21:00, so the board of today is never empty after `siklus demo`.
    int first = 8 * 60, last = 13 * 60;
    if (d == 0) {
      first = std::max(first, (options.now_minute + 75 + 14) / 15 * 15);
      last = std::min(std::max(last, first + 3 * 60), 21 * 60);
      if (first > last) continue;
    }
    for (int i = 0; i < per_day; ++i) {
      const DemoResident* r = pool[rng.below(pool.size())];
      const DemoFacility* home_pkm = pkm_of[r->village];
      DemoBooking b;
      b.person_id = r->id;
      // A door within ~1.2 km of the patient's puskesmas.
      b.lat = home_pkm->lat + (rng.next() - 0.5) * 0.022;
      b.lon = home_pkm->lon + (rng.next() - 0.5) * 0.022;
      const double dest = rng.next();
      const DemoFacility* to =
          dest < 0.5 && !hospitals.empty()
              ? hospitals[rng.below(std::min<size_t>(hospitals.size(), 2))]
              : (dest < 0.6 && !clinics.empty() ? clinics[rng.below(clinics.size())] : home_pkm);
      b.facility_id = to->id;
      b.day = day;
      b.minute =
          first + static_cast<int>(rng.below(static_cast<size_t>((last - first) / 15 + 1))) * 15;
      const double m = rng.next();
      b.mobility = m < 0.65 ? "walks" : (m < 0.9 ? "wheelchair" : "stretcher");
      b.companion = rng.next() < 0.6;
      if (rng.next() < 0.5) b.return_after_minutes = 60 + static_cast<int>(rng.below(7)) * 15;
      out.bookings.push_back(b);
    }
  }
  return out;
}

}  // namespace siklus::transport
