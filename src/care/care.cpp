#include "care/care.h"

#include <array>

namespace siklus::care {
namespace {

using K = FieldKind;

constexpr std::string_view kRiskFactors =
    "hypertension|diabetes|anaemia|kek|previous_caesarean|bad_obstetric_history|twin|"
    "malposition|bleeding|preeclampsia|heart_disease|tb|hiv|other";
constexpr std::string_view kTenT =
    "weight_height|blood_pressure|muac|fundal_height|fetal_presentation_heart_rate|"
    "tetanus_immunization|iron_tablets|lab_tests|case_management|counselling";
constexpr std::string_view kAntigens = "hb0|bcg|opv|dpt_hb_hib|rv|pcv|ipv|mr|je";

constexpr FieldSpec kPregnancy[] = {
    {"hpht", K::kDate, true},
    {"gravida", K::kInteger, true, 1, 20},
    {"para", K::kInteger, false, 0, 20},
    {"abortus", K::kInteger, false, 0, 20},
    {"risk_factors", K::kTextList, false, 0, 0, kRiskFactors},
    {"height_cm", K::kNumber, false, 100, 200},
    {"muac_cm", K::kNumber, false, 10, 50},
    {"outcome", K::kText, false, 0, 0, "live_birth|stillbirth|abortus|ectopic"},
};
constexpr FieldSpec kAnc[] = {
    {"visit", K::kInteger, false, 1, 12},      {"items_10t", K::kTextList, false, 0, 0, kTenT},
    {"weight_kg", K::kNumber, false, 25, 200}, {"systolic", K::kNumber, false, 50, 300},
    {"diastolic", K::kNumber, false, 20, 200}, {"muac_cm", K::kNumber, false, 10, 50},
    {"hb_g_dl", K::kNumber, false, 2, 25},     {"doctor", K::kBool},
};
constexpr FieldSpec kDelivery[] = {
    {"delivery_place", K::kText, true, 0, 0, "hospital|puskesmas|clinic|midwife_practice|home"},
    {"attendant", K::kText, true, 0, 0, "doctor|midwife|nurse|traditional|other"},
    {"outcome", K::kText, true, 0, 0, "live_birth|stillbirth"},
    {"babies", K::kInteger, false, 1, 5},
    {"baby_person_id", K::kInteger, false, 1, 9e15},
};
constexpr FieldSpec kKf[] = {
    {"visit", K::kInteger, true, 1, 4},
    {"note", K::kText},
};
constexpr FieldSpec kKn[] = {
    {"visit", K::kInteger, true, 1, 3},
    {"weight_kg", K::kNumber, false, 0.3, 8},
    {"note", K::kText},
};
constexpr FieldSpec kImmunization[] = {
    {"antigen", K::kText, true, 0, 0, kAntigens},
    {"dose", K::kInteger, true, 1, 4},
    {"batch", K::kText},
};
constexpr FieldSpec kAnthropometry[] = {
    {"weight_kg", K::kNumber, false, 0.3, 350},
    {"height_cm", K::kNumber, false, 20, 250},
    {"head_cm", K::kNumber, false, 15, 70},
    {"muac_cm", K::kNumber, false, 5, 60},
    {"recumbent", K::kBool},
    {"oedema", K::kBool},
};
constexpr FieldSpec kVitaminA[] = {
    {"dose_iu", K::kInteger, true, 100000, 200000},
};
constexpr FieldSpec kPtm[] = {
    {"systolic", K::kNumber, false, 50, 300},
    {"diastolic", K::kNumber, false, 20, 200},
    {"glucose_mg_dl", K::kNumber, false, 20, 800},
    {"glucose_kind", K::kText, false, 0, 0, "random|fasting|2h_ogtt"},
    {"hba1c_pct", K::kNumber, false, 3, 20},
    {"weight_kg", K::kNumber, false, 20, 350},
    {"height_cm", K::kNumber, false, 100, 230},
    {"waist_cm", K::kNumber, false, 30, 250},
    {"smoking", K::kBool},
};
constexpr FieldSpec kElderly[] = {
    {"adl", K::kInteger, true, 0, 20},
    {"skilas_positive", K::kTextList, false, 0, 0,
     "cognition|mobility|nutrition|vision|hearing|depression"},
    {"systolic", K::kNumber, false, 50, 300},
    {"diastolic", K::kNumber, false, 20, 200},
};
constexpr FieldSpec kTb[] = {
    {"cough_2w", K::kBool},
    {"contact", K::kBool},
    {"symptoms", K::kTextList, false, 0, 0,
     "fever|night_sweats|weight_loss|haemoptysis|malaise|lymph_nodes"},
    {"test", K::kText, false, 0, 0, "none|tcm|sputum_smear|xray"},
    {"result", K::kText, false, 0, 0, "negative|positive|pending"},
};
constexpr FieldSpec kHiv[] = {
    {"group", K::kText, true, 0, 0,
     "pregnant|tb|sti|sex_worker|msm|transgender|pwid|prisoner|other"},
    {"result", K::kText, true, 0, 0, "reactive|non_reactive|invalid"},
};
constexpr FieldSpec kOdgj[] = {
    {"condition", K::kText, false, 0, 0, "stable|relapse|restrained|referred"},
    {"adherent", K::kBool},
    {"note", K::kText},
};
constexpr FieldSpec kHt[] = {
    {"systolic", K::kNumber, true, 50, 300},
    {"diastolic", K::kNumber, true, 20, 200},
    {"on_medication", K::kBool},
};
constexpr FieldSpec kDm[] = {
    {"glucose_mg_dl", K::kNumber, true, 20, 800},
    {"glucose_kind", K::kText, false, 0, 0, "random|fasting|2h_ogtt"},
    {"hba1c_pct", K::kNumber, false, 3, 20},
    {"on_medication", K::kBool},
};
constexpr FieldSpec kDiagnosis[] = {
    {"icd10", K::kText, true},
    {"kind", K::kText, false, 0, 0, "new|old"},
    {"note", K::kText},
};

constexpr std::array kCodes = {
    ServiceCode{"pregnancy", "pregnancy", kPregnancy},
    ServiceCode{"anc", "pregnancy", kAnc},
    ServiceCode{"delivery", "pregnancy", kDelivery},
    ServiceCode{"kf", "pregnancy", kKf},
    ServiceCode{"kn", "neonate", kKn},
    ServiceCode{"immunization", "infant", kImmunization},
    ServiceCode{"anthropometry", "all", kAnthropometry},
    ServiceCode{"vitamin_a", "under_five", kVitaminA},
    ServiceCode{"ptm_screening", "adult", kPtm},
    ServiceCode{"elderly_screening", "elderly", kElderly},
    ServiceCode{"tb_screening", "all", kTb},
    ServiceCode{"hiv_test", "all", kHiv},
    ServiceCode{"odgj_visit", "adult", kOdgj},
    ServiceCode{"ht_followup", "adult", kHt},
    ServiceCode{"dm_followup", "adult", kDm},
    ServiceCode{"diagnosis", "all", kDiagnosis},
};

}  // namespace

std::span<const ServiceCode> service_codes() { return kCodes; }

const ServiceCode* find_service(std::string_view code) {
  for (const ServiceCode& c : kCodes) {
    if (c.code == code) return &c;
  }
  return nullptr;
}

bool valid_place(std::string_view place) {
  return place == "posyandu" || place == "pustu" || place == "puskesmas" || place == "home";
}

Result<ServiceInput> parse_service_input(const nlohmann::json& j) {
  if (!j.is_object()) return Error::invalid("body", "expected an object");
  ServiceInput in;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& key = it.key();
    const nlohmann::json& v = it.value();
    if (key == "person_id") {
      if (!v.is_number_integer()) return Error::invalid("person_id", "expected an integer");
      in.person_id = v.get<int64_t>();
    } else if (key == "date") {
      auto d = v.is_string() ? Date::parse(v.get<std::string>()) : std::nullopt;
      if (!d) return Error::invalid("date", "expected a date YYYY-MM-DD");
      in.date = *d;
    } else if (key == "service") {
      if (!v.is_string()) return Error::invalid("service", "expected a string");
      in.service = v.get<std::string>();
    } else if (key == "place") {
      if (!v.is_string()) return Error::invalid("place", "expected a string");
      in.place = v.get<std::string>();
    } else if (key == "facility_id") {
      if (v.is_null()) continue;
      if (!v.is_number_integer()) return Error::invalid("facility_id", "expected an integer");
      in.facility_id = v.get<int64_t>();
    } else if (key == "idempotency_key") {
      if (!v.is_string() || v.get<std::string>().size() > 100) {
        return Error::invalid("idempotency_key", "expected a string");
      }
      in.idempotency_key = v.get<std::string>();
    } else if (key == "fields") {
      if (!v.is_object()) return Error::invalid("fields", "expected an object");
      for (auto f = v.begin(); f != v.end(); ++f) in.fields[f.key()] = f.value();
    } else {
      in.fields[key] = v;
    }
  }
  if (in.person_id <= 0) return Error::invalid("person_id", "required");
  if (!j.contains("date")) return Error::invalid("date", "required");
  if (in.service.empty()) return Error::invalid("service", "required");
  if (in.place.empty()) return Error::invalid("place", "required");
  return in;
}

nlohmann::json to_json(const ServiceRecord& r) {
  nlohmann::json j = {{"id", r.id},
                      {"person_id", r.person_id},
                      {"service", r.service},
                      {"date", r.date.to_string()},
                      {"place", r.place},
                      {"facility_id", r.facility_id ? nlohmann::json(*r.facility_id) : nullptr},
                      {"fields", r.fields},
                      {"recorded_by", r.recorded_by},
                      {"recorded_at", r.recorded_at}};
  if (r.deleted) j["deleted"] = true;
  return j;
}

}  // namespace siklus::care
