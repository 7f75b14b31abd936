// The linkage pipeline: exact pass (exact.cpp), blocking (blocking.cpp), comparison
// (compare.cpp), Fellegi–Sunter model by EM (em.cpp), one-to-one assignment (assign.cpp).
// This file runs the stages in order and times them; the stages share no state but what is
// passed between them here.

#include "coverage/linkage/linkage.h"

#include "coverage/linkage/assign.h"
#include "coverage/linkage/blocking.h"
#include "coverage/linkage/compare.h"
#include "coverage/linkage/em.h"
#include "coverage/linkage/exact.h"
#include "coverage/linkage/parallel.h"

namespace siklus::linkage {

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

LinkResult link_records(std::span<const Record> population, std::span<const Record> members,
                        const LinkOptions& options) {
  using namespace detail;
  const int threads = thread_count(options.threads);
  LinkResult result;
  LinkStats& stats = result.stats;

  auto t0 = Clock::now();
  ExactPass exact = exact_pass(population, members, options, threads, stats);
  stats.seconds_exact = since(t0);

  t0 = Clock::now();
  const Blocking blocks = block_candidates(population, members, exact.pop_used, exact.mem_used,
                                           options, threads, stats);
  const NameFrequency names = name_frequency(blocks.rest);
  stats.seconds_blocking = since(t0);

  t0 = Clock::now();
  const Compared compared =
      compare_candidates(population, members, blocks.rest, blocks.candidates, threads);
  stats.seconds_compare = since(t0);

  t0 = Clock::now();
  const Model model = estimate_model(population, members, exact.hist, compared.hist,
                                     blocks.candidates.size(), blocks.rest.pop_rest.size(),
                                     blocks.rest.mem_rest.size(), options, threads, stats);
  stats.seconds_em = since(t0);

  t0 = Clock::now();
  result.links = assign_links(population.size(), members.size(), exact, blocks.rest,
                              blocks.candidates, compared.pattern, names, model, options, stats);
  stats.seconds_assign = since(t0);
  return result;
}

}  // namespace siklus::linkage
