// Person helpers shared by staff and residents: ethnicity, where the NIK was issued, birth
// place, the NIK itself and a synthetic position.

#include <stdexcept>

#include "core/nik.h"
#include "registry/demo/demo_city_builder.h"

namespace siklus::registry::demo {

Ethnicity CityBuilder::pick_ethnicity(Rng& rng) const {
  return preset_.mix[rng.weighted(mix_weights_.data(), mix_weights_.size())].ethnicity;
}

// Where a person's NIK was first issued: mostly their own kecamatan; some moved within the city;
// adults sometimes came from elsewhere.
int CityBuilder::pick_origin_slot(Rng& rng, int own_district, bool adult) const {
  const uint32_t r = rng.below(1000);
  if (adult && r < 110 && !origin_slots_.empty()) {
    return origin_slots_[rng.below(static_cast<uint32_t>(origin_slots_.size()))];
  }
  if (r >= 900 && districts_.size() > 1) {
    return static_cast<int>(rng.below(static_cast<uint32_t>(districts_.size())));
  }
  return own_district;
}

std::string_view CityBuilder::birth_place(Rng& rng, int slot, bool child) const {
  if (slot >= static_cast<int>(districts_.size())) {
    for (size_t i = 0; i < origin_slots_.size(); ++i) {
      if (origin_slots_[i] == slot) return preset_.origins[i].place;
    }
  }
  if (!preset_.nearby_places.empty() && rng.chance(child ? 60 : 280)) {
    return preset_.nearby_places[rng.below(static_cast<uint32_t>(preset_.nearby_places.size()))];
  }
  return preset_.short_name;
}

void CityBuilder::make_nik(int slot, int64_t& birth, Sex sex, std::string& out) {
  // A full (kecamatan, day) cell (9,999 people) is practically impossible; moving the birth a
  // day keeps the NIK unique and consistent with the stated birth date.
  int serial = nik_serials_->next(slot, birth);
  for (int tries = 0; serial == 0 && tries < 3650; ++tries) {
    serial = nik_serials_->next(slot, --birth);
  }
  if (serial == 0) throw std::logic_error("demo: NIK serials exhausted");
  out =
      siklus::make_nik(slot_codes_[static_cast<size_t>(slot)], Date::from_days(birth), sex, serial);
}

void CityBuilder::place_near(Rng& rng, const Village& v, double spread, double& lat,
                             double& lon) const {
  const double dx = (rng.uniform() * 2 - 1) * v.radius_km * spread;
  const double dy = (rng.uniform() * 2 - 1) * v.radius_km * spread;
  lat = v.lat + dy * v.km_lat;
  lon = v.lon + dx * v.km_lon;
}

}  // namespace siklus::registry::demo
