#pragma once
// The review queue of uncertain links: pairs the engine placed in the review band, and
// reviewers' verdicts on them. Verdicts are stored per (noka, person) (link_review), so a
// decision survives re-runs and later snapshots (run_linkage applies them again).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "coverage/coverage.h"
#include "coverage/membership.h"
#include "registry/read_port.h"
#include "store/database.h"

namespace siklus::coverage {

struct ReviewSide {
  std::string nik;
  std::string name;
  std::string sex;
  std::string birth_date;
  std::string address;
  std::string village_code;
  std::string no_kk;  // person side only
};

struct ReviewItem {
  std::string noka;
  int64_t person_id = 0;
  double score = 0;
  ReviewSide member;
  ReviewSide person;
  std::string member_status;  // AKTIF / NONAKTIF
  std::string segment;
  //! Where the pair belongs: the person's kelurahan and RW (the member's kelurahan when the
  //! person has no address). Scope and region filters look at this.
  std::string village_code;
  int rw = 0;
};

struct ReviewPage {
  std::string snapshot;  // YYYY-MM-DD
  std::vector<ReviewItem> items;
  uint64_t total = 0;
  int page = 1;
  int page_size = 20;
};

//! Pending review pairs of the snapshot whose area passes `keep`, best first, one page.
Result<ReviewPage> review_queue(store::Database& db, registry::ReadPort& port,
                                const SnapshotRef& snapshot, const AreaFilter& keep, int page,
                                int page_size);

//! The pair currently proposed for `noka` (and `person_id` when given); kNotFound otherwise.
Result<ReviewItem> proposed_pair(store::Database& db, registry::ReadPort& port,
                                 const SnapshotRef& snapshot, const std::string& noka,
                                 std::optional<int64_t> person_id);

enum class Verdict { kAccept, kReject };

//! Records a reviewer's verdict on the pair currently proposed for `noka` (or on `person_id`
//! when given). Accept makes the link a match, reject removes it. Returns the person of the
//! pair. kNotFound when there is no such pair; kConflict when accepting would link a person
//! twice.
Result<int64_t> decide_review(store::Database& db, const SnapshotRef& snapshot,
                              const std::string& noka, std::optional<int64_t> person_id,
                              Verdict verdict, const std::string& reviewer,
                              const std::string& note);

//! The change-log id of a verdict ("noka:person").
std::string review_key(std::string_view noka, int64_t person);

}  // namespace siklus::coverage
