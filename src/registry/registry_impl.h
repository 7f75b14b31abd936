#pragma once
// The registry's private state, shared by its source files (not a public header):
//   registry.cpp    open, login and sessions (forwarded to identity), the audit service
//   users.cpp       accounts: creating and administering them, one's own password and sessions
//   access.cpp      the scope rule: whose scope is what, scope_areas, authorize_area
//   regions.cpp     regions and population statistics
//   facilities.cpp  facilities and staff
//   people.cpp      people: search, read, create, update, reindex; NIK/KK masking by role

#include <algorithm>
#include <cctype>
#include <ctime>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include "audit/audit.h"
#include "core/clock.h"
#include "identity/accounts.h"
#include "registry/people_index.h"
#include "registry/region_table.h"
#include "registry/registry.h"
#include "registry/scope.h"

namespace siklus::registry {

inline bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

inline std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

inline Sex sex_from(std::string_view t) {
  return t == "L" ? Sex::kMale : t == "P" ? Sex::kFemale : Sex::kUnknown;
}

class Registry::Impl {
 public:
  std::shared_ptr<store::Database> db;
  RegistryOptions options;
  RegionTable regions;
  std::unique_ptr<PeopleIndex> index;
  bool index_built = false;
  //! Serializes this process's person writes, so a change read, checked against the scope and
  //! written back is not overwritten halfway by another request. Reads take no lock: the store
  //! gives each thread its own connection (WAL readers beside one writer).
  std::mutex write_mu;
  std::unique_ptr<identity::Accounts> accounts;
  std::unique_ptr<audit::AuditLog> audit;
  std::shared_mutex index_mu;
  std::mutex scope_mu;
  std::unordered_map<int64_t, std::shared_ptr<const Scope>> scopes;

  int64_t now() const {
    return options.now ? options.now() : static_cast<int64_t>(std::time(nullptr));
  }
  Date today() const { return options.today ? options.today() : today_wib(); }

  //! An audit entry of its own (reads, searches, refusals).
  Status record(const User& user, const audit::Event& e) { return audit->record(user, e); }
  //! Records a request refused because of scope (or role) and returns its error unchanged. Not
  //! inside an open transaction.
  Error refused(const User& user, Error error, std::string object, std::string area,
                std::optional<int64_t> person = std::nullopt) {
    auto r = record(
        user, {"refused", std::move(object), person, std::move(area), error.message, std::nullopt});
    return r ? std::move(error) : r.error();
  }

  // ---- access.cpp: the scope rule -------------------------------------------------------------

  //! Smallest region holding all the villages.
  std::string common_root(const std::vector<std::string>& villages) const;
  Scope compute_scope(const User& user);
  std::shared_ptr<const Scope> scope_of(const User& user);
  //! What identity shows as the user's scope.
  std::string scope_name_of(const User& u);
  //! A scope as typed (city code; facility id or key) resolved for `role`: the city code, or
  //! the facility id as text. Field "scope" in errors.
  Result<std::string> resolve_scope(Role role, const std::string& typed);
  //! The kab/kota of an account's stored scope ("" when its facility is gone).
  std::string account_city(const User& account);
  //! Forgets a user's cached scope after the account's role or scope changed.
  void forget_scope(int64_t user_id) {
    std::lock_guard lock(scope_mu);
    scopes.erase(user_id);
  }

  // ---- regions.cpp ------------------------------------------------------------------------------

  std::string region_name(std::string_view code) const;
  RegionRef ref(std::string_view code) const;
  bool region_visible(std::string_view code, const Scope& scope) const;
  //! Normalized, existing, visible region; kInvalidArgument if malformed, kNotFound otherwise
  //! (audited as refused, with `object` the thing asked for).
  Result<const RegionRow*> resolve_region(const User& user, std::string_view code,
                                          const Scope& scope, const char* field,
                                          const char* object);
  // Alive residents of a region within `scope`, with per-village counts for its children.
  PopulationCounts count_region(const Scope& scope, std::string_view code);

  // ---- facilities.cpp ---------------------------------------------------------------------------

  struct FacilityRow {
    int64_t id = 0;
    std::string key, type, name, village_code, address, city_code;
    int rw = 0;
    std::optional<int64_t> parent_id;
    bool government = true;
    double lat = 0, lon = 0;
  };

  std::optional<FacilityRow> load_facility(int64_t id);
  std::vector<std::string> catchment(int64_t puskesmas_id);
  std::optional<FacilityRef> facility_ref(std::string_view sql, std::string_view village,
                                          std::optional<int> rw);

  // ---- people.cpp -------------------------------------------------------------------------------

  struct PersonData {
    PersonDetail d;
    std::string relation;
    std::optional<uint32_t> village;
  };

  Result<std::optional<PersonData>> load_person(int64_t id);
  PersonData read_person(const store::Statement& s) const;
  PersonSummary summary(const PersonData& p, bool mask) const;
  // After a committed write: reloads the person, refreshes the search index and returns the
  // completed detail as the writer sees it.
  Result<PersonDetail> reindex_and_detail(const User& user, const Scope& scope, int64_t id);
  // Completes a detail: household (members in scope), responsible facilities.
  void complete(PersonData& p, const Scope& scope, bool mask);
  IndexedPerson indexed(const PersonData& p) const;
  // Strict validation of typed person fields; the NIK must pass check_nik.
  Status validate(const PersonInput& in) const;
  static bool in_scope(const PersonData& p, const Scope& scope) {
    return p.village && scope.contains(*p.village, p.d.address.rw);
  }

  bool mask_for(const User& u) const { return !Registry::sees_identifiers(u); }
};

}  // namespace siklus::registry
