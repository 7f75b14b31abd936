#include "http/registry_handlers.h"

#include <cctype>
#include <charconv>

#include "audit/audit_json.h"
#include "http/handler_support.h"

namespace siklus::http {
namespace {

using nlohmann::json;
namespace reg = siklus::registry;

json opt_date(const std::optional<Date>& d) { return d ? json(d->to_string()) : json(); }
json opt_int(const std::optional<int>& v) { return v ? json(*v) : json(); }
json sex_json(Sex s) { return s == Sex::kUnknown ? json() : json(sex_code(s)); }
json text_or_null(const std::string& s) { return s.empty() ? json() : json(s); }

json user_json(const reg::User& u) {
  return {{"username", u.username},
          {"role", reg::role_code(u.role)},
          {"scope", u.scope},
          {"scope_name", u.scope_name},
          {"display_name", u.display_name}};
}

json region_ref_json(const reg::RegionRef& r) {
  return {{"code", r.code}, {"name", r.name}, {"level", region_level_name(r.level)}};
}

json child_json(const reg::RegionChild& c) {
  return {{"code", c.code},
          {"region", c.code},  // the CLI's name for it (contract.md)
          {"name", c.name},
          {"level", region_level_name(c.level)},
          {"residents", c.residents}};
}

json nik_flag_json(const std::optional<reg::NikFlag>& f) {
  if (!f) return json();
  return {{"code", f->code}, {"message", f->message}};
}

json facility_json(const reg::Facility& f) {
  return {{"id", f.id},
          {"key", f.key},
          {"type", reg::facility_type_code(f.type)},
          {"name", f.name},
          {"village_code", f.village_code},
          {"village_name", f.village_name},
          {"rw", f.rw == 0 ? json() : json(f.rw)},
          {"parent_id", f.parent_id ? json(*f.parent_id) : json()},
          {"government", f.government},
          {"address", f.address},
          {"lat", f.lat},
          {"lon", f.lon},
          {"staff", f.staff}};
}

json facility_ref_json(const std::optional<reg::FacilityRef>& f) {
  if (!f) return json();
  return {{"id", f->id}, {"type", reg::facility_type_code(f->type)}, {"name", f->name}};
}

json person_summary_json(const reg::PersonSummary& p) {
  return {{"id", p.id},
          {"nik", p.nik},
          {"name", p.name},
          {"sex", sex_json(p.sex)},
          {"birth_date", opt_date(p.birth_date)},
          {"age", opt_int(p.age)},
          {"village_code", p.village_code},
          {"village_name", p.village_name},
          {"rw", p.rw},
          {"rt", p.rt},
          {"status", reg::life_status_code(p.status)},
          {"nik_flag", nik_flag_json(p.nik_flag)}};
}

// The registry hands over the KK's own wording ("KEPALA KELUARGA", "ISTRI", "ANAK", …) or
// already "head"/"spouse"/"child"; the API promises the four codes (the raw text stays in
// relation_kk).
std::string relation_code(std::string_view raw) {
  std::string up;
  for (char c : raw) up += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (up == "HEAD" || up == "KEPALA KELUARGA" || up == "KEPALA") return "head";
  if (up == "SPOUSE" || up == "ISTRI" || up == "SUAMI" || up == "ISTERI") return "spouse";
  if (up == "CHILD" || up == "ANAK") return "child";
  return "other";
}

json person_detail_json(const reg::PersonDetail& p) {
  json members = json::array();
  for (const auto& m : p.household) {
    members.push_back({{"id", m.id},
                       {"nik", m.nik},
                       {"name", m.name},
                       {"sex", sex_json(m.sex)},
                       {"birth_date", opt_date(m.birth_date)},
                       {"age", opt_int(m.age)},
                       {"relation", relation_code(m.relation)},
                       {"relation_kk", text_or_null(m.relation)},
                       {"status", reg::life_status_code(m.status)}});
  }
  const auto& a = p.address;
  return {{"id", p.id},
          {"nik", p.nik},
          {"no_kk", text_or_null(p.no_kk)},
          {"name", p.name},
          {"sex", sex_json(p.sex)},
          {"birth_date", opt_date(p.birth_date)},
          {"age", opt_int(p.age)},
          {"birth_place", text_or_null(p.birth_place)},
          {"phone", text_or_null(p.phone)},
          {"status", reg::life_status_code(p.status)},
          {"status_date", opt_date(p.status_date)},
          {"nik_flag", nik_flag_json(p.nik_flag)},
          {"village_code", a.village.code},
          {"village_name", a.village.name},
          {"rw", a.rw},
          {"rt", a.rt},
          {"address",
           {{"street", a.street},
            {"rt", a.rt},
            {"rw", a.rw},
            {"village", region_ref_json(a.village)},
            {"district", region_ref_json(a.district)},
            {"city", region_ref_json(a.city)},
            {"province", region_ref_json(a.province)}}},
          {"household", {{"no_kk", text_or_null(p.no_kk)}, {"members", std::move(members)}}},
          {"facilities",
           {{"puskesmas", facility_ref_json(p.puskesmas)},
            {"pustu", facility_ref_json(p.pustu)},
            {"posyandu", facility_ref_json(p.posyandu)}}},
          {"created_at", p.created_at},
          {"updated_at", p.updated_at}};
}

std::string session_cookie(const std::string& token, int64_t max_age, bool secure) {
  return "sid=" + token +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age) +
         (secure ? "; Secure" : "");
}

// The fields a person carries, shared by create and patch.
struct PersonFields {
  std::optional<std::string> nik, no_kk, name, birth_place, street, village_code, phone, sex,
      status;
  std::optional<int64_t> rt, rw;
  std::optional<Date> birth_date, status_date;
};

Result<PersonFields> read_person_fields(const json& body, bool allow_status) {
  JsonFields f(body);
  PersonFields out;
#define SK_READ(var, expr)      \
  do {                          \
    auto r_ = (expr);           \
    if (!r_) return r_.error(); \
    out.var = std::move(*r_);   \
  } while (false)
  SK_READ(nik, f.string("nik", 32));
  SK_READ(no_kk, f.string("no_kk", 32));
  SK_READ(name, f.string("name", 200));
  SK_READ(sex, f.string("sex", 8));
  SK_READ(birth_date, f.date("birth_date"));
  SK_READ(birth_place, f.string("birth_place", 100));
  SK_READ(street, f.string("street", 300));
  SK_READ(rt, f.integer("rt", 0, 999));
  SK_READ(rw, f.integer("rw", 0, 999));
  SK_READ(village_code, f.string("village_code", 20));
  SK_READ(phone, f.string("phone", 32));
  if (allow_status) {
    SK_READ(status, f.string("status", 16));
    SK_READ(status_date, f.date("status_date"));
  }
#undef SK_READ
  SK_TRY(f.finish());
  return out;
}

Result<Sex> parse_sex_field(const std::string& text) {
  auto s = parse_sex(text);
  if (!s || *s == Sex::kUnknown) return Error::invalid("sex", "expected L or P");
  return *s;
}

}  // namespace

RegistryHandlers::RegistryHandlers(registry::Registry& registry, SessionCookieOptions cookie)
    : registry_(registry), cookie_(cookie) {}

Result<AuthUser> RegistryHandlers::authenticate(std::string_view token) const {
  auto session = registry_.session(token);
  if (!session) return session.error();
  AuthUser out;
  out.token = std::string(token);
  out.username = session->user.username;
  out.account = std::move(session->user);
  return out;
}

Result<Response> RegistryHandlers::login(RequestContext& ctx) const {
  auto body = ctx.json_body();
  if (!body) return body.error();
  JsonFields f(*body);
  auto username = f.required_string("username", 64);
  if (!username) return username.error();
  auto password = f.required_string("password", 1024);
  if (!password) return password.error();
  SK_TRY(f.finish());
  int retry_after = 0;
  auto session = registry_.login({*username, *password, ctx.peer.address}, &retry_after);
  if (!session) {
    const auto code = session.error().code;
    if (code == ErrorCode::kRateLimited) {
      return ctx.error({code, "too many failed logins; try again later", {}}, 429,
                       std::max(retry_after, 1));
    }
    if (code == ErrorCode::kUnauthenticated) {
      return ctx.error({code, "wrong username or password", {}});
    }
    return session.error();
  }
  Response res = json_response(200, user_json(session->user));
  res.set(bhttp::field::set_cookie,
          session_cookie(session->token, cookie_.max_age_seconds, cookie_.secure));
  return res;
}

Result<Response> RegistryHandlers::logout(RequestContext& ctx) const {
  const std::string token = Router::token_of(ctx.request);
  if (!token.empty()) SK_TRY(registry_.logout(token));
  Response res = json_response(200, {{"status", "ok"}});
  res.set(bhttp::field::set_cookie, session_cookie("", 0, cookie_.secure));
  return res;
}

Result<Response> RegistryHandlers::me(RequestContext& ctx) const {
  return json_response(200, user_json(user_of(ctx)));
}

Result<Response> RegistryHandlers::region(RequestContext& ctx) const {
  auto view = registry_.region(user_of(ctx), ctx.param("code"));
  if (!view) {
    if (view.error().code == ErrorCode::kInvalidArgument) {
      return ctx.error(Error::invalid("code", "invalid region code"));
    }
    return view.error();
  }
  json children = json::array();
  for (const auto& c : view->children) children.push_back(child_json(c));
  return json_response(
      200, {{"code", view->code},
            {"name", view->name},
            {"level", region_level_name(view->level)},
            {"parent", view->parent ? json{{"code", view->parent->code},
                                           {"name", view->parent->name},
                                           {"level", region_level_name(view->parent->level)}}
                                    : json()},
            {"residents", view->residents},
            {"children", std::move(children)}});
}

Result<Response> RegistryHandlers::population_stats(RequestContext& ctx) const {
  const std::string code = ctx.query.get("region").value_or("me");
  auto stats = registry_.population_stats(user_of(ctx), code.empty() ? "me" : code);
  if (!stats) {
    if (stats.error().code == ErrorCode::kInvalidArgument) {
      return ctx.error(Error::invalid("region", "invalid region code"));
    }
    return stats.error();
  }
  json children = json::array();
  for (const auto& c : stats->children) children.push_back(child_json(c));
  json pyramid = json::array();
  for (const auto& b : stats->pyramid) {
    pyramid.push_back({{"band", b.band}, {"male", b.male}, {"female", b.female}});
  }
  return json_response(200, {{"region", stats->region},
                             {"name", stats->name},
                             {"level", region_level_name(stats->level)},
                             {"residents", stats->residents},
                             {"male", stats->male},
                             {"female", stats->female},
                             {"households", stats->households},
                             {"children", std::move(children)},
                             {"pyramid", std::move(pyramid)}});
}

Result<Response> RegistryHandlers::facilities(RequestContext& ctx) const {
  reg::FacilityQuery q;
  q.region = ctx.query.get("region").value_or("");
  if (auto type = ctx.query.get("type"); type && !type->empty()) {
    q.type = reg::parse_facility_type(*type);
    if (!q.type) return Error::invalid("type", "unknown facility type");
  }
  auto list = registry_.facilities(user_of(ctx), q);
  if (!list) {
    if (list.error().code == ErrorCode::kInvalidArgument) {
      return ctx.error(Error::invalid("region", "invalid region code"));
    }
    return list.error();
  }
  json items = json::array();
  for (const auto& f : *list) items.push_back(facility_json(f));
  return json_response(200, {{"items", std::move(items)}});
}

Result<Response> RegistryHandlers::facility(RequestContext& ctx) const {
  auto id = id_param(ctx, "id");
  if (!id) return id.error();
  auto detail = registry_.facility(user_of(ctx), *id);
  if (!detail) return detail.error();
  json out = facility_json(detail->facility);
  json catchment = json::array();
  for (const auto& r : detail->catchment) catchment.push_back(region_ref_json(r));
  json staff = json::array();
  for (const auto& s : detail->staff) {
    staff.push_back({{"id", s.id},
                     {"name", s.name},
                     {"sex", sex_json(s.sex)},
                     {"profession", s.profession},
                     {"skills", s.skills},
                     {"phone", text_or_null(s.phone)}});
  }
  out["catchment"] = std::move(catchment);
  out["staff_count"] = detail->facility.staff;
  out["staff"] = std::move(staff);
  return json_response(200, out);
}

Result<Response> RegistryHandlers::search_people(RequestContext& ctx) const {
  reg::PeopleQuery q;
  q.q = ctx.query.get("q").value_or("");
  if (q.q.size() > 100) return Error::invalid("q", "text too long");
  q.region = ctx.query.get("region").value_or("");
  auto page = ctx.query.integer("page", 1, 1'000'000);
  if (!page) return page.error();
  auto page_size = ctx.query.integer("page_size", 1, 100);
  if (!page_size) return page_size.error();
  q.page = static_cast<int>(page->value_or(1));
  q.page_size = static_cast<int>(page_size->value_or(20));
  if (auto inactive = ctx.query.get("include_inactive"); inactive && !inactive->empty()) {
    if (*inactive != "true" && *inactive != "false") {
      return Error::invalid("include_inactive", "expected true or false");
    }
    q.include_inactive = *inactive == "true";
  }
  auto result = registry_.search_people(user_of(ctx), q);
  if (!result) {
    if (result.error().code == ErrorCode::kInvalidArgument) {
      return ctx.error(result.error());  // names the query parameter: 400
    }
    return result.error();
  }
  json items = json::array();
  for (const auto& p : result->items) items.push_back(person_summary_json(p));
  json found_by = json::object();
  for (const auto& [how, n] : result->found_by) found_by[how] = n;
  return json_response(200, {{"items", std::move(items)},
                             {"total", result->total},
                             {"found_by", std::move(found_by)},
                             {"page", result->page},
                             {"page_size", result->page_size}});
}

Result<Response> RegistryHandlers::person(RequestContext& ctx) const {
  auto id = id_param(ctx, "id");
  if (!id) {
    // Not a number is not a person: same answer as one outside the scope.
    return Error::not_found("not found");
  }
  auto detail = registry_.person(user_of(ctx), *id);
  if (!detail) return detail.error();
  return json_response(200, person_detail_json(*detail));
}

Result<Response> RegistryHandlers::create_person(RequestContext& ctx) const {
  auto body = ctx.json_body();
  if (!body) return body.error();
  auto fields = read_person_fields(*body, /*allow_status=*/false);
  if (!fields) return fields.error();
  reg::PersonInput in;
  for (auto [key, value] : {std::pair{"nik", &fields->nik}, std::pair{"name", &fields->name},
                            std::pair{"village_code", &fields->village_code}}) {
    if (!value->has_value() || (*value)->empty()) {
      return domain_error(ctx, Error::invalid(key, "required"));
    }
  }
  in.nik = *fields->nik;
  in.name = *fields->name;
  in.village_code = *fields->village_code;
  in.no_kk = fields->no_kk.value_or("");
  in.birth_date = fields->birth_date;
  in.birth_place = fields->birth_place.value_or("");
  in.street = fields->street.value_or("");
  in.rt = static_cast<int>(fields->rt.value_or(0));
  in.rw = static_cast<int>(fields->rw.value_or(0));
  in.phone = fields->phone.value_or("");
  if (fields->sex && !fields->sex->empty()) {
    auto sex = parse_sex_field(*fields->sex);
    if (!sex) return domain_error(ctx, sex.error());
    in.sex = *sex;
  }
  auto created = registry_.create_person(user_of(ctx), in);
  if (!created) return domain_error(ctx, created.error());
  Response res = json_response(201, person_detail_json(*created));
  res.set(bhttp::field::location, "/api/v1/people/" + std::to_string(created->id));
  return res;
}

Result<Response> RegistryHandlers::update_person(RequestContext& ctx) const {
  auto id = id_param(ctx, "id");
  if (!id) return Error::not_found("not found");
  auto body = ctx.json_body();
  if (!body) return body.error();
  auto fields = read_person_fields(*body, /*allow_status=*/true);
  if (!fields) return fields.error();
  reg::PersonPatch patch;
  patch.nik = fields->nik;
  patch.no_kk = fields->no_kk;
  patch.name = fields->name;
  patch.birth_date = fields->birth_date;
  patch.birth_place = fields->birth_place;
  patch.street = fields->street;
  if (fields->rt) patch.rt = static_cast<int>(*fields->rt);
  if (fields->rw) patch.rw = static_cast<int>(*fields->rw);
  patch.village_code = fields->village_code;
  patch.phone = fields->phone;
  patch.status_date = fields->status_date;
  if (fields->sex) {
    auto sex = parse_sex_field(*fields->sex);
    if (!sex) return domain_error(ctx, sex.error());
    patch.sex = *sex;
  }
  if (fields->status) {
    patch.status = reg::parse_life_status(*fields->status);
    if (!patch.status) {
      return domain_error(ctx, Error::invalid("status", "expected HIDUP, MATI or PINDAH"));
    }
  }
  if (body->empty()) return domain_error(ctx, Error::invalid("body", "nothing to change"));
  auto updated = registry_.update_person(user_of(ctx), *id, patch);
  if (!updated) return domain_error(ctx, updated.error());
  return json_response(200, person_detail_json(*updated));
}

Result<Response> RegistryHandlers::audit(RequestContext& ctx) const {
  audit::Query q;
  q.user = ctx.query.get("user").value_or("");
  if (q.user.size() > 64) return Error::invalid("user", "text too long");
  auto person = ctx.query.integer("person", 1, INT64_MAX);
  if (!person) return person.error();
  q.person_id = *person;
  q.since = ctx.query.get("since").value_or("");
  q.until = ctx.query.get("until").value_or("");
  q.action = ctx.query.get("action").value_or("");
  if (q.action.size() > 32) return Error::invalid("action", "text too long");
  auto page = ctx.query.integer("page", 1, 1'000'000);
  if (!page) return page.error();
  auto page_size = ctx.query.integer("page_size", 1, 1000);
  if (!page_size) return page_size.error();
  q.page = static_cast<int>(page->value_or(1));
  q.page_size = static_cast<int>(page_size->value_or(100));
  auto result = registry_.audit(user_of(ctx), q);
  if (!result) {
    if (result.error().code == ErrorCode::kInvalidArgument) return ctx.error(result.error());
    return result.error();
  }
  return json_response(200, audit::to_json(*result));
}

}  // namespace siklus::http
