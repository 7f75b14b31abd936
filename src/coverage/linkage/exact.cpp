#include "coverage/linkage/exact.h"

#include <algorithm>
#include <string_view>
#include <thread>

#include "coverage/linkage/parallel.h"

namespace siklus::linkage {

using detail::all_digits;
using detail::thread_count;

namespace {

// Exact-pass key: the digits as a number with the length folded in ("0123" ≠ "123"); 0 = none.
uint64_t nik_key(std::string_view nik) {
  if (nik.size() > 17 || !all_digits(nik)) return 0;
  uint64_t v = 0;
  for (char c : nik) v = v * 10 + static_cast<uint64_t>(c - '0');
  return v * 20 + nik.size();
}

}  // namespace

std::vector<std::pair<uint32_t, uint32_t>> exact_nik_pairs(std::span<const Record> population,
                                                           std::span<const Record> members,
                                                           int threads) {
  threads = thread_count(threads);
  std::vector<std::pair<uint64_t, uint32_t>> a;
  std::vector<std::pair<uint64_t, uint32_t>> b;
  auto build = [](std::span<const Record> side, std::vector<std::pair<uint64_t, uint32_t>>& out) {
    out.reserve(side.size());
    for (size_t i = 0; i < side.size(); ++i) {
      const uint64_t k = nik_key(side[i].nik);
      if (k != 0) out.emplace_back(k, static_cast<uint32_t>(i));
    }
    std::sort(out.begin(), out.end());
  };
  if (threads > 1) {
    std::thread t([&] { build(population, a); });
    build(members, b);
    t.join();
  } else {
    build(population, a);
    build(members, b);
  }
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  pairs.reserve(std::min(a.size(), b.size()));
  size_t i = 0;
  size_t j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i].first < b[j].first) {
      ++i;
    } else if (b[j].first < a[i].first) {
      ++j;
    } else {
      const uint64_t k = a[i].first;
      size_t ie = i;
      size_t je = j;
      while (ie < a.size() && a[ie].first == k) ++ie;
      while (je < b.size() && b[je].first == k) ++je;
      if (ie - i == 1 && je - j == 1) pairs.emplace_back(a[i].second, b[j].second);
      i = ie;
      j = je;
    }
  }
  return pairs;
}

namespace detail {

ExactPass exact_pass(std::span<const Record> population, std::span<const Record> members,
                     const LinkOptions& options, int threads, LinkStats& stats) {
  ExactPass x;
  const auto t0 = Clock::now();
  x.pairs = exact_nik_pairs(population, members, threads);
  stats.seconds_exact_join = since(t0);
  const auto& exact = x.pairs;
  x.accepted.assign(exact.size(), 0);
  x.levels.resize(exact.size());
  parallel_for(exact.size(), threads, [&](size_t b, size_t e, int) {
    for (size_t i = b; i < e; ++i) {
      const Record& p = population[exact[i].first];
      const Record& m = members[exact[i].second];
      // A missing name has similarity 1 here: nothing contradicts the NIK.
      double name_sim = 1.0;
      x.levels[i] = compare(p, nullptr, m, nullptr, &name_sim);
      x.accepted[i] = name_sim >= options.exact_name_guard;
    }
  });
  x.pop_used.assign(population.size(), 0);
  x.mem_used.assign(members.size(), 0);
  x.hist.assign(kPatterns, 0.0);
  for (size_t i = 0; i < exact.size(); ++i) {
    if (!x.accepted[i]) {
      ++stats.exact_rejected;
      continue;
    }
    x.pop_used[exact[i].first] = 1;
    x.mem_used[exact[i].second] = 1;
    x.hist[pattern_of(x.levels[i])] += 1;
    ++stats.exact_pairs;
  }
  return x;
}

}  // namespace detail
}  // namespace siklus::linkage
