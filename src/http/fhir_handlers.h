#pragma once
// The FHIR R4 API under /fhir/r4 (docs/fhir.md): reads and searches of the register and the care
// records, and creates that record a service through CareService. Handlers only parse and map:
// scope, audit and validation happen in the registry, care and coverage services, the mappings in
// interop/fhir. Every refusal is an OperationOutcome (never the /api/v1 error object), naming
// the FHIR path of the offending field.

#include <string>
#include <string_view>

#include "care/service.h"
#include "coverage/service.h"
#include "http/router.h"
#include "registry/registry.h"

namespace siklus::http {

class FhirHandlers {
 public:
  //! `care` and `coverage` may be null (their resources then answer 404).
  FhirHandlers(registry::Registry& registry, care::CareService* care,
               coverage::CoverageService* coverage);

  Result<Response> metadata(RequestContext& ctx) const;
  Result<Response> read(std::string_view type, RequestContext& ctx) const;
  Result<Response> search(std::string_view type, RequestContext& ctx) const;
  Result<Response> create(std::string_view type, RequestContext& ctx) const;
  Result<Response> update(std::string_view type, RequestContext& ctx) const;
  Result<Response> history(std::string_view type, RequestContext& ctx) const;
  //! A transaction Bundle: each Encounter with the Observations that refer to it, plus single
  //! Immunization/Condition/Observation entries; all validated before anything is written.
  Result<Response> transaction(RequestContext& ctx) const;

 private:
  Result<Response> search_patients(RequestContext& ctx) const;
  Result<Response> search_clinical(std::string_view type, RequestContext& ctx) const;
  Result<Response> search_coverage(RequestContext& ctx) const;
  Result<Response> search_practitioners(RequestContext& ctx) const;

  registry::Registry& registry_;
  care::CareService* care_;
  coverage::CoverageService* coverage_;
};

}  // namespace siklus::http
