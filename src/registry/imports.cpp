// The population import as a service of the registry: the same streaming loader as
// `siklus import population` (bulk_load.cpp), with the rule an office needs when it uploads from
// a browser: only the Dinkes admin, only her own city's residents, and the audit trail.

#include "registry/registry_impl.h"

namespace siklus::registry {

Result<ImportResult> Registry::import_population(const User& admin, const std::string& path,
                                                 ImportOptions options) {
  Impl& m = *impl_;
  if (admin.role != Role::kDinkesAdmin) {
    return m.refused(admin, Error{ErrorCode::kForbidden, "only the Dinkes admin imports", {}},
                     "population_import", "");
  }
  options.within_city = admin.scope;
  options.today = m.today();
  auto r = registry::import_population(*m.db, m.regions, path, options);
  if (!r) return r.error();
  SK_TRY(m.record(admin,
                  {"import", "population", std::nullopt, admin.scope,
                   "rows " + std::to_string(r->rows) + ", rejected " + std::to_string(r->rejected),
                   static_cast<int64_t>(r->written)}));
  return r;
}

}  // namespace siklus::registry
