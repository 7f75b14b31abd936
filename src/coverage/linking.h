#pragma once
// Links a membership snapshot to the population register with the linkage engine and keeps the
// review queue. Links are one-to-one and stored per snapshot (member_link); reviewers' verdicts
// are stored per (noka, person) (link_review) and applied again on every re-run, so a decision
// survives new runs and new snapshots. Every verdict is audited.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/nik.h"
#include "core/result.h"
#include "coverage/membership.h"
#include "store/database.h"

namespace siklus::coverage {

struct LinkRunOptions {
  double match_probability = 0.99;
  double review_probability = 0.5;
  int threads = 0;
  std::string actor = "cli";
  std::function<void(const std::string& stage)> progress;
};

struct LinkRunSummary {
  std::string snapshot;
  uint64_t members = 0;
  uint64_t residents = 0;  // every status: stale records of the dead link to the dead
  uint64_t match = 0;      // all matches (exact + probabilistic + accepted reviews)
  uint64_t exact = 0;
  uint64_t review = 0;    // pending in the review queue
  uint64_t accepted = 0;  // matches kept from earlier accepted reviews
  uint64_t rejected = 0;  // engine pairs dropped by earlier rejected reviews
  uint64_t unlinked = 0;
  double seconds_load = 0;
  double seconds_link = 0;
  double seconds_store = 0;
};

//! Replaces the snapshot's links with a fresh run.
Result<LinkRunSummary> run_linkage(store::Database& db, const SnapshotRef& snapshot,
                                   const LinkRunOptions& options);

struct ReviewSide {
  std::string nik;
  std::string name;
  std::string sex;
  std::string birth_date;
  std::string address;
  std::string village_code;
};

struct ReviewItem {
  std::string noka;
  int64_t person_id = 0;
  double score = 0;
  ReviewSide member;
  ReviewSide person;
  std::string member_status;  // AKTIF / NONAKTIF
  std::string segment;
};

struct ReviewPage {
  std::vector<ReviewItem> items;
  uint64_t total = 0;
  int page = 1;
  int page_size = 20;
};

//! Pending review pairs whose member or person lies in `region` (prefix; empty = all).
Result<ReviewPage> review_queue(store::Database& db, const SnapshotRef& snapshot,
                                const std::string& region, int page, int page_size);

enum class Verdict { kAccept, kReject };

//! Records a reviewer's verdict on the pair currently proposed for `noka` (or on `person_id`
//! when given). Accept makes the link a match, reject removes it. kNotFound when there is no
//! such pair; kConflict when accepting would link a person twice.
Status decide_review(store::Database& db, const SnapshotRef& snapshot, const std::string& noka,
                     std::optional<int64_t> person_id, Verdict verdict, const std::string& reviewer,
                     const std::string& note);

}  // namespace siklus::coverage
