#include "http/care_handlers.h"

#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "http/handler_support.h"

namespace siklus::http {
namespace {

using nlohmann::json;

}  // namespace

CareHandlers::CareHandlers(care::CareService& service) : service_(service) {}

Result<Response> CareHandlers::record(RequestContext& ctx) const {
  auto body = ctx.json_body();
  if (!body) return body.error();
  auto input = care::parse_service_input(*body);
  if (!input) return domain_error(ctx, input.error());
  // The phone's key for this entry: the header wins over a field of the same meaning.
  if (auto h = ctx.request.find("Idempotency-Key"); h != ctx.request.end()) {
    const std::string key(h->value());
    if (key.empty() || key.size() > 100) {
      return Error::invalid("Idempotency-Key", "text too long");
    }
    input->idempotency_key = key;
  }
  auto done = service_.record(user_of(ctx), *input);
  if (!done) return domain_error(ctx, done.error());
  json j = care::to_json(done->record);
  j["duplicate"] = done->duplicate;
  return json_response(done->duplicate ? 200 : 201, j);
}

Result<Response> CareHandlers::service(RequestContext& ctx) const {
  auto id = id_param(ctx, "id");
  if (!id) return Error::not_found("not found");
  auto j = service_.service(user_of(ctx), *id);
  if (!j) return j.error();
  return json_response(200, *j);
}

Result<Response> CareHandlers::correct(RequestContext& ctx) const {
  auto id = id_param(ctx, "id");
  if (!id) return Error::not_found("not found");
  auto body = ctx.json_body();
  if (!body) return body.error();
  // The envelope of the stored service stays unless the body names it.
  auto current = service_.service(user_of(ctx), *id);
  if (!current) return current.error();
  json merged = {{"person_id", (*current)["person_id"]},
                 {"service", (*current)["service"]},
                 {"date", (*current)["date"]},
                 {"place", (*current)["place"]},
                 {"facility_id", (*current)["facility_id"]}};
  for (auto it = body->begin(); it != body->end(); ++it) merged[it.key()] = it.value();
  auto input = care::parse_service_input(merged);
  if (!input) return domain_error(ctx, input.error());
  auto done = service_.correct(user_of(ctx), *id, *input);
  if (!done) return domain_error(ctx, done.error());
  return json_response(200, care::to_json(*done));
}

Result<Response> CareHandlers::remove(RequestContext& ctx) const {
  auto id = id_param(ctx, "id");
  if (!id) return Error::not_found("not found");
  std::string reason = ctx.query.get("reason").value_or("");
  if (!ctx.request.body().empty()) {
    auto body = ctx.json_body();
    if (!body) return body.error();
    for (auto it = body->begin(); it != body->end(); ++it) {
      if (it.key() != "reason") return Error::invalid(it.key(), "unknown field");
      if (!it.value().is_string()) return Error::invalid("reason", "expected a string");
      reason = it.value().get<std::string>();
    }
  }
  auto done = service_.remove(user_of(ctx), *id, reason);
  if (!done) return domain_error(ctx, done.error());
  return json_response(200, {{"id", *id}, {"deleted", true}});
}

Result<Response> CareHandlers::timeline(RequestContext& ctx) const {
  auto id = id_param(ctx, "id");
  if (!id) return Error::not_found("not found");
  auto j = service_.timeline(user_of(ctx), *id);
  if (!j) return j.error();
  return json_response(200, *j);
}

Result<Response> CareHandlers::due(RequestContext& ctx) const {
  const std::string region = ctx.query.get("region").value_or("");
  const std::string format = ctx.query.get("format").value_or("json");
  if (format != "json" && format != "xlsx") {
    return Error::invalid("format", "format must be json or xlsx").with_id("care.format_invalid");
  }
  Date on = service_.today();
  if (auto d = ctx.query.get("date"); d && !d->empty()) {
    auto parsed = Date::parse(*d);
    if (!parsed) return Error::invalid("date", "expected a date YYYY-MM-DD");
    on = *parsed;
  }
  if (format == "xlsx") {
    char path[] = "/tmp/siklus-due-XXXXXX";
    const int fd = mkstemp(path);
    if (fd < 0) return Error::io("cannot create a temporary file");
    close(fd);
    auto list = service_.export_due_xlsx(user_of(ctx), region, on, path);
    std::string bytes;
    if (list) {
      std::ifstream f(path, std::ios::binary);
      std::ostringstream s;
      s << f.rdbuf();
      bytes = s.str();
    }
    std::remove(path);
    if (!list) return list.error();
    Response res{bhttp::status::ok, 11};
    res.set(bhttp::field::content_type,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    res.set(bhttp::field::content_disposition,
            "attachment; filename=\"due-" + list->region + "-" + on.to_string() + ".xlsx\"");
    apply_common_headers(res, true);
    res.body() = std::move(bytes);
    res.prepare_payload();
    return res;
  }
  auto list = service_.due(user_of(ctx), region, on);
  if (!list) return list.error();
  json items = json::array();
  for (const care::DueItem& i : list->items) {
    json item = {{"person_id", i.person_id},
                 {"service", i.service},
                 {"item", i.item},
                 {"due", Date::from_days(i.due).to_string()},
                 {"overdue_days", i.overdue_days}};
    if (const care::DuePersonInfo* p = list->person(i.person_id)) {
      item["name"] = p->name;
      item["sex"] = p->sex;
      item["birth_date"] = p->birth_date;
      item["village_code"] = p->village_code;
      item["rw"] = p->rw;
    }
    items.push_back(std::move(item));
  }
  return json_response(200, {{"region", list->region},
                             {"date", list->date.to_string()},
                             {"people", list->people.size()},
                             {"items", std::move(items)}});
}

Result<Response> CareHandlers::targets(RequestContext& ctx) const {
  auto year = ctx.query.integer("year", 2000, 2100);
  if (!year) return year.error();
  auto j = service_.targets(user_of(ctx), ctx.query.get("region").value_or(""),
                            static_cast<int>(year->value_or(service_.today().year)));
  if (!j) return j.error();
  return json_response(200, *j);
}

}  // namespace siklus::http
