#include "growth/growth_json.h"

#include <cmath>

namespace siklus::growth {
namespace {

using nlohmann::json;

json z_or_null(const std::optional<double>& z) { return z ? json(*z) : json(nullptr); }
json word_or_null(const std::string& w) { return w.empty() ? json(nullptr) : json(w); }

Result<std::optional<double>> number_field(const json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::optional<double>();
  if (!it->is_number()) return Error::invalid(name, "expected a number");
  return std::optional<double>(it->get<double>());
}

Result<std::optional<bool>> bool_field(const json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::optional<bool>();
  if (!it->is_boolean()) return Error::invalid(name, "expected true or false");
  return std::optional<bool>(it->get<bool>());
}

Result<Date> date_field(const json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return Error::invalid(name, "required");
  if (!it->is_string()) return Error::invalid(name, "expected a date YYYY-MM-DD");
  auto d = Date::parse(it->get<std::string>());
  if (!d) return Error::invalid(name, "expected a date YYYY-MM-DD");
  return *d;
}

}  // namespace

std::optional<Sex> parse_sex(std::string_view text) {
  if (text == "L") return Sex::kMale;
  if (text == "P") return Sex::kFemale;
  return std::nullopt;
}

json assessment_json(const Assessment& a) {
  return {{"age_days", a.age_days},
          {"waz", z_or_null(a.waz)},
          {"haz", z_or_null(a.haz)},
          {"whz", z_or_null(a.whz)},
          {"bmiz", z_or_null(a.bmiz)},
          {"hcz", z_or_null(a.hcz)},
          {"acz", z_or_null(a.acz)},
          {"status",
           {{"weight_for_age", word_or_null(a.status.weight_for_age)},
            {"height_for_age", word_or_null(a.status.height_for_age)},
            {"weight_for_height", word_or_null(a.status.weight_for_height)},
            {"bmi_for_age", word_or_null(a.status.bmi_for_age)}}}};
}

json curves_json(const Curves& c, Sex sex) {
  json points = json::array();
  // Four decimals: far below what a chart can show, a third of the bytes of full precision.
  auto r4 = [](double v) { return std::round(v * 10000) / 10000; };
  for (const CurvePoint& p : c.points) {
    json row = json::array({p.x});
    for (double v : p.sd) row.push_back(r4(v));
    points.push_back(std::move(row));
  }
  return {{"indicator", c.indicator},
          {"sex", sex == Sex::kMale ? "L" : "P"},
          {"x_unit", c.x_unit},
          {"unit", c.unit},
          {"sd", {-3, -2, -1, 0, 1, 2, 3}},
          {"points", std::move(points)}};
}

Result<Measurement> measurement_from_json(const json& body) {
  if (!body.is_object()) return Error::invalid("body", "the body must be a JSON object");
  static constexpr const char* kKnown[] = {"sex",       "birth", "date", "weight", "height",
                                           "recumbent", "head",  "muac", "oedema"};
  for (const auto& [key, value] : body.items()) {
    bool known = false;
    for (const char* k : kKnown) known = known || key == k;
    if (!known) return Error::invalid(key, "unknown field");
  }
  Measurement m;
  auto sex = body.find("sex");
  if (sex == body.end() || sex->is_null()) return Error::invalid("sex", "required");
  if (!sex->is_string() || !parse_sex(sex->get<std::string>())) {
    return Error::invalid("sex", "sex must be L or P").with_id("growth.sex_invalid");
  }
  m.sex = *parse_sex(sex->get<std::string>());
  auto birth = date_field(body, "birth");
  if (!birth) return birth.error();
  m.birth = *birth;
  auto date = date_field(body, "date");
  if (!date) return date.error();
  m.date = *date;
  auto weight = number_field(body, "weight");
  if (!weight) return weight.error();
  m.weight_kg = *weight;
  auto height = number_field(body, "height");
  if (!height) return height.error();
  m.height_cm = *height;
  auto head = number_field(body, "head");
  if (!head) return head.error();
  m.head_cm = *head;
  auto muac = number_field(body, "muac");
  if (!muac) return muac.error();
  m.muac_cm = *muac;
  auto recumbent = bool_field(body, "recumbent");
  if (!recumbent) return recumbent.error();
  m.recumbent = *recumbent;
  auto oedema = bool_field(body, "oedema");
  if (!oedema) return oedema.error();
  m.oedema = oedema->value_or(false);
  return m;
}

}  // namespace siklus::growth
