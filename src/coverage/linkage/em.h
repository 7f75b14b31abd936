#pragma once
// Fellegi–Sunter model (internal): m and u per field level, a prior, the weight of a pattern
// and the match probability of a weight. `estimate_model` fits m by EM on the candidate pairs'
// pattern histogram (started from the exact pairs), takes u from random pairs (NIK u among
// pairs born on the same day, because the NIK encodes the birth date) and sets the prior to the
// matches EM found over all pairs of the records left.

#include <array>
#include <cmath>
#include <cstddef>
#include <span>
#include <vector>

#include "coverage/linkage/compare.h"
#include "coverage/linkage/linkage.h"

namespace siklus::linkage::detail {

inline constexpr double kMinM = 0.002;  // floor of P(level | match) for the final weights

struct Model {
  std::array<FieldModel, kFieldCount> fields;
  double prior = 0.01;

  //! u of the NIK levels among pairs born on the same day; empty = use fields[kNik].u.
  std::vector<double> nik_u_same_birth;

  double weight(const Levels& l) const {
    double w = 0;
    for (int f = 0; f < kFieldCount; ++f) {
      if (l[f] == 0) continue;
      double u = fields[f].u[l[f]];
      // The NIK contains the birth date (and sex): two people born on the same day have NIKs
      // that differ only in region and serial, so a one-digit difference is weak evidence
      // then. Its u is taken among same-birth-date pairs instead of assuming independence.
      if (f == kNik && l[kBirth] == 4 && !nik_u_same_birth.empty()) u = nik_u_same_birth[l[f]];
      w += std::log2(fields[f].m[l[f]] / u);
    }
    return w;
  }
  double probability(double weight) const {
    const double odds = std::exp2(weight) * prior / (1.0 - prior);
    return odds / (1.0 + odds);
  }
};

//! `exact_hist` and `candidate_hist` are pattern histograms (kPatterns) of the exact pairs and
//! of the `candidates` candidate pairs; `pop_left` × `mem_left` records were left for the
//! probabilistic pass. Fills stats.em_iterations, match_prior, nik_u_same_birth and model.
Model estimate_model(std::span<const Record> population, std::span<const Record> members,
                     const std::vector<double>& exact_hist,
                     const std::vector<double>& candidate_hist, size_t candidates, size_t pop_left,
                     size_t mem_left, const LinkOptions& options, int threads, LinkStats& stats);

}  // namespace siklus::linkage::detail
