#pragma once
// HTTP handlers for life-cycle care (docs/care.md, docs/api.md): record, correct and remove a
// service, a person's care timeline and due lists (JSON or XLSX). Thin: they parse the request,
// call CareService with the acting user (which applies scope, rules and audit) and map the answer.

#include "care/service.h"
#include "http/router.h"

namespace siklus::http {

class CareHandlers {
 public:
  explicit CareHandlers(care::CareService& service);

  Result<Response> record(RequestContext& ctx) const;
  Result<Response> service(RequestContext& ctx) const;
  Result<Response> correct(RequestContext& ctx) const;
  Result<Response> remove(RequestContext& ctx) const;
  Result<Response> timeline(RequestContext& ctx) const;
  Result<Response> due(RequestContext& ctx) const;
  Result<Response> targets(RequestContext& ctx) const;

 private:
  care::CareService& service_;
};

}  // namespace siklus::http
