#pragma once
// The JSON shapes of the growth doors (CLI `siklus growth`, POST /api/v1/growth/assess, GET
// /api/v1/growth/curves), in one place so both doors print the same thing.

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "growth/growth.h"

namespace siklus::growth {

//! "L" (laki-laki) or "P" (perempuan).
std::optional<Sex> parse_sex(std::string_view text);

//! {"age_days":…, "waz":…, "haz":…, "whz":…, "bmiz":…, "hcz":…, "acz":…, "status":{…}}; null
//! where a z-score or status does not apply.
nlohmann::json assessment_json(const Assessment& a);

//! {"indicator":…, "sex":"L"|"P", "x_unit":…, "unit":…, "sd":[-3,…,3],
//!  "points":[[x, sd-3, sd-2, …, sd3], …]}
nlohmann::json curves_json(const Curves& c, Sex sex);

//! A measurement from a JSON object {"sex":"L"|"P", "birth":"YYYY-MM-DD", "date":…,
//! "weight":kg, "height":cm, "recumbent":bool, "head":cm, "muac":cm, "oedema":bool}; errors name
//! the field. Unknown fields are refused so a typo ("wieght") is not silently ignored.
Result<Measurement> measurement_from_json(const nlohmann::json& body);

}  // namespace siklus::growth
