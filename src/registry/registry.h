#pragma once
// The registry service: what the HTTP layer (docs/api.md) and the CLI call. Plain structs in and
// out (no JSON, no HTTP). Every call that takes a `User` is scoped by registry::Scope: people,
// regions and facilities outside the caller's area are simply not found (kNotFound), so scope
// never leaks existence. Every read or change of a person, every search and every request refused
// for scope is written to the audit log (audit/audit.h). Users and sessions are identity's
// (identity/accounts.h); the registry resolves and names their scopes.
//
// Thread-safe: one Registry serves all request threads.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "audit/audit.h"
#include "core/date.h"
#include "core/nik.h"
#include "core/region_code.h"
#include "core/result.h"
#include "identity/user.h"
#include "registry/bulk_load.h"
#include "registry/demo/demo_city.h"  // FacilityType, LifeStatus
#include "store/database.h"

namespace siklus::registry {

// ---- roles and users (identity/user.h; the names stay reachable here) -----------------------

using Role = identity::Role;
using User = identity::User;
using NewUser = identity::NewUser;
using LoginRequest = identity::LoginRequest;
using Session = identity::Session;
using identity::parse_role;
using identity::role_code;
std::optional<FacilityType> parse_facility_type(std::string_view text);  // "puskesmas" -> …
std::optional<LifeStatus> parse_life_status(std::string_view text);      // "HIDUP"/"MATI"/"PINDAH"

// ---- regions and statistics ------------------------------------------------------------------

struct RegionRef {
  std::string code;  // normalized, no dots
  std::string name;
  RegionLevel level = RegionLevel::kVillage;
};

struct RegionChild {
  std::string code;
  std::string name;
  RegionLevel level = RegionLevel::kVillage;
  uint64_t residents = 0;  // alive, within the caller's scope
};

struct RegionView {
  std::string code;
  std::string name;
  RegionLevel level = RegionLevel::kCity;
  std::optional<RegionRef> parent;
  uint64_t residents = 0;             // alive, within the caller's scope
  std::vector<RegionChild> children;  // next level down that the caller can see
};

struct PyramidBand {
  std::string band;  // "0-4", "5-9", …, "70-74", "75+"
  uint64_t male = 0;
  uint64_t female = 0;
};

struct PopulationStats {
  std::string region;  // normalized code
  std::string name;
  RegionLevel level = RegionLevel::kCity;
  uint64_t residents = 0;  // alive
  uint64_t male = 0;
  uint64_t female = 0;
  uint64_t households = 0;  // distinct KK with at least one alive member here
  std::vector<RegionChild> children;
  std::vector<PyramidBand> pyramid;  // 16 bands, 0-4 … 75+
};

// ---- facilities and staff --------------------------------------------------------------------

struct Facility {
  int64_t id = 0;
  std::string key;  // stable text key ("PKM-337101-01"), accepted as --scope
  FacilityType type = FacilityType::kPuskesmas;
  std::string name;
  std::string village_code;
  std::string village_name;
  int rw = 0;  // posyandu only
  std::optional<int64_t> parent_id;
  bool government = true;
  std::string address;
  double lat = 0;
  double lon = 0;
  uint32_t staff = 0;  // number of staff (kader for a posyandu)
};

struct StaffMember {
  int64_t id = 0;
  std::string name;
  Sex sex = Sex::kUnknown;
  std::string profession;  // "dokter", "bidan", "perawat", "gizi", …, "kader"
  std::vector<std::string> skills;
  std::string phone;
};

struct FacilityDetail {
  Facility facility;
  std::vector<RegionRef> catchment;  // puskesmas: its wilayah kerja; others empty
  std::vector<StaffMember> staff;
};

struct FacilityQuery {
  std::string region;  // optional region code (dots allowed); empty = the whole scope
  std::optional<FacilityType> type;
};

// ---- people ----------------------------------------------------------------------------------

struct NikFlag {
  std::string code;     // nik_problem_code: "birth_date_mismatch", …
  std::string message;  // English explanation
};

struct PersonSummary {
  int64_t id = 0;
  std::string nik;  // masked (mask_nik) for roles that do not need it (kader)
  std::string name;
  Sex sex = Sex::kUnknown;
  std::optional<Date> birth_date;
  std::optional<int> age;  // whole years today (WIB)
  std::string village_code;
  std::string village_name;
  int rw = 0;
  int rt = 0;
  LifeStatus status = LifeStatus::kAlive;
  std::optional<NikFlag> nik_flag;
};

//! Digits shorter than this are refused: a few digits would match most of a city.
inline constexpr size_t kMinNumberDigits = 6;

struct PeopleQuery {
  //! Digits (6–16): people whose NIK or KK number starts with them (all of a household for a
  //! whole KK number). Otherwise a name, matched tolerant of spelling variants and typos, best
  //! matches first. Empty: everyone in scope (and region).
  std::string q;
  std::string region;            // optional region code narrowing the scope
  int page = 1;                  // from 1
  int page_size = 20;            // 1–100
  bool include_inactive = true;  // also people who died or moved out
};

struct PeoplePage {
  std::vector<PersonSummary> items;
  uint64_t total = 0;
  //! How the total was found, in order: {"nik", n}, {"kk", n} for a number; {"name", n} for a
  //! name; {"all", n} for no query.
  std::vector<std::pair<std::string, uint64_t>> found_by;
  int page = 1;
  int page_size = 20;
};

struct Address {
  std::string street;
  int rt = 0;
  int rw = 0;
  RegionRef village;
  RegionRef district;
  RegionRef city;
  RegionRef province;
};

struct HouseholdMember {
  int64_t id = 0;
  std::string nik;  // masked as in lists
  std::string name;
  Sex sex = Sex::kUnknown;
  std::optional<Date> birth_date;
  std::optional<int> age;
  //! "head", "spouse", "child" or "other" (relation to the head of the KK; spouse/child are
  //! inferred from sex and age when the source does not say).
  std::string relation;
  LifeStatus status = LifeStatus::kAlive;
};

struct FacilityRef {
  int64_t id = 0;
  FacilityType type = FacilityType::kPuskesmas;
  std::string name;
};

struct PersonDetail {
  int64_t id = 0;
  std::string nik;  // masked for kader
  std::string no_kk;
  std::string name;
  Sex sex = Sex::kUnknown;
  std::optional<Date> birth_date;
  std::optional<int> age;
  std::string birth_place;
  std::string phone;
  LifeStatus status = LifeStatus::kAlive;
  std::optional<Date> status_date;
  std::optional<NikFlag> nik_flag;
  Address address;
  std::vector<HouseholdMember> household;  // everyone with the same no_kk, head first
  //! The puskesmas whose wilayah kerja holds the kelurahan, the kelurahan's pustu, the posyandu
  //! of the RW; each absent when there is none.
  std::optional<FacilityRef> puskesmas;
  std::optional<FacilityRef> pustu;
  std::optional<FacilityRef> posyandu;
  std::string created_at;  // ISO 8601 UTC
  std::string updated_at;
};

//! Create: all fields as typed by a user; nik, name and village_code required; NIK checked
//! strictly (rejected with field "nik" and the reason).
struct PersonInput {
  std::string nik;
  std::string no_kk;
  std::string name;
  Sex sex = Sex::kUnknown;
  std::optional<Date> birth_date;
  std::string birth_place;
  std::string street;
  int rt = 0;
  int rw = 0;
  std::string village_code;
  std::string phone;
};

//! Patch: only the fields present change. A changed NIK (or birth date/sex) is re-checked
//! strictly. `status` MATI/PINDAH needs `status_date`.
struct PersonPatch {
  std::optional<std::string> nik;
  std::optional<std::string> no_kk;
  std::optional<std::string> name;
  std::optional<Sex> sex;
  std::optional<Date> birth_date;
  std::optional<std::string> birth_place;
  std::optional<std::string> street;
  std::optional<int> rt;
  std::optional<int> rw;
  std::optional<std::string> village_code;
  std::optional<std::string> phone;
  std::optional<LifeStatus> status;
  std::optional<Date> status_date;
};

// ---- the service -----------------------------------------------------------------------------

struct RegistryOptions {
  //! Folder holding idn-area-data's {provinces,regencies,districts,villages}.csv; regions are
  //! loaded from it on open when the region table is empty. Default: <cwd>/node_modules/...
  std::string area_data_dir;
  //! Build the in-memory people index (name and NIK search, statistics) on open.
  bool build_index = true;
  //! Also index names (people search); off for counting-only tools like `siklus stats`.
  bool index_names = true;
  //! Session lifetime (sliding), seconds.
  int64_t session_ttl_seconds = 8 * 3600;
  //! For tests: the clock (Unix seconds) and today's date; default wall clock and WIB.
  std::function<int64_t()> now;
  std::function<Date()> today;
};

//! What the Dinkes admin may change on an account; unset fields stay.
struct UserUpdate {
  std::optional<Role> role;
  std::optional<std::string> scope;  // as NewUser::scope; checked against the role
  std::optional<std::string> display_name;
  std::optional<bool> disabled;
};

class Registry {
 public:
  //! Migrates the schema, loads regions if missing and builds the search index.
  static Result<std::unique_ptr<Registry>> open(std::shared_ptr<store::Database> db,
                                                RegistryOptions options = {});
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // Users and sessions.
  Result<User> add_user(const NewUser& user);
  //! kUnauthenticated on a wrong username or password (same message for both); kRateLimited
  //! after repeated failures for the username or the client address, with the seconds to wait
  //! in *retry_after_seconds.
  Result<Session> login(const LoginRequest& request, int* retry_after_seconds = nullptr);
  Status logout(std::string_view token);
  //! The session of a token (kUnauthenticated if unknown or expired); extends its expiry.
  Result<Session> session(std::string_view token);

  // Administering accounts (users.cpp): the Dinkes admin, for accounts of her city only; every
  // call is audited. `UserUpdate::scope` is typed as for NewUser (facility id or key, city code).
  Result<std::vector<identity::Account>> users(const User& admin);
  Result<identity::Account> create_user(const User& admin, const NewUser& user);
  Result<identity::Account> update_user(const User& admin, std::string_view username,
                                        const UserUpdate& update);
  Status reset_password(const User& admin, std::string_view username, std::string_view password);
  // One's own account: any logged-in user. `token` is the caller's session, which stays.
  Status change_password(const User& user, std::string_view token, std::string_view current,
                         std::string_view next);
  Result<std::vector<identity::SessionInfo>> sessions(const User& user, std::string_view token);
  //! Ends every other session of the user; returns how many ended.
  Result<int64_t> logout_everywhere(const User& user, std::string_view token);

  // Regions. `code` with or without dots, or "me" for the caller's scope root.
  Result<RegionView> region(const User& user, std::string_view code);
  Result<PopulationStats> population_stats(const User& user, std::string_view code);

  // Facilities.
  Result<std::vector<Facility>> facilities(const User& user, const FacilityQuery& query);
  Result<FacilityDetail> facility(const User& user, int64_t id);

  // People.
  Result<PeoplePage> search_people(const User& user, const PeopleQuery& query);
  //! Audited ("read").
  Result<PersonDetail> person(const User& user, int64_t id);
  //! Audited ("create"). kConflict (field "nik") when the NIK exists.
  Result<PersonDetail> create_person(const User& user, const PersonInput& input);
  //! Audited ("update").
  Result<PersonDetail> update_person(const User& user, int64_t id, const PersonPatch& patch);

  //! The audit log, for `siklus audit` and GET /api/v1/audit alike: dinkes_admin only
  //! (kForbidden otherwise, itself audited as "refused"); the read is audited.
  Result<audit::Page> audit(const User& user, const audit::Query& query);

  // Scope, for other domains (coverage, …) that take the same rule.
  //! Top areas of the user's scope: dinkes_admin -> {city code}; puskesmas/nakes -> the
  //! kelurahan codes of the wilayah kerja; kader -> {"<kelurahan>.RW<nn>"} of their posyandu.
  Result<std::vector<std::string>> scope_areas(const User& user);
  //! OK when the user may see the whole area `area` (2/4/6/10-digit code, dots allowed, or
  //! "<kelurahan>.RWnn"); kNotFound (never revealing existence) otherwise; kInvalidArgument
  //! (field "region") when malformed. A kader may see their RW, not their whole kelurahan.
  Status authorize_area(const User& user, std::string_view area);
  //! Whether the role may see full NIK and KK numbers (false for kader).
  static bool sees_identifiers(const User& user);
  //! Reloads people with ids in [first_id, last_id] from the store into the search index
  //! (removes ids no longer present). Used by the change-feed subscriber.
  Status reindex_people(int64_t first_id, int64_t last_id);
  //! The audit log this registry records to (shares its connection).
  audit::AuditLog& audit_log();

  //! Imports a Dukcapil-like extract (bulk_load.h) for the Dinkes admin (kForbidden for other
  //! roles, audited as refused): rows outside her city are rejected, the import is audited.
  Result<ImportResult> import_population(const User& admin, const std::string& path,
                                         ImportOptions options);

  //! Statistics without a user (CLI `siklus stats population`): the whole region.
  Result<PopulationStats> population_stats_unscoped(std::string_view code);

  class Impl;

 private:
  explicit Registry(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace siklus::registry
