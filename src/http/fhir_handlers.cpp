#include "http/fhir_handlers.h"

#include <algorithm>
#include <charconv>
#include <functional>
#include <map>
#include <set>

#include "core/region_code.h"
#include "http/handler_support.h"
#include "interop/fhir/resources.h"

namespace siklus::http {
namespace {

using nlohmann::json;
namespace fhir = interop::fhir;

constexpr int kDefaultCount = 20;
constexpr int kMaxCount = 100;

Response fhir_response(unsigned status, const json& body) {
  Response res = json_response(status, body);
  res.set(bhttp::field::content_type, "application/fhir+json");
  return res;
}

// Every refusal as an OperationOutcome; `status` 0 maps the error code (400 for bad input,
// 404 also for anything outside the user's scope).
Response outcome(const RequestContext& ctx, const Error& e, unsigned status = 0) {
  json oo = fhir::operation_outcome(e);
  if (e.code != ErrorCode::kInternal) {
    oo["issue"][0]["diagnostics"] = localized_message(e, ctx.language);
  }
  return fhir_response(status ? status : http_status(e.code), oo);
}

Error not_found(std::string_view type) {
  return Error{ErrorCode::kNotFound, std::string(type) + " not found", {}, "fhir.not_found"};
}

// The base URL clients used, for fullUrl and paging links.
std::string base_url(const RequestContext& ctx) {
  std::string host(sv(ctx.request[bhttp::field::host]));
  if (host.empty()) host = "localhost";
  return "http://" + host + "/fhir/r4";
}

Result<int64_t> positive_id(std::string_view text, std::string_view type) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || p != text.data() + text.size() || v <= 0) {
    return not_found(type);
  }
  return v;
}

// "Patient/12" or "12" as the `subject`/`patient` search parameter.
Result<int64_t> patient_param(const RequestContext& ctx, std::string_view name) {
  auto v = ctx.query.get(name);
  if (!v) return Error::invalid(std::string(name), "missing");
  std::string text = *v;
  if (text.rfind("Patient/", 0) == 0) text = text.substr(8);
  int64_t id = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (text.empty() || ec != std::errc() || p != text.data() + text.size() || id <= 0) {
    return Error{ErrorCode::kInvalidArgument, "expected Patient/{id}", std::string(name),
                 "fhir.patient_reference"};
  }
  return id;
}

// A `date` search value: an optional prefix (eq, ge, le, gt, lt) and a date.
struct DateFilter {
  std::string op = "eq";
  Date date;
  bool accepts(const Date& d) const {
    if (op == "ge") return d.days() >= date.days();
    if (op == "le") return d.days() <= date.days();
    if (op == "gt") return d.days() > date.days();
    if (op == "lt") return d.days() < date.days();
    return d.days() == date.days();
  }
};

Result<std::optional<DateFilter>> date_filter(const RequestContext& ctx, std::string_view name) {
  auto v = ctx.query.get(name);
  if (!v || v->empty()) return std::optional<DateFilter>{};
  DateFilter f;
  std::string_view text = *v;
  if (text.size() > 2 && std::isalpha(static_cast<unsigned char>(text[0]))) {
    f.op = std::string(text.substr(0, 2));
    text.remove_prefix(2);
    if (f.op != "eq" && f.op != "ge" && f.op != "le" && f.op != "gt" && f.op != "lt") {
      return Error{ErrorCode::kInvalidArgument, "unsupported date prefix", std::string(name),
                   "fhir.date_prefix"};
    }
  }
  auto d = Date::parse(text.substr(0, 10));
  if (!d) return Error::invalid(std::string(name), "not a date (YYYY-MM-DD)");
  f.date = *d;
  return std::optional<DateFilter>(f);
}

struct Paging {
  int count = kDefaultCount;
  int page = 1;
};

Result<Paging> paging(const RequestContext& ctx) {
  Paging p;
  auto c = ctx.query.integer("_count", 0, kMaxCount);
  if (!c) return c.error();
  if (*c) p.count = static_cast<int>(**c);
  auto page = ctx.query.integer("_page", 1, 100000);
  if (!page) return page.error();
  if (*page) p.page = static_cast<int>(**page);
  return p;
}

// The query string of this search with another _page, for Bundle.link.
std::string page_link(const RequestContext& ctx, std::string_view type, int page) {
  std::string raw(target_query(sv(ctx.request.target())));
  std::string out;
  size_t start = 0;
  while (start <= raw.size()) {
    size_t end = raw.find('&', start);
    if (end == std::string::npos) end = raw.size();
    const std::string part = raw.substr(start, end - start);
    if (!part.empty() && part.rfind("_page=", 0) != 0) out += part + "&";
    start = end + 1;
  }
  out += "_page=" + std::to_string(page);
  return base_url(ctx) + "/" + std::string(type) + "?" + out;
}

// A searchset Bundle of `all` (already filtered) resources, one page of it, with paging links.
json searchset(const RequestContext& ctx, std::string_view type, std::vector<json> all,
               const Paging& p, std::optional<uint64_t> total = std::nullopt,
               bool already_paged = false) {
  const uint64_t n = total.value_or(all.size());
  json entries = json::array();
  const size_t first = already_paged ? 0 : static_cast<size_t>(p.page - 1) * p.count;
  const size_t last = already_paged ? all.size() : std::min(all.size(), first + p.count);
  const std::string base = base_url(ctx);
  for (size_t i = first; i < last; ++i) {
    const std::string url = base + "/" + all[i]["resourceType"].get<std::string>() + "/" +
                            all[i]["id"].get<std::string>();
    entries.push_back(
        {{"fullUrl", url}, {"resource", std::move(all[i])}, {"search", {{"mode", "match"}}}});
  }
  json links = json::array({{{"relation", "self"}, {"url", page_link(ctx, type, p.page)}}});
  if (static_cast<uint64_t>(p.page) * p.count < n) {
    links.push_back({{"relation", "next"}, {"url", page_link(ctx, type, p.page + 1)}});
  }
  if (p.page > 1) {
    links.push_back({{"relation", "previous"}, {"url", page_link(ctx, type, p.page - 1)}});
  }
  return {{"resourceType", "Bundle"},
          {"type", "searchset"},
          {"total", n},
          {"link", links},
          {"entry", entries}};
}

bool is_clinical(std::string_view type) {
  return type == "Encounter" || type == "Observation" || type == "Immunization" ||
         type == "Condition" || type == "EpisodeOfCare";
}

// A client's resource body: application/fhir+json or application/json.
Result<json> fhir_body(const RequestContext& ctx) {
  std::string type(sv(ctx.request[bhttp::field::content_type]));
  const size_t semi = type.find(';');
  std::string bare = type.substr(0, semi);
  while (!bare.empty() && bare.back() == ' ') bare.pop_back();
  if (!iequals(bare, "application/fhir+json") && !is_json_media_type(type)) {
    return Error{ErrorCode::kInvalidArgument, "the request is not FHIR JSON", "Content-Type",
                 "fhir.content_type"};
  }
  return parse_json_object(ctx.request.body());
}

Result<care::ServiceInput> service_input(std::string_view type, const json& r) {
  if (type == "Immunization") return fhir::service_from_immunization(r);
  if (type == "Condition") return fhir::service_from_condition(r);
  if (type == "Observation") return fhir::service_from_observation(r);
  if (type == "Encounter") return fhir::service_from_encounter(r, {});
  return Error::invalid("resourceType", "unsupported resource type");
}

// The resource of `type` a stored service yields for the id asked (Observation "9-weight").
std::optional<json> pick(std::string_view type, const care::ServiceRecord& r, std::string_view id) {
  for (json& res : fhir::resources_of(type, r)) {
    if (id.empty() || res["id"] == id) return std::move(res);
  }
  return std::nullopt;
}

// An Observation id "<service id>-<measure>" -> the service id.
std::string_view service_part(std::string_view type, std::string_view id) {
  if (type != "Observation") return id;
  const size_t dash = id.find('-');
  return dash == std::string_view::npos ? std::string_view{} : id.substr(0, dash);
}

}  // namespace

FhirHandlers::FhirHandlers(registry::Registry& registry, care::CareService* care,
                           coverage::CoverageService* coverage)
    : registry_(registry), care_(care), coverage_(coverage) {}

Result<Response> FhirHandlers::metadata(RequestContext&) const {
  Response res = fhir_response(200, fhir::capability_statement("0.1.0"));
  res.set(bhttp::field::cache_control, "public, max-age=3600");
  return res;
}

Result<Response> FhirHandlers::read(std::string_view type, RequestContext& ctx) const {
  const registry::User& user = user_of(ctx);
  const std::string id = ctx.param("id");
  if (type == "Patient") {
    auto pid = positive_id(id, type);
    if (!pid) return outcome(ctx, pid.error());
    auto p = registry_.person(user, *pid);
    if (!p)
      return outcome(ctx, p.error().code == ErrorCode::kNotFound ? not_found(type) : p.error());
    return fhir_response(200, fhir::patient(*p, registry::Registry::sees_identifiers(user)));
  }
  if (type == "Organization" || (type == "Location" && id.rfind("region-", 0) != 0)) {
    auto fid = positive_id(id, type);
    if (!fid) return outcome(ctx, fid.error());
    auto f = registry_.facility(user, *fid);
    if (!f)
      return outcome(ctx, f.error().code == ErrorCode::kNotFound ? not_found(type) : f.error());
    return fhir_response(200, type == "Organization" ? fhir::organization(f->facility)
                                                     : fhir::facility_location(f->facility));
  }
  if (type == "Location") {
    const std::string code = id.substr(7);
    if (!normalize_region_code(code)) return outcome(ctx, not_found(type));
    auto r = registry_.region(user, code);
    if (!r) return outcome(ctx, not_found(type));
    return fhir_response(200, fhir::region_location(*r));
  }
  if (type == "Coverage") {
    const size_t dash = id.find('-');
    if (!coverage_ || dash == std::string::npos) return outcome(ctx, not_found(type));
    auto pid = positive_id(std::string_view(id).substr(0, dash), type);
    if (!pid) return outcome(ctx, pid.error());
    auto m = coverage_->person_membership(user, *pid);
    if (!m) return outcome(ctx, not_found(type));
    const std::string noka = id.substr(dash + 1);
    for (const auto& member : (*m)["members"]) {
      if (member.value("noka", "") == noka) {
        const json snap = (*m)["snapshot"];
        return fhir_response(
            200, fhir::coverage(*pid, member, snap.is_string() ? snap.get<std::string>() : ""));
      }
    }
    return outcome(ctx, not_found(type));
  }
  if (is_clinical(type) && care_) {
    auto sid = positive_id(service_part(type, id), type);
    if (!sid) return outcome(ctx, sid.error());
    auto j = care_->service(user, *sid);
    if (!j)
      return outcome(ctx, j.error().code == ErrorCode::kNotFound ? not_found(type) : j.error());
    auto record = fhir::record_from_json(*j);
    if (!record) return record.error();
    auto res = pick(type, *record, id);
    if (!res) return outcome(ctx, not_found(type));
    if (j->contains("history")) {
      (*res)["meta"]["versionId"] = std::to_string((*j)["history"].size() + 1);
    }
    return fhir_response(200, *res);
  }
  return outcome(ctx, not_found(type));
}

Result<Response> FhirHandlers::search(std::string_view type, RequestContext& ctx) const {
  if (type == "Patient") return search_patients(ctx);
  if (type == "Coverage") return search_coverage(ctx);
  if (type == "Practitioner") return search_practitioners(ctx);
  if (is_clinical(type)) return search_clinical(type, ctx);
  return outcome(ctx, not_found(type));
}

Result<Response> FhirHandlers::search_patients(RequestContext& ctx) const {
  const registry::User& user = user_of(ctx);
  auto p = paging(ctx);
  if (!p) return outcome(ctx, p.error());
  auto born = date_filter(ctx, "birthdate");
  if (!born) return outcome(ctx, born.error());
  registry::PeopleQuery q;
  std::string system, value;
  if (auto ident = ctx.query.get("identifier")) {
    const size_t bar = ident->find('|');
    system = bar == std::string::npos ? "" : ident->substr(0, bar);
    value = bar == std::string::npos ? *ident : ident->substr(bar + 1);
    const bool known = system.empty() || system == fhir::kNikSystem || system == fhir::kKkSystem;
    if (!known || value.size() != 16 ||
        !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      // Identifiers siklus does not hold (an IHS number, another system's id) match nobody.
      return fhir_response(200, searchset(ctx, "Patient", {}, *p));
    }
    q.q = value;
  } else if (auto name = ctx.query.get("name")) {
    q.q = *name;
  }
  if (auto address = ctx.query.get("address")) {
    auto code = normalize_region_code(*address);
    if (!code) {
      return outcome(ctx, Error{ErrorCode::kInvalidArgument, "expected a Kemendagri region code",
                                "address", "fhir.address_code"});
    }
    q.region = *code;
  }
  const bool exact = !value.empty() || *born;
  // An identifier matches a household at most; a birth date filters a name or area search. Both
  // are paged here, over at most kScanPages pages of matches; otherwise the registry pages.
  constexpr int kScanPages = 20;
  std::vector<registry::PersonSummary> found;
  uint64_t total = 0;
  if (exact) {
    q.page_size = kMaxCount;
    for (q.page = 1; q.page <= kScanPages; ++q.page) {
      auto page = registry_.search_people(user, q);
      if (!page) return outcome(ctx, page.error());
      for (auto& s : page->items) {
        if (*born && (!s.birth_date || !(*born)->accepts(*s.birth_date))) continue;
        found.push_back(std::move(s));
      }
      if (static_cast<uint64_t>(q.page) * q.page_size >= page->total) break;
    }
  } else {
    q.page = p->page;
    q.page_size = std::max(1, p->count);
    auto page = registry_.search_people(user, q);
    if (!page) return outcome(ctx, page.error());
    found = std::move(page->items);
    total = page->total;
  }
  const bool identifiers = registry::Registry::sees_identifiers(user);
  if (exact) {
    // 16 digits find NIK and KK numbers alike: the NIK system names the person alone (kader see
    // no numbers and get what the registry matched).
    if (identifiers && system == fhir::kNikSystem) {
      std::erase_if(found, [&](const registry::PersonSummary& s) { return s.nik != value; });
    }
    total = found.size();
    const size_t first = std::min(found.size(), static_cast<size_t>(p->page - 1) * p->count);
    const size_t last = std::min(found.size(), first + p->count);
    found = std::vector<registry::PersonSummary>(found.begin() + first, found.begin() + last);
  }
  if (p->count == 0) found.clear();  // _count=0: the total only
  std::vector<json> resources;
  for (const auto& s : found) {
    auto detail = registry_.person(user, s.id);  // an audited read of each one returned
    if (!detail) continue;
    resources.push_back(fhir::patient(*detail, identifiers));
  }
  return fhir_response(200, searchset(ctx, "Patient", std::move(resources), *p, total, true));
}

Result<Response> FhirHandlers::search_clinical(std::string_view type, RequestContext& ctx) const {
  if (!care_) return outcome(ctx, not_found(type));
  const registry::User& user = user_of(ctx);
  auto p = paging(ctx);
  if (!p) return outcome(ctx, p.error());
  const char* name = ctx.query.get("subject") ? "subject" : "patient";
  if (!ctx.query.get(name)) {
    return outcome(ctx, Error{ErrorCode::kInvalidArgument, "search needs subject or patient",
                              "subject", "fhir.subject_required"});
  }
  auto pid = patient_param(ctx, name);
  if (!pid) return outcome(ctx, pid.error());
  auto when = date_filter(ctx, "date");
  if (!when) return outcome(ctx, when.error());
  auto timeline = care_->timeline(user, *pid);  // scoped and audited
  if (!timeline) {
    if (timeline.error().code == ErrorCode::kNotFound) return outcome(ctx, not_found("Patient"));
    return outcome(ctx, timeline.error());
  }
  std::vector<json> all;
  for (const auto& s : (*timeline)["services"]) {
    auto r = fhir::record_from_json(s);
    if (!r) return r.error();
    if (r->deleted) continue;
    if (*when && !(*when)->accepts(r->date)) continue;
    for (json& res : fhir::resources_of(type, *r)) all.push_back(std::move(res));
  }
  if (p->count == 0) return fhir_response(200, searchset(ctx, type, {}, *p, all.size(), true));
  return fhir_response(200, searchset(ctx, type, std::move(all), *p));
}

Result<Response> FhirHandlers::search_coverage(RequestContext& ctx) const {
  if (!coverage_) return outcome(ctx, not_found("Coverage"));
  auto p = paging(ctx);
  if (!p) return outcome(ctx, p.error());
  const char* name = ctx.query.get("beneficiary") ? "beneficiary" : "patient";
  auto pid = patient_param(ctx, name);
  if (!pid) return outcome(ctx, pid.error());
  auto m = coverage_->person_membership(user_of(ctx), *pid);  // scoped and audited
  if (!m) {
    return outcome(ctx, m.error().code == ErrorCode::kNotFound ? not_found("Patient") : m.error());
  }
  const json snap = (*m)["snapshot"];
  std::vector<json> all;
  for (const auto& member : (*m)["members"]) {
    all.push_back(fhir::coverage(*pid, member, snap.is_string() ? snap.get<std::string>() : ""));
  }
  return fhir_response(200, searchset(ctx, "Coverage", std::move(all), *p));
}

Result<Response> FhirHandlers::search_practitioners(RequestContext& ctx) const {
  auto p = paging(ctx);
  if (!p) return outcome(ctx, p.error());
  auto org = ctx.query.get("organization");
  if (!org) {
    return outcome(ctx, Error{ErrorCode::kInvalidArgument, "search needs organization",
                              "organization", "fhir.organization_required"});
  }
  std::string text = *org;
  if (text.rfind("Organization/", 0) == 0) text = text.substr(13);
  auto fid = positive_id(text, "Organization");
  if (!fid) return outcome(ctx, fid.error());
  auto f = registry_.facility(user_of(ctx), *fid);
  if (!f) return outcome(ctx, not_found("Organization"));
  std::vector<json> all;
  for (const auto& s : f->staff) all.push_back(fhir::practitioner(s, *fid));
  return fhir_response(200, searchset(ctx, "Practitioner", std::move(all), *p));
}

Result<Response> FhirHandlers::create(std::string_view type, RequestContext& ctx) const {
  if (!care_) return outcome(ctx, not_found(type));
  auto body = fhir_body(ctx);
  if (!body) return outcome(ctx, body.error());
  auto input = service_input(type, *body);
  if (!input) return outcome(ctx, input.error());
  auto done = care_->record(user_of(ctx), *input);
  if (!done) {
    return outcome(ctx, done.error(), done.error().code == ErrorCode::kInvalidArgument ? 422 : 0);
  }
  auto res = pick(type, done->record, {});
  if (!res) return outcome(ctx, not_found(type));
  Response out = fhir_response(done->duplicate ? 200 : 201, *res);
  out.set(bhttp::field::location,
          base_url(ctx) + "/" + std::string(type) + "/" + (*res)["id"].get<std::string>());
  return out;
}

Result<Response> FhirHandlers::update(std::string_view type, RequestContext& ctx) const {
  if (!care_) return outcome(ctx, not_found(type));
  auto sid = positive_id(ctx.param("id"), type);
  if (!sid) return outcome(ctx, sid.error());
  auto body = fhir_body(ctx);
  if (!body) return outcome(ctx, body.error());
  if (body->contains("id") && (*body)["id"] != ctx.param("id")) {
    return outcome(ctx, Error{ErrorCode::kInvalidArgument, "the id differs from the URL",
                              std::string(type) + ".id", "fhir.id_mismatch"});
  }
  auto input = service_input(type, *body);
  if (!input) return outcome(ctx, input.error());
  auto done = care_->correct(user_of(ctx), *sid, *input);
  if (!done) {
    return outcome(ctx, done.error(), done.error().code == ErrorCode::kInvalidArgument ? 422 : 0);
  }
  auto res = pick(type, *done, {});
  if (!res) return outcome(ctx, not_found(type));
  return fhir_response(200, *res);
}

Result<Response> FhirHandlers::history(std::string_view type, RequestContext& ctx) const {
  if (!care_) return outcome(ctx, not_found(type));
  const std::string id = ctx.param("id");
  auto sid = positive_id(service_part(type, id), type);
  if (!sid) return outcome(ctx, sid.error());
  auto j = care_->service(user_of(ctx), *sid);  // scoped and audited
  if (!j) return outcome(ctx, j.error().code == ErrorCode::kNotFound ? not_found(type) : j.error());
  auto current = fhir::record_from_json(*j);
  if (!current) return current.error();
  // Versions newest first: the record as it stands, then each old value the history kept.
  const json& old = (*j)["history"];
  json entries = json::array();
  auto add = [&](const care::ServiceRecord& r, size_t version, std::string_view method) {
    auto res = pick(type, r, id);
    if (!res) return;
    (*res)["meta"]["versionId"] = std::to_string(version);
    entries.push_back({{"fullUrl", base_url(ctx) + "/" + std::string(type) + "/" + id},
                       {"resource", std::move(*res)},
                       {"request", {{"method", method}, {"url", std::string(type) + "/" + id}}},
                       {"response", {{"status", "200"}}}});
  };
  add(*current, old.size() + 1, old.empty() ? "POST" : "PUT");
  for (size_t i = old.size(); i-- > 0;) {
    care::ServiceRecord r = *current;
    const json& h = old[i];
    if (auto d = Date::parse(h.value("date", ""))) r.date = *d;
    r.place = h.value("place", r.place);
    r.facility_id = h["facility_id"].is_number_integer()
                        ? std::optional<int64_t>(h["facility_id"].get<int64_t>())
                        : std::nullopt;
    if (h.contains("fields") && h["fields"].is_object()) r.fields = h["fields"];
    r.deleted = false;
    add(r, i + 1, i == 0 ? "POST" : "PUT");
  }
  if (entries.empty()) return outcome(ctx, not_found(type));
  return fhir_response(200, {{"resourceType", "Bundle"},
                             {"type", "history"},
                             {"total", entries.size()},
                             {"entry", entries}});
}

Result<Response> FhirHandlers::transaction(RequestContext& ctx) const {
  if (!care_) return outcome(ctx, not_found("Bundle"));
  auto body = fhir_body(ctx);
  if (!body) return outcome(ctx, body.error());
  const json& b = *body;
  auto invalid = [&](std::string field, std::string message, std::string id) {
    return outcome(ctx, Error{ErrorCode::kInvalidArgument, std::move(message), std::move(field),
                              std::move(id)});
  };
  if (b.value("resourceType", "") != "Bundle") {
    return invalid("Bundle.resourceType", "expected a Bundle", "fhir.bundle_resource_type");
  }
  if (b.value("type", "") != "transaction") {
    return invalid("Bundle.type", "expected a transaction Bundle", "fhir.bundle_type");
  }
  if (!b.contains("entry") || !b["entry"].is_array() || b["entry"].empty()) {
    return invalid("Bundle.entry", "a transaction needs entries", "fhir.bundle_empty");
  }
  const json& entry = b["entry"];
  // fullUrl -> entry index, and every reference between entries, to find dangling ones and
  // cycles before anything is written.
  std::map<std::string, size_t> by_url;
  for (size_t i = 0; i < entry.size(); ++i) {
    const std::string path = "Bundle.entry[" + std::to_string(i) + "]";
    if (!entry[i].is_object() || !entry[i].contains("resource") ||
        !entry[i]["resource"].is_object()) {
      return invalid(path + ".resource", "each entry needs a resource", "fhir.bundle_entry");
    }
    const std::string type = entry[i]["resource"].value("resourceType", "");
    if (type != "Encounter" && type != "Observation" && type != "Immunization" &&
        type != "Condition") {
      return invalid(path + ".resource.resourceType",
                     "only Encounter, Observation, Immunization and Condition are recorded",
                     "fhir.unsupported_type");
    }
    const std::string url = entry[i].value("fullUrl", "");
    if (!url.empty()) by_url[url] = i;
  }
  std::vector<std::vector<size_t>> edges(entry.size());
  for (size_t i = 0; i < entry.size(); ++i) {
    std::string dangling;
    std::function<void(const json&)> walk = [&](const json& j) {
      if (j.is_object()) {
        if (auto r = j.find("reference"); r != j.end() && r->is_string()) {
          const std::string target = r->get<std::string>();
          if (auto it = by_url.find(target); it != by_url.end()) {
            edges[i].push_back(it->second);
          } else if (target.rfind("urn:", 0) == 0 && dangling.empty()) {
            dangling = target;
          }
        }
        for (const auto& [k, v] : j.items()) walk(v);
      } else if (j.is_array()) {
        for (const auto& v : j) walk(v);
      }
    };
    walk(entry[i]["resource"]);
    if (!dangling.empty()) {
      return invalid("Bundle.entry[" + std::to_string(i) + "].resource",
                     "refers to an entry not in the Bundle", "fhir.bundle_reference");
    }
  }
  // Depth-first search for a cycle (0 new, 1 on the stack, 2 done).
  std::vector<int> state(entry.size(), 0);
  std::optional<size_t> cycle_at;
  std::function<void(size_t)> visit = [&](size_t v) {
    state[v] = 1;
    for (size_t w : edges[v]) {
      if (cycle_at) return;
      if (state[w] == 1) {
        cycle_at = w;
        return;
      }
      if (state[w] == 0) visit(w);
    }
    state[v] = 2;
  };
  for (size_t i = 0; i < entry.size() && !cycle_at; ++i) {
    if (state[i] == 0) visit(i);
  }
  if (cycle_at) {
    return invalid("Bundle.entry[" + std::to_string(*cycle_at) + "]",
                   "entries refer to each other in a cycle", "fhir.bundle_cycle");
  }
  // Group: each Encounter with the Observations that point to it; the rest stand alone.
  std::vector<care::ServiceInput> inputs;
  std::vector<std::pair<size_t, std::string>> made;  // entry index of each input, its type
  std::set<size_t> grouped;
  for (size_t i = 0; i < entry.size(); ++i) {
    const json& r = entry[i]["resource"];
    if (r["resourceType"] != "Encounter") continue;
    std::vector<json> obs;
    for (size_t j = 0; j < entry.size(); ++j) {
      const json& o = entry[j]["resource"];
      if (o["resourceType"] != "Observation") continue;
      const auto enc = o.value("encounter", json::object()).value("reference", "");
      if (!enc.empty() && enc == entry[i].value("fullUrl", "")) {
        obs.push_back(o);
        grouped.insert(j);
      }
    }
    auto in = fhir::service_from_encounter(r, obs);
    if (!in) {
      Error e = in.error();
      if (e.field.rfind("Encounter", 0) == 0) {
        e.field = "Bundle.entry[" + std::to_string(i) + "].resource" + e.field.substr(9);
      }
      return outcome(ctx, e);
    }
    inputs.push_back(std::move(*in));
    made.push_back({i, "Encounter"});
  }
  for (size_t i = 0; i < entry.size(); ++i) {
    const json& r = entry[i]["resource"];
    const std::string type = r["resourceType"];
    if (type == "Encounter" || grouped.count(i)) continue;
    auto in = service_input(type, r);
    if (!in) {
      Error e = in.error();
      if (e.field.rfind(type, 0) == 0) {
        e.field = "Bundle.entry[" + std::to_string(i) + "].resource" + e.field.substr(type.size());
      }
      return outcome(ctx, e);
    }
    inputs.push_back(std::move(*in));
    made.push_back({i, type});
  }
  // Record in order; a refusal removes what this Bundle already recorded (care keeps the
  // removed records in its history, marked with the reason), so the Bundle has no effect.
  const registry::User& user = user_of(ctx);
  json responses = json::array();
  std::vector<int64_t> written;
  for (size_t k = 0; k < inputs.size(); ++k) {
    auto done = care_->record(user, inputs[k]);
    if (!done) {
      for (int64_t id : written) (void)care_->remove(user, id, "FHIR transaction refused");
      Error e = done.error();
      if (e.field.empty() || e.field.find('.') == std::string::npos) {
        e.field = "Bundle.entry[" + std::to_string(made[k].first) + "].resource" +
                  (e.field.empty() ? "" : "." + e.field);
      }
      return outcome(ctx, e, e.code == ErrorCode::kInvalidArgument ? 422 : 0);
    }
    if (!done->duplicate) written.push_back(done->record.id);
    auto res = pick(made[k].second, done->record, {});
    const std::string loc =
        made[k].second + "/" + (res ? (*res)["id"].get<std::string>() : std::string());
    responses.push_back(
        {{"response",
          {{"status", done->duplicate ? "200 OK" : "201 Created"}, {"location", loc}}}});
  }
  return fhir_response(
      200, {{"resourceType", "Bundle"}, {"type", "transaction-response"}, {"entry", responses}});
}

}  // namespace siklus::http
