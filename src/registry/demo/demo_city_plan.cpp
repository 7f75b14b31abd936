// Planning the city: regions, population per kelurahan, puskesmas catchments, synthetic layout
// and RW/RT. Coordinates are synthetic: idn-area-data has no geometry, so kecamatan are laid
// out on a sunflower around the city centre and each kecamatan's kelurahan on a ring around it,
// in catchment order so that every puskesmas's wilayah kerja is a run of neighbours.

#include <algorithm>

#include "registry/demo/demo_city_builder.h"

namespace siklus::registry::demo {
namespace {

// sin and cos by series, so coordinates do not depend on the libm version.
void sincos_series(double x, double& s, double& c) {
  const double two_pi = 2 * kPi;
  x -= two_pi * static_cast<double>(static_cast<int64_t>(x / two_pi));
  if (x > kPi) x -= two_pi;
  if (x < -kPi) x += two_pi;
  double term = x;
  s = 0;
  for (int n = 1; n < 24; n += 2) {
    s += term;
    term *= -x * x / ((n + 1) * (n + 2));
  }
  term = 1;
  c = 0;
  for (int n = 0; n < 24; n += 2) {
    c += term;
    term *= -x * x / ((n + 1) * (n + 2));
  }
}

double sqrt_det(double x) { return x <= 0 ? 0 : __builtin_sqrt(x); }  // IEEE: correctly rounded

}  // namespace

Status CityBuilder::plan_regions() {
  if (options_.districts.empty()) return Error::invalid("districts", "city has no kecamatan");
  if (options_.villages.empty()) return Error::invalid("villages", "city has no kelurahan");
  if (options_.today.year < 2000) return Error::invalid("today", "reference date is not set");
  today_ = options_.today.days();
  target_ = demo_population(options_);

  for (const auto& d : options_.districts) {
    if (d.code.size() != 6)
      return Error::invalid("districts", "kecamatan code must have 6 digits: " + d.code);
    districts_.push_back(&d);
  }
  std::sort(districts_.begin(), districts_.end(),
            [](const DemoRegion* a, const DemoRegion* b) { return a->code < b->code; });
  for (size_t i = 1; i < districts_.size(); ++i) {
    if (districts_[i]->code == districts_[i - 1]->code) {
      return Error::invalid("districts", "kecamatan " + districts_[i]->code + " given twice");
    }
  }
  // A kecamatan without kelurahan has nobody to generate; it is left out.
  std::erase_if(districts_, [&](const DemoRegion* d) {
    return std::none_of(options_.villages.begin(), options_.villages.end(),
                        [&](const DemoRegion& v) { return v.code.compare(0, 6, d->code) == 0; });
  });
  std::vector<const DemoRegion*> sorted;
  for (const auto& v : options_.villages) sorted.push_back(&v);
  std::sort(sorted.begin(), sorted.end(),
            [](const DemoRegion* a, const DemoRegion* b) { return a->code < b->code; });
  for (size_t i = 1; i < sorted.size(); ++i) {
    if (sorted[i]->code == sorted[i - 1]->code) {
      return Error::invalid("villages", "kelurahan " + sorted[i]->code + " given twice");
    }
  }
  for (const DemoRegion* v : sorted) {
    auto it = std::lower_bound(
        districts_.begin(), districts_.end(), v->code.substr(0, 6),
        [](const DemoRegion* d, const std::string& code) { return d->code < code; });
    if (v->code.size() != 10 || it == districts_.end() || (*it)->code != v->code.substr(0, 6)) {
      return Error::invalid("villages",
                            "kelurahan " + v->code + " is not in a kecamatan of the city");
    }
    Village village;
    village.region = v;
    village.district = static_cast<int>(it - districts_.begin());
    villages_.push_back(std::move(village));
  }
  // NIK slots: the city's kecamatan, then the preset's origins.
  for (const auto* d : districts_) slot_codes_.push_back(d->code);
  for (const auto& origin : preset_.origins) {
    auto it = std::find(slot_codes_.begin(), slot_codes_.end(), origin.district);
    if (it == slot_codes_.end()) {
      slot_codes_.emplace_back(origin.district);
      it = slot_codes_.end() - 1;
    }
    origin_slots_.push_back(static_cast<int>(it - slot_codes_.begin()));
  }
  for (const auto& share : preset_.mix) mix_weights_.push_back(share.weight);
  nik_serials_ = std::make_unique<SerialBook>(static_cast<int>(slot_codes_.size()),
                                              today_ - years_days(kMaxAge + 2), today_);
  kk_serials_ = std::make_unique<SerialBook>(static_cast<int>(districts_.size()),
                                             Date{2000, 1, 1}.days(), today_);
  plan_rng_ = Rng(demo::mix_seed(options_.seed, demo::hash_text("plan:" + options_.city_code)));
  return {};
}

// Exact split of the target over kelurahan by random weights (largest remainder).
Status CityBuilder::plan_population() {
  Rng& rng = plan_rng_;
  std::vector<uint64_t> weights;
  uint64_t total_weight = 0;
  for (size_t i = 0; i < villages_.size(); ++i) {
    const uint64_t w = 600 + rng.below(900);
    weights.push_back(w);
    total_weight += w;
  }
  uint64_t assigned = 0;
  std::vector<std::pair<uint64_t, size_t>> remainders;
  for (size_t i = 0; i < villages_.size(); ++i) {
    const uint64_t scaled = target_ * weights[i];
    villages_[i].population = scaled / total_weight;
    assigned += villages_[i].population;
    remainders.emplace_back(scaled % total_weight, i);
  }
  std::sort(remainders.begin(), remainders.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  for (size_t k = 0; assigned < target_; ++k, ++assigned) {
    ++villages_[remainders[k % remainders.size()].second].population;
  }
  return {};
}

Status CityBuilder::plan_puskesmas() {
  // A preset's named puskesmas are used when their catchments cover the city exactly.
  bool use_specs = !preset_.puskesmas_specs.empty();
  std::vector<int> seen(villages_.size(), 0);
  auto index_of = [&](std::string_view code) -> int {
    for (size_t i = 0; i < villages_.size(); ++i) {
      if (villages_[i].region->code == code) return static_cast<int>(i);
    }
    return -1;
  };
  if (use_specs) {
    for (const auto& spec : preset_.puskesmas_specs) {
      for (auto code : spec.catchment) {
        const int i = index_of(code);
        if (i < 0) {
          use_specs = false;
        } else {
          ++seen[static_cast<size_t>(i)];
        }
      }
      use_specs = use_specs && index_of(spec.host_village) >= 0;
    }
    for (int s : seen) use_specs = use_specs && s == 1;
  }
  if (use_specs) {
    for (const auto& spec : preset_.puskesmas_specs) {
      PuskesmasPlan p;
      p.name = std::string(spec.name);
      p.host = index_of(spec.host_village);
      p.district = villages_[static_cast<size_t>(p.host)].district;
      for (auto code : spec.catchment) p.villages.push_back(index_of(code));
      // A catchment crossing kecamatan would break the contiguity promise.
      for (int v : p.villages) {
        if (villages_[static_cast<size_t>(v)].district != p.district) use_specs = false;
      }
      puskesmas_.push_back(std::move(p));
    }
    if (use_specs) {
      for (size_t k = 0; k < puskesmas_.size(); ++k) {
        for (int v : puskesmas_[k].villages)
          villages_[static_cast<size_t>(v)].puskesmas = static_cast<int>(k);
      }
      return {};
    }
    puskesmas_.clear();
  }

  // Generic: every kecamatan gets at least one, the rest by population (largest remainder),
  // never more than its kelurahan.
  const size_t nd = districts_.size();
  std::vector<uint64_t> pop(nd, 0);
  std::vector<int> count_villages(nd, 0);
  for (const auto& v : villages_) {
    pop[static_cast<size_t>(v.district)] += v.population;
    ++count_villages[static_cast<size_t>(v.district)];
  }
  const int total =
      std::clamp<int>(preset_.puskesmas, static_cast<int>(nd), static_cast<int>(villages_.size()));
  std::vector<int> per(nd, 1);
  int given = static_cast<int>(nd);
  while (given < total) {
    // Next one to the kecamatan with the most residents per puskesmas that still has room.
    size_t best = nd;
    for (size_t d = 0; d < nd; ++d) {
      if (per[d] >= count_villages[d]) continue;
      if (best == nd ||
          pop[d] * static_cast<uint64_t>(per[best]) > pop[best] * static_cast<uint64_t>(per[d])) {
        best = d;
      }
    }
    if (best == nd) break;
    ++per[best];
    ++given;
  }
  for (size_t d = 0; d < nd; ++d) {
    std::vector<int> members;
    uint64_t dpop = 0;
    for (size_t i = 0; i < villages_.size(); ++i) {
      if (villages_[i].district == static_cast<int>(d)) {
        members.push_back(static_cast<int>(i));
        dpop += villages_[i].population;
      }
    }
    // Split the kelurahan (in code order) into per[d] runs of similar population.
    const int k = per[d];
    size_t at = 0;
    uint64_t cumulative = 0;
    for (int g = 0; g < k; ++g) {
      PuskesmasPlan p;
      p.district = static_cast<int>(d);
      const uint64_t boundary = dpop * static_cast<uint64_t>(g + 1) / static_cast<uint64_t>(k);
      const size_t must_leave = static_cast<size_t>(k - g - 1);
      do {
        p.villages.push_back(members[at]);
        cumulative += villages_[static_cast<size_t>(members[at])].population;
        ++at;
      } while (at < members.size() - must_leave && (g == k - 1 || cumulative < boundary));
      // The puskesmas stands in the largest kelurahan of its area.
      p.host = p.villages.front();
      for (int v : p.villages) {
        if (villages_[static_cast<size_t>(v)].population >
            villages_[static_cast<size_t>(p.host)].population)
          p.host = v;
      }
      const std::string& district_name = districts_[d]->name;
      p.name = "Puskesmas " +
               (g == 0 ? district_name : villages_[static_cast<size_t>(p.host)].region->name);
      puskesmas_.push_back(std::move(p));
    }
  }
  for (size_t k = 0; k < puskesmas_.size(); ++k) {
    for (int v : puskesmas_[k].villages)
      villages_[static_cast<size_t>(v)].puskesmas = static_cast<int>(k);
  }
  return {};
}

Status CityBuilder::plan_layout() {
  Rng& rng = plan_rng_;
  const double radius = sqrt_det(preset_.area_km2 / kPi);
  double s = 0;
  double c = 0;
  sincos_series(preset_.lat * kPi / 180.0, s, c);
  const double deg_per_km_lat = 1.0 / 110.574;
  const double deg_per_km_lon = 1.0 / (111.320 * c);
  const size_t nd = districts_.size();
  const double golden = kPi * (3.0 - sqrt_det(5.0));
  for (size_t d = 0; d < nd; ++d) {
    // Kecamatan centres on a sunflower; the first sits at the centre.
    const double r =
        nd == 1 ? 0.0
                : radius * 0.85 * sqrt_det((static_cast<double>(d)) / static_cast<double>(nd));
    sincos_series(golden * static_cast<double>(d), s, c);
    const double cx = r * c;
    const double cy = r * s;
    // Kelurahan of the kecamatan in catchment order on a ring around its centre.
    std::vector<int> order;
    for (const auto& p : puskesmas_) {
      if (p.district != static_cast<int>(d)) continue;
      for (int v : p.villages) order.push_back(v);
    }
    const double ring = radius * 0.9 * sqrt_det(1.0 / static_cast<double>(nd)) * 0.6;
    const double start = rng.uniform() * 2 * kPi;
    for (size_t j = 0; j < order.size(); ++j) {
      Village& v = villages_[static_cast<size_t>(order[j])];
      double x = cx;
      double y = cy;
      if (order.size() > 1) {
        sincos_series(start + 2 * kPi * static_cast<double>(j) / static_cast<double>(order.size()),
                      s, c);
        x += ring * c;
        y += ring * s;
      }
      v.lat = preset_.lat + y * deg_per_km_lat;
      v.lon = preset_.lon + x * deg_per_km_lon;
      v.km_lat = deg_per_km_lat;
      v.km_lon = deg_per_km_lon;
      v.radius_km =
          std::max(0.15, radius * sqrt_det(1.0 / static_cast<double>(villages_.size())) * 0.6);
    }
  }
  return {};
}

// RW and RT sized by population: about 5–15 RW per kelurahan, 3–10 RT per RW (~150 residents).
Status CityBuilder::plan_rw_rt() {
  for (auto& v : villages_) {
    Rng rng(demo::mix_seed(options_.seed, demo::hash_text("rw:" + v.region->code)));
    const int rw = std::clamp(static_cast<int>((v.population + 500) / 1000), 5, 15);
    const uint64_t per_rw = v.population / static_cast<uint64_t>(rw);
    v.rt_per_rw.clear();
    v.total_rt = 0;
    for (int i = 0; i < rw; ++i) {
      const int rt = std::clamp(static_cast<int>(per_rw / 150) + rng.range(-1, 1), 3, 10);
      v.rt_per_rw.push_back(rt);
      v.total_rt += rt;
    }
  }
  return {};
}

}  // namespace siklus::registry::demo
