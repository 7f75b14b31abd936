#include "registry/people_index.h"

#include <algorithm>
#include <charconv>
#include <tuple>

#include "registry/name_match.h"

namespace siklus::registry {
namespace {

constexpr int kBandCount = 16;  // 0-4 … 70-74, 75+

std::optional<uint64_t> nik_number(std::string_view nik) {
  if (nik.size() != 16) return std::nullopt;
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(nik.data(), nik.data() + nik.size(), v);
  if (ec != std::errc() || p != nik.data() + nik.size()) return std::nullopt;
  return v;
}

uint64_t kk_number(std::string_view kk) {
  uint64_t v = 0;
  if (kk.empty() || kk.size() > 19) return 0;
  auto [p, ec] = std::from_chars(kk.data(), kk.data() + kk.size(), v);
  return ec == std::errc() && p == kk.data() + kk.size() ? v : 0;
}

// One-letter deletions of a token (symmetric-delete fuzzy lookup: two tokens within one edit
// share a deletion or one is a deletion of the other). Short tokens would match nearly
// everything, so they only match exactly.
std::vector<std::string> deletions(const std::string& token) {
  std::vector<std::string> out;
  if (token.size() < 4) return out;
  out.reserve(token.size());
  for (size_t i = 0; i < token.size(); ++i) {
    std::string d = token.substr(0, i) + token.substr(i + 1);
    if (out.empty() || out.back() != d) out.push_back(std::move(d));
  }
  return out;
}

}  // namespace

uint32_t PeopleIndex::token_id(const std::string& token) {
  auto [it, fresh] = vocab_.try_emplace(token, static_cast<uint32_t>(token_text_.size()));
  if (fresh) {
    token_text_.push_back(token);
    postings_.emplace_back();
    add_token_keys(it->second);
  }
  return it->second;
}

// Keys: "p:" + phonetic key (spelling variants), "t:" + the token and "t:" + each of its
// deletions (typos).
void PeopleIndex::add_token_keys(uint32_t token) {
  const std::string& text = token_text_[token];
  keys_["p:" + names::phonetic(text)].push_back(token);
  keys_["t:" + text].push_back(token);
  for (const std::string& d : deletions(text)) keys_["t:" + d].push_back(token);
}

std::optional<uint32_t> PeopleIndex::rec_of(int64_t id) const {
  if (id >= 0 && static_cast<uint64_t>(id) < by_id_.size()) {
    const uint32_t i = by_id_[static_cast<size_t>(id)];
    if (i != kNoVillage) return i;  // kNoVillage doubles as "none" here
    return std::nullopt;
  }
  auto it = by_far_id_.find(id);
  if (it == by_far_id_.end()) return std::nullopt;
  return it->second;
}

void PeopleIndex::set_rec(int64_t id, uint32_t index) {
  const uint64_t limit = 2 * static_cast<uint64_t>(recs_.size()) + (1u << 20);
  if (id >= 0 && static_cast<uint64_t>(id) < limit) {
    if (static_cast<uint64_t>(id) >= by_id_.size()) {
      by_id_.resize(std::max<size_t>(static_cast<size_t>(id) + 1, by_id_.size() * 3 / 2),
                    kNoVillage);
    }
    by_id_[static_cast<size_t>(id)] = index;
  } else {
    by_far_id_[id] = index;
  }
}

Status PeopleIndex::build(store::Database& db) {
  {
    auto count = db.prepare("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM person");
    if (!count) return count.error();
    auto r = (*count)->step();
    if (!r) return r.error();
    const auto n = static_cast<size_t>((*count)->column_int64(0));
    recs_.reserve(n);
    kk_ids_.reserve(n / 3);
    rec_tokens_.reserve(names_ ? n * 3 : 0);
    by_id_.assign(static_cast<size_t>((*count)->column_int64(1)) + 1, kNoVillage);
  }
  auto st = db.prepare(
      "SELECT id, nik, no_kk, name, sex, birth_date, village_code, rw, status FROM person");
  if (!st) return st.error();
  auto& s = **st;
  for (;;) {
    auto row = s.step();
    if (!row) return row.error();
    if (!*row) break;
    IndexedPerson p;
    p.id = s.column_int64(0);
    p.nik = s.column_string(1);
    p.no_kk = s.column_string(2);
    p.name = s.column_string(3);
    const auto sex = s.column_text(4);
    p.sex = sex == "L" ? 1 : sex == "P" ? 2 : 0;
    if (!s.is_null(5)) p.birth_date = Date::parse(s.column_text(5));
    p.village_code = s.column_string(6);
    p.rw = s.column_int(7);
    const auto status = s.column_text(8);
    p.status = status == "MATI" ? 1 : status == "PINDAH" ? 2 : 0;
    upsert(p);
  }
  merge_numbers(/*force=*/true);
  return {};
}

void PeopleIndex::merge_numbers(bool force) {
  auto live = [this](uint32_t rec) { return !recs_[rec].dead_entry; };
  if (force || niks_.wants_merge()) niks_.merge(live);
  if (force || kks_.wants_merge()) kks_.merge(live);
}

void PeopleIndex::remove(int64_t id) {
  if (auto prev = rec_of(id); prev && !recs_[*prev].dead_entry) {
    recs_[*prev].dead_entry = true;  // tokens and postings of the entry are skipped from now on
    --live_;
  }
}

void PeopleIndex::upsert(const IndexedPerson& p) {
  remove(p.id);
  Rec r{};
  r.id = p.id;
  if (const uint64_t kk = kk_number(p.no_kk)) {
    r.kk = kk_ids_.try_emplace(kk, static_cast<uint32_t>(kk_ids_.size())).first->second;
  } else {
    r.kk = kNoKk;
  }
  if (p.village_code != last_village_code_) {
    auto ord = p.village_code.empty() ? std::nullopt : regions_->village_ordinal(p.village_code);
    last_village_code_ = p.village_code;
    last_village_ = ord ? *ord : kNoVillage;
  }
  r.village = last_village_;
  r.rw = static_cast<uint16_t>(std::clamp(p.rw, 0, 65535));
  r.birth_days = p.birth_date ? static_cast<int32_t>(p.birth_date->days()) : kNoBirth;
  r.sex = p.sex;
  r.status = p.status;
  r.tokens_at = static_cast<uint32_t>(rec_tokens_.size());
  const uint32_t index = static_cast<uint32_t>(recs_.size());
  auto toks = names_ ? names::tokens(p.name) : std::vector<std::string>();
  if (toks.size() > 255) toks.resize(255);
  for (const std::string& t : toks) {
    const uint32_t id = token_id(t);
    rec_tokens_.push_back(id);
    auto& post = postings_[id];
    if (post.empty() || post.back() != index) post.push_back(index);
  }
  r.token_count = static_cast<uint8_t>(toks.size());
  r.dead_entry = false;
  recs_.push_back(r);
  set_rec(p.id, index);
  if (auto n = nik_number(p.nik)) niks_.add(*n, index);
  if (auto kk = nik_number(p.no_kk)) kks_.add(*kk, index);
  merge_numbers(/*force=*/false);
  ++live_;
}

NumberSearchResult PeopleIndex::search_number(std::string_view digits, const Scope& scope,
                                              uint32_t first, uint32_t last, bool include_inactive,
                                              size_t offset, size_t limit) const {
  NumberSearchResult out;
  const auto range = number_prefix_range(digits);
  if (!range) return out;
  struct Hit {
    bool by_kk;
    uint64_t number;
    int64_t id;
    uint32_t rec;
  };
  std::vector<Hit> hits;
  auto accept = [&](uint32_t rec) {
    const Rec& r = recs_[rec];
    return !r.dead_entry && in(r, scope, first, last) && (include_inactive || r.status == 0);
  };
  niks_.for_each_in(*range, [&](uint64_t number, uint32_t rec) {
    if (accept(rec)) hits.push_back({false, number, recs_[rec].id, rec});
  });
  out.by_nik = hits.size();
  if (!hits.empty()) {
    // Found by NIK already: not counted again for a KK that starts with the same digits.
    std::vector<uint32_t> seen;
    seen.reserve(hits.size());
    for (const Hit& h : hits) seen.push_back(h.rec);
    std::sort(seen.begin(), seen.end());
    kks_.for_each_in(*range, [&](uint64_t number, uint32_t rec) {
      if (accept(rec) && !std::binary_search(seen.begin(), seen.end(), rec)) {
        hits.push_back({true, number, recs_[rec].id, rec});
      }
    });
  } else {
    kks_.for_each_in(*range, [&](uint64_t number, uint32_t rec) {
      if (accept(rec)) hits.push_back({true, number, recs_[rec].id, rec});
    });
  }
  out.by_kk = hits.size() - out.by_nik;
  out.result.total = hits.size();
  if (offset >= hits.size()) return out;
  const size_t end = std::min(hits.size(), offset + limit);
  auto before = [](const Hit& a, const Hit& b) {
    return std::tie(a.by_kk, a.number, a.id) < std::tie(b.by_kk, b.number, b.id);
  };
  std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(end), hits.end(),
                    before);
  for (size_t i = offset; i < end; ++i) out.result.page.push_back({hits[i].id, 0});
  return out;
}

bool PeopleIndex::visible(int64_t id, const Scope& scope) const {
  auto index = rec_of(id);
  if (!index) return false;
  const Rec& r = recs_[*index];
  return !r.dead_entry && in(r, scope, scope.first(), scope.last());
}

SearchResult PeopleIndex::search_name(std::string_view query, const Scope& scope, uint32_t first,
                                      uint32_t last, bool include_inactive, size_t offset,
                                      size_t limit) const {
  SearchResult out;
  auto accept = [&](const Rec& r) {
    return !r.dead_entry && in(r, scope, first, last) && (include_inactive || r.status == 0);
  };
  const std::vector<std::string> qtokens = names::tokens(query);
  if (qtokens.empty()) {
    // No name: everyone in scope, in id order.
    for (const Rec& r : recs_) {
      if (!accept(r)) continue;
      if (out.total >= offset && out.page.size() < limit) out.page.push_back({r.id, 0});
      ++out.total;
    }
    return out;
  }
  // Per query token: the vocabulary tokens that match it (exact, phonetic variant or one edit
  // away in phonetic space), with their similarity.
  struct Cand {
    uint32_t token;
    float sim;
  };
  std::vector<std::vector<Cand>> cands(qtokens.size());
  for (size_t q = 0; q < qtokens.size(); ++q) {
    std::vector<uint32_t> seen;
    auto consider = [&](const std::string& k) {
      auto it = keys_.find(k);
      if (it == keys_.end()) return;
      seen.insert(seen.end(), it->second.begin(), it->second.end());
    };
    consider("p:" + names::phonetic(qtokens[q]));
    consider("t:" + qtokens[q]);
    for (const std::string& d : deletions(qtokens[q])) consider("t:" + d);
    std::sort(seen.begin(), seen.end());
    seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
    for (uint32_t t : seen) {
      const double sim = names::similarity(qtokens[q], token_text_[t]);
      // Phonetic neighbours that look very different ("budi" vs "bayu") are dropped.
      if (sim >= 0.75) cands[q].push_back({t, static_cast<float>(sim)});
    }
  }
  // Rarest query token first: its postings bound the candidate set.
  std::vector<size_t> order(qtokens.size());
  std::vector<size_t> volume(qtokens.size(), 0);
  for (size_t q = 0; q < qtokens.size(); ++q) {
    order[q] = q;
    for (const Cand& c : cands[q]) volume[q] += postings_[c.token].size();
  }
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return volume[a] < volume[b]; });

  std::unordered_map<uint32_t, float> score;  // rec index -> summed best similarity
  std::unordered_map<uint32_t, float> round;
  for (size_t step = 0; step < order.size(); ++step) {
    const size_t q = order[step];
    round.clear();
    for (const Cand& c : cands[q]) {
      for (uint32_t ri : postings_[c.token]) {
        if (step > 0 && !score.count(ri)) continue;
        if (step == 0 && !accept(recs_[ri])) continue;
        float& best = round[ri];
        best = std::max(best, c.sim);
      }
    }
    if (step == 0) {
      score.swap(round);
    } else {
      // AND: keep people who match every query token so far.
      for (auto it = score.begin(); it != score.end();) {
        auto r = round.find(it->first);
        if (r == round.end()) {
          it = score.erase(it);
        } else {
          it->second += r->second;
          ++it;
        }
      }
    }
    if (score.empty()) break;
  }
  std::vector<SearchHit> hits;
  hits.reserve(score.size());
  for (const auto& [ri, s] : score) {
    // Names with extra tokens rank slightly below exact-length matches.
    const float extra =
        static_cast<float>(recs_[ri].token_count) - static_cast<float>(qtokens.size());
    hits.push_back({recs_[ri].id, s - 0.01f * std::max(0.0f, extra)});
  }
  out.total = hits.size();
  auto better = [](const SearchHit& a, const SearchHit& b) {
    return a.score != b.score ? a.score > b.score : a.id < b.id;
  };
  const size_t end = std::min(hits.size(), offset + limit);
  if (offset >= hits.size()) return out;
  std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(end), hits.end(),
                    better);
  out.page.assign(hits.begin() + static_cast<std::ptrdiff_t>(offset),
                  hits.begin() + static_cast<std::ptrdiff_t>(end));
  return out;
}

PopulationCounts PeopleIndex::count(const Scope& scope, uint32_t first, uint32_t last,
                                    Date today) const {
  PopulationCounts c;
  c.per_village.assign(last > first ? last - first : 0, 0);
  // Band b holds birth dates in (cut[b+1], cut[b]]: born on or before today minus 5b years.
  int64_t cut[kBandCount + 1];
  for (int b = 0; b <= kBandCount; ++b) {
    Date d{today.year - 5 * b, today.month, today.day};
    if (!Date::valid(d.year, d.month, d.day)) d.day = 28;  // 29 February
    cut[b] = d.days();
  }
  const int64_t today_days = cut[0];
  std::vector<bool> kk_seen(kk_ids_.size(), false);
  for (const Rec& r : recs_) {
    if (r.dead_entry || r.status != 0 || !in(r, scope, first, last)) continue;
    ++c.residents;
    ++c.per_village[r.village - first];
    const int sex = r.sex == 1 ? 0 : r.sex == 2 ? 1 : -1;
    if (sex == 0) ++c.male;
    if (sex == 1) ++c.female;
    if (r.kk != kNoKk && !kk_seen[r.kk]) {
      kk_seen[r.kk] = true;
      ++c.households;
    }
    if (r.birth_days != kNoBirth && sex >= 0 && r.birth_days <= today_days) {
      int band = 0;
      while (band < kBandCount - 1 && r.birth_days <= cut[band + 1]) ++band;
      c.pyramid[band][sex]++;
    }
  }
  return c;
}

}  // namespace siklus::registry
