#include "coverage/linkage/linkage.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <numeric>
#include <thread>
#include <unordered_map>

#include "core/indonesian_name.h"

namespace siklus::linkage {
namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

int thread_count(int requested) {
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

uint64_t mix(uint64_t x) {  // splitmix64 finaliser
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

uint64_t hash_bytes(std::string_view s, uint64_t tag) {
  uint64_t h = 0xcbf29ce484222325ULL ^ (tag * 0x9e3779b97f4a7c15ULL);
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return mix(h);
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Exact-pass key: the digits as a number with the length folded in ("0123" ≠ "123"); 0 = none.
uint64_t nik_key(std::string_view nik) {
  if (nik.size() > 17 || !all_digits(nik)) return 0;
  uint64_t v = 0;
  for (char c : nik) v = v * 10 + static_cast<uint64_t>(c - '0');
  return v * 20 + nik.size();
}

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

struct Features {
  std::vector<std::string> name;
  std::vector<std::string> name_keys;
  std::vector<std::string> address;
};

Features make_features(const Record& r) {
  Features f;
  f.name = name_tokens(r.name);
  f.name_keys.reserve(f.name.size());
  for (const auto& t : f.name) f.name_keys.push_back(name_phonetic_key(t));
  f.address = address_tokens(r.address);
  std::sort(f.address.begin(), f.address.end());
  return f;
}

using Levels = std::array<uint8_t, kFieldCount>;

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

// Compares two records; features are computed on demand (null) so that the exact pass, where
// names and addresses are nearly always identical, rarely needs them.
Levels compare(const Record& a, const Features* fa, const Record& b, const Features* fb,
               double* name_similarity_out = nullptr) {
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

constexpr uint32_t pattern_count() {
  uint32_t n = 1;
  for (auto k : kLevels) n *= k;
  return n;
}
constexpr uint32_t kPatterns = pattern_count();
constexpr double kMinM = 0.002;   // floor of P(level | match) for the final weights
constexpr double kMaxTfBits = 8;  // bound of the term-frequency adjustment of a name match

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

// Level distribution (levels 1..) of a histogram of patterns, with add-one smoothing so no level
// has probability 0.
std::array<FieldModel, kFieldCount> distribution(const std::vector<double>& hist) {
  std::array<FieldModel, kFieldCount> d;
  for (int f = 0; f < kFieldCount; ++f) {
    d[f].m.assign(kLevels[f], 0.0);
    d[f].u.assign(kLevels[f], 0.0);
  }
  for (uint32_t p = 0; p < kPatterns; ++p) {
    if (hist[p] == 0) continue;
    const Levels l = levels_of(p);
    for (int f = 0; f < kFieldCount; ++f) d[f].m[l[f]] += hist[p];
  }
  for (int f = 0; f < kFieldCount; ++f) {
    double total = 0;
    for (int k = 1; k < kLevels[f]; ++k) total += d[f].m[k] + 1.0;
    for (int k = 1; k < kLevels[f]; ++k) d[f].m[k] = (d[f].m[k] + 1.0) / total;
    d[f].m[0] = 0;
  }
  return d;
}

struct Model {
  std::array<FieldModel, kFieldCount> fields;
  double prior = 0.01;

  //! u of the NIK levels among pairs born on the same day; empty = use fields[kNik].u.
  std::vector<double> nik_u_same_birth;

  double weight(const Levels& l) const {
    double w = 0;
    for (int f = 0; f < kFieldCount; ++f) {
      if (l[f] == 0) continue;
      double u = fields[f].u[l[f]];
      // The NIK contains the birth date (and sex): two people born on the same day have NIKs
      // that differ only in region and serial, so a one-digit difference is weak evidence
      // then. Its u is taken among same-birth-date pairs instead of assuming independence.
      if (f == kNik && l[kBirth] == 4 && !nik_u_same_birth.empty()) u = nik_u_same_birth[l[f]];
      w += std::log2(fields[f].m[l[f]] / u);
    }
    return w;
  }
  double probability(double weight) const {
    const double odds = std::exp2(weight) * prior / (1.0 - prior);
    return odds / (1.0 + odds);
  }
};

// EM on the pattern histogram of candidate pairs (conditional independence of fields, missing
// levels ignored). Returns the number of iterations run.
int fit_em(const std::vector<double>& hist, Model& model, int max_iterations) {
  std::vector<uint32_t> present;
  for (uint32_t p = 0; p < kPatterns; ++p) {
    if (hist[p] > 0) present.push_back(p);
  }
  std::vector<Levels> levels(present.size());
  for (size_t i = 0; i < present.size(); ++i) levels[i] = levels_of(present[i]);
  double total = 0;
  for (uint32_t p : present) total += hist[p];
  if (total == 0) return 0;
  int it = 0;
  for (; it < max_iterations; ++it) {
    std::array<std::vector<double>, kFieldCount> mm;
    std::array<std::vector<double>, kFieldCount> uu;
    for (int f = 0; f < kFieldCount; ++f) {
      mm[f].assign(kLevels[f], 1e-3);  // tiny pseudo-count keeps every level possible
      uu[f].assign(kLevels[f], 1e-3);
    }
    double matches = 0;
    for (size_t i = 0; i < present.size(); ++i) {
      const double n = hist[present[i]];
      const double g = model.probability(model.weight(levels[i]));
      matches += n * g;
      for (int f = 0; f < kFieldCount; ++f) {
        mm[f][levels[i][f]] += n * g;
        uu[f][levels[i][f]] += n * (1 - g);
      }
    }
    double change = std::abs(model.prior - matches / total);
    model.prior = std::clamp(matches / total, 1e-9, 1 - 1e-9);
    for (int f = 0; f < kFieldCount; ++f) {
      double sm = 0;
      double su = 0;
      for (int k = 1; k < kLevels[f]; ++k) {
        sm += mm[f][k];
        su += uu[f][k];
      }
      for (int k = 1; k < kLevels[f]; ++k) {
        const double m = mm[f][k] / sm;
        const double u = uu[f][k] / su;
        change = std::max(change, std::abs(m - model.fields[f].m[k]));
        model.fields[f].m[k] = m;
        model.fields[f].u[k] = u;
      }
    }
    if (change < 1e-6) {
      ++it;
      break;
    }
  }
  return it;
}

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

const char* decision_name(Decision decision) {
  return decision == Decision::kMatch ? "match" : "review";
}

const char* field_name(Field field) {
  static constexpr const char* kNames[] = {"nik", "name", "birth_date", "sex", "residence"};
  return kNames[field];
}

const char* level_name(Field field, int level) {
  if (level == 0) return "missing";
  switch (field) {
    case kNik: {
      static constexpr const char* k[] = {"missing", "differ", "one_digit_off", "exact"};
      return k[level];
    }
    case kName: {
      static constexpr const char* k[] = {"missing",   "<0.70",      "0.70-0.85",
                                          "0.85-0.93", "0.93-0.999", "exact"};
      return k[level];
    }
    case kBirth: {
      static constexpr const char* k[] = {"missing", "differ", "one_part_differs",
                                          "day_month_swapped", "exact"};
      return k[level];
    }
    case kSex: {
      static constexpr const char* k[] = {"missing", "differ", "agree"};
      return k[level];
    }
    case kResidence: {
      static constexpr const char* k[] = {"missing",        "differ",          "same_kecamatan",
                                          "same_kelurahan", "similar_address", "same_address"};
      return k[level];
    }
    default:
      return "?";
  }
}

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

LinkResult link_records(std::span<const Record> population, std::span<const Record> members,
                        const LinkOptions& options) {
  const int threads = thread_count(options.threads);
  LinkResult result;
  LinkStats& stats = result.stats;

  // ---- 1. Exact pass -------------------------------------------------------------------------
  auto t0 = Clock::now();
  auto exact = exact_nik_pairs(population, members, threads);
  stats.seconds_exact_join = since(t0);
  std::vector<uint8_t> exact_ok(exact.size(), 0);
  std::vector<Levels> exact_levels(exact.size());
  parallel_for(exact.size(), threads, [&](size_t b, size_t e, int) {
    for (size_t i = b; i < e; ++i) {
      const Record& p = population[exact[i].first];
      const Record& m = members[exact[i].second];
      // A missing name has similarity 1 here: nothing contradicts the NIK.
      double name_sim = 1.0;
      exact_levels[i] = compare(p, nullptr, m, nullptr, &name_sim);
      exact_ok[i] = name_sim >= options.exact_name_guard;
    }
  });
  std::vector<uint8_t> pop_used(population.size(), 0);
  std::vector<uint8_t> mem_used(members.size(), 0);
  std::vector<double> exact_hist(kPatterns, 0.0);
  for (size_t i = 0; i < exact.size(); ++i) {
    if (!exact_ok[i]) {
      ++stats.exact_rejected;
      continue;
    }
    pop_used[exact[i].first] = 1;
    mem_used[exact[i].second] = 1;
    exact_hist[pattern_of(exact_levels[i])] += 1;
    ++stats.exact_pairs;
  }
  stats.seconds_exact = since(t0);

  // ---- 2. Blocking on the rest ---------------------------------------------------------------
  t0 = Clock::now();
  std::vector<uint32_t> pop_rest;
  std::vector<uint32_t> mem_rest;
  for (uint32_t i = 0; i < population.size(); ++i) {
    if (!pop_used[i]) pop_rest.push_back(i);
  }
  for (uint32_t i = 0; i < members.size(); ++i) {
    if (!mem_used[i]) mem_rest.push_back(i);
  }
  std::vector<Features> pop_feat(pop_rest.size());
  std::vector<Features> mem_feat(mem_rest.size());
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
  // How common each whole (normalised) name is among the records left, for the term-frequency
  // adjustment of exact name agreement: "Muhammad Rizki" agreeing says less than
  // "Parlindungan Situmorang" agreeing.
  auto name_hash = [](const Features& f) {
    uint64_t h = 0x84222325ULL;
    for (const auto& t : f.name) h = hash_bytes(t, h);
    return h;
  };
  std::vector<uint64_t> pop_name(pop_rest.size());
  for (size_t i = 0; i < pop_rest.size(); ++i) pop_name[i] = name_hash(pop_feat[i]);
  std::unordered_map<uint64_t, std::pair<uint32_t, uint32_t>> name_count;  // (population, members)
  name_count.reserve(pop_rest.size() + mem_rest.size());
  for (uint64_t h : pop_name) ++name_count[h].first;
  for (const auto& f : mem_feat) ++name_count[name_hash(f)].second;
  const double names_total = static_cast<double>(pop_rest.size() + mem_rest.size());
  if (threads > 1) {
    std::thread t([&] { std::sort(pop_keys.begin(), pop_keys.end()); });
    std::sort(mem_keys.begin(), mem_keys.end());
    t.join();
  } else {
    std::sort(pop_keys.begin(), pop_keys.end());
    std::sort(mem_keys.begin(), mem_keys.end());
  }
  std::vector<uint64_t> cand;  // residual indices: population << 32 | member
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
  stats.seconds_blocking = since(t0);

  // ---- 3. Compare candidates ----------------------------------------------------------------
  t0 = Clock::now();
  std::vector<uint32_t> cand_pattern(cand.size());
  std::vector<std::vector<double>> hists(static_cast<size_t>(threads),
                                         std::vector<double>(kPatterns, 0.0));
  parallel_for(cand.size(), threads, [&](size_t b, size_t e, int t) {
    auto& h = hists[static_cast<size_t>(t)];
    for (size_t i = b; i < e; ++i) {
      const uint32_t pi = static_cast<uint32_t>(cand[i] >> 32);
      const uint32_t mi = static_cast<uint32_t>(cand[i]);
      const Levels l =
          compare(population[pop_rest[pi]], &pop_feat[pi], members[mem_rest[mi]], &mem_feat[mi]);
      cand_pattern[i] = pattern_of(l);
      h[cand_pattern[i]] += 1;
    }
  });
  std::vector<double> cand_hist(kPatterns, 0.0);
  for (const auto& h : hists) {
    for (uint32_t p = 0; p < kPatterns; ++p) cand_hist[p] += h[p];
  }
  stats.seconds_compare = since(t0);

  // ---- 4. Fellegi–Sunter model by EM ----------------------------------------------------------
  t0 = Clock::now();
  Model model;
  {
    // m starts from the exact pairs (near-certain matches), u from random pairs.
    auto m0 = distribution(exact_hist);
    std::vector<double> random_hist(kPatterns, 0.0);
    if (!population.empty() && !members.empty()) {
      // Features of a fixed sample of records per side, then random pairs among them.
      auto sample = [&](std::span<const Record> side, uint64_t seed) {
        const size_t k = std::min<size_t>(side.size(), options.random_records);
        std::vector<uint32_t> idx(k);
        for (size_t i = 0; i < k; ++i) {
          idx[i] = static_cast<uint32_t>(k == side.size() ? i : mix(seed + i) % side.size());
        }
        std::vector<Features> feat(k);
        parallel_for(k, threads, [&](size_t b, size_t e, int) {
          for (size_t i = b; i < e; ++i) feat[i] = make_features(side[idx[i]]);
        });
        return std::make_pair(std::move(idx), std::move(feat));
      };
      const auto ps = sample(population, 0x9e37);
      const auto ms = sample(members, 0x7f4a);
      // More samples than there are distinct pairs would only repeat them.
      const uint32_t n = static_cast<uint32_t>(std::min<uint64_t>(
          options.random_pairs,
          static_cast<uint64_t>(ps.first.size()) * static_cast<uint64_t>(ms.first.size())));
      std::vector<std::vector<double>> rh(static_cast<size_t>(threads),
                                          std::vector<double>(kPatterns, 0.0));
      parallel_for(n, threads, [&](size_t b, size_t e, int t) {
        for (size_t s = b; s < e; ++s) {
          const uint64_t r = mix(0x5eed + s);
          const size_t pi = (r >> 32) % ps.first.size();
          const size_t mi = (r & 0xffffffffu) % ms.first.size();
          rh[static_cast<size_t>(t)][pattern_of(compare(population[ps.first[pi]], &ps.second[pi],
                                                        members[ms.first[mi]], &ms.second[mi]))] +=
              1;
        }
      });
      for (const auto& h : rh) {
        for (uint32_t p = 0; p < kPatterns; ++p) random_hist[p] += h[p];
      }
    }
    auto u0 = distribution(random_hist);
    // u of the NIK levels among random pairs born on the same day (see Model::weight).
    std::vector<std::pair<uint32_t, uint32_t>> by_birth;  // (birth key, population index)
    auto birth_key = [](BirthDate b) {
      return static_cast<uint32_t>(b.year) << 16 | static_cast<uint32_t>(b.month) << 8 |
             static_cast<uint32_t>(b.day);
    };
    const size_t stride = std::max<size_t>(1, population.size() / 1000000);
    for (size_t i = 0; i < population.size(); i += stride) {
      if (population[i].birth.known() && !population[i].nik.empty()) {
        by_birth.emplace_back(birth_key(population[i].birth), static_cast<uint32_t>(i));
      }
    }
    std::sort(by_birth.begin(), by_birth.end());
    std::array<double, 4> nik_same{};
    double nik_same_n = 0;
    const uint64_t same_birth_samples =
        std::min<uint64_t>(options.random_pairs, 1000 + 10 * static_cast<uint64_t>(members.size()));
    for (uint32_t s = 0; s < same_birth_samples && !members.empty() && !by_birth.empty(); ++s) {
      const uint64_t r = mix(0xb1e7 + s);
      const Record& m = members[(r >> 32) % members.size()];
      if (!m.birth.known() || m.nik.empty()) continue;
      const uint32_t k = birth_key(m.birth);
      auto lo = std::lower_bound(by_birth.begin(), by_birth.end(), std::make_pair(k, 0u));
      auto hi = std::lower_bound(lo, by_birth.end(), std::make_pair(k + 1, 0u));
      if (lo == hi) continue;
      const auto& p = population[(lo + static_cast<std::ptrdiff_t>((r & 0xffffffffu) %
                                                                   static_cast<uint64_t>(hi - lo)))
                                     ->second];
      const uint8_t level = nik_level(p.nik, m.nik);
      // u is about different people: a sampled pair that is probably one person (same NIK, or
      // a close NIK and a similar name) is left out, or in small files true pairs dominate.
      if (level == 3 || (level == 2 && name_similarity(p.name, m.name) >= 0.85)) continue;
      nik_same[level] += 1;
      nik_same_n += 1;
    }
    if (nik_same_n >= 1000) {
      model.nik_u_same_birth.assign(4, 0.0);
      for (int k = 1; k < 4; ++k) model.nik_u_same_birth[k] = (nik_same[k] + 1) / (nik_same_n + 3);
      stats.nik_u_same_birth = model.nik_u_same_birth;
    }
    for (int f = 0; f < kFieldCount; ++f) {
      model.fields[f].m = m0[f].m;
      model.fields[f].u = u0[f].m;
    }
    // The exact pairs all agree on NIK by construction; start NIK's m from a neutral guess.
    model.fields[kNik].m = {0, 0.2, 0.3, 0.5};
    const double rest = static_cast<double>(std::min(pop_rest.size(), mem_rest.size()));
    model.prior =
        cand.empty() ? 0.01 : std::clamp(0.5 * rest / static_cast<double>(cand.size()), 1e-6, 0.5);
    stats.em_iterations = fit_em(cand_hist, model, options.em_iterations);
    // EM over candidate pairs gives m (what true pairs look like) and how many true pairs there
    // are, but its u describes non-matches that were blocked together, which agree on the
    // blocking fields far more often than two people picked at random. Scoring a pair against
    // random pairs is what the match probability means, so the final u comes from the random
    // sample and the prior from the number of matches over all pairs of the records left.
    const double true_pairs = model.prior * static_cast<double>(cand.size());
    const double all_pairs =
        static_cast<double>(pop_rest.size()) * static_cast<double>(mem_rest.size());
    stats.match_prior = model.prior;
    for (int f = 0; f < kFieldCount; ++f) {
      model.fields[f].u = u0[f].m;
      // No level is impossible for a true pair: EM can push a rare level's m towards 0, which
      // would veto a pair on one field however well the others agree.
      double sum = 0;
      for (int k = 1; k < kLevels[f]; ++k)
        sum += model.fields[f].m[k] = std::max(model.fields[f].m[k], kMinM);
      for (int k = 1; k < kLevels[f]; ++k) model.fields[f].m[k] /= sum;
    }
    model.prior = all_pairs > 0 ? std::clamp(true_pairs / all_pairs, 1e-15, 0.5) : 0.5;
    stats.model = model.fields;
  }
  stats.seconds_em = since(t0);

  // ---- 5. One-to-one assignment --------------------------------------------------------------
  t0 = Clock::now();
  std::vector<double> pattern_weight(kPatterns, 0.0);
  for (uint32_t p = 0; p < kPatterns; ++p) pattern_weight[p] = model.weight(levels_of(p));
  struct Scored {
    double weight;
    uint32_t pop;
    uint32_t mem;
  };
  std::vector<Scored> scored;
  std::vector<uint8_t> pattern_name_exact(kPatterns, 0);
  for (uint32_t p = 0; p < kPatterns; ++p) pattern_name_exact[p] = levels_of(p)[kName] == 5;
  const double u_name_exact = model.fields[kName].u[5];
  for (size_t i = 0; i < cand.size(); ++i) {
    double w = pattern_weight[cand_pattern[i]];
    if (pattern_name_exact[cand_pattern[i]]) {
      // Term-frequency adjustment (as in Splink): u of "same name" is how common this name is.
      // The pair's own two records are not counted: in a small file they would make every name
      // look common.
      const auto it = name_count.find(pop_name[cand[i] >> 32]);
      const double others = it == name_count.end() ? 0.0
                                                   : static_cast<double>(it->second.first - 1) +
                                                         static_cast<double>(it->second.second - 1);
      const double tf = std::max(others / names_total, u_name_exact / std::exp2(kMaxTfBits));
      w += std::clamp(std::log2(u_name_exact / tf), -kMaxTfBits, kMaxTfBits);
    }
    if (model.probability(w) < options.review_probability) continue;
    scored.push_back({w, pop_rest[cand[i] >> 32], mem_rest[static_cast<uint32_t>(cand[i])]});
  }
  std::sort(scored.begin(), scored.end(), [](const Scored& x, const Scored& y) {
    if (x.weight != y.weight) return x.weight > y.weight;
    if (x.pop != y.pop) return x.pop < y.pop;
    return x.mem < y.mem;
  });
  result.links.reserve(stats.exact_pairs + scored.size());
  // Exact pairs are scored against all pairs of the two files (their prior is the share of
  // matches among all pairs), the probabilistic pass against the pairs of the records left.
  Model exact_model = model;
  {
    const double all = static_cast<double>(population.size()) * static_cast<double>(members.size());
    const double rest = static_cast<double>(pop_rest.size()) * static_cast<double>(mem_rest.size());
    if (all > 0) {
      exact_model.prior = std::clamp(
          (static_cast<double>(stats.exact_pairs) + model.prior * rest) / all, 1e-15, 0.5);
    }
  }
  for (size_t i = 0; i < exact.size(); ++i) {
    if (!exact_ok[i]) continue;
    const double w = pattern_weight[pattern_of(exact_levels[i])];
    result.links.push_back(
        {exact[i].first, exact[i].second, exact_model.probability(w), w, Decision::kMatch, true});
  }
  for (const auto& s : scored) {
    if (pop_used[s.pop] || mem_used[s.mem]) continue;
    pop_used[s.pop] = 1;
    mem_used[s.mem] = 1;
    const double prob = model.probability(s.weight);
    result.links.push_back(
        {s.pop, s.mem, prob, s.weight,
         prob >= options.match_probability ? Decision::kMatch : Decision::kReview, false});
  }
  std::sort(result.links.begin(), result.links.end(),
            [](const Link& x, const Link& y) { return x.population < y.population; });
  stats.seconds_assign = since(t0);
  return result;
}

}  // namespace siklus::linkage
