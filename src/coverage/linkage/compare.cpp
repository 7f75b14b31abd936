#include "coverage/linkage/compare.h"

#include <algorithm>

#include "core/indonesian_name.h"
#include "coverage/linkage/parallel.h"

namespace siklus::linkage::detail {
namespace {

bool ascii_iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// Street tokens: lower-case letters and digits; words that only say "street"/"number" dropped.
std::vector<std::string> address_tokens(std::string_view s) {
  static constexpr std::array<std::string_view, 12> kNoise = {
      "jl", "jln", "jalan", "gg", "gang", "no", "nomor", "rt", "rw", "blok", "kel", "kec"};
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty() && std::find(kNoise.begin(), kNoise.end(), cur) == kNoise.end()) {
      out.push_back(cur);
    }
    cur.clear();
  };
  for (char c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      cur.push_back(c);
    } else {
      flush();
    }
  }
  flush();
  return out;
}

}  // namespace

Features make_features(const Record& r) {
  Features f;
  f.name = name_tokens(r.name);
  f.name_keys.reserve(f.name.size());
  for (const auto& t : f.name) f.name_keys.push_back(name_phonetic_key(t));
  f.address = address_tokens(r.address);
  std::sort(f.address.begin(), f.address.end());
  return f;
}

uint8_t nik_level(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return 0;
  if (a == b) return 3;
  if (a.size() == b.size()) {
    size_t first = a.size();
    int diff = 0;
    for (size_t i = 0; i < a.size(); ++i) {
      if (a[i] != b[i]) {
        if (diff == 0) first = i;
        if (++diff > 2) return 1;
      }
    }
    if (diff == 1) return 2;  // one mistyped digit
    if (first + 1 < a.size() && a[first] == b[first + 1] && a[first + 1] == b[first] &&
        a[first + 1] != b[first + 1]) {
      return 2;  // two adjacent digits transposed
    }
    return 1;
  }
  // One digit dropped or doubled.
  const std::string_view& lo = a.size() < b.size() ? a : b;
  const std::string_view& hi = a.size() < b.size() ? b : a;
  if (hi.size() != lo.size() + 1) return 1;
  size_t p = 0;
  while (p < lo.size() && lo[p] == hi[p]) ++p;
  return lo.substr(p) == hi.substr(p + 1) ? 2 : 1;
}

namespace {

uint8_t birth_level(BirthDate a, BirthDate b) {
  if (!a.known() || !b.known()) return 0;
  if (a.year == b.year && a.month == b.month && a.day == b.day) return 4;
  if (a.year == b.year && a.month == b.day && a.day == b.month) return 3;  // day/month swapped
  const int differ = (a.year != b.year) + (a.month != b.month) + (a.day != b.day);
  return differ == 1 ? 2 : 1;
}

uint8_t sex_level(Sex a, Sex b) {
  if (a == Sex::kUnknown || b == Sex::kUnknown) return 0;
  return a == b ? 2 : 1;
}

uint8_t region_level(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return 0;
  if (a == b) return 3;
  if (a.size() >= 6 && b.size() >= 6 && a.substr(0, 6) == b.substr(0, 6)) return 2;
  return 1;
}

uint8_t name_level_of(double s) {
  if (s >= 0.999) return 5;
  if (s >= 0.93) return 4;
  if (s >= 0.85) return 3;
  if (s >= 0.70) return 2;
  return 1;
}

// Dice overlap of the sorted address token lists, where a token left over on one side still
// counts when it is a typing variant (Jaro–Winkler >= 0.88) of a leftover token on the other.
// Cheaper than a full token-by-token JW matrix, and addresses are long.
double address_similarity(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() || b.empty()) return 0.0;
  size_t i = 0;
  size_t j = 0;
  double common = 0;
  std::array<const std::string*, 16> left_a{};
  std::array<const std::string*, 16> left_b{};
  size_t na = 0;
  size_t nb = 0;
  while (i < a.size() || j < b.size()) {
    const int c = i == a.size() ? 1 : j == b.size() ? -1 : a[i].compare(b[j]);
    if (c == 0) {
      ++common;
      ++i;
      ++j;
    } else if (c < 0) {
      if (na < left_a.size()) left_a[na++] = &a[i];
      ++i;
    } else {
      if (nb < left_b.size()) left_b[nb++] = &b[j];
      ++j;
    }
  }
  uint32_t used = 0;
  for (size_t x = 0; x < na; ++x) {
    for (size_t y = 0; y < nb; ++y) {
      if (used >> y & 1u) continue;
      if (left_a[x]->size() > 2 && jaro_winkler(*left_a[x], *left_b[y]) >= 0.88) {
        used |= 1u << y;
        ++common;
        break;
      }
    }
  }
  return 2.0 * common / static_cast<double>(a.size() + b.size());
}

uint8_t address_level_of(double s) {
  if (s >= 0.95) return 4;
  if (s >= 0.80) return 3;
  if (s >= 0.60) return 2;
  return 1;
}

// Street address (0 missing, 1..4 by similarity) and kelurahan code (0 missing, 1 differ, 2 same
// kecamatan, 3 equal) as one field: a person who moved changes both, so scoring them as two
// independent fields would count one move twice.
uint8_t residence_level(uint8_t address, uint8_t region) {
  if (address == 0 && region == 0) return 0;
  if (address == 4 && region != 1 && region != 2) return 6;  // same home
  if (address >= 2) return region == 1 ? 4 : 5;  // similar street; other code or same area
  if (region == 3) return 3;                     // same kelurahan, street differs or missing
  if (region == 2) return 2;                     // same kecamatan
  return 1;
}

}  // namespace

Levels compare(const Record& a, const Features* fa, const Record& b, const Features* fb,
               double* name_similarity_out) {
  Levels l{};
  l[kNik] = nik_level(a.nik, b.nik);
  l[kBirth] = birth_level(a.birth, b.birth);
  l[kSex] = sex_level(a.sex, b.sex);
  const uint8_t region = region_level(a.region, b.region);
  uint8_t address = 0;
  if (name_similarity_out) *name_similarity_out = 1.0;
  if (ascii_iequal(a.name, b.name) && !a.name.empty()) {
    l[kName] = 5;
  } else {
    // Without precomputed features (exact pass, random sample) only the tokens are needed.
    std::vector<std::string> ta;
    std::vector<std::string> tb;
    const auto& xa = fa ? fa->name : (ta = name_tokens(a.name));
    const auto& xb = fb ? fb->name : (tb = name_tokens(b.name));
    const double sim = xa.empty() || xb.empty() ? 0.0 : name_token_similarity(xa, xb);
    if (name_similarity_out) *name_similarity_out = xa.empty() || xb.empty() ? 1.0 : sim;
    l[kName] = xa.empty() || xb.empty() ? 0 : name_level_of(sim);
  }
  if (a.address.empty() || b.address.empty()) {
    address = 0;
  } else if (ascii_iequal(a.address, b.address)) {
    address = 4;
  } else {
    std::vector<std::string> ta;
    std::vector<std::string> tb;
    auto sorted_tokens = [](std::string_view text) {
      auto t = address_tokens(text);
      std::sort(t.begin(), t.end());
      return t;
    };
    const auto& xa = fa ? fa->address : (ta = sorted_tokens(a.address));
    const auto& xb = fb ? fb->address : (tb = sorted_tokens(b.address));
    address = xa.empty() || xb.empty() ? 0 : address_level_of(address_similarity(xa, xb));
  }
  l[kResidence] = residence_level(address, region);
  return l;
}

uint32_t pattern_of(const Levels& l) {
  uint32_t p = 0;
  for (int f = 0; f < kFieldCount; ++f) p = p * kLevels[f] + l[f];
  return p;
}

Levels levels_of(uint32_t p) {
  Levels l{};
  for (int f = kFieldCount - 1; f >= 0; --f) {
    l[f] = static_cast<uint8_t>(p % kLevels[f]);
    p /= kLevels[f];
  }
  return l;
}

Compared compare_candidates(std::span<const Record> population, std::span<const Record> members,
                            const Residual& rest, const std::vector<uint64_t>& cand, int threads) {
  Compared out;
  out.pattern.assign(cand.size(), 0);
  std::vector<std::vector<double>> hists(static_cast<size_t>(threads),
                                         std::vector<double>(kPatterns, 0.0));
  parallel_for(cand.size(), threads, [&](size_t b, size_t e, int t) {
    auto& h = hists[static_cast<size_t>(t)];
    for (size_t i = b; i < e; ++i) {
      const uint32_t pi = static_cast<uint32_t>(cand[i] >> 32);
      const uint32_t mi = static_cast<uint32_t>(cand[i]);
      const Levels l = compare(population[rest.pop_rest[pi]], &rest.pop_feat[pi],
                               members[rest.mem_rest[mi]], &rest.mem_feat[mi]);
      out.pattern[i] = pattern_of(l);
      h[out.pattern[i]] += 1;
    }
  });
  out.hist.assign(kPatterns, 0.0);
  for (const auto& h : hists) {
    for (uint32_t p = 0; p < kPatterns; ++p) out.hist[p] += h[p];
  }
  return out;
}

}  // namespace siklus::linkage::detail
