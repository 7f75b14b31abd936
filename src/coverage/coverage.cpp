#include "coverage/coverage.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/region_code.h"

namespace siklus::coverage {

const char* area_level_name(AreaLevel level) {
  switch (level) {
    case AreaLevel::kCity:
      return "city";
    case AreaLevel::kDistrict:
      return "district";
    case AreaLevel::kVillage:
      return "village";
    case AreaLevel::kRw:
      return "rw";
  }
  return "";
}

std::string rw_code(std::string_view village, int rw) {
  char buf[16];
  std::snprintf(buf, sizeof buf, ".RW%02d", rw);
  return std::string(village) + buf;
}

std::optional<std::string> normalize_area_code(std::string_view text) {
  const size_t rw = text.find("RW");
  if (rw == std::string_view::npos) return normalize_region_code(text);
  std::string_view village = text.substr(0, rw);
  while (!village.empty() && (village.back() == '.' || village.back() == '-' ||
                              village.back() == '/' || village.back() == ' ')) {
    village.remove_suffix(1);
  }
  auto code = normalize_region_code(village);
  if (!code || code->size() != 10) return std::nullopt;
  const std::string_view digits = text.substr(rw + 2);
  if (digits.empty() || digits.size() > 3) return std::nullopt;
  int n = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return rw_code(*code, n);
}

int age_group(std::optional<Date> birth, Date on) {
  if (!birth) return kAgeGroups - 1;
  const int years = age_in_years(*birth, on);
  if (years < 5) return 0;
  if (years < 7) return 1;
  if (years < 18) return 2;
  if (years < 60) return 3;
  return 4;
}

int32_t AreaTree::add(std::string code, std::string name, AreaLevel level, int32_t parent) {
  const auto id = static_cast<int32_t>(nodes_.size());
  index_.emplace(code, id);
  nodes_.push_back({std::move(code), std::move(name), level, parent, {}});
  if (parent >= 0) {
    // Children stay sorted by code (loads add them in order; a live change may add an RW later).
    auto& kids = nodes_[static_cast<size_t>(parent)].children;
    auto at = std::upper_bound(kids.begin(), kids.end(), id, [this](int32_t a, int32_t b) {
      return nodes_[static_cast<size_t>(a)].code < nodes_[static_cast<size_t>(b)].code;
    });
    kids.insert(at, id);
  }
  return id;
}

std::optional<int32_t> AreaTree::find(std::string_view code) const {
  auto it = index_.find(std::string(code));
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

std::optional<int32_t> AreaTree::find_nearest(std::string_view code) const {
  std::string c(code);
  for (;;) {
    if (auto id = find(c)) return id;
    if (const size_t rw = c.find(".RW"); rw != std::string::npos) {
      c.resize(rw);
    } else if (c.size() > 4) {
      c = parent_region(c);
    } else {
      return std::nullopt;
    }
  }
}

double pct(uint64_t num, uint64_t den) {
  if (den == 0) return 0;
  return std::round(10000.0 * static_cast<double>(num) / static_cast<double>(den)) / 100.0;
}

double AreaCoverage::coverage_pct() const { return pct(members_linked, residents); }
double AreaCoverage::active_pct() const { return pct(members_active, residents); }
double AreaCoverage::naive_pct() const { return pct(members_registered, residents); }

std::string uhc_status(const AreaCoverage& a, const Thresholds& t) {
  if (a.residents == 0) return "no_residents";
  // Compare unrounded ratios so 97.996 % does not pass a 98 % bar by rounding.
  const double cov =
      100.0 * static_cast<double>(a.members_linked) / static_cast<double>(a.residents);
  const double act =
      100.0 * static_cast<double>(a.members_active) / static_cast<double>(a.residents);
  if (cov >= t.uhc_coverage_pct && act >= t.uhc_active_pct) return "uhc_prioritas";
  if (cov >= t.basic_coverage_pct) return "uhc_basic";
  return "below";
}

namespace {

// Counts move by +1 or -1 (a resident or member added or taken back); unsigned wrap-around makes
// adding -1 a subtraction.
void bump(uint64_t& v, int sign) { v += static_cast<uint64_t>(static_cast<int64_t>(sign)); }

}  // namespace

void count_resident(CoverageReport& report, const ResidentFact& r, int sign) {
  if (r.state != ResidentState::kAlive) return;
  for (int32_t a = r.area; a >= 0; a = report.areas[a].parent) {
    AreaCoverage& s = report.stats[static_cast<size_t>(a)];
    bump(s.residents, sign);
    bump(s.ages[r.age_group].residents, sign);
  }
}

void count_member(CoverageReport& report, const MemberFact& m, const ResidentFact* r, int sign) {
  const AreaTree& areas = report.areas;
  auto& stats = report.stats;
  const bool active = m.status == MemberStatus::kActive;
  const int seg = static_cast<int>(m.segment);
  const bool lives_here = r != nullptr && r->state == ResidentState::kAlive && r->area >= 0;
  // The chain of the resident's address, to tell "registered here, lives elsewhere" apart.
  std::array<int32_t, 4> home{-1, -1, -1, -1};
  if (lives_here) {
    size_t i = 0;
    for (int32_t a = r->area; a >= 0 && i < home.size(); a = areas[a].parent) {
      home[i++] = a;
      AreaCoverage& s = stats[static_cast<size_t>(a)];
      bump(s.members_linked, sign);
      bump(s.segment_linked[seg], sign);
      bump(s.ages[r->age_group].linked, sign);
      if (active) {
        bump(s.members_active, sign);
        bump(s.segment_active[seg], sign);
        bump(s.ages[r->age_group].active, sign);
      }
    }
  }
  if (m.registered_area < 0) {
    bump(report.members_unplaced, sign);
    return;
  }
  for (int32_t a = m.registered_area; a >= 0; a = areas[a].parent) {
    AreaCoverage& s = stats[static_cast<size_t>(a)];
    bump(s.members_registered, sign);
    if (m.review_pending) bump(s.members_review, sign);
    if (!lives_here) {
      bump(s.members_not_resident, sign);
      if (r == nullptr || r->area < 0) {
        bump(s.not_resident_unlinked, sign);
      } else if (r->state == ResidentState::kDied) {
        bump(s.not_resident_died, sign);
      } else {
        bump(s.not_resident_moved, sign);
      }
    } else if (home[0] != a && home[1] != a && home[2] != a && home[3] != a) {
      bump(s.members_elsewhere, sign);
    }
  }
}

CoverageReport compute_coverage(CoverageInput input) {
  CoverageReport out;
  out.areas = std::move(input.areas);
  out.stats.assign(out.areas.size(), AreaCoverage{});
  for (const ResidentFact& r : input.residents) count_resident(out, r, +1);
  for (const MemberFact& m : input.members) {
    const ResidentFact* r =
        m.resident >= 0 ? &input.residents[static_cast<size_t>(m.resident)] : nullptr;
    count_member(out, m, r, +1);
  }
  return out;
}

}  // namespace siklus::coverage
