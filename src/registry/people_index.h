#pragma once
// In-memory index of the population: exact NIK lookup, typo-tolerant name search and population
// statistics without touching the database. Built at start from the person table (a 2.5 M city
// in seconds) and kept current by the registry's writes. Holds no names or NIKs beyond what the
// lookups need; pages of results are read from the store by id.
//
// Not synchronized: the registry guards it with a shared_mutex.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/date.h"
#include "core/result.h"
#include "registry/number_index.h"
#include "registry/region_table.h"
#include "registry/scope.h"
#include "store/database.h"

namespace siklus::registry {

struct IndexedPerson {
  int64_t id = 0;
  std::string nik;
  std::string no_kk;
  std::string name;
  uint8_t sex = 0;  // Sex as int
  std::optional<Date> birth_date;
  std::string village_code;  // may be empty
  int rw = 0;
  uint8_t status = 0;  // LifeStatus as int
};

struct SearchHit {
  int64_t id = 0;
  float score = 0;
};

struct SearchResult {
  std::vector<SearchHit> page;  // the requested page, best first
  uint64_t total = 0;
};

//! A search by the leading digits of a NIK or KK number: NIK matches first, then people found
//! only by their KK number (their household), each in number order.
struct NumberSearchResult {
  SearchResult result;
  uint64_t by_nik = 0;  // people whose NIK starts with the digits
  uint64_t by_kk = 0;   // further people whose KK number does
};

struct PopulationCounts {
  uint64_t residents = 0;
  uint64_t male = 0;
  uint64_t female = 0;
  uint64_t households = 0;
  std::vector<uint64_t> per_village;  // alive residents per village ordinal in the range
  uint64_t pyramid[16][2] = {};       // [band][0 male, 1 female]
};

class PeopleIndex {
 public:
  explicit PeopleIndex(const RegionTable* regions, bool names = true)
      : regions_(regions), names_(names) {}

  //! Reads every person from the store.
  Status build(store::Database& db);
  //! Adds or replaces (by id) one person.
  void upsert(const IndexedPerson& p);
  //! Forgets a person (no-op when unknown).
  void remove(int64_t id);

  size_t size() const { return live_; }

  //! People in scope and the village range [first, last) whose NIK or KK number starts with
  //! `digits` (1–16 digits; a whole number finds the person or the household).
  NumberSearchResult search_number(std::string_view digits, const Scope& scope, uint32_t first,
                                   uint32_t last, bool include_inactive, size_t offset,
                                   size_t limit) const;
  //! Name search within scope and the village range [first, last); best first.
  SearchResult search_name(std::string_view query, const Scope& scope, uint32_t first,
                           uint32_t last, bool include_inactive, size_t offset, size_t limit) const;
  //! Whether the person with this id is in scope (and known).
  bool visible(int64_t id, const Scope& scope) const;
  //! Alive residents of the village range [first, last) within scope, by village, sex and age.
  PopulationCounts count(const Scope& scope, uint32_t first, uint32_t last, Date today) const;

 private:
  struct Rec {
    int64_t id;
    uint32_t kk;         // KK ordinal (dense, from kk_ids_), kNoKk if none
    uint32_t village;    // ordinal, kNoVillage if none
    uint32_t tokens_at;  // offset into tokens_
    int32_t birth_days;  // days since epoch, kNoBirth if unknown
    uint16_t rw;
    uint8_t sex;
    uint8_t status;
    uint8_t token_count;
    bool dead_entry;  // replaced by a later upsert
  };
  static constexpr uint32_t kNoVillage = 0xffffffffu;
  static constexpr int32_t kNoBirth = INT32_MIN;
  static constexpr uint32_t kNoKk = 0xffffffffu;

  uint32_t token_id(const std::string& token);
  void add_token_keys(uint32_t token);
  bool in(const Rec& r, const Scope& scope, uint32_t first, uint32_t last) const {
    return r.village != kNoVillage && r.village >= first && r.village < last &&
           scope.contains(r.village, r.rw);
  }

  const RegionTable* regions_;
  bool names_;
  std::vector<Rec> recs_;
  size_t live_ = 0;
  //! Person id -> rec index. Ids are SQLite rowids, dense in practice: a vector, with a map for
  //! the odd far-away id.
  std::optional<uint32_t> rec_of(int64_t id) const;
  void set_rec(int64_t id, uint32_t index);
  std::vector<uint32_t> by_id_;
  std::unordered_map<int64_t, uint32_t> by_far_id_;
  std::string last_village_code_;  // one-entry cache: rows arrive grouped by kelurahan
  uint32_t last_village_ = kNoVillage;
  std::unordered_map<uint64_t, uint32_t> kk_ids_;  // KK number -> dense ordinal
  NumberPrefixIndex niks_;  // 16-digit NIKs (flagged imports with other NIKs are found by name)
  NumberPrefixIndex kks_;   // 16-digit KK numbers
  void merge_numbers(bool force);
  std::vector<uint32_t> rec_tokens_;                 // token ids per rec
  std::unordered_map<std::string, uint32_t> vocab_;  // normalized token -> id
  std::vector<std::string> token_text_;
  std::vector<std::vector<uint32_t>> postings_;  // token id -> rec indexes
  //! Phonetic key and its one-letter deletions -> token ids (symmetric-delete fuzzy lookup).
  std::unordered_map<std::string, std::vector<uint32_t>> keys_;
};

}  // namespace siklus::registry
