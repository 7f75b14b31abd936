#include "coverage/linking.h"

#include <chrono>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "coverage/linkage/linkage.h"
#include "coverage/linkage_input.h"

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

std::string pair_key(std::string_view noka, int64_t person) {
  return std::string(noka) + ":" + std::to_string(person);
}

linkage::BirthDate birth_of(std::string_view text) {
  return parse_linkage_birth(text).value_or(linkage::BirthDate{});
}

//! The snapshot's members as engine records (text kept in the arena).
Status load_members(store::Database& db, int64_t snapshot, TextArena& arena,
                    std::vector<linkage::Record>& records, std::vector<std::string_view>& nokas) {
  auto st = db.prepare(
      "SELECT noka, nik, name, sex, COALESCE(birth_date, ''), address, village_code FROM member"
      " WHERE snapshot_id = ?");
  if (!st) return st.error();
  (*st)->bind(1, snapshot);
  for (;;) {
    auto row = (*st)->step();
    if (!row) return row.error();
    if (!*row) break;
    store::Statement& s = **st;
    linkage::Record r;
    nokas.push_back(arena.add(s.column_text(0)));
    r.nik = arena.add(s.column_text(1));
    r.name = arena.add(s.column_text(2));
    r.sex = parse_sex(s.column_text(3)).value_or(Sex::kUnknown);
    r.birth = birth_of(s.column_text(4));
    r.address = arena.add(s.column_text(5));
    r.region = arena.add(s.column_text(6));
    records.push_back(r);
  }
  return {};
}

}  // namespace

Result<LinkRunSummary> run_linkage(store::Database& db, registry::ReadPort& port,
                                   const SnapshotRef& snapshot, const LinkRunOptions& options) {
  LinkRunSummary sum;
  sum.snapshot = snapshot.date;
  auto t0 = std::chrono::steady_clock::now();
  if (options.progress) options.progress("loading residents and members");

  TextArena arena;
  std::vector<linkage::Record> population, members;
  std::vector<std::string_view> nokas;
  std::vector<int64_t> person_ids;
  // Every person in the register, whatever their status: stale records of the dead and the moved
  // link to them, which is how those members are explained.
  SK_TRY(port.for_each_resident("", [&](const registry::ResidentRow& p) {
    person_ids.push_back(p.id);
    linkage::Record r;
    r.nik = arena.add(p.nik);
    r.name = arena.add(p.name);
    r.sex = parse_sex(p.sex).value_or(Sex::kUnknown);
    r.birth = birth_of(p.birth_date);
    r.address = arena.add(p.street);
    r.region = arena.add(p.village_code);
    population.push_back(r);
  }));
  SK_TRY(load_members(db, snapshot.id, arena, members, nokas));
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

}  // namespace siklus::coverage
