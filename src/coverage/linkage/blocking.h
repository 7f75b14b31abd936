#pragma once
// Blocking (internal): the records the exact pass left, their features, and the candidate pairs
// that share at least one blocking key (NIK; birth date with day and month unordered plus a
// phonetic name key or the kelurahan; name key plus birth year; pairs of name keys; the whole
// name; name key plus kelurahan), each key kind with its own block-size cap.

#include <cstdint>
#include <span>
#include <vector>

#include "coverage/linkage/compare.h"
#include "coverage/linkage/linkage.h"

namespace siklus::linkage::detail {

struct Blocking {
  Residual rest;
  std::vector<uint64_t> candidates;  // residual indices population << 32 | member, sorted, unique
};

//! Records whose `*_used` flag is 0 take part. Fills stats.candidate_pairs, blocks_skipped and
//! pairs_by_key.
Blocking block_candidates(std::span<const Record> population, std::span<const Record> members,
                          const std::vector<uint8_t>& pop_used,
                          const std::vector<uint8_t>& mem_used, const LinkOptions& options,
                          int threads, LinkStats& stats);

}  // namespace siklus::linkage::detail
