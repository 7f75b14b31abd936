#pragma once
// Exact pass (internal): a NIK unique on both sides links the pair unless the names say these
// are two people (a mistyped NIK can hit someone else's). The public join alone is
// `exact_nik_pairs` in linkage.h.

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "coverage/linkage/compare.h"
#include "coverage/linkage/linkage.h"

namespace siklus::linkage::detail {

struct ExactPass {
  std::vector<std::pair<uint32_t, uint32_t>> pairs;  // (population, member), NIK unique and equal
  std::vector<uint8_t> accepted;  // per pair: the names do not contradict the NIK
  std::vector<Levels> levels;     // per pair
  std::vector<uint8_t> pop_used;  // per record: linked here
  std::vector<uint8_t> mem_used;
  std::vector<double> hist;  // patterns of the accepted pairs (the EM's start for m)
};

//! Fills stats.exact_pairs, exact_rejected and seconds_exact_join.
ExactPass exact_pass(std::span<const Record> population, std::span<const Record> members,
                     const LinkOptions& options, int threads, LinkStats& stats);

}  // namespace siklus::linkage::detail
