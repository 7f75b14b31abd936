#include "registry/number_index.h"

#include <gtest/gtest.h>

#include <set>
#include <utility>

namespace siklus::registry {
namespace {

std::vector<std::pair<uint64_t, uint32_t>> found(const NumberPrefixIndex& index,
                                                 std::string_view digits) {
  std::vector<std::pair<uint64_t, uint32_t>> out;
  index.for_each_in(*number_prefix_range(digits),
                    [&](uint64_t n, uint32_t rec) { out.emplace_back(n, rec); });
  return out;
}

TEST(NumberPrefixRange, CoversExactlyTheNumbersWithThosePrefixDigits) {
  auto r = number_prefix_range("337101");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->first, 3371010000000000u);
  EXPECT_EQ(r->last, 3371020000000000u);
  auto whole = number_prefix_range("3371010101900001");
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->last - whole->first, 1u);
  EXPECT_FALSE(number_prefix_range(""));
  EXPECT_FALSE(number_prefix_range("33710101019000011"));  // 17 digits
  EXPECT_FALSE(number_prefix_range("3371a1"));
}

TEST(NumberPrefixIndex, FindsEntriesInTheRunAndTheTail) {
  NumberPrefixIndex index;
  index.add(3371010101900001, 0);
  index.add(3371020101900002, 1);
  index.merge([](uint32_t) { return true; });
  index.add(3371010505900003, 2);  // still in the tail
  auto hits = found(index, "337101");
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].second, 0u);
  EXPECT_EQ(hits[1].second, 2u);
  EXPECT_EQ(found(index, "3371020101900002").size(), 1u);
  EXPECT_TRUE(found(index, "3372").empty());
}

TEST(NumberPrefixIndex, MergeDropsEntriesOfReplacedRecords) {
  NumberPrefixIndex index;
  for (uint32_t i = 0; i < 10; ++i) index.add(3371010000000000u + i, i);
  std::set<uint32_t> gone = {3, 7};
  index.merge([&](uint32_t rec) { return !gone.count(rec); });
  auto hits = found(index, "3371");
  ASSERT_EQ(hits.size(), 8u);
  for (const auto& [n, rec] : hits) EXPECT_FALSE(gone.count(rec)) << n;
}

TEST(NumberPrefixIndex, AsksForAMergeOnlyOnceTheTailIsLarge) {
  NumberPrefixIndex index;
  EXPECT_FALSE(index.wants_merge());
  for (uint32_t i = 0; i < 5000; ++i) index.add(1000000000000000u + i, i);
  EXPECT_TRUE(index.wants_merge());
  index.merge([](uint32_t) { return true; });
  EXPECT_FALSE(index.wants_merge());
  EXPECT_EQ(found(index, "1").size(), 5000u);
}

}  // namespace
}  // namespace siklus::registry
