#include "http/pws_handlers.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "http/handler_support.h"

namespace siklus::http {

PwsHandlers::PwsHandlers(monitoring::MonitoringService& service) : service_(service) {}

Result<Response> PwsHandlers::table(RequestContext& ctx) const {
  const std::string region = ctx.query.get("region").value_or("");
  const std::string period = ctx.query.get("period").value_or("");
  const std::string format = ctx.query.get("format").value_or("json");
  const std::string children = ctx.query.get("children").value_or("");
  if (format != "json" && format != "xlsx") {
    return Error::invalid("format", "format must be json or xlsx").with_id("care.format_invalid");
  }
  if (format == "xlsx") {
    char path[] = "/tmp/siklus-pws-XXXXXX";
    const int fd = mkstemp(path);
    if (fd < 0) return Error::io("cannot create a temporary file");
    close(fd);
    auto t = service_.export_xlsx(user_of(ctx), region, period, path, children);
    std::string bytes;
    if (t) {
      std::ifstream f(path, std::ios::binary);
      std::ostringstream s;
      s << f.rdbuf();
      bytes = s.str();
    }
    std::remove(path);
    if (!t) return domain_error(ctx, t.error());
    Response res{bhttp::status::ok, 11};
    res.set(bhttp::field::content_type,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    res.set(bhttp::field::content_disposition, "attachment; filename=\"pws-" +
                                                   (*t)["region"].get<std::string>() + "-" +
                                                   (*t)["period"].get<std::string>() + ".xlsx\"");
    apply_common_headers(res, true);
    res.body() = std::move(bytes);
    res.prepare_payload();
    return res;
  }
  auto t = service_.table(user_of(ctx), region, period, children);
  if (!t) return domain_error(ctx, t.error());
  return json_response(200, *t);
}

Result<Response> PwsHandlers::trend(RequestContext& ctx) const {
  auto t = service_.trend(user_of(ctx), ctx.query.get("region").value_or(""),
                          ctx.query.get("indicator").value_or(""),
                          ctx.query.get("from").value_or(""), ctx.query.get("to").value_or(""));
  if (!t) return domain_error(ctx, t.error());
  return json_response(200, *t);
}

Result<Response> PwsHandlers::people(RequestContext& ctx) const {
  auto t = service_.people(
      user_of(ctx), ctx.query.get("region").value_or(""), ctx.query.get("indicator").value_or(""),
      ctx.query.get("period").value_or(""), ctx.query.get("which").value_or("missing"));
  if (!t) return domain_error(ctx, t.error());
  return json_response(200, *t);
}

Result<Response> PwsHandlers::version(RequestContext&) const {
  return json_response(200, nlohmann::json{{"version", service_.version()}});
}

Result<Response> PwsHandlers::indicators(RequestContext&) const {
  return json_response(200, monitoring::MonitoringService::indicators_json());
}

}  // namespace siklus::http
