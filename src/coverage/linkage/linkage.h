#pragma once
// Record linkage of insurer members to population residents (issue 3, domain.md §4–§5).
// A pure engine: records in, links out; no file I/O, no SQL.
//
//   1. Exact pass: a NIK that is unique on both sides links the pair, unless the names are
//      clearly different people (a mistyped NIK can hit someone else's NIK).
//   2. Probabilistic pass on what is left: candidate pairs from several blocking keys (NIK
//      equal, birth date with day and month unordered plus a phonetic name key or the kelurahan,
//      phonetic name key plus birth year, pairs of name keys, the whole name), compared field by
//      field into levels, Fellegi–Sunter m/u probabilities estimated by EM on the candidates
//      (started from the exact pairs for m and random pairs for u), a match probability per pair.
//   3. One-to-one: pairs at or above the review probability, strongest first, each record used
//      once; at or above the match probability the decision is `match`, below it `review`.
//
// Thread safety: link_records() is reentrant; it uses up to `threads` threads internally.

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/nik.h"

namespace siklus::linkage {

//! Birth date as written, components kept even when they are not a real day (a day/month swap
//! gives "1985-13-05"); year 0 means unknown.
struct BirthDate {
  int16_t year = 0;
  int8_t month = 0;
  int8_t day = 0;
  bool known() const { return year != 0; }
};

//! One person on either side. Views point into caller-owned text that must outlive the call.
struct Record {
  std::string_view nik;   // as given; may be empty, short, or contain non-digits
  std::string_view name;  // full name as written
  Sex sex = Sex::kUnknown;
  BirthDate birth;
  std::string_view address;  // street address
  std::string_view region;   // kelurahan/desa code, digits only (e.g. 3371011003); may be empty
};

struct LinkOptions {
  //! Stated rule, not tuned per data set: a pair whose EM match probability is at least
  //! `match_probability` is a match, at least `review_probability` goes to review.
  double match_probability = 0.99;
  double review_probability = 0.5;
  //! Exact-NIK pairs whose name similarity (core/indonesian_name) is below this are treated as
  //! a NIK collision and go through the probabilistic pass instead.
  double exact_name_guard = 0.7;
  //! Blocks whose pair count (population × members) is larger are skipped: another key covers
  //! their true pairs, and one huge block ("Muhammad" born 1990) would dominate the run time.
  uint64_t max_block_pairs = 400;
  //! Extra blocking keys that catch a NIK with one digit mistyped or two swapped when name and
  //! birth date are damaged as well; off by default (many pairs, the other keys find these).
  bool nik_mask_keys = false;
  int em_iterations = 60;
  uint32_t random_pairs = 200000;  // sample for the initial u probabilities
  uint32_t random_records = 4000;  // records per side the random pairs are drawn from
  int threads = 0;                 // 0 = hardware concurrency
};

enum class Decision : uint8_t { kMatch, kReview };
const char* decision_name(Decision decision);  // "match" / "review"

struct Link {
  uint32_t population = 0;  // index into the population span
  uint32_t member = 0;      // index into the members span
  double probability = 0;   // match probability under the fitted model
  double weight = 0;        // log2 Bayes factor (sum of field weights)
  Decision decision = Decision::kMatch;
  bool exact = false;  // linked by the exact NIK pass
};

//! Comparison fields and their levels; level 0 is always "missing on a side" (weight 0).
//! Residence combines street address and kelurahan code (a move changes both).
enum Field : uint8_t { kNik, kName, kBirth, kSex, kResidence, kFieldCount };
inline constexpr std::array<uint8_t, kFieldCount> kLevels = {4, 6, 5, 3, 7};
const char* field_name(Field field);
const char* level_name(Field field, int level);

struct FieldModel {
  std::vector<double> m;  // P(level | match), levels 1.. (index 0 unused)
  std::vector<double> u;  // P(level | non-match)
};

struct LinkStats {
  uint64_t exact_pairs = 0;               // linked by the exact pass
  uint64_t exact_rejected = 0;            // unique NIK on both sides but names disagree
  uint64_t duplicate_nik_population = 0;  // records sharing a NIK with another on their side
  uint64_t duplicate_nik_members = 0;
  uint64_t candidate_pairs = 0;  // compared in the probabilistic pass
  uint64_t blocks_skipped = 0;   // blocks over max_block_pairs
  //! Pairs emitted per kind of blocking key, before removing duplicates: nik, nik_mask,
  //! birth_name, name_year, name_pair, name_full, birth_region (index = KeyTag).
  std::array<uint64_t, 16> pairs_by_key{};
  double match_prior = 0;  // EM share of matches among candidate pairs
  int em_iterations = 0;
  std::array<FieldModel, kFieldCount> model;
  std::vector<double> nik_u_same_birth;  // NIK u among same-birth-date pairs (levels 1..)
  double seconds_exact = 0;              // exact pass: join plus the name check of every pair
  double seconds_exact_join = 0;         // the NIK join alone (unique on both sides)
  double seconds_blocking = 0;
  double seconds_compare = 0;
  double seconds_em = 0;
  double seconds_assign = 0;
};

struct LinkResult {
  std::vector<Link> links;  // ordered by population index
  LinkStats stats;
};

LinkResult link_records(std::span<const Record> population, std::span<const Record> members,
                        const LinkOptions& options = {});

//! The exact stage alone: pairs (population index, member index) whose NIK (digits only, any
//! length up to 18) is unique on both sides and equal. Exposed for benchmarks and tests.
std::vector<std::pair<uint32_t, uint32_t>> exact_nik_pairs(std::span<const Record> population,
                                                           std::span<const Record> members,
                                                           int threads = 0);

}  // namespace siklus::linkage
