#include "routing/osrm/osrm_source.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cmath>
#include <sstream>
#include <thread>

namespace siklus::routing {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

// A tiny fake OSRM on 127.0.0.1, port 0: answers /table/v1 with duration = 100 x the plane
// distance between the coordinates in the URL and distance = 1000 x; or with `code` if set.
class FakeOsrm {
 public:
  explicit FakeOsrm(std::string code = "Ok") : code_(std::move(code)), acceptor_(ioc_) {
    tcp::endpoint ep(boost::asio::ip::make_address("127.0.0.1"), 0);
    acceptor_.open(ep.protocol());
    acceptor_.bind(ep);
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    thread_ = std::thread([this] { serve(); });
  }
  ~FakeOsrm() {
    stop_ = true;
    boost::system::error_code ec;
    // Wake the blocking accept with one last connection.
    tcp::socket s(ioc_);
    s.connect({boost::asio::ip::make_address("127.0.0.1"), port_}, ec);
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int requests() const { return requests_; }

 private:
  void serve() {
    while (!stop_) {
      tcp::socket sock(ioc_);
      boost::system::error_code ec;
      acceptor_.accept(sock, ec);
      if (ec || stop_) return;
      beast::flat_buffer buf;
      http::request<http::string_body> req;
      http::read(sock, buf, req, ec);
      if (ec) continue;
      ++requests_;
      http::response<http::string_body> res{http::status::ok, 11};
      res.set(http::field::content_type, "application/json");
      res.body() = answer(std::string(req.target()));
      res.prepare_payload();
      http::write(sock, res, ec);
    }
  }
  std::string answer(const std::string& target) {
    if (code_ != "Ok") return R"({"code":")" + code_ + R"(","message":"fake failure"})";
    // /table/v1/driving/x,y;x,y?sources=0;1&destinations=2;3&annotations=...
    const size_t start = target.find("/table/v1/driving/") + 18;
    const size_t q = target.find('?');
    std::vector<std::pair<double, double>> pts;
    std::stringstream cs(target.substr(start, q - start));
    std::string c;
    while (std::getline(cs, c, ';')) {
      const size_t comma = c.find(',');
      pts.push_back({std::stod(c.substr(0, comma)), std::stod(c.substr(comma + 1))});
    }
    auto list = [&](const std::string& key) {
      std::vector<int> out;
      const size_t k = target.find(key + "=");
      std::stringstream ss(
          target.substr(k + key.size() + 1, target.find('&', k) - k - key.size() - 1));
      std::string v;
      while (std::getline(ss, v, ';')) out.push_back(std::stoi(v));
      return out;
    };
    const auto src = list("sources");
    const auto dst = list("destinations");
    std::string du = "[", di = "[";
    for (size_t i = 0; i < src.size(); ++i) {
      du += i ? ",[" : "[";
      di += i ? ",[" : "[";
      for (size_t j = 0; j < dst.size(); ++j) {
        const double d = std::hypot(pts[src[i]].first - pts[dst[j]].first,
                                    pts[src[i]].second - pts[dst[j]].second);
        du += (j ? "," : "") + std::to_string(100 * d);
        di += (j ? "," : "") + std::to_string(1000 * d);
      }
      du += "]";
      di += "]";
    }
    return R"({"code":"Ok","durations":)" + du + "]," + R"("distances":)" + di + "]}";
  }

  std::string code_;
  boost::asio::io_context ioc_;
  tcp::acceptor acceptor_;
  unsigned short port_ = 0;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<int> requests_{0};
};

TEST(OsrmSourceTest, FetchesTheMatrixInBlocks) {
  FakeOsrm server;
  OsrmSource source({server.url(), "driving", 2, 5000});
  const std::vector<Coordinate> pts{
      {98.60, 3.50}, {98.61, 3.50}, {98.61, 3.52}, {98.70, 3.60}, {98.65, 3.55}};
  auto m = source.matrices(pts);
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(server.requests(), 9);  // 3 x 3 blocks of at most 2 x 2
  for (size_t i = 0; i < pts.size(); ++i) {
    for (size_t j = 0; j < pts.size(); ++j) {
      const double d = std::hypot(pts[i].x - pts[j].x, pts[i].y - pts[j].y);
      EXPECT_NEAR(m->durations[i * pts.size() + j], 100 * d, 1e-4) << i << "," << j;
      EXPECT_NEAR(m->distances[i * pts.size() + j], 1000 * d, 1e-3);
    }
  }
}

TEST(OsrmSourceTest, ReportsServerErrorsAndUnreachableServers) {
  FakeOsrm server("NoTable");
  OsrmSource source({server.url(), "driving", 50, 5000});
  auto m = source.matrices({{98.6, 3.5}, {98.7, 3.6}});
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code, ErrorCode::kIo);
  EXPECT_NE(m.error().message.find("NoTable"), std::string::npos);
  OsrmSource bad_url({"https://example.org", "driving", 50, 1000});
  EXPECT_FALSE(bad_url.matrices({{0, 0}}));
}

}  // namespace
}  // namespace siklus::routing
