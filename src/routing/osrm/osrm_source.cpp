#include "routing/osrm/osrm_source.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace siklus::routing {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

struct Url {
  std::string host;
  std::string port = "80";
  std::string prefix;
};

Result<Url> parse_url(const std::string& url) {
  const std::string scheme = "http://";
  if (url.rfind(scheme, 0) != 0) {
    return Error::invalid("travel.osrm_url", "must start with http:// (got " + url + ")");
  }
  Url u;
  std::string rest = url.substr(scheme.size());
  const size_t slash = rest.find('/');
  std::string hostport = rest.substr(0, slash);
  if (slash != std::string::npos) u.prefix = rest.substr(slash);
  while (!u.prefix.empty() && u.prefix.back() == '/') u.prefix.pop_back();
  const size_t colon = hostport.rfind(':');
  if (colon != std::string::npos) {
    u.port = hostport.substr(colon + 1);
    hostport = hostport.substr(0, colon);
  }
  if (hostport.empty()) return Error::invalid("travel.osrm_url", "no host in " + url);
  u.host = hostport;
  return u;
}

Result<std::string> http_get(const Url& u, const std::string& target, int timeout_ms) {
  try {
    boost::asio::io_context ioc;
    tcp::resolver resolver(ioc);
    beast::tcp_stream stream(ioc);
    stream.expires_after(std::chrono::milliseconds(timeout_ms));
    stream.connect(resolver.resolve(u.host, u.port));
    http::request<http::empty_body> req{http::verb::get, target, 11};
    req.set(http::field::host, u.host);
    req.set(http::field::user_agent, "siklus-routing");
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(256 * 1024 * 1024);
    http::read(stream, buffer, parser);
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    auto res = parser.release();
    if (res.result() != http::status::ok && res.result() != http::status::bad_request) {
      return Error::io("OSRM answered HTTP " + std::to_string(res.result_int()));
    }
    return std::move(res.body());
  } catch (const std::exception& e) {
    return Error::io(std::string("OSRM request failed: ") + e.what());
  }
}

std::string coord(const Coordinate& c) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f,%.6f", c.x, c.y);
  return buf;
}

}  // namespace

Result<Matrices> OsrmSource::matrices(const std::vector<Coordinate>& points) {
  auto url = parse_url(o_.url);
  if (!url) return url.error();
  if (o_.block < 1) return Error::invalid("block", "must be >= 1");
  const size_t n = points.size();
  Matrices m;
  m.size = static_cast<int>(n);
  m.durations.assign(n * n, 0);
  m.distances.assign(n * n, 0);
  const size_t b = static_cast<size_t>(o_.block);
  for (size_t i0 = 0; i0 < n; i0 += b) {
    const size_t i1 = std::min(n, i0 + b);
    for (size_t j0 = 0; j0 < n; j0 += b) {
      const size_t j1 = std::min(n, j0 + b);
      std::string target = url->prefix + "/table/v1/" + o_.profile + "/";
      std::string sources;
      std::string destinations;
      size_t k = 0;
      for (size_t i = i0; i < i1; ++i, ++k) {
        target += (k ? ";" : "") + coord(points[i]);
        sources += (k ? ";" : "") + std::to_string(k);
      }
      for (size_t j = j0; j < j1; ++j, ++k) {
        target += ";" + coord(points[j]);
        destinations += (j > j0 ? ";" : "") + std::to_string(k);
      }
      target += "?sources=" + sources + "&destinations=" + destinations +
                "&annotations=duration,distance";
      auto body = http_get(*url, target, o_.timeout_ms);
      if (!body) return body.error();
      nlohmann::json doc;
      try {
        doc = nlohmann::json::parse(*body);
      } catch (const std::exception&) {
        return Error::io("OSRM answered something that is not JSON");
      }
      if (doc.value("code", "") != "Ok") {
        return Error::io("OSRM table failed: " + doc.value("code", std::string("no code")) + " " +
                         doc.value("message", std::string()));
      }
      const auto& du = doc["durations"];
      const auto& di = doc["distances"];
      if (!du.is_array() || du.size() != i1 - i0) return Error::io("OSRM: bad durations shape");
      for (size_t i = i0; i < i1; ++i) {
        const auto& row = du[i - i0];
        if (!row.is_array() || row.size() != j1 - j0) return Error::io("OSRM: bad row");
        for (size_t j = j0; j < j1; ++j) {
          const auto& cell = row[j - j0];
          if (!cell.is_number()) {
            return Error::io("OSRM: no route between locations " + std::to_string(i) + " and " +
                             std::to_string(j));
          }
          m.durations[i * n + j] = i == j ? 0 : cell.get<double>();
          const bool have_dist = di.is_array() && di.size() == i1 - i0 && di[i - i0].is_array() &&
                                 di[i - i0][j - j0].is_number();
          m.distances[i * n + j] = i == j ? 0 : have_dist ? di[i - i0][j - j0].get<double>() : 0;
        }
      }
    }
  }
  return m;
}

}  // namespace siklus::routing
