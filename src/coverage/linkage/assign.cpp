#include "coverage/linkage/assign.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "coverage/linkage/parallel.h"

namespace siklus::linkage::detail {
namespace {

constexpr double kMaxTfBits = 8;  // bound of the term-frequency adjustment of a name match

uint64_t name_hash(const Features& f) {
  uint64_t h = 0x84222325ULL;
  for (const auto& t : f.name) h = hash_bytes(t, h);
  return h;
}

}  // namespace

NameFrequency name_frequency(const Residual& rest) {
  NameFrequency names;
  names.pop_name.resize(rest.pop_rest.size());
  for (size_t i = 0; i < rest.pop_rest.size(); ++i) names.pop_name[i] = name_hash(rest.pop_feat[i]);
  names.count.reserve(rest.pop_rest.size() + rest.mem_rest.size());
  for (uint64_t h : names.pop_name) ++names.count[h].first;
  for (const auto& f : rest.mem_feat) ++names.count[name_hash(f)].second;
  names.total = static_cast<double>(rest.pop_rest.size() + rest.mem_rest.size());
  return names;
}

std::vector<Link> assign_links(size_t population, size_t members, ExactPass& exact,
                               const Residual& rest, const std::vector<uint64_t>& cand,
                               const std::vector<uint32_t>& candidate_pattern,
                               const NameFrequency& names, const Model& model,
                               const LinkOptions& options, const LinkStats& stats) {
  std::vector<Link> links;
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
    double w = pattern_weight[candidate_pattern[i]];
    if (pattern_name_exact[candidate_pattern[i]]) {
      // Term-frequency adjustment (as in Splink): u of "same name" is how common this name is.
      // The pair's own two records are not counted: in a small file they would make every name
      // look common.
      const auto it = names.count.find(names.pop_name[cand[i] >> 32]);
      const double others = it == names.count.end()
                                ? 0.0
                                : static_cast<double>(it->second.first - 1) +
                                      static_cast<double>(it->second.second - 1);
      const double tf = std::max(others / names.total, u_name_exact / std::exp2(kMaxTfBits));
      w += std::clamp(std::log2(u_name_exact / tf), -kMaxTfBits, kMaxTfBits);
    }
    if (model.probability(w) < options.review_probability) continue;
    scored.push_back(
        {w, rest.pop_rest[cand[i] >> 32], rest.mem_rest[static_cast<uint32_t>(cand[i])]});
  }
  std::sort(scored.begin(), scored.end(), [](const Scored& x, const Scored& y) {
    if (x.weight != y.weight) return x.weight > y.weight;
    if (x.pop != y.pop) return x.pop < y.pop;
    return x.mem < y.mem;
  });
  links.reserve(stats.exact_pairs + scored.size());
  // Exact pairs are scored against all pairs of the two files (their prior is the share of
  // matches among all pairs), the probabilistic pass against the pairs of the records left.
  Model exact_model = model;
  {
    const double all = static_cast<double>(population) * static_cast<double>(members);
    const double left =
        static_cast<double>(rest.pop_rest.size()) * static_cast<double>(rest.mem_rest.size());
    if (all > 0) {
      exact_model.prior = std::clamp(
          (static_cast<double>(stats.exact_pairs) + model.prior * left) / all, 1e-15, 0.5);
    }
  }
  for (size_t i = 0; i < exact.pairs.size(); ++i) {
    if (!exact.accepted[i]) continue;
    const double w = pattern_weight[pattern_of(exact.levels[i])];
    links.push_back({exact.pairs[i].first, exact.pairs[i].second, exact_model.probability(w), w,
                     Decision::kMatch, true});
  }
  for (const auto& s : scored) {
    if (exact.pop_used[s.pop] || exact.mem_used[s.mem]) continue;
    exact.pop_used[s.pop] = 1;
    exact.mem_used[s.mem] = 1;
    const double prob = model.probability(s.weight);
    links.push_back({s.pop, s.mem, prob, s.weight,
                     prob >= options.match_probability ? Decision::kMatch : Decision::kReview,
                     false});
  }
  std::sort(links.begin(), links.end(),
            [](const Link& x, const Link& y) { return x.population < y.population; });
  return links;
}

}  // namespace siklus::linkage::detail
