#pragma once
// Helpers shared by the linkage stages (internal): timing, threads and hashing.

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <thread>
#include <vector>

namespace siklus::linkage::detail {

using Clock = std::chrono::steady_clock;
inline double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

inline int thread_count(int requested) {
  if (requested > 0) return requested;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : static_cast<int>(std::min(hw, 8u));
}

// Runs fn(begin, end, worker) on `threads` contiguous slices of [0, n).
template <typename Fn>
void parallel_for(size_t n, int threads, Fn&& fn) {
  if (threads <= 1 || n < 4096) {
    fn(size_t{0}, n, 0);
    return;
  }
  std::vector<std::thread> pool;
  const size_t step = (n + static_cast<size_t>(threads) - 1) / static_cast<size_t>(threads);
  for (int t = 0; t < threads; ++t) {
    const size_t b = std::min(n, step * static_cast<size_t>(t));
    const size_t e = std::min(n, b + step);
    pool.emplace_back([&fn, b, e, t] { fn(b, e, t); });
  }
  for (auto& th : pool) th.join();
}

inline uint64_t mix(uint64_t x) {  // splitmix64 finaliser
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

inline uint64_t hash_bytes(std::string_view s, uint64_t tag) {
  uint64_t h = 0xcbf29ce484222325ULL ^ (tag * 0x9e3779b97f4a7c15ULL);
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return mix(h);
}

inline bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace siklus::linkage::detail
