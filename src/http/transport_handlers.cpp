#include "http/transport_handlers.h"

#include "http/handler_support.h"
#include "http/input.h"

namespace siklus::http {
namespace {

using nlohmann::json;

// The day a board or plan is about: ?date= (or "date" in a body), today when absent.
Result<Date> day_of(const std::optional<std::string>& text, const transport::TransportService& s) {
  if (!text || text->empty()) return s.today();
  auto d = Date::parse(*text);
  if (!d) return Error::invalid("date", "expected a date YYYY-MM-DD");
  return *d;
}

}  // namespace

TransportHandlers::TransportHandlers(transport::TransportService& service) : service_(service) {}

Result<Response> TransportHandlers::book(RequestContext& ctx) const {
  auto body = ctx.json_body();
  if (!body) return body.error();
  auto input = transport::parse_booking(*body);
  if (!input) return domain_error(ctx, input.error());
  auto done = service_.book(user_of(ctx), *input);
  if (!done) return domain_error(ctx, done.error());
  return json_response(201, *done);
}

Result<Response> TransportHandlers::trip(RequestContext& ctx) const {
  auto id = id_param(ctx, "id");
  if (!id) return Error::not_found("trip not found");
  auto j = service_.trip(user_of(ctx), *id);
  if (!j) return j.error();
  return json_response(200, *j);
}

Result<Response> TransportHandlers::status(RequestContext& ctx) const {
  auto id = id_param(ctx, "id");
  if (!id) return Error::not_found("trip not found");
  auto body = ctx.json_body();
  if (!body) return body.error();
  JsonFields f(*body);
  auto status = f.required_string("status", 20);
  if (!status) return status.error();
  SK_TRY(f.finish());
  auto j = service_.set_status(user_of(ctx), *id, *status);
  if (!j) return domain_error(ctx, j.error());
  return json_response(200, *j);
}

Result<Response> TransportHandlers::board(RequestContext& ctx) const {
  auto day = day_of(ctx.query.get("date"), service_);
  if (!day) return day.error();
  auto j = service_.board(user_of(ctx), ctx.query.get("region").value_or(""), *day);
  if (!j) return domain_error(ctx, j.error());
  return json_response(200, *j);
}

Result<Response> TransportHandlers::plan(RequestContext& ctx) const {
  auto body = ctx.json_body();
  if (!body) return body.error();
  JsonFields f(*body);
  auto region = f.required_string("region", 20);
  if (!region) return region.error();
  auto date = f.string("date", 10);
  if (!date) return date.error();
  auto version = f.integer("version", 0, int64_t{1} << 40);
  if (!version) return version.error();
  SK_TRY(f.finish());
  auto day = day_of(*date, service_);
  if (!day) return day.error();
  auto j = service_.plan(user_of(ctx), *region, *day, *version);
  if (!j) return domain_error(ctx, j.error());
  return json_response(200, *j);
}

Result<Response> TransportHandlers::vehicles(RequestContext& ctx) const {
  auto j = service_.vehicles(user_of(ctx), ctx.query.get("region").value_or(""));
  if (!j) return domain_error(ctx, j.error());
  return json_response(200, *j);
}

Result<Response> TransportHandlers::add_vehicle(RequestContext& ctx) const {
  auto body = ctx.json_body();
  if (!body) return body.error();
  JsonFields f(*body);
  transport::VehicleInput in;
  auto region = f.required_string("region", 20);
  if (!region) return region.error();
  auto code = f.required_string("code", 32);
  if (!code) return code.error();
  auto kind = f.required_string("kind", 20);
  if (!kind) return kind.error();
  auto home = f.required_string("home_facility", 40);
  if (!home) return home.error();
  auto seats = f.integer("seats", 0, 20);
  if (!seats) return seats.error();
  auto wheelchairs = f.integer("wheelchairs", 0, 4);
  if (!wheelchairs) return wheelchairs.error();
  auto stretchers = f.integer("stretchers", 0, 2);
  if (!stretchers) return stretchers.error();
  SK_TRY(f.finish());
  in.city = *region;
  in.code = *code;
  in.kind = *kind;
  in.home_facility = *home;
  in.seats = static_cast<int>(seats->value_or(0));
  in.wheelchairs = static_cast<int>(wheelchairs->value_or(0));
  in.stretchers = static_cast<int>(stretchers->value_or(0));
  auto j = service_.add_vehicle(user_of(ctx), in);
  if (!j) return domain_error(ctx, j.error());
  return json_response(201, *j);
}

Result<Response> TransportHandlers::add_shift(RequestContext& ctx) const {
  auto body = ctx.json_body();
  if (!body) return body.error();
  JsonFields f(*body);
  transport::ShiftInput in;
  auto region = f.required_string("region", 20);
  if (!region) return region.error();
  auto driver = f.required_string("driver", 100);
  if (!driver) return driver.error();
  auto phone = f.string("phone", 30);
  if (!phone) return phone.error();
  auto vehicle = f.required_string("vehicle", 32);
  if (!vehicle) return vehicle.error();
  auto date = f.date("date");
  if (!date) return date.error();
  auto start = f.integer("start_minute", 0, 24 * 60);
  if (!start) return start.error();
  auto end = f.integer("end_minute", 0, 24 * 60);
  if (!end) return end.error();
  SK_TRY(f.finish());
  in.city = *region;
  in.driver = *driver;
  in.phone = phone->value_or("");
  in.vehicle = *vehicle;
  in.day = date->value_or(service_.today());
  in.start_minute = static_cast<int>(start->value_or(6 * 60));
  in.end_minute = static_cast<int>(end->value_or(18 * 60));
  auto j = service_.add_shift(user_of(ctx), in);
  if (!j) return domain_error(ctx, j.error());
  return json_response(201, *j);
}

}  // namespace siklus::http
