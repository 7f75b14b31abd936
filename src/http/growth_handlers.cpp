#include "http/growth_handlers.h"

#include "growth/growth_json.h"

namespace siklus::http {

Result<Response> GrowthHandlers::assess(RequestContext& ctx) const {
  auto body = ctx.json_body();
  if (!body) return body.error();
  auto m = growth::measurement_from_json(*body);
  if (!m) return m.error();
  auto a = growth::assess(*source_.current(), *m);
  if (!a) return a.error();
  return json_response(200, growth::assessment_json(*a));
}

Result<Response> GrowthHandlers::curves(RequestContext& ctx) const {
  const std::string indicator = ctx.query.get("indicator").value_or("");
  auto sex = growth::parse_sex(ctx.query.get("sex").value_or(""));
  if (!sex) return Error::invalid("sex", "sex must be L or P").with_id("growth.sex_invalid");
  auto c = growth::curves(*source_.current(), indicator, *sex);
  if (!c) return c.error();
  Response res = json_response(200, growth::curves_json(*c, *sex));
  // The lines change only when a new reference is imported: a browser may keep them an hour.
  // Private: the answer comes from behind a login, so shared caches do not keep it.
  res.set(bhttp::field::cache_control, "private, max-age=3600");
  return res;
}

}  // namespace siklus::http
