#include "coverage/coverage_data.h"

#include <cstdio>

namespace siklus::coverage {

std::pair<std::string, std::string> prefix_range(std::string_view prefix) {
  std::string hi(prefix);
  // Codes are digits (and ".RW"), so bumping the last character bounds the prefix.
  if (!hi.empty()) hi.back() = static_cast<char>(hi.back() + 1);
  return {std::string(prefix), hi};
}

namespace {

uint64_t noka_key(std::string_view noka) {
  uint64_t v = 0;
  for (char c : noka) v = v * 10 + static_cast<uint64_t>(c - '0');
  return v;
}

AreaLevel area_level(RegionLevel level) {
  return level == RegionLevel::kCity       ? AreaLevel::kCity
         : level == RegionLevel::kDistrict ? AreaLevel::kDistrict
                                           : AreaLevel::kVillage;
}

int32_t add_rw(CoverageReport& report, int32_t village, int rw) {
  char name[16];
  std::snprintf(name, sizeof name, "RW %02d", rw);
  const int32_t id =
      report.areas.add(rw_code(report.areas[village].code, rw), name, AreaLevel::kRw, village);
  report.stats.resize(report.areas.size());
  return id;
}

}  // namespace

Result<std::unique_ptr<CityCoverage>> CityCoverage::load(store::Database& db,
                                                         registry::ReadPort& port,
                                                         std::string_view region,
                                                         const SnapshotRef& snapshot, Date on) {
  if (region.size() < 4) {
    return Error::invalid("region", "give a kab/kota code or below, not a province");
  }
  std::unique_ptr<CityCoverage> out(new CityCoverage());
  out->city_ = std::string(region.substr(0, 4));
  out->snapshot_id_ = snapshot.id;
  out->on_ = on;
  auto tree = port.city_tree(out->city_);
  if (!tree) return tree.error();
  AreaTree& areas = out->report_.areas;
  // The registry's regions come parents first (sorted by code), then the RWs people live in.
  for (const registry::RegionNode& r : tree->regions) {
    const int32_t parent = r.parent.empty() ? -1 : areas.find(r.parent).value_or(-1);
    areas.add(r.code, r.name, area_level(r.level), parent);
  }
  out->report_.stats.resize(areas.size());
  for (const auto& [village, rw] : tree->rws) {
    if (auto v = areas.find(village)) add_rw(out->report_, *v, rw);
  }

  // Residents (every status: the dead and moved explain members who are no longer resident).
  out->resident_index_.reserve(1 << 16);
  SK_TRY(port.for_each_resident(out->city_, [&](const registry::ResidentRow& row) {
    out->resident_index_.emplace(row.id, static_cast<int32_t>(out->residents_.size()));
    out->residents_.push_back(out->fact_of(row));
    out->person_ids_.push_back(row.id);
  }));

  // Links first, by noka: two sequential scans beat a join that seeks member_link once per
  // member (28 s instead of under 2 s at Medan scale, the file being larger than the cache).
  struct LinkRef {
    int64_t person;
    bool match;
  };
  std::unordered_map<uint64_t, LinkRef> links;
  {
    auto st = db.prepare("SELECT noka, person_id, decision FROM member_link WHERE snapshot_id = ?");
    if (!st) return st.error();
    (*st)->bind(1, snapshot.id);
    for (;;) {
      auto row = (*st)->step();
      if (!row) return row.error();
      if (!*row) break;
      links.emplace(noka_key((*st)->column_text(0)),
                    LinkRef{(*st)->column_int64(1), (*st)->column_text(2) == "match"});
    }
  }
  // Members of the snapshot registered in the city or linked to one of its residents.
  {
    auto st =
        db.prepare("SELECT village_code, segment, status, noka FROM member WHERE snapshot_id = ?");
    if (!st) return st.error();
    (*st)->bind(1, snapshot.id);
    for (;;) {
      auto row = (*st)->step();
      if (!row) return row.error();
      if (!*row) break;
      MemberFact m;
      const std::string_view village = (*st)->column_text(0);
      if (!village.empty() && village.substr(0, 4) == out->city_) {
        m.registered_area = areas.find_nearest(village).value_or(-1);
      }
      const uint64_t key = noka_key((*st)->column_text(3));
      int64_t person = 0;
      auto link = links.find(key);
      if (link != links.end()) {
        if (link->second.match) {
          auto it = out->resident_index_.find(link->second.person);
          if (it != out->resident_index_.end()) {
            m.resident = it->second;
            person = link->second.person;
          }
        } else {
          m.review_pending = true;
        }
      }
      if (m.registered_area < 0 && m.resident < 0) continue;  // another city's member
      m.segment = parse_segment((*st)->column_text(1)).value_or(Segment::kUnknown);
      m.status = parse_member_status((*st)->column_text(2)).value_or(MemberStatus::kUnknown);
      const auto index = static_cast<int32_t>(out->members_.size());
      out->member_index_.emplace(key, index);
      if (person != 0) out->member_of_person_.emplace(person, index);
      out->members_.push_back(m);
    }
  }
  for (const ResidentFact& r : out->residents_) count_resident(out->report_, r, +1);
  for (size_t i = 0; i < out->members_.size(); ++i)
    out->recount_member(static_cast<int32_t>(i), +1);
  return out;
}

ResidentFact CityCoverage::fact_of(const registry::ResidentRow& row) {
  ResidentFact r;
  if (row.village_code.substr(0, 4) == city_) {
    std::optional<int32_t> area;
    if (row.rw > 0) area = report_.areas.find(rw_code(row.village_code, row.rw));
    if (!area) {
      area = report_.areas.find(row.village_code);
      // A resident moved into an RW nobody lived in yet: the RW joins the tree.
      if (area && row.rw > 0) area = add_rw(report_, *area, row.rw);
    }
    if (!area) area = report_.areas.find_nearest(row.village_code);
    r.area = area.value_or(-1);
  }
  r.age_group = static_cast<uint8_t>(age_group(Date::parse(row.birth_date), on_));
  r.state = row.status == "MATI"     ? ResidentState::kDied
            : row.status == "PINDAH" ? ResidentState::kMovedOut
                                     : ResidentState::kAlive;
  return r;
}

int32_t CityCoverage::member_of(int64_t person) const {
  auto it = member_of_person_.find(person);
  return it == member_of_person_.end() ? -1 : it->second;
}

void CityCoverage::recount_member(int32_t member, int sign) {
  const MemberFact& m = members_[static_cast<size_t>(member)];
  const ResidentFact* r = m.resident >= 0 ? &residents_[static_cast<size_t>(m.resident)] : nullptr;
  count_member(report_, m, r, sign);
}

void CityCoverage::resident_changed(int64_t id, const registry::ResidentRow* row) {
  // Gone, or moved to another city: no area, so it counts nowhere and its members are unlinked.
  ResidentFact next;
  if (row) next = fact_of(*row);
  auto it = resident_index_.find(id);
  if (it == resident_index_.end()) {
    if (next.area < 0) return;  // never part of this city
    resident_index_.emplace(id, static_cast<int32_t>(residents_.size()));
    residents_.push_back(next);
    person_ids_.push_back(id);
    count_resident(report_, next, +1);
    return;
  }
  ResidentFact& current = residents_[static_cast<size_t>(it->second)];
  const int32_t member = member_of(id);
  if (member >= 0) recount_member(member, -1);
  count_resident(report_, current, -1);
  current = next;
  count_resident(report_, current, +1);
  if (member >= 0) recount_member(member, +1);
}

bool CityCoverage::link_decided(std::string_view noka, std::optional<int64_t> person) {
  auto it = member_index_.find(noka_key(noka));
  if (it == member_index_.end()) return !person;  // a rejected pair elsewhere changes nothing here
  const int32_t member = it->second;
  MemberFact& m = members_[static_cast<size_t>(member)];
  int32_t resident = -1;
  if (person) {
    auto r = resident_index_.find(*person);
    if (r == resident_index_.end()) return false;
    resident = r->second;
  }
  recount_member(member, -1);
  if (m.resident >= 0) member_of_person_.erase(person_ids_[static_cast<size_t>(m.resident)]);
  m.review_pending = false;
  m.resident = resident;
  if (person) member_of_person_[*person] = member;
  recount_member(member, +1);
  return true;
}

}  // namespace siklus::coverage
