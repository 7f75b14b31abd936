#pragma once
// The care domain's vocabulary: the life-cycle service codes (one table: code, life-cycle group,
// fields), a service as recorded, and the facts about a person that the rules need. Pure: no
// store, no HTTP. docs/care.md lists every code with its fields and rules.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/result.h"

namespace siklus::care {

enum class FieldKind { kNumber, kInteger, kText, kBool, kDate, kTextList };

//! One field of a service. Numbers and integers are checked against [min, max]; text and text
//! lists against `choices` ("a|b|c"; empty = free text up to 200 characters).
struct FieldSpec {
  std::string_view name;
  FieldKind kind;
  bool required = false;
  double min = 0, max = 0;
  std::string_view choices = {};
};

struct ServiceCode {
  std::string_view code;
  std::string_view group;  // life-cycle group (domain.md §1.2) or "all"
  std::span<const FieldSpec> fields;
};

//! Every service code, in the order docs/care.md lists them.
std::span<const ServiceCode> service_codes();
//! The code's row, or null when unknown.
const ServiceCode* find_service(std::string_view code);

//! Where a service was given (contract.md).
bool valid_place(std::string_view place);

//! A service as a client sends it (CLI file, HTTP body).
struct ServiceInput {
  int64_t person_id = 0;
  Date date;
  std::string service;
  std::string place;
  std::optional<int64_t> facility_id;
  nlohmann::json fields = nlohmann::json::object();  // the service's own fields
  std::string idempotency_key;                       // "" = none
};

//! A stored service (table care_service).
struct ServiceRecord {
  int64_t id = 0;
  int64_t person_id = 0;
  std::string service;
  Date date;
  std::string place;
  std::optional<int64_t> facility_id;
  nlohmann::json fields = nlohmann::json::object();  // as sent plus what the rules derived
  std::string recorded_by, recorded_at;
  bool deleted = false;
};

//! A service written by a trusted generator (the demo history): already consistent, not
//! validated again.
struct BulkService {
  int64_t person_id = 0;
  std::string city_code;
  std::string service;
  Date date;
  std::string place;
  std::optional<int64_t> facility_id;
  std::string fields;  // JSON text
  std::string due_key;
};

//! What the rules know about the person a service is for (from the registry's read port).
struct PersonFacts {
  int64_t id = 0;
  std::string sex;  // "L", "P" or ""
  std::optional<Date> birth;
  std::string village_code;
  int rw = 0;
  bool alive = true;
};

//! Parses a client's service object ({"person_id", "date", "service", "place", "facility_id",
//! "idempotency_key", …fields}). Fields outside the envelope go to `fields`. kInvalidArgument
//! naming the field for a wrong shape.
Result<ServiceInput> parse_service_input(const nlohmann::json& j);

//! The API's JSON of a stored service: the envelope plus "fields".
nlohmann::json to_json(const ServiceRecord& r);

}  // namespace siklus::care
