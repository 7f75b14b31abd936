#pragma once
// Comparison stage (internal): two records compared field by field into levels (linkage.h
// `Field`, `kLevels`), and a level combination encoded as one pattern number so that the EM
// stage works on a histogram of patterns instead of on millions of pairs.

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "coverage/linkage/linkage.h"

namespace siklus::linkage::detail {

//! Tokens of a record computed once per record in the probabilistic pass.
struct Features {
  std::vector<std::string> name;
  std::vector<std::string> name_keys;  // phonetic key per name token
  std::vector<std::string> address;    // sorted street tokens
};
Features make_features(const Record& r);

using Levels = std::array<uint8_t, kFieldCount>;

uint8_t nik_level(std::string_view a, std::string_view b);

//! Compares two records; features are computed on demand (null) so that the exact pass, where
//! names and addresses are nearly always identical, rarely needs them. `name_similarity_out`
//! gets the name similarity (1 when a name is missing: nothing contradicts).
Levels compare(const Record& a, const Features* fa, const Record& b, const Features* fb,
               double* name_similarity_out = nullptr);

constexpr uint32_t pattern_count() {
  uint32_t n = 1;
  for (auto k : kLevels) n *= k;
  return n;
}
inline constexpr uint32_t kPatterns = pattern_count();

uint32_t pattern_of(const Levels& l);
Levels levels_of(uint32_t p);

//! The records left after the exact pass (indices into each side) and their features.
struct Residual {
  std::vector<uint32_t> pop_rest;
  std::vector<uint32_t> mem_rest;
  std::vector<Features> pop_feat;  // parallel to pop_rest
  std::vector<Features> mem_feat;
};

struct Compared {
  std::vector<uint32_t> pattern;  // per candidate pair
  std::vector<double> hist;       // pairs per pattern (kPatterns)
};

//! Compares every candidate pair (residual indices: population << 32 | member).
Compared compare_candidates(std::span<const Record> population, std::span<const Record> members,
                            const Residual& rest, const std::vector<uint64_t>& candidates,
                            int threads);

}  // namespace siklus::linkage::detail
