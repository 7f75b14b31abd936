#include "http/coverage_handlers.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace siklus::http {
namespace {

using nlohmann::json;
namespace reg = siklus::registry;
namespace cv = siklus::coverage;

const reg::User& user_of(const RequestContext& ctx) {
  return std::any_cast<const reg::User&>(ctx.user->account);
}

json side_json(const cv::ReviewSide& s, bool mask) {
  return {{"nik", mask ? mask_nik(s.nik) : s.nik},
          {"name", s.name},
          {"sex", s.sex},
          {"birth_date", s.birth_date},
          {"address", s.address},
          {"village_code", s.village_code}};
}

}  // namespace

CoverageHandlers::CoverageHandlers(registry::Registry& registry, coverage::CoverageService& service)
    : registry_(registry), service_(service) {}

Result<std::string> CoverageHandlers::scoped_region(const RequestContext& ctx) const {
  std::string code = ctx.query.get("region").value_or("");
  if (code.empty() || code == "me") {
    auto root = registry_.region(user_of(ctx), "me");
    if (!root) return root.error();
    return root->code;
  }
  auto norm = cv::normalize_area_code(code);
  if (!norm) return Error::invalid("region", "invalid region code");
  const std::string village = norm->substr(0, norm->find(".RW"));
  auto view = registry_.region(user_of(ctx), village);
  if (!view) return view.error();
  return *norm;
}

Result<Response> CoverageHandlers::coverage(RequestContext& ctx) const {
  auto region = scoped_region(ctx);
  if (!region) return region.error();
  auto j = service_.coverage(*region, ctx.query.get("snapshot").value_or(""));
  if (!j) return j.error();
  return json_response(200, *j);
}

Result<Response> CoverageHandlers::village_map(RequestContext& ctx) const {
  auto region = scoped_region(ctx);
  if (!region) return region.error();
  auto j = service_.village_map(*region, ctx.query.get("snapshot").value_or(""));
  if (!j) return j.error();
  return json_response(200, *j);
}

Result<Response> CoverageHandlers::snapshots(RequestContext&) const {
  auto j = service_.snapshots();
  if (!j) return j.error();
  return json_response(200, *j);
}

Result<Response> CoverageHandlers::reviews(RequestContext& ctx) const {
  auto region = scoped_region(ctx);
  if (!region) return region.error();
  auto page = ctx.query.integer("page", 1, 1000000);
  if (!page) return page.error();
  auto size = ctx.query.integer("page_size", 1, 100);
  if (!size) return size.error();
  auto q =
      service_.reviews(*region, ctx.query.get("snapshot").value_or(""),
                       static_cast<int>(page->value_or(1)), static_cast<int>(size->value_or(20)));
  if (!q) return q.error();
  const bool mask = user_of(ctx).role == reg::Role::kKader;
  json items = json::array();
  for (const auto& it : q->items) {
    items.push_back({{"noka", it.noka},
                     {"person_id", it.person_id},
                     {"score", it.score},
                     {"member_status", it.member_status},
                     {"segment", it.segment},
                     {"member", side_json(it.member, mask)},
                     {"person", side_json(it.person, mask)}});
  }
  return json_response(
      200, {{"items", items}, {"total", q->total}, {"page", q->page}, {"page_size", q->page_size}});
}

Result<Response> CoverageHandlers::decide(RequestContext& ctx, coverage::Verdict verdict) const {
  const reg::User& user = user_of(ctx);
  if (user.role != reg::Role::kDinkesAdmin && user.role != reg::Role::kPuskesmas) {
    return Error{ErrorCode::kForbidden, "only dinkes and puskesmas staff review links", {}};
  }
  const std::string noka = ctx.param("noka");
  if (noka.size() != 13 || noka.find_first_not_of("0123456789") != std::string::npos) {
    return Error::invalid("noka", "noka must have 13 digits");
  }
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
  // The pair must be visible to the caller: it is in their review queue.
  auto region = registry_.region(user, "me");
  if (!region) return region.error();
  auto st = service_.decide(snapshot, noka, person, verdict, user.username, note);
  if (!st) return st.error();
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
  auto region = scoped_region(ctx);
  if (!region) return region.error();
  const std::string format = ctx.query.get("format").value_or("csv");
  if (format != "csv" && format != "xlsx") {
    return Error::invalid("format", "format must be csv or xlsx");
  }
  auto list = service_.worklist(*region, ctx.query.get("puskesmas").value_or(""),
                                ctx.query.get("snapshot").value_or(""));
  if (!list) return list.error();
  if (user_of(ctx).role == reg::Role::kKader) {
    for (auto& r : list->rows) {
      r.nik = mask_nik(r.nik);
      r.no_kk = mask_nik(r.no_kk);
    }
  }
  char path[] = "/tmp/siklus-worklist-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) return Error::io("cannot create a temporary file");
  close(fd);
  auto st =
      format == "csv" ? cv::write_worklist_csv(*list, path) : cv::write_worklist_xlsx(*list, path);
  std::string bytes;
  if (st) {
    std::ifstream f(path, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    bytes = s.str();
  }
  std::remove(path);
  if (!st) return st.error();
  Response res{bhttp::status::ok, 11};
  res.set(bhttp::field::content_type,
          format == "csv" ? "text/csv; charset=utf-8"
                          : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  res.set(bhttp::field::content_disposition, "attachment; filename=\"worklist-" + *region + "-" +
                                                 list->snapshot + "." + format + "\"");
  apply_common_headers(res, true);
  res.body() = std::move(bytes);
  res.prepare_payload();
  return res;
}

}  // namespace siklus::http
