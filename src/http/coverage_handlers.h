#pragma once
// HTTP handlers for JKN coverage (docs/coverage.md, docs/api.md): the coverage table of a region
// with its children, the kelurahan map, snapshots, the review queue (list, accept, reject) and
// worklist downloads (CSV/XLSX). Thin: they parse the request, call CoverageService with the
// acting user (which applies scope, identifiers and audit) and map the answer.

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
  Result<Response> person_membership(RequestContext& ctx) const;

 private:
  Result<Response> decide(RequestContext& ctx, coverage::Verdict verdict) const;

  [[maybe_unused]] registry::Registry& registry_;  // kept for the route table's constructor
  coverage::CoverageService& service_;
};

}  // namespace siklus::http
