#include "coverage/review.h"

#include <algorithm>
#include <unordered_map>

namespace siklus::coverage {
namespace {

std::string street_of(const registry::ResidentRow& p) {
  std::string street(p.street);
  if (p.rw > 0) street += " RT " + std::to_string(p.rt) + " RW " + std::to_string(p.rw);
  return street;
}

//! Pending pairs of the snapshot, best first, or the link of `noka` whatever its decision (a
//! verdict may also overrule an engine match), with both sides. The person side comes from the
//! registry's read port.
Result<std::vector<ReviewItem>> load_pairs(store::Database& db, registry::ReadPort& port,
                                           const SnapshotRef& snapshot, const std::string* noka) {
  std::vector<ReviewItem> out;
  {
    auto st = db.prepare(
        std::string("SELECT l.noka, l.person_id, l.score, m.nik, m.name, m.sex,"
                    " COALESCE(m.birth_date, ''), m.address, m.village_code, m.status, m.segment"
                    " FROM member_link l JOIN member m ON m.snapshot_id = l.snapshot_id AND"
                    " m.noka = l.noka WHERE l.snapshot_id = ?") +
        (noka ? " AND l.noka = ?" : " AND l.decision = 'review'") +
        " ORDER BY l.score DESC, l.noka");
    if (!st) return st.error();
    (*st)->bind(1, snapshot.id);
    if (noka) (*st)->bind(2, *noka);
    for (;;) {
      auto row = (*st)->step();
      if (!row) return row.error();
      if (!*row) break;
      store::Statement& s = **st;
      ReviewItem it;
      it.noka = s.column_string(0);
      it.person_id = s.column_int64(1);
      it.score = s.column_double(2);
      it.member = {s.column_string(3),
                   s.column_string(4),
                   s.column_string(5),
                   s.column_string(6),
                   s.column_string(7),
                   s.column_string(8),
                   ""};
      it.member_status = s.column_string(9);
      it.segment = s.column_string(10);
      it.village_code = it.member.village_code.substr(0, 10);
      out.push_back(std::move(it));
    }
  }
  std::vector<int64_t> ids;
  ids.reserve(out.size());
  for (const ReviewItem& it : out) ids.push_back(it.person_id);
  std::unordered_map<int64_t, std::pair<ReviewSide, int>> people;
  SK_TRY(port.for_each_resident_of(ids, [&](const registry::ResidentRow& p) {
    people[p.id] = {ReviewSide{std::string(p.nik), std::string(p.name), std::string(p.sex),
                               std::string(p.birth_date), street_of(p), std::string(p.village_code),
                               std::string(p.no_kk)},
                    p.rw};
  }));
  for (ReviewItem& it : out) {
    auto p = people.find(it.person_id);
    if (p == people.end()) continue;
    it.person = p->second.first;
    if (!it.person.village_code.empty()) {
      it.village_code = it.person.village_code;
      it.rw = p->second.second;
    }
  }
  return out;
}

}  // namespace

std::string review_key(std::string_view noka, int64_t person) {
  return std::string(noka) + ":" + std::to_string(person);
}

Result<ReviewPage> review_queue(store::Database& db, registry::ReadPort& port,
                                const SnapshotRef& snapshot, const AreaFilter& keep, int page,
                                int page_size) {
  ReviewPage out;
  out.snapshot = snapshot.date;
  out.page = page < 1 ? 1 : page;
  out.page_size = page_size < 1 ? 20 : (page_size > 100 ? 100 : page_size);
  auto pairs = load_pairs(db, port, snapshot, nullptr);
  if (!pairs) return pairs.error();
  const size_t first = static_cast<size_t>(out.page - 1) * static_cast<size_t>(out.page_size);
  for (ReviewItem& it : *pairs) {
    if (!keep(it.village_code, it.rw)) continue;
    if (out.total >= first && out.items.size() < static_cast<size_t>(out.page_size)) {
      out.items.push_back(std::move(it));
    }
    ++out.total;
  }
  return out;
}

Result<ReviewItem> proposed_pair(store::Database& db, registry::ReadPort& port,
                                 const SnapshotRef& snapshot, const std::string& noka,
                                 std::optional<int64_t> person_id) {
  auto pairs = load_pairs(db, port, snapshot, &noka);
  if (!pairs) return pairs.error();
  if (pairs->empty() || (person_id && pairs->front().person_id != *person_id)) {
    return Error::not_found("no proposed link for noka " + noka +
                            (person_id ? " and person " + std::to_string(*person_id) : ""));
  }
  return std::move(pairs->front());
}

Result<int64_t> decide_review(store::Database& db, const SnapshotRef& snapshot,
                              const std::string& noka, std::optional<int64_t> person_id,
                              Verdict verdict, const std::string& reviewer,
                              const std::string& note) {
  store::Transaction tx(db, reviewer);
  SK_TRY(tx.begin());
  int64_t person = 0;
  {
    auto st = db.prepare("SELECT person_id FROM member_link WHERE snapshot_id = ? AND noka = ?");
    if (!st) return st.error();
    (*st)->bind(1, snapshot.id).bind(2, noka);
    auto row = (*st)->step();
    if (!row) return row.error();
    if (*row) person = (*st)->column_int64(0);
    if (!*row || (person_id && *person_id != person)) {
      return Error::not_found("no proposed link for noka " + noka +
                              (person_id ? " and person " + std::to_string(*person_id) : ""));
    }
  }
  const bool accept = verdict == Verdict::kAccept;
  if (accept) {
    auto st = db.prepare(
        "SELECT noka FROM member_link WHERE snapshot_id = ? AND person_id = ? AND noka <> ?"
        " AND decision = 'match'");
    if (!st) return st.error();
    (*st)->bind(1, snapshot.id).bind(2, person).bind(3, noka);
    auto row = (*st)->step();
    if (!row) return row.error();
    if (*row) {
      return Error::conflict("noka", "person " + std::to_string(person) +
                                         " is already linked to member " + (*st)->column_string(0));
    }
  }
  {
    auto st = db.prepare(
        "INSERT INTO link_review (noka, person_id, verdict, reviewer, note, at)"
        " VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (noka, person_id) DO UPDATE SET verdict = excluded.verdict,"
        " reviewer = excluded.reviewer, note = excluded.note, at = excluded.at");
    if (!st) return st.error();
    (*st)->bind(1, noka).bind(2, person).bind(3, accept ? "accept" : "reject");
    (*st)->bind(4, reviewer).bind(5, note).bind(6, db.clock().now_iso());
    SK_TRY((*st)->run());
  }
  {
    auto st = accept ? db.prepare(
                           "UPDATE member_link SET decision = 'match', method = 'review_accept'"
                           " WHERE snapshot_id = ? AND noka = ?")
                     : db.prepare("DELETE FROM member_link WHERE snapshot_id = ? AND noka = ?");
    if (!st) return st.error();
    (*st)->bind(1, snapshot.id).bind(2, noka);
    SK_TRY((*st)->run());
  }
  SK_TRY(tx.record({"link_review", review_key(noka, person), accept ? "accept" : "reject"}));
  SK_TRY(tx.commit());
  return person;
}

}  // namespace siklus::coverage
