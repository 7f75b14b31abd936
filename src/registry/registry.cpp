#include "registry/registry_impl.h"
#include "registry/schema.h"

namespace siklus::registry {

std::optional<FacilityType> parse_facility_type(std::string_view t) {
  for (int i = 0; i <= static_cast<int>(FacilityType::kPractice); ++i) {
    const auto f = static_cast<FacilityType>(i);
    if (t == facility_type_code(f)) return f;
  }
  return std::nullopt;
}

std::optional<LifeStatus> parse_life_status(std::string_view t) {
  for (LifeStatus s : {LifeStatus::kAlive, LifeStatus::kDied, LifeStatus::kMovedOut}) {
    if (t == life_status_code(s)) return s;
  }
  return std::nullopt;
}

//! What identity shows as the user's scope.
std::string Registry::Impl::scope_name_of(const User& u) {
  if (u.role == Role::kDinkesAdmin) return region_name(u.scope);
  auto f = load_facility(std::strtoll(u.scope.c_str(), nullptr, 10));
  return f ? f->name : std::string();
}

Registry::Registry(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Registry::~Registry() = default;

Result<std::unique_ptr<Registry>> Registry::open(std::shared_ptr<store::Database> db,
                                                 RegistryOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->db = std::move(db);
  impl->options = std::move(options);
  SK_TRY(migrate_registry(*impl->db));
  Impl* m = impl.get();
  identity::AccountsOptions ao;
  ao.session_ttl_seconds = impl->options.session_ttl_seconds;
  ao.now = [m] { return m->now(); };
  ao.scope_name = [m](const User& u) { return m->scope_name_of(u); };
  auto accounts = identity::Accounts::open(impl->db, std::move(ao));
  if (!accounts) return accounts.error();
  impl->accounts = std::move(*accounts);
  audit::Options audit_options;
  audit_options.now = [m] { return m->now(); };
  auto log = audit::AuditLog::open(impl->db, std::move(audit_options));
  if (!log) return log.error();
  impl->audit = std::move(*log);
  {
    auto count = impl->db->prepare("SELECT COUNT(*) FROM region");
    if (!count) return count.error();
    auto r = (*count)->step();
    if (!r) return r.error();
    if ((*count)->column_int64(0) == 0) {
      std::string dir =
          impl->options.area_data_dir.empty() ? find_area_data_dir() : impl->options.area_data_dir;
      if (dir.empty()) {
        return Error::io(
            "region data not found: node_modules/idn-area-data/data (run ./dev setup, or set "
            "SIKLUS_AREA_DATA)");
      }
      auto loaded = load_area_data(*impl->db, dir);
      if (!loaded) return loaded.error();
    }
  }
  auto regions = RegionTable::load(*impl->db);
  if (!regions) return regions.error();
  impl->regions = std::move(*regions);
  impl->index = std::make_unique<PeopleIndex>(&impl->regions, impl->options.index_names);
  if (impl->options.build_index) {
    SK_TRY(impl->index->build(*impl->db));
    impl->index_built = true;
  }
  return std::unique_ptr<Registry>(new Registry(std::move(impl)));
}

// ---- login and sessions -----------------------------------------------------------------------

Result<Session> Registry::login(const LoginRequest& req, int* retry_after) {
  auto s = impl_->accounts->login(req, retry_after);
  if (!s && s.error().code == ErrorCode::kUnauthenticated) {
    // Who tried which name from where; never the password. Throttled attempts are not written
    // one by one: they cost an attacker nothing and would flood the log.
    User tried;
    tried.username = req.username.substr(0, 64);
    audit::Event e;
    e.action = "login_failed";
    e.object = "session";
    e.detail = "client=" + req.client_address;
    SK_TRY(impl_->record(tried, e));
  }
  return s;
}

Status Registry::logout(std::string_view token) { return impl_->accounts->logout(token); }

Result<Session> Registry::session(std::string_view token) {
  return impl_->accounts->session(token);
}

// ---- the audit service ------------------------------------------------------------------------

Result<audit::Page> Registry::audit(const User& user, const audit::Query& q) {
  Impl& m = *impl_;
  std::string filters;
  auto add = [&](const char* key, const std::string& value) {
    if (!value.empty()) filters += (filters.empty() ? "" : " ") + std::string(key) + "=" + value;
  };
  add("user", q.user);
  add("person", q.person_id ? std::to_string(*q.person_id) : "");
  add("since", q.since);
  add("until", q.until);
  add("action", q.action);
  if (user.role != Role::kDinkesAdmin) {
    SK_TRY(m.record(user, {"refused", "audit_log", q.person_id, "", filters, std::nullopt}));
    return Error{ErrorCode::kForbidden, "only the Dinkes admin reads the audit log", {}};
  }
  auto page = m.audit->query(q);
  if (!page) return page.error();
  // Reading the log is itself on the record, after the read so the reader does not see it.
  SK_TRY(m.record(user, {"read", "audit_log", q.person_id, "", filters, page->total}));
  return page;
}

audit::AuditLog& Registry::audit_log() { return *impl_->audit; }

}  // namespace siklus::registry
