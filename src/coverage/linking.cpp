#include "coverage/linking.h"

#include <chrono>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "coverage/linkage/linkage.h"

namespace siklus::coverage {
namespace {

double since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

//! Stable storage for the text the engine's string_views point into: chunks never move.
class TextArena {
 public:
  std::string_view add(std::string_view s) {
    if (s.empty()) return {};
    if (used_ + s.size() > kChunk || chunks_.empty()) {
      chunks_.push_back(std::make_unique<char[]>(std::max(kChunk, s.size())));
      used_ = 0;
    }
    char* p = chunks_.back().get() + used_;
    std::copy(s.begin(), s.end(), p);
    used_ += s.size();
    return {p, s.size()};
  }

 private:
  static constexpr size_t kChunk = 16 << 20;
  std::vector<std::unique_ptr<char[]>> chunks_;
  size_t used_ = 0;
};

//! Components of YYYY-MM-DD kept as written (the engine compares swapped days and months).
linkage::BirthDate parse_birth(std::string_view s) {
  linkage::BirthDate b;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return b;
  auto num = [&](size_t from, size_t len) {
    int v = 0;
    for (size_t i = from; i < from + len; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  const int y = num(0, 4), m = num(5, 2), d = num(8, 2);
  if (y <= 0 || m < 0 || d < 0) return b;
  b.year = static_cast<int16_t>(y);
  b.month = static_cast<int8_t>(m);
  b.day = static_cast<int8_t>(d);
  return b;
}

std::string pair_key(std::string_view noka, int64_t person) {
  return std::string(noka) + ":" + std::to_string(person);
}

Status load_records(store::Database& db, std::string_view sql, std::optional<int64_t> snapshot,
                    TextArena& arena, std::vector<linkage::Record>& records,
                    std::vector<std::string_view>& ids_text, std::vector<int64_t>& ids_int) {
  auto st = db.prepare(sql);
  if (!st) return st.error();
  if (snapshot) (*st)->bind(1, *snapshot);
  for (;;) {
    auto row = (*st)->step();
    if (!row) return row.error();
    if (!*row) break;
    store::Statement& s = **st;
    linkage::Record r;
    if (snapshot) {
      ids_text.push_back(arena.add(s.column_text(0)));
    } else {
      ids_int.push_back(s.column_int64(0));
    }
    r.nik = arena.add(s.column_text(1));
    r.name = arena.add(s.column_text(2));
    r.sex = parse_sex(s.column_text(3)).value_or(Sex::kUnknown);
    if (!s.is_null(4)) r.birth = parse_birth(s.column_text(4));
    r.address = arena.add(s.column_text(5));
    r.region = arena.add(s.is_null(6) ? std::string_view() : s.column_text(6));
    records.push_back(r);
  }
  return {};
}

}  // namespace

Result<LinkRunSummary> run_linkage(store::Database& db, const SnapshotRef& snapshot,
                                   const LinkRunOptions& options) {
  LinkRunSummary sum;
  sum.snapshot = snapshot.date;
  auto t0 = std::chrono::steady_clock::now();
  if (options.progress) options.progress("loading residents and members");

  TextArena arena;
  std::vector<linkage::Record> population, members;
  std::vector<std::string_view> nokas, unused_text;
  std::vector<int64_t> person_ids, unused_int;
  SK_TRY(load_records(db, "SELECT id, nik, name, sex, birth_date, street, village_code FROM person",
                      std::nullopt, arena, population, unused_text, person_ids));
  SK_TRY(load_records(db,
                      "SELECT noka, nik, name, sex, birth_date, address, village_code FROM member"
                      " WHERE snapshot_id = ?",
                      snapshot.id, arena, members, nokas, unused_int));
  sum.residents = population.size();
  sum.members = members.size();

  // Earlier verdicts: accepted pairs are links whatever the engine says, rejected never are.
  std::unordered_map<std::string_view, int64_t> accepted;
  std::unordered_set<std::string> rejected;
  {
    std::unordered_set<std::string_view> noka_set(nokas.begin(), nokas.end());
    auto st = db.prepare("SELECT noka, person_id, verdict FROM link_review");
    if (!st) return st.error();
    for (;;) {
      auto row = (*st)->step();
      if (!row) return row.error();
      if (!*row) break;
      const std::string_view noka = (*st)->column_text(0);
      const int64_t person = (*st)->column_int64(1);
      if ((*st)->column_text(2) == "accept") {
        auto it = noka_set.find(noka);
        if (it != noka_set.end()) accepted[*it] = person;
      } else {
        rejected.insert(pair_key(noka, person));
      }
    }
  }
  sum.seconds_load = since(t0);

  t0 = std::chrono::steady_clock::now();
  if (options.progress) options.progress("linking");
  linkage::LinkOptions lo;
  lo.match_probability = options.match_probability;
  lo.review_probability = options.review_probability;
  lo.threads = options.threads;
  linkage::LinkResult result = linkage::link_records(population, members, lo);
  sum.seconds_link = since(t0);

  t0 = std::chrono::steady_clock::now();
  if (options.progress) options.progress("storing links");
  std::unordered_map<int64_t, uint32_t> person_index;
  person_index.reserve(person_ids.size());
  for (uint32_t i = 0; i < person_ids.size(); ++i) person_index.emplace(person_ids[i], i);

  struct Out {
    uint32_t member;
    int64_t person;
    double score;
    const char* decision;
    const char* method;
  };
  std::vector<Out> out;
  out.reserve(result.links.size() + accepted.size());
  std::vector<bool> member_used(members.size()), person_used(population.size());
  for (uint32_t m = 0; m < nokas.size(); ++m) {
    auto it = accepted.find(nokas[m]);
    if (it == accepted.end()) continue;
    auto p = person_index.find(it->second);
    if (p == person_index.end() || person_used[p->second]) continue;
    member_used[m] = true;
    person_used[p->second] = true;
    out.push_back({m, it->second, 1.0, "match", "review_accept"});
    ++sum.accepted;
  }
  for (const linkage::Link& l : result.links) {
    if (member_used[l.member] || person_used[l.population]) continue;
    const int64_t person = person_ids[l.population];
    if (!rejected.empty() && rejected.count(pair_key(nokas[l.member], person))) {
      ++sum.rejected;
      continue;
    }
    member_used[l.member] = true;
    person_used[l.population] = true;
    const bool match = l.decision == linkage::Decision::kMatch;
    out.push_back({l.member, person, l.probability, match ? "match" : "review",
                   l.exact ? "nik" : "probabilistic"});
    if (match && l.exact) ++sum.exact;
  }

  store::Transaction tx(db, options.actor);
  SK_TRY(tx.begin());
  {
    auto del = db.prepare("DELETE FROM member_link WHERE snapshot_id = ?");
    if (!del) return del.error();
    (*del)->bind(1, snapshot.id);
    SK_TRY((*del)->run());
    auto ins = db.prepare(
        "INSERT INTO member_link (snapshot_id, noka, person_id, score, decision, method)"
        " VALUES (?, ?, ?, ?, ?, ?)");
    if (!ins) return ins.error();
    store::Statement& s = **ins;
    for (const Out& o : out) {
      s.reset();
      s.bind(1, snapshot.id).bind(2, nokas[o.member]).bind(3, o.person).bind(4, o.score);
      s.bind(5, o.decision).bind(6, o.method);
      SK_TRY(s.run());
      ++(o.decision[0] == 'm' ? sum.match : sum.review);
    }
    auto upd = db.prepare("UPDATE member_snapshot SET linked_at = ? WHERE id = ?");
    if (!upd) return upd.error();
    (*upd)->bind(1, db.clock().now_iso()).bind(2, snapshot.id);
    SK_TRY((*upd)->run());
  }
  SK_TRY(tx.record({"member_link", snapshot.date, "link"}));
  SK_TRY(tx.commit());
  sum.unlinked = sum.members - sum.match - sum.review;
  sum.seconds_store = since(t0);
  return sum;
}

Result<ReviewPage> review_queue(store::Database& db, const SnapshotRef& snapshot,
                                const std::string& region, int page, int page_size) {
  ReviewPage out;
  out.page = page < 1 ? 1 : page;
  out.page_size = page_size < 1 ? 20 : (page_size > 100 ? 100 : page_size);
  const std::string where =
      " FROM member_link l JOIN member m ON m.snapshot_id = l.snapshot_id AND m.noka = l.noka"
      " JOIN person p ON p.id = l.person_id"
      " WHERE l.snapshot_id = ? AND l.decision = 'review'"
      " AND (? = '' OR substr(p.village_code, 1, length(?)) = ?"
      "      OR substr(m.village_code, 1, length(?)) = ?)";
  auto bind_where = [&](store::Statement& s) {
    s.bind(1, snapshot.id);
    for (int i = 2; i <= 6; ++i) s.bind(i, region);
  };
  {
    auto st = db.prepare("SELECT COUNT(*)" + where);
    if (!st) return st.error();
    bind_where(**st);
    auto row = (*st)->step();
    if (!row) return row.error();
    out.total = static_cast<uint64_t>((*st)->column_int64(0));
  }
  auto st = db.prepare(
      "SELECT l.noka, l.person_id, l.score, m.nik, m.name, m.sex, COALESCE(m.birth_date, ''),"
      " m.address, m.village_code, p.nik, p.name, p.sex, COALESCE(p.birth_date, ''), p.street,"
      " COALESCE(p.village_code, ''), m.status, m.segment, p.rt, p.rw" +
      where + " ORDER BY l.score DESC, l.noka LIMIT ? OFFSET ?");
  if (!st) return st.error();
  bind_where(**st);
  (*st)->bind(7, out.page_size).bind(8, static_cast<int64_t>(out.page - 1) * out.page_size);
  for (;;) {
    auto row = (*st)->step();
    if (!row) return row.error();
    if (!*row) break;
    store::Statement& s = **st;
    ReviewItem it;
    it.noka = s.column_string(0);
    it.person_id = s.column_int64(1);
    it.score = s.column_double(2);
    it.member = {s.column_string(3), s.column_string(4), s.column_string(5),
                 s.column_string(6), s.column_string(7), s.column_string(8)};
    std::string street = s.column_string(13);
    if (s.column_int(18) > 0) {
      street +=
          " RT " + std::to_string(s.column_int(17)) + " RW " + std::to_string(s.column_int(18));
    }
    it.person = {
        s.column_string(9), s.column_string(10), s.column_string(11), s.column_string(12), street,
        s.column_string(14)};
    it.member_status = s.column_string(15);
    it.segment = s.column_string(16);
    out.items.push_back(std::move(it));
  }
  return out;
}

Status decide_review(store::Database& db, const SnapshotRef& snapshot, const std::string& noka,
                     std::optional<int64_t> person_id, Verdict verdict, const std::string& reviewer,
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
  // The registry's audit log (append-only) shows the verdict on the person's record too.
  {
    auto st = db.prepare(
        "INSERT INTO audit_log (at, user_id, username, action, person_id, detail)"
        " VALUES (?, NULL, ?, ?, ?, ?)");
    if (st) {
      (*st)->bind(1, db.clock().now_iso()).bind(2, reviewer);
      (*st)->bind(3, accept ? "link_accept" : "link_reject").bind(4, person);
      (*st)->bind(5, "noka " + noka + (note.empty() ? "" : ": " + note));
      SK_TRY((*st)->run());
    }
  }
  SK_TRY(tx.record({"link_review", pair_key(noka, person), accept ? "accept" : "reject"}));
  SK_TRY(tx.commit());
  return {};
}

}  // namespace siklus::coverage
