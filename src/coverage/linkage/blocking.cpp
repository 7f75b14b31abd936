#include "coverage/linkage/blocking.h"

#include <algorithm>
#include <string>
#include <thread>

#include "coverage/linkage/parallel.h"

namespace siklus::linkage::detail {
namespace {

struct KeyEntry {
  uint64_t key;
  uint32_t index;
  bool operator<(const KeyEntry& o) const {
    return key < o.key || (key == o.key && index < o.index);
  }
};

enum KeyTag : uint64_t {
  kTagNik = 1,
  kTagNikMask,
  kTagBirthName,
  kTagNameYear,
  kTagNamePair,
  kTagNameFull,
  kTagBirthRegion,
  kTagNameRegion,
};

// A blocking key: a hash with the key kind in its top four bits, so pairs can be counted per kind.
uint64_t tagged(uint64_t hash, KeyTag tag) {
  return (hash & 0x0fffffffffffffffULL) | (static_cast<uint64_t>(tag) << 60);
}

// Blocking keys of one record. Both sides use the same keys, so a pair shares a key when the
// fields it is built from agree.
void blocking_keys(const Record& r, const Features& f, bool nik_masks, std::vector<uint64_t>& out) {
  out.clear();
  if (all_digits(r.nik)) {
    out.push_back(tagged(hash_bytes(r.nik, kTagNik), kTagNik));
    if (nik_masks && r.nik.size() >= 6) {
      // Masking each pair of adjacent digits catches one mistyped digit and one transposition.
      std::string masked(r.nik);
      for (size_t i = 0; i + 1 < masked.size(); ++i) {
        const char x = masked[i];
        const char y = masked[i + 1];
        masked[i] = masked[i + 1] = '_';
        out.push_back(tagged(hash_bytes(masked, kTagNikMask + (i << 8)), kTagNikMask));
        masked[i] = x;
        masked[i + 1] = y;
      }
    }
  }
  // Birth date with day and month unordered, so a swapped date shares the key. Alone it makes
  // blocks too large in a city of millions (hundreds of children per birthday), so it is
  // combined with each name token's phonetic key and, separately, with the kelurahan.
  uint64_t birth = 0;
  if (r.birth.known()) {
    const int lo = std::min(r.birth.month, r.birth.day);
    const int hi = std::max(r.birth.month, r.birth.day);
    birth = mix((static_cast<uint64_t>(r.birth.year) << 16) ^ (static_cast<uint64_t>(lo) << 8) ^
                static_cast<uint64_t>(hi));
    if (!r.region.empty()) {
      out.push_back(tagged(hash_bytes(r.region, kTagBirthRegion ^ birth), kTagBirthRegion));
    }
  }
  std::string joined;
  for (const auto& t : f.name) joined += t;
  if (!joined.empty()) out.push_back(tagged(hash_bytes(joined, kTagNameFull), kTagNameFull));
  for (size_t i = 0; i < f.name_keys.size(); ++i) {
    const std::string& k = f.name_keys[i];
    if (k.empty()) continue;
    if (r.birth.known()) {
      out.push_back(tagged(hash_bytes(k, kTagBirthName ^ birth), kTagBirthName));
    }
    if (!r.region.empty()) {
      out.push_back(
          tagged(hash_bytes(k, kTagNameRegion ^ hash_bytes(r.region, 7)), kTagNameRegion));
    }
    if (r.birth.known()) {
      out.push_back(tagged(hash_bytes(k, kTagNameYear + (static_cast<uint64_t>(r.birth.year) << 8)),
                           kTagNameYear));
    }
    for (size_t j = i + 1; j < f.name_keys.size(); ++j) {
      const std::string& k2 = f.name_keys[j];
      out.push_back(
          tagged(hash_bytes(k < k2 ? k + '|' + k2 : k2 + '|' + k, kTagNamePair), kTagNamePair));
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

}  // namespace

Blocking block_candidates(std::span<const Record> population, std::span<const Record> members,
                          const std::vector<uint8_t>& pop_used,
                          const std::vector<uint8_t>& mem_used, const LinkOptions& options,
                          int threads, LinkStats& stats) {
  Blocking out;
  std::vector<uint32_t>& pop_rest = out.rest.pop_rest;
  std::vector<uint32_t>& mem_rest = out.rest.mem_rest;
  for (uint32_t i = 0; i < population.size(); ++i) {
    if (!pop_used[i]) pop_rest.push_back(i);
  }
  for (uint32_t i = 0; i < members.size(); ++i) {
    if (!mem_used[i]) mem_rest.push_back(i);
  }
  std::vector<Features>& pop_feat = out.rest.pop_feat;
  std::vector<Features>& mem_feat = out.rest.mem_feat;
  pop_feat.resize(pop_rest.size());
  mem_feat.resize(mem_rest.size());
  std::vector<KeyEntry> pop_keys;
  std::vector<KeyEntry> mem_keys;
  auto featurize = [&](std::span<const Record> side, const std::vector<uint32_t>& rest,
                       std::vector<Features>& feat, std::vector<KeyEntry>& keys) {
    std::vector<std::vector<KeyEntry>> parts(static_cast<size_t>(threads));
    parallel_for(rest.size(), threads, [&](size_t b, size_t e, int t) {
      std::vector<uint64_t> ks;
      for (size_t i = b; i < e; ++i) {
        feat[i] = make_features(side[rest[i]]);
        blocking_keys(side[rest[i]], feat[i], options.nik_mask_keys, ks);
        for (uint64_t k : ks)
          parts[static_cast<size_t>(t)].push_back({k, static_cast<uint32_t>(i)});
      }
    });
    for (auto& p : parts) keys.insert(keys.end(), p.begin(), p.end());
  };
  featurize(population, pop_rest, pop_feat, pop_keys);
  featurize(members, mem_rest, mem_feat, mem_keys);
  if (threads > 1) {
    std::thread t([&] { std::sort(pop_keys.begin(), pop_keys.end()); });
    std::sort(mem_keys.begin(), mem_keys.end());
    t.join();
  } else {
    std::sort(pop_keys.begin(), pop_keys.end());
    std::sort(mem_keys.begin(), mem_keys.end());
  }
  std::vector<uint64_t>& cand = out.candidates;
  {
    size_t i = 0;
    size_t j = 0;
    while (i < pop_keys.size() && j < mem_keys.size()) {
      if (pop_keys[i].key < mem_keys[j].key) {
        ++i;
      } else if (mem_keys[j].key < pop_keys[i].key) {
        ++j;
      } else {
        const uint64_t k = pop_keys[i].key;
        size_t ie = i;
        size_t je = j;
        while (ie < pop_keys.size() && pop_keys[ie].key == k) ++ie;
        while (je < mem_keys.size() && mem_keys[je].key == k) ++je;
        // Keys without any birth-date part only pay for themselves on rarer names.
        const uint64_t kind = k >> 60;
        const uint64_t cap = kind == kTagNameRegion ? options.max_block_pairs / 8
                             : kind == kTagNamePair || kind == kTagNameFull
                                 ? options.max_block_pairs / 4
                                 : options.max_block_pairs;
        if (static_cast<uint64_t>(ie - i) * (je - j) > cap) {
          ++stats.blocks_skipped;
        } else {
          stats.pairs_by_key[k >> 60] += static_cast<uint64_t>(ie - i) * (je - j);
          for (size_t x = i; x < ie; ++x) {
            for (size_t y = j; y < je; ++y) {
              cand.push_back(static_cast<uint64_t>(pop_keys[x].index) << 32 | mem_keys[y].index);
            }
          }
        }
        i = ie;
        j = je;
      }
    }
  }
  std::vector<KeyEntry>().swap(pop_keys);
  std::vector<KeyEntry>().swap(mem_keys);
  std::sort(cand.begin(), cand.end());
  cand.erase(std::unique(cand.begin(), cand.end()), cand.end());
  stats.candidate_pairs = cand.size();
  return out;
}

}  // namespace siklus::linkage::detail
