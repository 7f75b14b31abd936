#pragma once
// One-to-one assignment (internal): exact pairs are matches; candidate pairs at or above the
// review probability, strongest first, each record used once, are `match` at or above the match
// probability and `review` below it. Exact name agreement is weighted by how common the name is
// (term frequency, as in Splink).

#include <cstdint>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

#include "coverage/linkage/compare.h"
#include "coverage/linkage/em.h"
#include "coverage/linkage/exact.h"
#include "coverage/linkage/linkage.h"

namespace siklus::linkage::detail {

//! How common each whole (normalised) name is among the records left: "Muhammad Rizki"
//! agreeing says less than "Parlindungan Situmorang" agreeing.
struct NameFrequency {
  std::vector<uint64_t> pop_name;  // name hash per residual population record
  std::unordered_map<uint64_t, std::pair<uint32_t, uint32_t>> count;  // (population, members)
  double total = 0;                                                   // records left
};
NameFrequency name_frequency(const Residual& rest);

//! Links ordered by population index. Marks the records it links in exact.pop_used/mem_used.
std::vector<Link> assign_links(size_t population, size_t members, ExactPass& exact,
                               const Residual& rest, const std::vector<uint64_t>& candidates,
                               const std::vector<uint32_t>& candidate_pattern,
                               const NameFrequency& names, const Model& model,
                               const LinkOptions& options, const LinkStats& stats);

}  // namespace siklus::linkage::detail
