#pragma once
// HTTP handlers for WHO growth (docs/growth.md, docs/api.md): z-scores of one measurement and the
// SD lines of the charts. Thin: they parse the request, call the growth module's service over
// the reference in use (swapped whole by the app when an import lands) and map the answer.
// Nothing is stored and no person is named, so these routes carry no scope.

#include "growth/growth.h"
#include "http/router.h"

namespace siklus::http {

class GrowthHandlers {
 public:
  explicit GrowthHandlers(growth::ReferenceSource& source) : source_(source) {}

  //! POST /api/v1/growth/assess
  Result<Response> assess(RequestContext& ctx) const;
  //! GET /api/v1/growth/curves?indicator=…&sex=L|P
  Result<Response> curves(RequestContext& ctx) const;

 private:
  growth::ReferenceSource& source_;
};

}  // namespace siklus::http
