#include "coverage/linkage/em.h"

#include <algorithm>
#include <utility>

#include "core/indonesian_name.h"
#include "coverage/linkage/parallel.h"

namespace siklus::linkage::detail {
namespace {

// Level distribution (levels 1..) of a histogram of patterns, with add-one smoothing so no level
// has probability 0.
std::array<FieldModel, kFieldCount> distribution(const std::vector<double>& hist) {
  std::array<FieldModel, kFieldCount> d;
  for (int f = 0; f < kFieldCount; ++f) {
    d[f].m.assign(kLevels[f], 0.0);
    d[f].u.assign(kLevels[f], 0.0);
  }
  for (uint32_t p = 0; p < kPatterns; ++p) {
    if (hist[p] == 0) continue;
    const Levels l = levels_of(p);
    for (int f = 0; f < kFieldCount; ++f) d[f].m[l[f]] += hist[p];
  }
  for (int f = 0; f < kFieldCount; ++f) {
    double total = 0;
    for (int k = 1; k < kLevels[f]; ++k) total += d[f].m[k] + 1.0;
    for (int k = 1; k < kLevels[f]; ++k) d[f].m[k] = (d[f].m[k] + 1.0) / total;
    d[f].m[0] = 0;
  }
  return d;
}

// EM on the pattern histogram of candidate pairs (conditional independence of fields, missing
// levels ignored). Returns the number of iterations run.
int fit_em(const std::vector<double>& hist, Model& model, int max_iterations) {
  std::vector<uint32_t> present;
  for (uint32_t p = 0; p < kPatterns; ++p) {
    if (hist[p] > 0) present.push_back(p);
  }
  std::vector<Levels> levels(present.size());
  for (size_t i = 0; i < present.size(); ++i) levels[i] = levels_of(present[i]);
  double total = 0;
  for (uint32_t p : present) total += hist[p];
  if (total == 0) return 0;
  int it = 0;
  for (; it < max_iterations; ++it) {
    std::array<std::vector<double>, kFieldCount> mm;
    std::array<std::vector<double>, kFieldCount> uu;
    for (int f = 0; f < kFieldCount; ++f) {
      mm[f].assign(kLevels[f], 1e-3);  // tiny pseudo-count keeps every level possible
      uu[f].assign(kLevels[f], 1e-3);
    }
    double matches = 0;
    for (size_t i = 0; i < present.size(); ++i) {
      const double n = hist[present[i]];
      const double g = model.probability(model.weight(levels[i]));
      matches += n * g;
      for (int f = 0; f < kFieldCount; ++f) {
        mm[f][levels[i][f]] += n * g;
        uu[f][levels[i][f]] += n * (1 - g);
      }
    }
    double change = std::abs(model.prior - matches / total);
    model.prior = std::clamp(matches / total, 1e-9, 1 - 1e-9);
    for (int f = 0; f < kFieldCount; ++f) {
      double sm = 0;
      double su = 0;
      for (int k = 1; k < kLevels[f]; ++k) {
        sm += mm[f][k];
        su += uu[f][k];
      }
      for (int k = 1; k < kLevels[f]; ++k) {
        const double m = mm[f][k] / sm;
        const double u = uu[f][k] / su;
        change = std::max(change, std::abs(m - model.fields[f].m[k]));
        model.fields[f].m[k] = m;
        model.fields[f].u[k] = u;
      }
    }
    if (change < 1e-6) {
      ++it;
      break;
    }
  }
  return it;
}

}  // namespace

Model estimate_model(std::span<const Record> population, std::span<const Record> members,
                     const std::vector<double>& exact_hist,
                     const std::vector<double>& candidate_hist, size_t candidates, size_t pop_left,
                     size_t mem_left, const LinkOptions& options, int threads, LinkStats& stats) {
  Model model;
  // m starts from the exact pairs (near-certain matches), u from random pairs.
  auto m0 = distribution(exact_hist);
  std::vector<double> random_hist(kPatterns, 0.0);
  if (!population.empty() && !members.empty()) {
    // Features of a fixed sample of records per side, then random pairs among them.
    auto sample = [&](std::span<const Record> side, uint64_t seed) {
      const size_t k = std::min<size_t>(side.size(), options.random_records);
      std::vector<uint32_t> idx(k);
      for (size_t i = 0; i < k; ++i) {
        idx[i] = static_cast<uint32_t>(k == side.size() ? i : mix(seed + i) % side.size());
      }
      std::vector<Features> feat(k);
      parallel_for(k, threads, [&](size_t b, size_t e, int) {
        for (size_t i = b; i < e; ++i) feat[i] = make_features(side[idx[i]]);
      });
      return std::make_pair(std::move(idx), std::move(feat));
    };
    const auto ps = sample(population, 0x9e37);
    const auto ms = sample(members, 0x7f4a);
    // More samples than there are distinct pairs would only repeat them.
    const uint32_t n = static_cast<uint32_t>(std::min<uint64_t>(
        options.random_pairs,
        static_cast<uint64_t>(ps.first.size()) * static_cast<uint64_t>(ms.first.size())));
    std::vector<std::vector<double>> rh(static_cast<size_t>(threads),
                                        std::vector<double>(kPatterns, 0.0));
    parallel_for(n, threads, [&](size_t b, size_t e, int t) {
      for (size_t s = b; s < e; ++s) {
        const uint64_t r = mix(0x5eed + s);
        const size_t pi = (r >> 32) % ps.first.size();
        const size_t mi = (r & 0xffffffffu) % ms.first.size();
        rh[static_cast<size_t>(t)][pattern_of(compare(population[ps.first[pi]], &ps.second[pi],
                                                      members[ms.first[mi]], &ms.second[mi]))] += 1;
      }
    });
    for (const auto& h : rh) {
      for (uint32_t p = 0; p < kPatterns; ++p) random_hist[p] += h[p];
    }
  }
  auto u0 = distribution(random_hist);
  // u of the NIK levels among random pairs born on the same day (see Model::weight).
  std::vector<std::pair<uint32_t, uint32_t>> by_birth;  // (birth key, population index)
  auto birth_key = [](BirthDate b) {
    return static_cast<uint32_t>(b.year) << 16 | static_cast<uint32_t>(b.month) << 8 |
           static_cast<uint32_t>(b.day);
  };
  const size_t stride = std::max<size_t>(1, population.size() / 1000000);
  for (size_t i = 0; i < population.size(); i += stride) {
    if (population[i].birth.known() && !population[i].nik.empty()) {
      by_birth.emplace_back(birth_key(population[i].birth), static_cast<uint32_t>(i));
    }
  }
  std::sort(by_birth.begin(), by_birth.end());
  std::array<double, 4> nik_same{};
  double nik_same_n = 0;
  const uint64_t same_birth_samples =
      std::min<uint64_t>(options.random_pairs, 1000 + 10 * static_cast<uint64_t>(members.size()));
  for (uint32_t s = 0; s < same_birth_samples && !members.empty() && !by_birth.empty(); ++s) {
    const uint64_t r = mix(0xb1e7 + s);
    const Record& m = members[(r >> 32) % members.size()];
    if (!m.birth.known() || m.nik.empty()) continue;
    const uint32_t k = birth_key(m.birth);
    auto lo = std::lower_bound(by_birth.begin(), by_birth.end(), std::make_pair(k, 0u));
    auto hi = std::lower_bound(lo, by_birth.end(), std::make_pair(k + 1, 0u));
    if (lo == hi) continue;
    const auto& p = population[(lo + static_cast<std::ptrdiff_t>((r & 0xffffffffu) %
                                                                 static_cast<uint64_t>(hi - lo)))
                                   ->second];
    const uint8_t level = nik_level(p.nik, m.nik);
    // u is about different people: a sampled pair that is probably one person (same NIK, or
    // a close NIK and a similar name) is left out, or in small files true pairs dominate.
    if (level == 3 || (level == 2 && name_similarity(p.name, m.name) >= 0.85)) continue;
    nik_same[level] += 1;
    nik_same_n += 1;
  }
  if (nik_same_n >= 1000) {
    model.nik_u_same_birth.assign(4, 0.0);
    for (int k = 1; k < 4; ++k) model.nik_u_same_birth[k] = (nik_same[k] + 1) / (nik_same_n + 3);
    stats.nik_u_same_birth = model.nik_u_same_birth;
  }
  for (int f = 0; f < kFieldCount; ++f) {
    model.fields[f].m = m0[f].m;
    model.fields[f].u = u0[f].m;
  }
  // The exact pairs all agree on NIK by construction; start NIK's m from a neutral guess.
  model.fields[kNik].m = {0, 0.2, 0.3, 0.5};
  const double rest = static_cast<double>(std::min(pop_left, mem_left));
  model.prior =
      candidates == 0 ? 0.01 : std::clamp(0.5 * rest / static_cast<double>(candidates), 1e-6, 0.5);
  stats.em_iterations = fit_em(candidate_hist, model, options.em_iterations);
  // EM over candidate pairs gives m (what true pairs look like) and how many true pairs there
  // are, but its u describes non-matches that were blocked together, which agree on the
  // blocking fields far more often than two people picked at random. Scoring a pair against
  // random pairs is what the match probability means, so the final u comes from the random
  // sample and the prior from the number of matches over all pairs of the records left.
  const double true_pairs = model.prior * static_cast<double>(candidates);
  const double all_pairs = static_cast<double>(pop_left) * static_cast<double>(mem_left);
  stats.match_prior = model.prior;
  for (int f = 0; f < kFieldCount; ++f) {
    model.fields[f].u = u0[f].m;
    // No level is impossible for a true pair: EM can push a rare level's m towards 0, which
    // would veto a pair on one field however well the others agree.
    double sum = 0;
    for (int k = 1; k < kLevels[f]; ++k)
      sum += model.fields[f].m[k] = std::max(model.fields[f].m[k], kMinM);
    for (int k = 1; k < kLevels[f]; ++k) model.fields[f].m[k] /= sum;
  }
  model.prior = all_pairs > 0 ? std::clamp(true_pairs / all_pairs, 1e-15, 0.5) : 0.5;
  stats.model = model.fields;
  return model;
}

}  // namespace siklus::linkage::detail
