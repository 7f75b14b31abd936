#pragma once
// Pure mappings between siklus records and FHIR R4 JSON (docs/fhir.md). No store, no HTTP, no
// access checks: the handlers fetch records through the domain services (which check scope and
// audit) and hand them here. Identifier systems are SATUSEHAT's (domain.md §6.1); what SATUSEHAT
// has no system for gets a siklus one under kSiklusBase.
//
// Ids: Patient = person id, Organization and Location = facility id, Location of a region =
// "region-<code>", Encounter = care service id, Immunization / Condition / EpisodeOfCare = the id
// of the immunization / diagnosis / pregnancy service, Observation = "<service id>-<measure>"
// (one service carries several measurements), Coverage = "<person id>-<JKN card number>".

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "care/care.h"
#include "core/result.h"
#include "registry/registry.h"

namespace siklus::interop::fhir {

using nlohmann::json;

inline constexpr std::string_view kNikSystem = "https://fhir.kemkes.go.id/id/nik";
inline constexpr std::string_view kKkSystem = "https://fhir.kemkes.go.id/id/kk";
inline constexpr std::string_view kIhsSystem = "https://fhir.kemkes.go.id/id/ihs-number";
inline constexpr std::string_view kAdministrativeCode =
    "https://fhir.kemkes.go.id/r4/StructureDefinition/AdministrativeCode";
inline constexpr std::string_view kLoinc = "http://loinc.org";
inline constexpr std::string_view kUcum = "http://unitsofmeasure.org";
inline constexpr std::string_view kIcd10 = "http://hl7.org/fhir/sid/icd-10";
inline constexpr std::string_view kSiklusBase = "https://siklus.id/fhir";
//! The care service codes (care.h) as a code system: Encounter.type, EpisodeOfCare.type.
inline constexpr std::string_view kServiceSystem = "https://siklus.id/fhir/CodeSystem/service";
//! The antigens of the national schedule (docs/care.md) as a code system: vaccineCode.
inline constexpr std::string_view kAntigenSystem = "https://siklus.id/fhir/CodeSystem/antigen";
//! A care service's id, so a record sent twice is recognised (Encounter.identifier).
inline constexpr std::string_view kServiceIdSystem = "https://siklus.id/fhir/id/care-service";
inline constexpr std::string_view kFacilityKeySystem = "https://siklus.id/fhir/id/facility";

// ---- siklus -> FHIR -----------------------------------------------------------------------

//! A resident. `identifiers` false (a kader's view) leaves NIK and KK out rather than masked.
json patient(const registry::PersonDetail& p, bool identifiers);
json organization(const registry::Facility& f);
json facility_location(const registry::Facility& f);
//! A region of the Kemendagri tree as a Location of physicalType "area", part of its parent.
json region_location(const registry::RegionView& r);
json practitioner(const registry::StaffMember& s, int64_t facility_id);
//! One JKN membership row of CoverageService::person_membership ("members" item).
json coverage(int64_t person_id, const json& member, const std::string& snapshot);

//! Every care service is an Encounter; its measurements, vaccine, diagnosis or pregnancy are
//! the resources below, each referring to it.
json encounter(const care::ServiceRecord& r);
//! The measurements of a service (anthropometry, blood pressure, glucose, …), LOINC + UCUM.
std::vector<json> observations(const care::ServiceRecord& r);
std::optional<json> immunization(const care::ServiceRecord& r);
std::optional<json> condition(const care::ServiceRecord& r);
std::optional<json> episode_of_care(const care::ServiceRecord& r);
//! Every resource of `type` a service yields (empty when none).
std::vector<json> resources_of(std::string_view type, const care::ServiceRecord& r);

//! The stored-service JSON of care::to_json back into a record (for the mappings above).
Result<care::ServiceRecord> record_from_json(const json& j);

// ---- FHIR -> siklus -----------------------------------------------------------------------

//! A client's Immunization, Condition or Observation (and an Encounter with its Observations,
//! from a transaction Bundle) as the care service it records. Errors name the FHIR path
//! (Error::field, e.g. "Immunization.patient.reference").
Result<care::ServiceInput> service_from_immunization(const json& r);
Result<care::ServiceInput> service_from_condition(const json& r);
Result<care::ServiceInput> service_from_observation(const json& r);
//! An Encounter and the Observations that refer to it as one service: the Encounter's type (a
//! kServiceSystem code, default "anthropometry") and the Observations' values as its fields.
Result<care::ServiceInput> service_from_encounter(const json& encounter,
                                                  const std::vector<json>& observations);
//! The id of "Patient/123" (or "123"); kInvalidArgument naming `field` otherwise.
Result<int64_t> reference_id(const json& ref, std::string_view type, const std::string& field);

// ---- errors -------------------------------------------------------------------------------

//! An OperationOutcome with one issue; `expression` (a FHIRPath) when not empty.
json operation_outcome(std::string_view severity, std::string_view code,
                       std::string_view diagnostics, std::string_view expression = {});
//! The OperationOutcome of a domain error (issue code from the error code, field as expression).
json operation_outcome(const Error& e);

//! The CapabilityStatement of /fhir/r4/metadata.
json capability_statement(std::string_view software_version);

}  // namespace siklus::interop::fhir
