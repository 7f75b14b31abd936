#include "coverage/coverage_data.h"

#include <unordered_map>

namespace siklus::coverage {

std::pair<std::string, std::string> prefix_range(std::string_view prefix) {
  std::string hi(prefix);
  // Codes are digits (and ".RW"), so bumping the last character bounds the prefix.
  if (!hi.empty()) hi.back() = static_cast<char>(hi.back() + 1);
  return {std::string(prefix), hi};
}

namespace {

std::optional<Date> parse_date_column(const store::Statement& st, int col) {
  if (st.is_null(col)) return std::nullopt;
  return Date::parse(st.column_text(col));
}

}  // namespace

Result<LoadedCoverage> load_coverage(store::Database& db, std::string_view region,
                                     const SnapshotRef& snapshot, Date on) {
  LoadedCoverage out;
  if (region.size() < 4) {
    return Error::invalid("region", "give a kab/kota code or below, not a province");
  }
  out.city = std::string(region.substr(0, 4));
  const auto [lo, hi] = prefix_range(out.city);
  AreaTree& tree = out.input.areas;

  // Regions of the city, parents before children (ordered by code, which sorts that way).
  {
    auto st = db.prepare(
        "SELECT code, name, level FROM region WHERE code >= ? AND code < ? ORDER BY code");
    if (!st) return st.error();
    (*st)->bind(1, lo).bind(2, hi);
    for (;;) {
      auto row = (*st)->step();
      if (!row) return row.error();
      if (!*row) break;
      std::string code = (*st)->column_string(0);
      const int level = (*st)->column_int(2);
      const AreaLevel al = level == 2   ? AreaLevel::kCity
                           : level == 3 ? AreaLevel::kDistrict
                                        : AreaLevel::kVillage;
      int32_t parent = -1;
      if (al != AreaLevel::kCity) {
        auto p = tree.find_nearest(code.substr(0, al == AreaLevel::kDistrict ? 4 : 6));
        parent = p.value_or(-1);
      }
      tree.add(std::move(code), (*st)->column_string(1), al, parent);
    }
  }
  if (!tree.find(out.city)) return Error::not_found("no region " + out.city + " in the database");

  // RWs people live in, in code order, so each kelurahan's children are sorted.
  {
    auto st = db.prepare(
        "SELECT DISTINCT village_code, rw FROM person WHERE village_code >= ? AND village_code < ?"
        " AND rw > 0 ORDER BY village_code, rw");
    if (!st) return st.error();
    (*st)->bind(1, lo).bind(2, hi);
    for (;;) {
      auto row = (*st)->step();
      if (!row) return row.error();
      if (!*row) break;
      const std::string village = (*st)->column_string(0);
      const int rw = (*st)->column_int(1);
      auto v = tree.find(village);
      if (!v) continue;
      char name[16];
      std::snprintf(name, sizeof name, "RW %02d", rw);
      tree.add(rw_code(village, rw), name, AreaLevel::kRw, *v);
    }
  }

  // Residents (every status: the dead and moved explain members who are no longer resident).
  std::unordered_map<int64_t, int32_t> by_id;
  {
    auto st = db.prepare(
        "SELECT id, village_code, rw, birth_date, status FROM person"
        " WHERE village_code >= ? AND village_code < ?");
    if (!st) return st.error();
    (*st)->bind(1, lo).bind(2, hi);
    std::string key;
    for (;;) {
      auto row = (*st)->step();
      if (!row) return row.error();
      if (!*row) break;
      ResidentFact r;
      const std::string_view village = (*st)->column_text(1);
      const int rw = (*st)->column_int(2);
      key = rw > 0 ? rw_code(village, rw) : std::string(village);
      r.area = tree.find_nearest(key).value_or(-1);
      r.age_group = static_cast<uint8_t>(age_group(parse_date_column(**st, 3), on));
      const std::string_view status = (*st)->column_text(4);
      r.state = status == "MATI"     ? ResidentState::kDied
                : status == "PINDAH" ? ResidentState::kMovedOut
                                     : ResidentState::kAlive;
      const int64_t id = (*st)->column_int64(0);
      by_id.emplace(id, static_cast<int32_t>(out.input.residents.size()));
      out.person_ids.push_back(id);
      out.input.residents.push_back(r);
    }
  }

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
      links.emplace(std::stoull(std::string((*st)->column_text(0))),
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
      if (!village.empty() && village.substr(0, 4) == out.city) {
        m.registered_area = tree.find_nearest(village).value_or(-1);
      }
      auto link = links.find(std::stoull(std::string((*st)->column_text(3))));
      if (link != links.end()) {
        if (link->second.match) {
          auto it = by_id.find(link->second.person);
          if (it != by_id.end()) m.resident = it->second;
        } else {
          m.review_pending = true;
        }
      }
      if (m.registered_area < 0 && m.resident < 0) continue;  // another city's member
      m.segment = parse_segment((*st)->column_text(1)).value_or(Segment::kUnknown);
      m.status = parse_member_status((*st)->column_text(2)).value_or(MemberStatus::kUnknown);
      out.input.members.push_back(m);
    }
  }
  return out;
}

}  // namespace siklus::coverage
