// The route table of /api/v1: one line per endpoint (method, path, description, access,
// handler). GET /api/v1/meta/routes serves this table; docs/api.md describes the same endpoints
// and docs/openapi.json pins their shapes: a route added here must also get its path in that
// file (openapi_test.cpp fails otherwise).

#include "http/routes.h"

#include "http/account_handlers.h"
#include "http/care_handlers.h"
#include "http/coverage_handlers.h"
#include "http/fhir_handlers.h"
#include "http/growth_handlers.h"
#include "http/openapi.h"
#include "http/pws_handlers.h"
#include "http/transport_handlers.h"

namespace siklus::http {

std::unique_ptr<Router> make_api_router(registry::Registry& registry,
                                        std::shared_ptr<const StaticFiles> web,
                                        ApiOptions options) {
  auto h = std::make_shared<RegistryHandlers>(registry, options.cookie);
  auto table = std::make_shared<nlohmann::json>();
  auto on = [h](Result<Response> (RegistryHandlers::*fn)(RequestContext&) const) -> Handler {
    return [h, fn](RequestContext& ctx) { return ((*h).*fn)(ctx); };
  };
  using A = Access;
  using RH = RegistryHandlers;
  std::vector<Route> routes = {
      {Verb::get, "/api/v1/health", "liveness: {\"status\":\"ok\"}", A::kPublic,
       [](RequestContext&) -> Result<Response> {
         return json_response(200, {{"status", "ok"}});
       }},
      {Verb::get, "/api/v1/openapi.json", "the OpenAPI 3.1 document of this API", A::kPublic,
       [](RequestContext&) -> Result<Response> {
         Response res{bhttp::status::ok, 11};
         res.set(bhttp::field::content_type, "application/json");
         res.body() = std::string(openapi_document());
         res.prepare_payload();
         return res;
       }},
      {Verb::get, "/api/v1/meta/routes", "this route table", A::kPublic,
       [table](RequestContext&) -> Result<Response> {
         return json_response(200, {{"routes", *table}});
       }},
      {Verb::post, "/api/v1/session", "log in with username and password; sets cookie sid",
       A::kPublic, on(&RH::login)},
      {Verb::delete_, "/api/v1/session", "log out", A::kPublic, on(&RH::logout)},
      {Verb::get, "/api/v1/me", "the logged-in user", A::kSession, on(&RH::me)},
      {Verb::get, "/api/v1/regions/{code}", "a region with its children and residents", A::kSession,
       on(&RH::region)},
      {Verb::get, "/api/v1/stats/population", "population statistics and pyramid of a region",
       A::kSession, on(&RH::population_stats)},
      {Verb::get, "/api/v1/facilities", "facilities in scope, by region and type", A::kSession,
       on(&RH::facilities)},
      {Verb::get, "/api/v1/facilities/{id}", "one facility with catchment and staff", A::kSession,
       on(&RH::facility)},
      {Verb::get, "/api/v1/people", "search people by exact NIK or name (typo tolerant)",
       A::kSession, on(&RH::search_people)},
      {Verb::post, "/api/v1/people", "create a resident (NIK checked strictly); audited",
       A::kSession, on(&RH::create_person)},
      {Verb::get, "/api/v1/people/{id}",
       "a person with address, household and facilities; "
       "audited",
       A::kSession, on(&RH::person)},
      {Verb::patch, "/api/v1/people/{id}", "change a person's fields or life status; audited",
       A::kSession, on(&RH::update_person)},
      {Verb::get, "/api/v1/audit", "audit log entries (dinkes admin only)", A::kSession,
       on(&RH::audit)},
  };
  {
    auto ah = std::make_shared<AccountHandlers>(registry);
    auto acc = [ah](Result<Response> (AccountHandlers::*fn)(RequestContext&) const) -> Handler {
      return [ah, fn](RequestContext& ctx) { return ((*ah).*fn)(ctx); };
    };
    using AH = AccountHandlers;
    std::vector<Route> account_routes = {
        {Verb::get, "/api/v1/users", "accounts of the city (dinkes admin only); audited",
         A::kSession, acc(&AH::users)},
        {Verb::post, "/api/v1/users", "create an account (dinkes admin only); audited", A::kSession,
         acc(&AH::create_user)},
        {Verb::patch, "/api/v1/users/{username}",
         "change an account's role, scope, name, password or disable it (dinkes admin only); "
         "audited",
         A::kSession, acc(&AH::update_user)},
        {Verb::post, "/api/v1/me/password", "change one's own password; other sessions end",
         A::kSession, acc(&AH::change_password)},
        {Verb::get, "/api/v1/me/sessions", "one's own live sessions", A::kSession,
         acc(&AH::sessions)},
        {Verb::delete_, "/api/v1/me/sessions", "log out everywhere else", A::kSession,
         acc(&AH::logout_everywhere)},
    };
    for (auto& r : account_routes) routes.push_back(std::move(r));
  }
  if (options.coverage) {
    auto ch = std::make_shared<CoverageHandlers>(registry, *options.coverage);
    auto cov = [ch](Result<Response> (CoverageHandlers::*fn)(RequestContext&) const) -> Handler {
      return [ch, fn](RequestContext& ctx) { return ((*ch).*fn)(ctx); };
    };
    using CH = CoverageHandlers;
    std::vector<Route> coverage_routes = {
        {Verb::get, "/api/v1/coverage", "JKN coverage of a region and its children (UHC)",
         A::kSession, cov(&CH::coverage)},
        {Verb::get, "/api/v1/coverage/map", "coverage of every kelurahan with a position",
         A::kSession, cov(&CH::village_map)},
        {Verb::get, "/api/v1/coverage/snapshots", "membership snapshots, newest first", A::kSession,
         cov(&CH::snapshots)},
        {Verb::get, "/api/v1/coverage/worklist",
         "residents without JKN and NONAKTIF members as CSV or XLSX", A::kSession,
         cov(&CH::worklist)},
        {Verb::get, "/api/v1/coverage/reviews", "link review queue of a region", A::kSession,
         cov(&CH::reviews)},
        {Verb::post, "/api/v1/coverage/reviews/{noka}/accept", "accept a proposed link; audited",
         A::kSession, cov(&CH::accept)},
        {Verb::post, "/api/v1/coverage/reviews/{noka}/reject", "reject a proposed link; audited",
         A::kSession, cov(&CH::reject)},
        {Verb::get, "/api/v1/people/{id}/jkn",
         "a resident's JKN membership in the latest snapshot; audited", A::kSession,
         cov(&CH::person_membership)},
    };
    for (auto& r : coverage_routes) routes.push_back(std::move(r));
  }
  if (options.growth) {
    auto gh = std::make_shared<GrowthHandlers>(*options.growth);
    auto gr = [gh](Result<Response> (GrowthHandlers::*fn)(RequestContext&) const) -> Handler {
      return [gh, fn](RequestContext& ctx) { return ((*gh).*fn)(ctx); };
    };
    routes.push_back({Verb::post, "/api/v1/growth/assess",
                      "WHO z-scores and PMK 2/2020 status of one measurement; nothing stored",
                      A::kSession, gr(&GrowthHandlers::assess)});
    routes.push_back({Verb::get, "/api/v1/growth/curves",
                      "the -3…+3 SD lines of a WHO growth chart (cacheable)", A::kSession,
                      gr(&GrowthHandlers::curves)});
  }
  if (options.care) {
    auto kh = std::make_shared<CareHandlers>(*options.care);
    auto care = [kh](Result<Response> (CareHandlers::*fn)(RequestContext&) const) -> Handler {
      return [kh, fn](RequestContext& ctx) { return ((*kh).*fn)(ctx); };
    };
    using KH = CareHandlers;
    std::vector<Route> care_routes = {
        {Verb::post, "/api/v1/care/services",
         "record a life-cycle service (Idempotency-Key header); audited", A::kSession,
         care(&KH::record)},
        {Verb::get, "/api/v1/care/services/{id}", "one service with its correction history",
         A::kSession, care(&KH::service)},
        {Verb::patch, "/api/v1/care/services/{id}", "correct a service (old value kept); audited",
         A::kSession, care(&KH::correct)},
        {Verb::delete_, "/api/v1/care/services/{id}", "remove a service with a reason; audited",
         A::kSession, care(&KH::remove)},
        {Verb::get, "/api/v1/people/{id}/care",
         "a person's services, immunisation card, pregnancies and what is due; audited",
         A::kSession, care(&KH::timeline)},
        {Verb::get, "/api/v1/care/due", "who is due or overdue in an area (JSON or XLSX); audited",
         A::kSession, care(&KH::due)},
        {Verb::get, "/api/v1/care/targets",
         "sasaran: the target group of each SPM service in an area and year; audited", A::kSession,
         care(&KH::targets)},
    };
    for (auto& r : care_routes) routes.push_back(std::move(r));
  }
  if (options.pws) {
    auto ph = std::make_shared<PwsHandlers>(*options.pws);
    auto pws = [ph](Result<Response> (PwsHandlers::*fn)(RequestContext&) const) -> Handler {
      return [ph, fn](RequestContext& ctx) { return ((*ph).*fn)(ctx); };
    };
    using PH = PwsHandlers;
    std::vector<Route> pws_routes = {
        {Verb::get, "/api/v1/pws", "the PWS table of an area with its children (JSON or XLSX)",
         A::kSession, pws(&PH::table)},
        {Verb::get, "/api/v1/pws/trend", "one PWS indicator of an area month by month", A::kSession,
         pws(&PH::trend)},
        {Verb::get, "/api/v1/pws/people", "who is counted or missing behind a PWS figure; audited",
         A::kSession, pws(&PH::people)},
        {Verb::get, "/api/v1/pws/version", "changes whenever a PWS figure may have changed",
         A::kSession, pws(&PH::version)},
        {Verb::get, "/api/v1/pws/indicators", "the PWS indicator definitions", A::kSession,
         pws(&PH::indicators)},
    };
    for (auto& r : pws_routes) routes.push_back(std::move(r));
  }
  if (options.transport) {
    auto th = std::make_shared<TransportHandlers>(*options.transport);
    auto tr = [th](Result<Response> (TransportHandlers::*fn)(RequestContext&) const) -> Handler {
      return [th, fn](RequestContext& ctx) { return ((*th).*fn)(ctx); };
    };
    using TH = TransportHandlers;
    std::vector<Route> transport_routes = {
        {Verb::post, "/api/v1/transport/trips",
         "book a JSAS trip (and its return); inserted into the day's plan; audited", A::kSession,
         tr(&TH::book)},
        {Verb::get, "/api/v1/transport/trips/{id}", "one trip with its status; audited",
         A::kSession, tr(&TH::trip)},
        {Verb::post, "/api/v1/transport/trips/{id}/status",
         "the driver's update: on the way, picked up, delivered, cancelled, no show; audited",
         A::kSession, tr(&TH::status)},
        {Verb::get, "/api/v1/transport/board",
         "the day's trips, statuses and vehicle runs; audited", A::kSession, tr(&TH::board)},
        {Verb::post, "/api/v1/transport/plan", "plan or re-plan a day's trips (version checked)",
         A::kSession, tr(&TH::plan)},
        {Verb::get, "/api/v1/transport/vehicles", "the city's JSAS vehicles", A::kSession,
         tr(&TH::vehicles)},
        {Verb::post, "/api/v1/transport/vehicles", "add or update a vehicle", A::kSession,
         tr(&TH::add_vehicle)},
        {Verb::post, "/api/v1/transport/shifts", "a driver's shift on a vehicle for a day",
         A::kSession, tr(&TH::add_shift)},
    };
    for (auto& r : transport_routes) routes.push_back(std::move(r));
  }
  {
    // FHIR R4 (docs/fhir.md): one route per interaction, the resource type a path parameter the
    // handler checks, so an unknown type is an OperationOutcome too.
    auto fh = std::make_shared<FhirHandlers>(registry, options.care, options.coverage);
    auto typed = [fh](Result<Response> (FhirHandlers::*fn)(std::string_view, RequestContext&)
                          const) -> Handler {
      return [fh, fn](RequestContext& ctx) {
        const std::string type = ctx.param("type");
        return ((*fh).*fn)(type, ctx);
      };
    };
    std::vector<Route> fhir_routes = {
        {Verb::get, "/fhir/r4/metadata", "FHIR CapabilityStatement", A::kPublic,
         [fh](RequestContext& ctx) { return fh->metadata(ctx); }},
        {Verb::post, "/fhir/r4",
         "FHIR transaction Bundle: Encounters with their Observations, Immunizations, Conditions "
         "recorded as care services, all or nothing; audited",
         A::kSession, [fh](RequestContext& ctx) { return fh->transaction(ctx); }},
        {Verb::get, "/fhir/r4/{type}",
         "FHIR search: Patient (identifier, name, birthdate, address), Encounter, Observation, "
         "Immunization, Condition, EpisodeOfCare (subject, date), Coverage (beneficiary), "
         "Practitioner (organization); _count, _page; audited",
         A::kSession, typed(&FhirHandlers::search)},
        {Verb::get, "/fhir/r4/{type}/{id}",
         "FHIR read: Patient, Organization, Location, Coverage and the clinical resources; audited",
         A::kSession, typed(&FhirHandlers::read)},
        {Verb::post, "/fhir/r4/{type}",
         "FHIR create of an Encounter, Observation, Immunization or Condition as a care service; "
         "audited",
         A::kSession, typed(&FhirHandlers::create)},
        {Verb::put, "/fhir/r4/{type}/{id}",
         "FHIR update of an Immunization or Condition (care correction, old value kept); audited",
         A::kSession, typed(&FhirHandlers::update)},
        {Verb::get, "/fhir/r4/{type}/{id}/_history",
         "FHIR history of a clinical resource (care_service_history); audited", A::kSession,
         typed(&FhirHandlers::history)},
    };
    for (auto& r : fhir_routes) routes.push_back(std::move(r));
  }
  auto router = std::make_unique<Router>(
      std::move(routes), [h](std::string_view token) { return h->authenticate(token); },
      std::move(web));
  *table = router->route_table();
  return router;
}

}  // namespace siklus::http
