#pragma once
// The coverage service: the one layer the CLI (`siklus coverage`, `import members`, `members …`)
// and the HTTP handlers call. Every call takes the acting user and applies the scope rule here,
// in the domain:
//  - figures, maps, worklists and the review queue only for areas wholly inside the user's scope
//    (Registry::scope_areas; a kader sees her RW, a puskesmas its wilayah kerja); anything else
//    is kNotFound, never revealing whether it exists; no region means the user's own scope;
//  - NIK and KK numbers only for roles that see identifiers (Registry::sees_identifiers), else
//    left out of every answer and export (a mask plus birth date and sex rebuilds a NIK);
//  - worklist exports, review-queue views and verdicts are audited with the acting user.
// Figures are live: one report per city and snapshot is kept and updated change by change
// (apply), from the registry's read port and coverage's own tables (member_snapshot,
// member_import, member, member_link, link_review).
//
// Thread-safe: one mutex serialises calls.

#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <span>
#include <string>
#include <string_view>

#include "audit/audit.h"
#include "core/result.h"
#include "coverage/coverage.h"
#include "coverage/coverage_data.h"
#include "coverage/demo_members.h"
#include "coverage/linking.h"
#include "coverage/review.h"
#include "coverage/worklist.h"
#include "registry/read_port.h"
#include "registry/registry.h"
#include "store/change_feed.h"
#include "store/database.h"

namespace siklus::coverage {

using registry::User;

//! A worklist export: which area, how many rows, where the file went.
struct WorklistExport {
  std::string region;
  std::string snapshot;
  std::string format;  // "csv" or "xlsx"
  Worklist list;       // rows included (identifiers only for roles that see them)
};

struct ImportMembersRequest {
  ImportOptions import;
  bool link = true;  // link right after the import (figures stay consistent with the snapshot)
  LinkRunOptions link_options;
};

struct ImportMembersResult {
  ImportSummary import;
  std::optional<LinkRunSummary> link;
};

class CoverageService {
 public:
  //! Uses `db` for coverage's tables and the registry's read port; `registry` for the scope rule;
  //! `audit` for the audit log. All must outlive the service.
  static Result<std::unique_ptr<CoverageService>> open(std::shared_ptr<store::Database> db,
                                                       registry::Registry& registry,
                                                       audit::AuditLog& audit,
                                                       CoverageOptions options = {});

  //! contract.md's coverage object for `region` (area code; "" or "me": the user's scope — one
  //! area, or a "scope" object whose children are the areas of a wider scope), plus `path`.
  Result<nlohmann::json> coverage(const User& user, std::string_view region,
                                  std::string_view snapshot);
  //! Every kelurahan of `region` inside the user's scope with a position and its figures.
  Result<nlohmann::json> village_map(const User& user, std::string_view region,
                                     std::string_view snapshot);
  //! The snapshots, newest first: [{"date", "members", "linked_at"}].
  Result<nlohmann::json> snapshots(const User& user);
  //! One resident's JKN membership in the latest snapshot (the person page): the linked
  //! members, or none. A person outside the user's scope is kNotFound; the read is audited.
  Result<nlohmann::json> person_membership(const User& user, int64_t person_id);

  //! Pending pairs in the user's scope (and `region` when given). Audited ("review_view").
  Result<ReviewPage> reviews(const User& user, std::string_view region, std::string_view snapshot,
                             int page, int page_size);
  //! A verdict on a pair in the user's scope (dinkes_admin and puskesmas only). Audited.
  Status decide(const User& user, std::string_view snapshot, const std::string& noka,
                std::optional<int64_t> person_id, Verdict verdict, const std::string& note);

  //! Builds the worklist of `region` ("" = the user's scope) limited to the user's scope and
  //! writes it to `path` as `format`. Audited ("export": area, format, rows).
  Result<WorklistExport> export_worklist(const User& user, std::string_view region,
                                         const std::string& puskesmas, std::string_view snapshot,
                                         const std::string& format, const std::string& path);

  //! Imports a membership extract and links it (dinkes_admin only).
  Result<ImportMembersResult> import_members(const User& user, const ImportMembersRequest& req);
  //! Re-links a snapshot (dinkes_admin only).
  Result<LinkRunSummary> link(const User& user, std::string_view snapshot,
                              const LinkRunOptions& options);
  //! Writes a demo membership extract for the demo city `city` (dinkes_admin of that city).
  Result<DemoMembersSummary> demo_members(const User& user, const std::string& city, uint64_t seed,
                                          const std::string& out, const std::string& truth);

  //! Change-feed subscriber: residents added, moved or died ("person", id or "first-last")
  //! update the figures in place; member imports, links and other writers' verdicts reload the
  //! snapshot's figures. An error leaves the figures as they were, to be retried.
  Status apply(std::span<const store::ChangeEvent> events);

  const CoverageOptions& options() const { return options_; }

 private:
  CoverageService() = default;
  struct Scope;
  Result<Scope> scope_of(const User& user);
  Result<std::string> resolve(const User& user, const Scope& scope, std::string_view region);
  Result<CityCoverage*> city(const std::string& city, const SnapshotRef& snap);
  void drop_snapshot(int64_t snapshot_id);

  std::mutex mu_;
  std::shared_ptr<store::Database> db_;
  std::unique_ptr<registry::ReadPort> port_;
  registry::Registry* registry_ = nullptr;
  audit::AuditLog* audit_ = nullptr;
  CoverageOptions options_;
  std::map<std::pair<std::string, int64_t>, std::unique_ptr<CityCoverage>> cache_;
  std::multiset<std::string> own_verdicts_;  // review keys this service applied already
};

}  // namespace siklus::coverage
