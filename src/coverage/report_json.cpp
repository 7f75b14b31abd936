#include "coverage/report_json.h"

namespace siklus::coverage {

namespace {

nlohmann::json figures_json(const AreaCoverage& s, const std::string& code, const std::string& name,
                            const char* level, const CoverageOptions& options, bool detail) {
  nlohmann::json j = {
      {"region", code},
      {"name", name},
      {"level", level},
      {"residents", s.residents},
      {"members_linked", s.members_linked},
      {"members_active", s.members_active},
      {"coverage_pct", s.coverage_pct()},
      {"active_pct", s.active_pct()},
      {"naive_pct", s.naive_pct()},
      {"members_registered", s.members_registered},
      {"members_not_resident", s.members_not_resident},
      {"not_resident",
       {{"died", s.not_resident_died},
        {"moved_out", s.not_resident_moved},
        {"unlinked", s.not_resident_unlinked}}},
      {"members_elsewhere", s.members_elsewhere},
      {"members_review", s.members_review},
      {"uncovered", s.uncovered()},
      {"inactive", s.inactive()},
      {"uhc_status", uhc_status(s, options.thresholds)},
      // Enrolling every uncovered resident and re-activating every inactive member as PBI APBD.
      {"enrol_cost_month",
       static_cast<int64_t>(s.uncovered() + s.inactive()) * options.premium_rupiah},
  };
  if (detail) {
    nlohmann::json seg = nlohmann::json::array();
    for (Segment sg : kSegments) {
      const int i = static_cast<int>(sg);
      if (s.segment_linked[i] == 0 && sg == Segment::kUnknown) continue;
      seg.push_back({{"segment", sg == Segment::kUnknown ? "unknown" : segment_code(sg)},
                     {"members_linked", s.segment_linked[i]},
                     {"members_active", s.segment_active[i]},
                     {"share_pct", pct(s.segment_linked[i], s.members_linked)}});
    }
    j["segments"] = std::move(seg);
    nlohmann::json ages = nlohmann::json::array();
    for (int g = 0; g < kAgeGroups; ++g) {
      const AgeCoverage& ag = s.ages[static_cast<size_t>(g)];
      if (g == kAgeGroups - 1 && ag.residents == 0 && ag.linked == 0) continue;
      ages.push_back({{"group", kAgeGroupNames[g]},
                      {"residents", ag.residents},
                      {"members_linked", ag.linked},
                      {"members_active", ag.active},
                      {"coverage_pct", pct(ag.linked, ag.residents)},
                      {"active_pct", pct(ag.active, ag.residents)}});
    }
    j["age_groups"] = std::move(ages);
  }
  return j;
}

void add(AreaCoverage& to, const AreaCoverage& s) {
  for (auto [a, b] : {std::pair{&to.residents, &s.residents},
                      {&to.members_linked, &s.members_linked},
                      {&to.members_active, &s.members_active},
                      {&to.members_registered, &s.members_registered},
                      {&to.members_not_resident, &s.members_not_resident},
                      {&to.not_resident_died, &s.not_resident_died},
                      {&to.not_resident_moved, &s.not_resident_moved},
                      {&to.not_resident_unlinked, &s.not_resident_unlinked},
                      {&to.members_elsewhere, &s.members_elsewhere},
                      {&to.members_review, &s.members_review}}) {
    *a += *b;
  }
  for (int i = 0; i < kSegmentCount; ++i) {
    to.segment_linked[i] += s.segment_linked[i];
    to.segment_active[i] += s.segment_active[i];
  }
  for (int g = 0; g < kAgeGroups; ++g) {
    to.ages[g].residents += s.ages[g].residents;
    to.ages[g].linked += s.ages[g].linked;
    to.ages[g].active += s.ages[g].active;
  }
}

nlohmann::json thresholds_json(const CoverageOptions& options) {
  return {{"uhc_coverage_pct", options.thresholds.uhc_coverage_pct},
          {"uhc_active_pct", options.thresholds.uhc_active_pct},
          {"basic_coverage_pct", options.thresholds.basic_coverage_pct}};
}

}  // namespace

nlohmann::json area_json(const CoverageReport& report, int32_t area, const CoverageOptions& options,
                         bool detail) {
  const Area& a = report.areas[area];
  nlohmann::json j = figures_json(report.stats[static_cast<size_t>(area)], a.code, a.name,
                                  area_level_name(a.level), options, detail);
  // The insurer's address has no RW, so a naive ratio below the kelurahan means nothing.
  if (a.level == AreaLevel::kRw) j["naive_pct"] = nullptr;
  return j;
}

nlohmann::json scope_json(const CoverageReport& report, std::span<const int32_t> areas,
                          const std::string& name, const CoverageOptions& options,
                          const std::string& snapshot) {
  AreaCoverage sum;
  bool rw = false;
  for (int32_t a : areas) {
    add(sum, report.stats[static_cast<size_t>(a)]);
    rw = rw || report.areas[a].level == AreaLevel::kRw;
  }
  nlohmann::json j = figures_json(sum, "me", name, "scope", options, true);
  if (rw) j["naive_pct"] = nullptr;
  j["snapshot"] = snapshot;
  j["thresholds"] = thresholds_json(options);
  j["premium_rupiah"] = options.premium_rupiah;
  nlohmann::json children = nlohmann::json::array();
  for (int32_t c : areas) children.push_back(area_json(report, c, options, false));
  j["children"] = std::move(children);
  return j;
}

nlohmann::json coverage_json(const CoverageReport& report, int32_t area,
                             const CoverageOptions& options, const std::string& snapshot) {
  nlohmann::json j = area_json(report, area, options, true);
  j["snapshot"] = snapshot;
  j["thresholds"] = thresholds_json(options);
  j["premium_rupiah"] = options.premium_rupiah;
  if (report.areas[area].parent < 0) j["members_unplaced"] = report.members_unplaced;
  nlohmann::json children = nlohmann::json::array();
  for (int32_t c : report.areas[area].children) {
    children.push_back(area_json(report, c, options, false));
  }
  j["children"] = std::move(children);
  return j;
}

}  // namespace siklus::coverage
