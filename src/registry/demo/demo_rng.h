#pragma once
// Seeded PRNG for the demo generator: xoshiro256** seeded through splitmix64, with integer-only
// helpers, so the same seed gives the same city on every compiler and standard library (std::
// distributions are implementation-defined and would not).

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace siklus::registry::demo {

constexpr uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

//! Mixes two values into a seed (for independent per-kelurahan streams).
constexpr uint64_t mix_seed(uint64_t a, uint64_t b) {
  uint64_t s = a ^ (b * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull);
  return splitmix64(s);
}

//! FNV-1a of a string, for seeding from region codes.
constexpr uint64_t hash_text(std::string_view text) {
  uint64_t h = 0xCBF29CE484222325ull;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001B3ull;
  }
  return h;
}

class Rng {
 public:
  explicit Rng(uint64_t seed) {
    for (auto& word : s_) word = splitmix64(seed);
  }

  uint64_t next() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  //! Uniform in [0, n) by multiply-shift (bias below 2^-32, irrelevant here); n > 0.
  uint32_t below(uint32_t n) {
    return static_cast<uint32_t>(((next() >> 32) * static_cast<uint64_t>(n)) >> 32);
  }
  //! Uniform in [lo, hi], inclusive.
  int range(int lo, int hi) {
    return lo + static_cast<int>(below(static_cast<uint32_t>(hi - lo + 1)));
  }
  //! Uniform in [0, 1) with 53 bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  //! True with probability per_mille / 1000.
  bool chance(int per_mille) { return below(1000) < static_cast<uint32_t>(per_mille); }

  //! Index drawn with the given integer weights (sum > 0).
  template <typename W, size_t N>
  size_t weighted(const W (&weights)[N]) {
    return weighted(weights, N);
  }
  template <typename W>
  size_t weighted(const W* weights, size_t n) {
    uint64_t total = 0;
    for (size_t i = 0; i < n; ++i) total += static_cast<uint64_t>(weights[i]);
    uint64_t r = (next() >> 11) % total;
    for (size_t i = 0; i < n; ++i) {
      const auto w = static_cast<uint64_t>(weights[i]);
      if (r < w) return i;
      r -= w;
    }
    return n - 1;
  }

 private:
  static constexpr uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

}  // namespace siklus::registry::demo
