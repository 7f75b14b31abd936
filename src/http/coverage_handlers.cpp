#include "http/coverage_handlers.h"

#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "http/handler_support.h"

namespace siklus::http {
namespace {

using nlohmann::json;
namespace reg = siklus::registry;
namespace cv = siklus::coverage;

std::string param(const RequestContext& ctx, const char* name) {
  return ctx.query.get(name).value_or("");
}

//! A side of a review pair. Identifiers the service left out (roles that may not see them) are
//! null, not masked.
json side_json(const cv::ReviewSide& s, bool person) {
  auto id = [](const std::string& v) { return v.empty() ? json(nullptr) : json(v); };
  json j = {{"nik", id(s.nik)},           {"name", s.name},       {"sex", s.sex},
            {"birth_date", s.birth_date}, {"address", s.address}, {"village_code", s.village_code}};
  if (person) j["no_kk"] = id(s.no_kk);
  return j;
}

}  // namespace

CoverageHandlers::CoverageHandlers(registry::Registry& registry, coverage::CoverageService& service)
    : registry_(registry), service_(service) {}

Result<Response> CoverageHandlers::coverage(RequestContext& ctx) const {
  auto j = service_.coverage(user_of(ctx), param(ctx, "region"), param(ctx, "snapshot"));
  if (!j) return j.error();
  return json_response(200, *j);
}

Result<Response> CoverageHandlers::village_map(RequestContext& ctx) const {
  auto j = service_.village_map(user_of(ctx), param(ctx, "region"), param(ctx, "snapshot"));
  if (!j) return j.error();
  return json_response(200, *j);
}

Result<Response> CoverageHandlers::snapshots(RequestContext& ctx) const {
  auto j = service_.snapshots(user_of(ctx));
  if (!j) return j.error();
  return json_response(200, *j);
}

Result<Response> CoverageHandlers::reviews(RequestContext& ctx) const {
  auto page = ctx.query.integer("page", 1, 1000000);
  if (!page) return page.error();
  auto size = ctx.query.integer("page_size", 1, 100);
  if (!size) return size.error();
  auto q =
      service_.reviews(user_of(ctx), param(ctx, "region"), param(ctx, "snapshot"),
                       static_cast<int>(page->value_or(1)), static_cast<int>(size->value_or(20)));
  if (!q) return q.error();
  json items = json::array();
  for (const auto& it : q->items) {
    items.push_back({{"noka", it.noka},
                     {"person_id", it.person_id},
                     {"score", it.score},
                     {"member_status", it.member_status},
                     {"segment", it.segment},
                     {"member", side_json(it.member, false)},
                     {"person", side_json(it.person, true)}});
  }
  return json_response(200, {{"items", items},
                             {"total", q->total},
                             {"page", q->page},
                             {"page_size", q->page_size},
                             {"snapshot", q->snapshot}});
}

Result<Response> CoverageHandlers::decide(RequestContext& ctx, coverage::Verdict verdict) const {
  const std::string noka = ctx.param("noka");
  std::optional<int64_t> person;
  std::string note;
  std::string snapshot;
  if (!ctx.request.body().empty()) {
    auto body = ctx.json_body();
    if (!body) return body.error();
    if (auto it = body->find("person_id"); it != body->end() && !it->is_null()) {
      if (!it->is_number_integer()) return Error::invalid("person_id", "must be an integer");
      person = it->get<int64_t>();
    }
    if (auto it = body->find("note"); it != body->end() && !it->is_null()) {
      if (!it->is_string() || it->get<std::string>().size() > 500) {
        return Error::invalid("note", "must be text of at most 500 characters");
      }
      note = it->get<std::string>();
    }
    if (auto it = body->find("snapshot"); it != body->end() && it->is_string()) {
      snapshot = it->get<std::string>();
    }
  }
  SK_TRY(service_.decide(user_of(ctx), snapshot, noka, person, verdict, note));
  return json_response(
      200, {{"noka", noka}, {"verdict", verdict == cv::Verdict::kAccept ? "accept" : "reject"}});
}

Result<Response> CoverageHandlers::accept(RequestContext& ctx) const {
  return decide(ctx, cv::Verdict::kAccept);
}

Result<Response> CoverageHandlers::reject(RequestContext& ctx) const {
  return decide(ctx, cv::Verdict::kReject);
}

Result<Response> CoverageHandlers::worklist(RequestContext& ctx) const {
  const std::string format = ctx.query.get("format").value_or("csv");
  char path[] = "/tmp/siklus-worklist-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) return Error::io("cannot create a temporary file");
  close(fd);
  auto exported =
      service_.export_worklist(user_of(ctx), param(ctx, "region"), param(ctx, "puskesmas"),
                               param(ctx, "snapshot"), format, path);
  std::string bytes;
  if (exported) {
    std::ifstream f(path, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    bytes = s.str();
  }
  std::remove(path);
  if (!exported) return exported.error();
  Response res{bhttp::status::ok, 11};
  res.set(bhttp::field::content_type,
          format == "csv" ? "text/csv; charset=utf-8"
                          : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  res.set(bhttp::field::content_disposition, "attachment; filename=\"worklist-" + exported->region +
                                                 "-" + exported->snapshot + "." + format + "\"");
  apply_common_headers(res, true);
  res.body() = std::move(bytes);
  res.prepare_payload();
  return res;
}

Result<Response> CoverageHandlers::person_membership(RequestContext& ctx) const {
  // A non-numeric id is a person that does not exist, as on the person page.
  auto person = id_param(ctx, "id");
  if (!person) return Error::not_found("person not found");
  auto j = service_.person_membership(user_of(ctx), *person);
  if (!j) return j.error();
  return json_response(200, *j);
}

}  // namespace siklus::http
