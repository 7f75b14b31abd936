// The FHIR mappings against the shapes SATUSEHAT and R4 expect: identifier systems, the address
// extension, LOINC/UCUM observations, and client resources turned into care services with errors
// that name the FHIR path.

#include "interop/fhir/resources.h"

#include <gtest/gtest.h>

namespace siklus::interop::fhir {
namespace {

registry::PersonDetail ani() {
  registry::PersonDetail p;
  p.id = 42;
  p.nik = "3371014501900001";
  p.no_kk = "3371010101900002";
  p.name = "Ani Lestari";
  p.sex = Sex::kFemale;
  p.birth_date = Date::parse("1990-01-05");
  p.address.street = "Jl. Mawar 3";
  p.address.rt = 2;
  p.address.rw = 5;
  p.address.village = {"3371011003", "Kemirirejo", RegionLevel::kVillage};
  p.address.city = {"3371", "Kota Magelang", RegionLevel::kCity};
  registry::HouseholdMember m;
  m.id = 43;
  m.name = "Budi";
  m.relation = "head";
  p.household.push_back(m);
  p.puskesmas = registry::FacilityRef{7, registry::FacilityType::kPuskesmas, "PKM Magelang"};
  return p;
}

care::ServiceRecord service(std::string code, json fields) {
  care::ServiceRecord r;
  r.id = 9;
  r.person_id = 42;
  r.service = std::move(code);
  r.date = *Date::parse("2026-11-02");
  r.place = "posyandu";
  r.facility_id = 7;
  r.fields = std::move(fields);
  return r;
}

TEST(FhirPatient, CarriesNikAndKkWithKemenkesSystemsAndTheAddressCodesDownToRtRw) {
  json p = patient(ani(), true);
  EXPECT_EQ(p["resourceType"], "Patient");
  EXPECT_EQ(p["id"], "42");
  EXPECT_EQ(p["identifier"][0]["system"], kNikSystem);
  EXPECT_EQ(p["identifier"][0]["value"], "3371014501900001");
  EXPECT_EQ(p["identifier"][1]["system"], kKkSystem);
  EXPECT_EQ(p["gender"], "female");
  EXPECT_EQ(p["birthDate"], "1990-01-05");
  const json& ext = p["address"][0]["extension"][0];
  EXPECT_EQ(ext["url"], kAdministrativeCode);
  std::map<std::string, std::string> parts;
  for (const auto& e : ext["extension"]) parts[e["url"]] = e["valueCode"];
  EXPECT_EQ(parts["province"], "33");
  EXPECT_EQ(parts["city"], "3371");
  EXPECT_EQ(parts["district"], "337101");
  EXPECT_EQ(parts["village"], "3371011003");
  EXPECT_EQ(parts["rt"], "2");
  EXPECT_EQ(parts["rw"], "5");
  EXPECT_EQ(p["extension"][0]["extension"][0]["valueReference"]["reference"], "Patient/43");
  EXPECT_EQ(p["generalPractitioner"][0]["reference"], "Organization/7");
}

TEST(FhirPatient, AKadersViewLeavesIdentifiersOutRatherThanMasked) {
  json p = patient(ani(), false);
  EXPECT_FALSE(p.contains("identifier"));
}

TEST(FhirObservation, AnthropometryBecomesLoincObservationsInUcum) {
  auto obs = observations(
      service("anthropometry",
              {{"weight_kg", 9.5}, {"height_cm", 74.0}, {"recumbent", true}, {"bmi", 17.3}}));
  ASSERT_EQ(obs.size(), 3u);
  EXPECT_EQ(obs[0]["id"], "9-weight");
  EXPECT_EQ(obs[0]["code"]["coding"][0]["code"], "29463-7");
  EXPECT_EQ(obs[0]["valueQuantity"]["code"], "kg");
  EXPECT_EQ(obs[0]["valueQuantity"]["system"], kUcum);
  EXPECT_EQ(obs[1]["code"]["coding"][0]["code"], "8306-3");  // lying length
  EXPECT_EQ(obs[0]["category"][0]["coding"][0]["code"], "vital-signs");
  EXPECT_EQ(obs[0]["encounter"]["reference"], "Encounter/9");
}

TEST(FhirClinical, ImmunizationConditionPregnancyAndEncounter) {
  auto imm = immunization(service("immunization", {{"antigen", "mr"}, {"dose", 1}}));
  ASSERT_TRUE(imm);
  EXPECT_EQ((*imm)["protocolApplied"][0]["doseNumberPositiveInt"], 1);
  EXPECT_EQ((*imm)["vaccineCode"]["coding"][0]["code"], "mr");
  auto c = condition(service("diagnosis", {{"icd10", "I10"}}));
  ASSERT_TRUE(c);
  EXPECT_EQ((*c)["code"]["coding"][0]["system"], kIcd10);
  auto e = episode_of_care(service("pregnancy", {{"hpht", "2026-05-01"}}));
  ASSERT_TRUE(e);
  EXPECT_EQ((*e)["status"], "active");
  EXPECT_EQ((*e)["period"]["start"], "2026-05-01");
  json enc = encounter(service("diagnosis", {{"icd10", "I10"}}));
  EXPECT_EQ(enc["class"]["code"], "AMB");
  EXPECT_EQ(enc["diagnosis"][0]["condition"]["reference"], "Condition/9");
  EXPECT_FALSE(immunization(service("diagnosis", {})));
}

TEST(FhirInput, AnImmunizationBecomesAnImmunizationService) {
  json r = {
      {"resourceType", "Immunization"},
      {"status", "completed"},
      {"identifier", json::array({{{"system", "urn:x"}, {"value", "1"}}})},
      {"vaccineCode", {{"coding", json::array({{{"system", kAntigenSystem}, {"code", "bcg"}}})}}},
      {"patient", {{"reference", "Patient/42"}}},
      {"occurrenceDateTime", "2026-11-02T09:00:00+07:00"},
      {"protocolApplied", json::array({{{"doseNumberPositiveInt", 1}}})},
      {"performer", json::array({{{"actor", {{"reference", "Organization/7"}}}}})}};
  auto in = service_from_immunization(r);
  ASSERT_TRUE(in) << in.error().message;
  EXPECT_EQ(in->person_id, 42);
  EXPECT_EQ(in->date.to_string(), "2026-11-02");
  EXPECT_EQ(in->fields["antigen"], "bcg");
  EXPECT_EQ(in->facility_id, 7);
  EXPECT_EQ(in->idempotency_key, "fhir:urn:x|1");
}

TEST(FhirInput, ErrorsNameTheFhirPath) {
  json r = {{"resourceType", "Immunization"}, {"patient", {{"reference", "Group/1"}}}};
  auto in = service_from_immunization(r);
  ASSERT_FALSE(in);
  EXPECT_EQ(in.error().field, "Immunization.patient");
  auto wrong = service_from_condition(json{{"resourceType", "Patient"}});
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().field, "resourceType");
  json obs = {{"resourceType", "Observation"},
              {"subject", {{"reference", "Patient/42"}}},
              {"effectiveDateTime", "2026-11-02"},
              {"code", {{"coding", json::array({{{"system", kLoinc}, {"code", "29463-7"}}})}}},
              {"valueQuantity", {{"value", 9500}, {"unit", "g"}, {"code", "g"}}}};
  auto ok = service_from_observation(obs);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->service, "anthropometry");
  EXPECT_DOUBLE_EQ(ok->fields["weight_kg"].get<double>(), 9.5);
  obs["valueQuantity"] = {{"value", 185}, {"code", "[lb_av]"}};
  auto pounds = service_from_observation(obs);
  ASSERT_TRUE(pounds);
  EXPECT_NEAR(pounds->fields["weight_kg"].get<double>(), 83.91, 0.01);
  obs["valueQuantity"] = {{"value", 9}, {"code", "[stone_av]"}};
  auto unit = service_from_observation(obs);
  ASSERT_FALSE(unit);
  EXPECT_EQ(unit.error().field, "Observation.valueQuantity.code");
  json oo = operation_outcome(unit.error());
  EXPECT_EQ(oo["issue"][0]["code"], "invalid");
  EXPECT_EQ(oo["issue"][0]["expression"][0], "Observation.valueQuantity.code");
}

TEST(FhirInput, AnEncounterWithItsObservationsIsOneService) {
  json enc = {{"resourceType", "Encounter"},
              {"status", "finished"},
              {"class", {{"code", "AMB"}}},
              {"subject", {{"reference", "Patient/42"}}},
              {"period", {{"start", "2026-11-02"}}}};
  auto obs = [](const char* code, double v, const char* unit) {
    return json{{"resourceType", "Observation"},
                {"subject", {{"reference", "Patient/42"}}},
                {"code", {{"coding", json::array({{{"system", kLoinc}, {"code", code}}})}}},
                {"valueQuantity", {{"value", v}, {"code", unit}}}};
  };
  auto in = service_from_encounter(enc, {obs("29463-7", 60, "kg"), obs("8302-2", 160, "cm")});
  ASSERT_TRUE(in) << in.error().message;
  EXPECT_EQ(in->service, "anthropometry");
  EXPECT_EQ(in->fields["height_cm"], 160.0);
  json other = obs("8302-2", 160, "cm");
  other["subject"]["reference"] = "Patient/43";
  auto mixed = service_from_encounter(enc, {other});
  ASSERT_FALSE(mixed);
  EXPECT_EQ(mixed.error().field, "Bundle.entry[0].resource.subject");
}

TEST(FhirCapability, NamesTheResourcesAndR4) {
  json c = capability_statement("test");
  EXPECT_EQ(c["fhirVersion"], "4.0.1");
  EXPECT_EQ(c["rest"][0]["resource"].size(), 9u);
}

}  // namespace
}  // namespace siklus::interop::fhir
