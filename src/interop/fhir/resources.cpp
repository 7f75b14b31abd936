#include "interop/fhir/resources.h"

#include <charconv>

#include "core/region_code.h"

namespace siklus::interop::fhir {
namespace {

std::string str(std::string_view s) { return std::string(s); }

std::string ref(std::string_view type, int64_t id) { return str(type) + "/" + std::to_string(id); }

json coding(std::string_view system, std::string_view code, std::string_view display = {}) {
  json c = {{"system", system}, {"code", code}};
  if (!display.empty()) c["display"] = display;
  return c;
}

json concept_of(std::string_view system, std::string_view code, std::string_view display = {}) {
  json c = {{"coding", json::array({coding(system, code, display)})}};
  if (!display.empty()) c["text"] = display;
  return c;
}

const char* gender(Sex s) {
  switch (s) {
    case Sex::kMale:
      return "male";
    case Sex::kFemale:
      return "female";
    default:
      return "unknown";
  }
}

// SATUSEHAT's address extension: the Kemendagri codes from province down to RT/RW.
json administrative_code(std::string_view village, int rt, int rw) {
  json parts = json::array();
  if (village.size() == 10) {
    parts.push_back({{"url", "province"}, {"valueCode", str(village.substr(0, 2))}});
    parts.push_back({{"url", "city"}, {"valueCode", str(village.substr(0, 4))}});
    parts.push_back({{"url", "district"}, {"valueCode", str(village.substr(0, 6))}});
    parts.push_back({{"url", "village"}, {"valueCode", str(village)}});
  }
  if (rt > 0) parts.push_back({{"url", "rt"}, {"valueCode", std::to_string(rt)}});
  if (rw > 0) parts.push_back({{"url", "rw"}, {"valueCode", std::to_string(rw)}});
  return {{"url", kAdministrativeCode}, {"extension", parts}};
}

// A care service's place as the Encounter class: home visits are home health, the rest
// ambulatory (posyandu and pustu are outreach of the puskesmas).
json encounter_class(std::string_view place) {
  json c = {{"system", "http://terminology.hl7.org/CodeSystem/v3-ActCode"}};
  if (place == "home") {
    c["code"] = "HH";
    c["display"] = "home health";
  } else {
    c["code"] = "AMB";
    c["display"] = "ambulatory";
  }
  return c;
}

// What a measurement field of a service is in LOINC and UCUM.
struct Measure {
  std::string_view field;  // the care field ("weight_kg")
  std::string_view key;    // the Observation id suffix
  std::string_view loinc;
  std::string_view display;
  std::string_view unit;      // UCUM
  std::string_view category;  // observation-category code
};

constexpr Measure kMeasures[] = {
    {"weight_kg", "weight", "29463-7", "Body weight", "kg", "vital-signs"},
    {"height_cm", "height", "8302-2", "Body height", "cm", "vital-signs"},
    {"head_cm", "head", "9843-4", "Head Occipital-frontal circumference", "cm", "vital-signs"},
    {"bmi", "bmi", "39156-5", "Body mass index (BMI) [Ratio]", "kg/m2", "vital-signs"},
    {"systolic", "systolic", "8480-6", "Systolic blood pressure", "mm[Hg]", "vital-signs"},
    {"diastolic", "diastolic", "8462-4", "Diastolic blood pressure", "mm[Hg]", "vital-signs"},
    {"muac_cm", "muac", "56072-2", "Circumference Mid upper arm - right", "cm", "exam"},
    {"waist_cm", "waist", "8280-0", "Waist Circumference at umbilicus by Tape measure", "cm",
     "exam"},
    {"hb_g_dl", "hb", "718-7", "Hemoglobin [Mass/volume] in Blood", "g/dL", "laboratory"},
    {"glucose_mg_dl", "glucose", "2339-0", "Glucose [Mass/volume] in Blood", "mg/dL", "laboratory"},
    {"hba1c_pct", "hba1c", "4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood", "%", "laboratory"},
};

// A lying length is its own LOINC code (WHO measures under-twos lying down).
constexpr std::string_view kLengthLoinc = "8306-3";

const Measure* measure_by_loinc(std::string_view code) {
  if (code == kLengthLoinc) return &kMeasures[1];
  for (const Measure& m : kMeasures) {
    if (m.loinc == code) return &m;
  }
  return nullptr;
}

Error bad(std::string field, std::string message) {
  return Error::invalid(std::move(field), std::move(message));
}

// The first coding of `concept` in `system`, or "".
std::string code_in(const json& concept_json, std::string_view system) {
  if (!concept_json.is_object()) return "";
  auto it = concept_json.find("coding");
  if (it == concept_json.end() || !it->is_array()) return "";
  for (const auto& c : *it) {
    if (c.is_object() && c.value("system", "") == system && c.contains("code") &&
        c["code"].is_string()) {
      return c["code"].get<std::string>();
    }
  }
  return "";
}

// "2026-01-05" or "2026-01-05T08:00:00+07:00" -> the date (the service's day in WIB as sent).
Result<Date> date_of(const json& r, std::string_view key, const std::string& path) {
  auto it = r.find(key);
  if (it == r.end() || !it->is_string()) return bad(path, "a date is required");
  const std::string text = it->get<std::string>();
  auto d = Date::parse(std::string_view(text).substr(0, 10));
  if (!d) return bad(path, "not a date (YYYY-MM-DD)");
  return *d;
}

// Where the service was given and by which facility: Encounter/… location or performer.
void place_and_facility(const json& r, care::ServiceInput& in) {
  in.place = "puskesmas";
  for (const char* key : {"serviceProvider", "performer", "recorder", "asserter"}) {
    auto it = r.find(key);
    if (it == r.end()) continue;
    const json& v = it->is_array() && !it->empty() ? (*it)[0] : *it;
    const json& target = v.contains("actor") ? v["actor"] : v;
    if (!target.is_object()) continue;
    const std::string text = target.value("reference", "");
    if (text.rfind("Organization/", 0) == 0) {
      int64_t id = 0;
      const std::string digits = text.substr(13);
      auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
      if (ec == std::errc() && p == digits.data() + digits.size() && id > 0) in.facility_id = id;
    }
  }
  if (auto it = r.find("class"); it != r.end() && it->is_object()) {
    if (it->value("code", "") == "HH") in.place = "home";
  }
}

void key_from_identifier(const json& r, care::ServiceInput& in) {
  auto it = r.find("identifier");
  if (it == r.end() || !it->is_array() || it->empty() || !(*it)[0].is_object()) return;
  const json& id = (*it)[0];
  const std::string value = id.value("value", "");
  if (value.empty()) return;
  // System and value together: two systems may use the same local number.
  in.idempotency_key = "fhir:" + id.value("system", "") + "|" + value;
  if (in.idempotency_key.size() > 100) in.idempotency_key.resize(100);
}

Status check_type(const json& r, std::string_view type) {
  if (!r.is_object()) return bad(str(type), "expected a JSON object");
  if (r.value("resourceType", "") != type) {
    return bad("resourceType", "a different resource type was expected here");
  }
  return {};
}

// The value of an Observation (or component) as a number in the unit siklus stores.
Result<double> quantity_value(const json& holder, const Measure& m, const std::string& path) {
  auto it = holder.find("valueQuantity");
  if (it == holder.end() || !it->is_object() || !it->contains("value") ||
      !(*it)["value"].is_number()) {
    return bad(path + ".valueQuantity.value", "a number is required");
  }
  double v = (*it)["value"].get<double>();
  const std::string unit = it->value("code", it->value("unit", std::string(m.unit)));
  if (unit == m.unit) return v;
  // What clients send in practice: grams, and the US units of HL7's own examples.
  if (m.unit == "kg" && unit == "g") return v / 1000.0;
  if (m.unit == "kg" && unit == "[lb_av]") return v * 0.45359237;
  if (m.unit == "cm" && unit == "[in_i]") return v * 2.54;
  if (m.unit == "cm" && unit == "mm") return v / 10.0;
  if (m.unit == "cm" && unit == "m") return v * 100.0;
  return bad(path + ".valueQuantity.code", "not the UCUM unit siklus records this measurement in");
}

// Puts the Observation's value(s) into `fields`; the service code it implies in *service.
Status observation_into(const json& obs, const std::string& path, json& fields,
                        std::string* service) {
  const std::string loinc = code_in(obs.value("code", json::object()), kLoinc);
  if (loinc.empty()) return bad(path + ".code", "a LOINC coding is required");
  if (loinc == "85354-9" || loinc == "55284-4") {  // blood pressure panel
    auto comps = obs.find("component");
    if (comps == obs.end() || !comps->is_array()) {
      return bad(path + ".component", "systolic and diastolic components are required");
    }
    for (size_t i = 0; i < comps->size(); ++i) {
      const json& c = (*comps)[i];
      const std::string cpath = path + ".component[" + std::to_string(i) + "]";
      const Measure* m = measure_by_loinc(code_in(c.value("code", json::object()), kLoinc));
      if (!m || (m->field != "systolic" && m->field != "diastolic")) {
        return bad(cpath + ".code", "expected LOINC 8480-6 or 8462-4");
      }
      auto v = quantity_value(c, *m, cpath);
      if (!v) return v.error();
      fields[str(m->field)] = *v;
    }
    if (service->empty()) *service = "ptm_screening";
    return {};
  }
  const Measure* m = measure_by_loinc(loinc);
  if (!m || m->field == "bmi") {
    return bad(path + ".code", "not a LOINC code of a measurement siklus records");
  }
  auto v = quantity_value(obs, *m, path);
  if (!v) return v.error();
  fields[str(m->field)] = *v;
  if (loinc == kLengthLoinc) fields["recumbent"] = true;
  const bool anthropometric = m->field == "weight_kg" || m->field == "height_cm" ||
                              m->field == "head_cm" || m->field == "muac_cm";
  if (service->empty()) *service = anthropometric ? "anthropometry" : "ptm_screening";
  return {};
}

}  // namespace

// ---- siklus -> FHIR -------------------------------------------------------------------------

json patient(const registry::PersonDetail& p, bool identifiers) {
  json r = {{"resourceType", "Patient"}, {"id", std::to_string(p.id)}};
  json ids = json::array();
  if (identifiers && p.nik.size() == 16) {
    ids.push_back({{"use", "official"}, {"system", kNikSystem}, {"value", p.nik}});
  }
  if (identifiers && !p.no_kk.empty()) {
    ids.push_back({{"use", "secondary"}, {"system", kKkSystem}, {"value", p.no_kk}});
  }
  if (!ids.empty()) r["identifier"] = ids;
  r["active"] = p.status == registry::LifeStatus::kAlive;
  r["name"] = json::array({{{"use", "official"}, {"text", p.name}}});
  r["gender"] = gender(p.sex);
  if (p.birth_date) r["birthDate"] = p.birth_date->to_string();
  if (p.status == registry::LifeStatus::kDied) {
    if (p.status_date) {
      r["deceasedDateTime"] = p.status_date->to_string();
    } else {
      r["deceasedBoolean"] = true;
    }
  }
  if (!p.phone.empty()) {
    r["telecom"] = json::array({{{"system", "phone"}, {"value", p.phone}, {"use", "mobile"}}});
  }
  const registry::Address& a = p.address;
  json addr = {{"use", "home"}, {"country", "ID"}};
  if (!a.street.empty()) addr["line"] = json::array({a.street});
  if (!a.city.name.empty()) addr["city"] = a.city.name;
  if (!a.district.name.empty()) addr["district"] = a.district.name;
  if (!a.province.name.empty()) addr["state"] = a.province.name;
  addr["extension"] = json::array({administrative_code(a.village.code, a.rt, a.rw)});
  r["address"] = json::array({addr});
  if (p.puskesmas) {
    r["generalPractitioner"] = json::array(
        {{{"reference", ref("Organization", p.puskesmas->id)}, {"display", p.puskesmas->name}}});
  }
  // The household (the KK): links to the other members, so a client can walk the family.
  json household = json::array();
  for (const auto& m : p.household) {
    if (m.id == p.id) continue;
    household.push_back(
        {{"url", str(kSiklusBase) + "/StructureDefinition/household-member"},
         {"extension", json::array({{{"url", "member"},
                                     {"valueReference",
                                      {{"reference", ref("Patient", m.id)}, {"display", m.name}}}},
                                    {{"url", "relation"}, {"valueCode", m.relation}}})}});
  }
  if (!household.empty()) r["extension"] = household;
  return r;
}

json organization(const registry::Facility& f) {
  json r = {{"resourceType", "Organization"},
            {"id", std::to_string(f.id)},
            {"identifier", json::array({{{"system", kFacilityKeySystem}, {"value", f.key}}})},
            {"active", true},
            {"type", json::array({concept_of(str(kSiklusBase) + "/CodeSystem/facility-type",
                                             registry::facility_type_code(f.type)),
                                  concept_of("http://terminology.hl7.org/CodeSystem/"
                                             "organization-type",
                                             "prov", "Healthcare Provider")})},
            {"name", f.name}};
  json addr = {{"use", "work"}, {"country", "ID"}};
  if (!f.address.empty()) addr["line"] = json::array({f.address});
  addr["extension"] = json::array({administrative_code(f.village_code, 0, f.rw)});
  r["address"] = json::array({addr});
  if (f.parent_id) r["partOf"] = {{"reference", ref("Organization", *f.parent_id)}};
  return r;
}

json facility_location(const registry::Facility& f) {
  json r = {
      {"resourceType", "Location"},
      {"id", std::to_string(f.id)},
      {"identifier", json::array({{{"system", kFacilityKeySystem}, {"value", f.key}}})},
      {"status", "active"},
      {"name", f.name},
      {"mode", "instance"},
      {"physicalType", concept_of("http://terminology.hl7.org/CodeSystem/location-physical-type",
                                  "bu", "Building")},
      {"managingOrganization", {{"reference", ref("Organization", f.id)}}}};
  json addr = {{"use", "work"}, {"country", "ID"}};
  if (!f.address.empty()) addr["line"] = json::array({f.address});
  addr["extension"] = json::array({administrative_code(f.village_code, 0, f.rw)});
  r["address"] = addr;
  if (f.lat != 0 || f.lon != 0) r["position"] = {{"latitude", f.lat}, {"longitude", f.lon}};
  if (f.village_code.size() == 10)
    r["partOf"] = {{"reference", "Location/region-" + f.village_code}};
  return r;
}

json region_location(const registry::RegionView& v) {
  json r = {
      {"resourceType", "Location"},
      {"id", "region-" + v.code},
      {"identifier", json::array({{{"system", str(kSiklusBase) + "/id/kemendagri-region"},
                                   {"value", dotted_region(v.code)}}})},
      {"status", "active"},
      {"name", v.name},
      {"mode", "kind"},
      {"description", region_level_name(v.level)},
      {"physicalType",
       concept_of("http://terminology.hl7.org/CodeSystem/location-physical-type", "area", "Area")}};
  if (v.parent) r["partOf"] = {{"reference", "Location/region-" + v.parent->code}};
  return r;
}

json practitioner(const registry::StaffMember& s, int64_t facility_id) {
  json r = {{"resourceType", "Practitioner"},
            {"id", std::to_string(s.id)},
            {"active", true},
            {"name", json::array({{{"use", "official"}, {"text", s.name}}})},
            {"gender", gender(s.sex)}};
  if (!s.profession.empty()) {
    r["qualification"] = json::array(
        {{{"code", concept_of(str(kSiklusBase) + "/CodeSystem/profession", s.profession)},
          {"issuer", {{"reference", ref("Organization", facility_id)}}}}});
  }
  return r;
}

json coverage(int64_t person_id, const json& member, const std::string& snapshot) {
  const std::string noka = member.value("noka", "");
  const bool active = member.value("status", "") == "AKTIF";
  json r = {{"resourceType", "Coverage"},
            {"id", std::to_string(person_id) + "-" + noka},
            {"identifier",
             json::array({{{"system", "https://fhir.kemkes.go.id/id/bpjs"}, {"value", noka}}})},
            {"status", active ? "active" : "cancelled"},
            {"type", concept_of("http://terminology.hl7.org/CodeSystem/v3-ActCode", "PUBLICPOL",
                                "public healthcare")},
            {"subscriberId", noka},
            {"beneficiary", {{"reference", ref("Patient", person_id)}}},
            {"payor", json::array({{{"display", "BPJS Kesehatan (JKN)"}}})}};
  json classes = json::array();
  if (!member.value("segment", "").empty()) {
    classes.push_back(
        {{"type", concept_of("http://terminology.hl7.org/CodeSystem/coverage-class", "plan")},
         {"value", member["segment"]}});
  }
  if (member.contains("kelas") && member["kelas"].is_number()) {
    classes.push_back(
        {{"type", concept_of("http://terminology.hl7.org/CodeSystem/coverage-class", "class")},
         {"value", std::to_string(member["kelas"].get<int64_t>())}});
  }
  if (!classes.empty()) r["class"] = classes;
  if (!snapshot.empty()) r["meta"] = {{"source", "bpjs-snapshot:" + snapshot}};
  return r;
}

json encounter(const care::ServiceRecord& r) {
  json e = {{"resourceType", "Encounter"},
            {"id", std::to_string(r.id)},
            {"identifier",
             json::array({{{"system", kServiceIdSystem}, {"value", std::to_string(r.id)}}})},
            {"status", r.deleted ? "entered-in-error" : "finished"},
            {"class", encounter_class(r.place)},
            {"type", json::array({concept_of(kServiceSystem, r.service)})},
            {"subject", {{"reference", ref("Patient", r.person_id)}}},
            {"period", {{"start", r.date.to_string()}, {"end", r.date.to_string()}}}};
  if (r.facility_id) {
    e["serviceProvider"] = {{"reference", ref("Organization", *r.facility_id)}};
    e["location"] = json::array({{{"location", {{"reference", ref("Location", *r.facility_id)}}}}});
  }
  if (r.service == "diagnosis") {
    e["diagnosis"] =
        json::array({{{"condition", {{"reference", ref("Condition", r.id)}}},
                      {"use", concept_of("http://terminology.hl7.org/CodeSystem/diagnosis-role",
                                         "billing", "Billing")}}});
  }
  if (!r.recorded_at.empty()) e["meta"] = {{"lastUpdated", r.recorded_at}};
  return e;
}

std::vector<json> observations(const care::ServiceRecord& r) {
  std::vector<json> out;
  if (!r.fields.is_object()) return out;
  for (const Measure& m : kMeasures) {
    auto it = r.fields.find(m.field);
    if (it == r.fields.end() || !it->is_number()) continue;
    const bool lying = m.field == "height_cm" && r.fields.value("recumbent", false);
    const std::string_view loinc = lying ? kLengthLoinc : m.loinc;
    const std::string_view display = lying ? "Body height --lying" : m.display;
    std::string code = std::string(loinc);
    // A random and a fasting glucose are different tests.
    if (m.field == "glucose_mg_dl" && r.fields.value("glucose_kind", "") == "fasting") {
      code = "1558-6";
    }
    json o = {
        {"resourceType", "Observation"},
        {"id", std::to_string(r.id) + "-" + str(m.key)},
        {"status", r.deleted ? "entered-in-error" : "final"},
        {"category",
         json::array({concept_of("http://terminology.hl7.org/CodeSystem/observation-category",
                                 m.category)})},
        {"code", concept_of(kLoinc, code, display)},
        {"subject", {{"reference", ref("Patient", r.person_id)}}},
        {"encounter", {{"reference", ref("Encounter", r.id)}}},
        {"effectiveDateTime", r.date.to_string()},
        {"valueQuantity",
         {{"value", it->get<double>()}, {"unit", m.unit}, {"system", kUcum}, {"code", m.unit}}}};
    if (r.facility_id) {
      o["performer"] = json::array({{{"reference", ref("Organization", *r.facility_id)}}});
    }
    out.push_back(std::move(o));
  }
  return out;
}

std::optional<json> immunization(const care::ServiceRecord& r) {
  if (r.service != "immunization") return std::nullopt;
  const std::string antigen = r.fields.value("antigen", "");
  json i = {{"resourceType", "Immunization"},
            {"id", std::to_string(r.id)},
            {"status", r.deleted ? "entered-in-error" : "completed"},
            {"vaccineCode", concept_of(kAntigenSystem, antigen)},
            {"patient", {{"reference", ref("Patient", r.person_id)}}},
            {"encounter", {{"reference", ref("Encounter", r.id)}}},
            {"occurrenceDateTime", r.date.to_string()},
            {"primarySource", true}};
  if (r.fields.contains("dose") && r.fields["dose"].is_number_integer()) {
    i["protocolApplied"] =
        json::array({{{"doseNumberPositiveInt", r.fields["dose"].get<int64_t>()}}});
  }
  if (r.fields.contains("batch") && r.fields["batch"].is_string()) {
    i["lotNumber"] = r.fields["batch"];
  }
  if (r.facility_id) {
    i["performer"] =
        json::array({{{"actor", {{"reference", ref("Organization", *r.facility_id)}}}}});
  }
  return i;
}

std::optional<json> condition(const care::ServiceRecord& r) {
  if (r.service != "diagnosis") return std::nullopt;
  json c = {{"resourceType", "Condition"},
            {"id", std::to_string(r.id)},
            {"clinicalStatus",
             concept_of("http://terminology.hl7.org/CodeSystem/condition-clinical", "active")},
            {"verificationStatus",
             concept_of("http://terminology.hl7.org/CodeSystem/condition-ver-status",
                        r.deleted ? "entered-in-error" : "confirmed")},
            {"category",
             json::array({concept_of("http://terminology.hl7.org/CodeSystem/condition-category",
                                     "encounter-diagnosis", "Encounter Diagnosis")})},
            {"code", concept_of(kIcd10, r.fields.value("icd10", ""))},
            {"subject", {{"reference", ref("Patient", r.person_id)}}},
            {"encounter", {{"reference", ref("Encounter", r.id)}}},
            {"recordedDate", r.date.to_string()}};
  if (r.fields.value("note", "") != "") {
    c["note"] = json::array({{{"text", r.fields["note"]}}});
  }
  return c;
}

std::optional<json> episode_of_care(const care::ServiceRecord& r) {
  if (r.service != "pregnancy") return std::nullopt;
  const bool closed = r.fields.contains("outcome") && r.fields["outcome"].is_string();
  json period = {{"start", r.fields.value("hpht", r.date.to_string())}};
  json e = {{"resourceType", "EpisodeOfCare"},
            {"id", std::to_string(r.id)},
            {"status", r.deleted ? "entered-in-error" : (closed ? "finished" : "active")},
            {"type", json::array({concept_of(kServiceSystem, "pregnancy", "Pregnancy (ANC)")})},
            {"patient", {{"reference", ref("Patient", r.person_id)}}},
            {"period", period}};
  if (r.facility_id)
    e["managingOrganization"] = {{"reference", ref("Organization", *r.facility_id)}};
  return e;
}

std::vector<json> resources_of(std::string_view type, const care::ServiceRecord& r) {
  std::vector<json> out;
  if (type == "Encounter") {
    out.push_back(encounter(r));
  } else if (type == "Observation") {
    out = observations(r);
  } else {
    std::optional<json> one;
    if (type == "Immunization") one = immunization(r);
    if (type == "Condition") one = condition(r);
    if (type == "EpisodeOfCare") one = episode_of_care(r);
    if (one) out.push_back(std::move(*one));
  }
  return out;
}

Result<care::ServiceRecord> record_from_json(const json& j) {
  care::ServiceRecord r;
  try {
    r.id = j.at("id").get<int64_t>();
    r.person_id = j.at("person_id").get<int64_t>();
    r.service = j.at("service").get<std::string>();
    auto d = Date::parse(j.at("date").get<std::string>());
    if (!d) return Error::internal("stored service without a date");
    r.date = *d;
    r.place = j.value("place", "");
    if (j.contains("facility_id") && j["facility_id"].is_number_integer()) {
      r.facility_id = j["facility_id"].get<int64_t>();
    }
    r.fields = j.value("fields", json::object());
    r.recorded_by = j.value("recorded_by", "");
    r.recorded_at = j.value("recorded_at", "");
    r.deleted = j.value("deleted", false);
  } catch (const json::exception& e) {
    return Error::internal(std::string("stored service: ") + e.what());
  }
  return r;
}

// ---- FHIR -> siklus -----------------------------------------------------------------------

Result<int64_t> reference_id(const json& ref_json, std::string_view type,
                             const std::string& field) {
  if (!ref_json.is_object() || !ref_json.contains("reference") ||
      !ref_json["reference"].is_string()) {
    return bad(field, "a reference is required");
  }
  std::string text = ref_json["reference"].get<std::string>();
  const std::string prefix = str(type) + "/";
  if (text.rfind(prefix, 0) == 0) {
    text = text.substr(prefix.size());
  } else if (text.find('/') != std::string::npos) {
    return bad(field, "a reference to another resource type");
  }
  int64_t id = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (text.empty() || ec != std::errc() || p != text.data() + text.size() || id <= 0) {
    return bad(field, "a reference to a resource that does not exist");
  }
  return id;
}

Result<care::ServiceInput> service_from_immunization(const json& r) {
  SK_TRY(check_type(r, "Immunization"));
  care::ServiceInput in;
  in.service = "immunization";
  auto pid = reference_id(r.value("patient", json()), "Patient", "Immunization.patient");
  if (!pid) return pid.error();
  in.person_id = *pid;
  auto d = date_of(r, "occurrenceDateTime", "Immunization.occurrenceDateTime");
  if (!d) return d.error();
  in.date = *d;
  const std::string antigen = code_in(r.value("vaccineCode", json::object()), kAntigenSystem);
  if (antigen.empty()) {
    return bad("Immunization.vaccineCode",
               "a vaccine coding in the siklus antigen system is required");
  }
  in.fields["antigen"] = antigen;
  auto pa = r.find("protocolApplied");
  if (pa == r.end() || !pa->is_array() || pa->empty() || !(*pa)[0].is_object() ||
      !(*pa)[0].contains("doseNumberPositiveInt") ||
      !(*pa)[0]["doseNumberPositiveInt"].is_number_integer()) {
    return bad("Immunization.protocolApplied[0].doseNumberPositiveInt", "the dose is required");
  }
  in.fields["dose"] = (*pa)[0]["doseNumberPositiveInt"];
  if (r.contains("lotNumber") && r["lotNumber"].is_string()) in.fields["batch"] = r["lotNumber"];
  place_and_facility(r, in);
  key_from_identifier(r, in);
  return in;
}

Result<care::ServiceInput> service_from_condition(const json& r) {
  SK_TRY(check_type(r, "Condition"));
  care::ServiceInput in;
  in.service = "diagnosis";
  auto pid = reference_id(r.value("subject", json()), "Patient", "Condition.subject");
  if (!pid) return pid.error();
  in.person_id = *pid;
  const char* key = r.contains("recordedDate") ? "recordedDate" : "onsetDateTime";
  auto d = date_of(r, key, std::string("Condition.") + key);
  if (!d) return d.error();
  in.date = *d;
  const std::string icd = code_in(r.value("code", json::object()), kIcd10);
  if (icd.empty()) return bad("Condition.code", "an ICD-10 coding is required");
  in.fields["icd10"] = icd;
  if (auto n = r.find("note"); n != r.end() && n->is_array() && !n->empty() &&
                               (*n)[0].is_object() && (*n)[0].contains("text")) {
    in.fields["note"] = (*n)[0]["text"];
  }
  place_and_facility(r, in);
  key_from_identifier(r, in);
  return in;
}

Result<care::ServiceInput> service_from_observation(const json& r) {
  SK_TRY(check_type(r, "Observation"));
  care::ServiceInput in;
  auto pid = reference_id(r.value("subject", json()), "Patient", "Observation.subject");
  if (!pid) return pid.error();
  in.person_id = *pid;
  auto d = date_of(r, "effectiveDateTime", "Observation.effectiveDateTime");
  if (!d) return d.error();
  in.date = *d;
  SK_TRY(observation_into(r, "Observation", in.fields, &in.service));
  place_and_facility(r, in);
  key_from_identifier(r, in);
  return in;
}

Result<care::ServiceInput> service_from_encounter(const json& e,
                                                  const std::vector<json>& observations_in) {
  SK_TRY(check_type(e, "Encounter"));
  care::ServiceInput in;
  auto pid = reference_id(e.value("subject", json()), "Patient", "Encounter.subject");
  if (!pid) return pid.error();
  in.person_id = *pid;
  const json period = e.value("period", json::object());
  auto d = date_of(period, "start", "Encounter.period.start");
  if (!d) return d.error();
  in.date = *d;
  if (auto t = e.find("type"); t != e.end() && t->is_array() && !t->empty()) {
    in.service = code_in((*t)[0], kServiceSystem);
  }
  for (size_t i = 0; i < observations_in.size(); ++i) {
    const json& o = observations_in[i];
    const std::string path = "Bundle.entry[" + std::to_string(i) + "].resource";
    SK_TRY(check_type(o, "Observation"));
    auto subject = reference_id(o.value("subject", json()), "Patient", path + ".subject");
    if (!subject) return subject.error();
    if (*subject != in.person_id) {
      return bad(path + ".subject", "an Observation of another patient than its Encounter");
    }
    SK_TRY(observation_into(o, path, in.fields, &in.service));
  }
  if (in.service.empty()) in.service = "anthropometry";
  place_and_facility(e, in);
  key_from_identifier(e, in);
  return in;
}

// ---- errors -------------------------------------------------------------------------------

json operation_outcome(std::string_view severity, std::string_view code,
                       std::string_view diagnostics, std::string_view expression) {
  json issue = {{"severity", severity}, {"code", code}};
  if (!diagnostics.empty()) issue["diagnostics"] = diagnostics;
  if (!expression.empty()) issue["expression"] = json::array({expression});
  return {{"resourceType", "OperationOutcome"}, {"issue", json::array({issue})}};
}

json operation_outcome(const Error& e) {
  const char* code = "exception";
  switch (e.code) {
    case ErrorCode::kInvalidArgument:
      code = "invalid";
      break;
    case ErrorCode::kNotFound:
      code = "not-found";
      break;
    case ErrorCode::kConflict:
      code = "conflict";
      break;
    case ErrorCode::kUnauthenticated:
      code = "login";
      break;
    case ErrorCode::kForbidden:
      code = "forbidden";
      break;
    case ErrorCode::kTooLarge:
      code = "too-costly";
      break;
    case ErrorCode::kRateLimited:
    case ErrorCode::kBusy:
      code = "transient";
      break;
    default:
      break;
  }
  // Internal errors keep their details in the log.
  const std::string text = e.code == ErrorCode::kInternal ? "internal error" : e.message;
  return operation_outcome("error", code, text, e.field);
}

json capability_statement(std::string_view software_version) {
  auto search = [](std::initializer_list<std::pair<const char*, const char*>> params) {
    json out = json::array();
    for (const auto& [name, type] : params) out.push_back({{"name", name}, {"type", type}});
    return out;
  };
  auto resource = [](const char* type, bool write, json params) {
    json interactions = json::array({{{"code", "read"}}, {{"code", "search-type"}}});
    if (write) {
      interactions.push_back({{"code", "create"}});
      interactions.push_back({{"code", "history-instance"}});
    }
    return json{{"type", type}, {"interaction", interactions}, {"searchParam", params}};
  };
  json clinical = search(
      {{"subject", "reference"}, {"patient", "reference"}, {"date", "date"}, {"_count", "number"}});
  json resources = json::array({
      resource("Patient", false,
               search({{"identifier", "token"},
                       {"name", "string"},
                       {"birthdate", "date"},
                       {"address", "string"},
                       {"_count", "number"}})),
      resource("Organization", false, json::array()),
      resource("Location", false, json::array()),
      resource("Coverage", false, search({{"beneficiary", "reference"}, {"patient", "reference"}})),
      resource("Encounter", true, clinical),
      resource("Observation", true, clinical),
      resource("Immunization", true, clinical),
      resource("Condition", true, clinical),
      resource("EpisodeOfCare", false, clinical),
  });
  return {{"resourceType", "CapabilityStatement"},
          {"status", "active"},
          {"date", "2026-12-03"},
          {"kind", "instance"},
          {"software", {{"name", "siklus"}, {"version", software_version}}},
          {"implementation",
           {{"description", "siklus: Indonesian primary care (ILP) register and care records"}}},
          {"fhirVersion", "4.0.1"},
          {"format", json::array({"json"})},
          {"rest", json::array({{{"mode", "server"},
                                 {"security",
                                  {{"description",
                                    "Session cookie (POST /api/v1/session) or Authorization: "
                                    "Bearer; every resource is scoped to the user's area"}}},
                                 {"resource", resources},
                                 {"interaction", json::array({{{"code", "transaction"}}})}}})}};
}

}  // namespace siklus::interop::fhir
