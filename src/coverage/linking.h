#pragma once
// Links a membership snapshot to the population register with the linkage engine. Links are
// one-to-one and stored per snapshot (member_link); reviewers' verdicts (review.h, link_review)
// are applied again on every re-run, so a decision survives new runs and new snapshots.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/nik.h"
#include "core/result.h"
#include "coverage/membership.h"
#include "registry/read_port.h"
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

//! Replaces the snapshot's links with a fresh run over every person the registry's read port
//! streams and the snapshot's members.
Result<LinkRunSummary> run_linkage(store::Database& db, registry::ReadPort& port,
                                   const SnapshotRef& snapshot, const LinkRunOptions& options);

}  // namespace siklus::coverage
