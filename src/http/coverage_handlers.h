#pragma once
// HTTP handlers for JKN coverage (docs/coverage.md, docs/api.md): the coverage table of a region
// with its children, the kelurahan map, snapshots, the review queue (list, accept, reject) and
// worklist downloads (CSV/XLSX). Scope comes from the registry: a region outside the caller's
// area is 404, exactly as for the registry's own endpoints.

#include "coverage/service.h"
#include "http/router.h"
#include "registry/registry.h"

namespace siklus::http {

class CoverageHandlers {
 public:
  CoverageHandlers(registry::Registry& registry, coverage::CoverageService& service);

  Result<Response> coverage(RequestContext& ctx) const;
  Result<Response> village_map(RequestContext& ctx) const;
  Result<Response> snapshots(RequestContext& ctx) const;
  Result<Response> worklist(RequestContext& ctx) const;
  Result<Response> reviews(RequestContext& ctx) const;
  Result<Response> accept(RequestContext& ctx) const;
  Result<Response> reject(RequestContext& ctx) const;

 private:
  //! The `region` query parameter (default: the caller's scope root), normalized and checked
  //! against the caller's scope.
  Result<std::string> scoped_region(const RequestContext& ctx) const;
  Result<Response> decide(RequestContext& ctx, coverage::Verdict verdict) const;

  registry::Registry& registry_;
  coverage::CoverageService& service_;
};

}  // namespace siklus::http
