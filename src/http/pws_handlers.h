#pragma once
// HTTP handlers for the live PWS (docs/pws.md, docs/api.md): the indicator table of an area with
// its children (JSON or XLSX), a monthly trend, the names behind a figure, the version a
// dashboard polls and the indicator definitions. Thin: they parse the query, call
// MonitoringService with the acting user (which applies scope and audit) and map the answer.

#include "http/router.h"
#include "monitoring/service.h"

namespace siklus::http {

class PwsHandlers {
 public:
  explicit PwsHandlers(monitoring::MonitoringService& service);

  Result<Response> table(RequestContext& ctx) const;
  Result<Response> trend(RequestContext& ctx) const;
  Result<Response> people(RequestContext& ctx) const;
  Result<Response> version(RequestContext& ctx) const;
  Result<Response> indicators(RequestContext& ctx) const;

 private:
  monitoring::MonitoringService& service_;
};

}  // namespace siklus::http
