#pragma once
// HTTP handlers for Jemput Sakit Antar Sehat (docs/transport.md, docs/api.md): book a trip (with
// its return), one trip, the driver's status update, the day's board, plan or re-plan a day,
// vehicles and drivers' shifts. Thin: they parse the request, call TransportService with the
// acting user (which applies scope, the dispatcher and audit) and map the answer.

#include "http/router.h"
#include "transport/service.h"

namespace siklus::http {

class TransportHandlers {
 public:
  explicit TransportHandlers(transport::TransportService& service);

  Result<Response> book(RequestContext& ctx) const;
  Result<Response> trip(RequestContext& ctx) const;
  Result<Response> status(RequestContext& ctx) const;
  Result<Response> board(RequestContext& ctx) const;
  Result<Response> plan(RequestContext& ctx) const;
  Result<Response> vehicles(RequestContext& ctx) const;
  Result<Response> add_vehicle(RequestContext& ctx) const;
  Result<Response> add_shift(RequestContext& ctx) const;

 private:
  transport::TransportService& service_;
};

}  // namespace siklus::http
