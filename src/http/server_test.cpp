#include "http/server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <future>
#include <thread>

#include "http/errors.h"

namespace siklus::http {
namespace {
namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

// A blocking client connection for tests.
class Conn {
 public:
  explicit Conn(uint16_t port) : socket_(ioc_) {
    socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }
  void send_raw(std::string_view data) { asio::write(socket_, asio::buffer(data)); }
  Response request(Verb method, std::string target, std::string body = {},
                   std::vector<std::pair<std::string, std::string>> headers = {}) {
    Request req{method, target, 11};
    req.set(bhttp::field::host, "localhost");
    for (auto& [k, v] : headers) req.set(k, v);
    req.body() = std::move(body);
    req.prepare_payload();
    bhttp::write(socket_, req);
    return read();
  }
  Response read() {
    Response res;
    bhttp::read(socket_, buffer_, res);
    return res;
  }
  //! True when the server closed the connection (EOF on the next read).
  bool closed_by_peer() {
    char c;
    beast::error_code ec;
    socket_.read_some(asio::buffer(&c, 1), ec);
    return ec == asio::error::eof || ec == asio::error::connection_reset;
  }

 private:
  asio::io_context ioc_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

class ServerTest : public ::testing::Test {
 protected:
  void start(ServerOptions options = {}) {
    options.host = "127.0.0.1";
    options.port = 0;
    server_ = std::make_unique<Server>(options, [this](Request& req, const Peer& peer) {
      ++handled_;
      if (req.target() == "/slow") {
        slow_started_.set_value();
        std::this_thread::sleep_for(std::chrono::milliseconds(400));
      }
      if (req.target() == "/throw") throw std::runtime_error("bug");
      return json_response(200, {{"target", std::string(req.target())},
                                 {"bytes", req.body().size()},
                                 {"peer", peer.address}});
    });
    auto port = server_->listen();
    ASSERT_TRUE(port) << port.error().message;
    port_ = *port;
    runner_ = std::async(std::launch::async, [this] { server_->run(); });
  }
  void TearDown() override {
    if (server_) {
      server_->stop();
      ASSERT_EQ(runner_.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    }
  }

  std::unique_ptr<Server> server_;
  std::future<void> runner_;
  uint16_t port_ = 0;
  std::atomic<int> handled_{0};
  std::promise<void> slow_started_;
};

TEST_F(ServerTest, KeepAliveServesManyRequestsOnOneConnection) {
  start();
  Conn c(port_);
  for (int i = 0; i < 5; ++i) {
    auto res = c.request(Verb::get, "/x" + std::to_string(i));
    ASSERT_EQ(res.result_int(), 200u);
    auto body = nlohmann::json::parse(res.body());
    EXPECT_EQ(body["target"], "/x" + std::to_string(i));
    EXPECT_EQ(body["peer"], "127.0.0.1");
    EXPECT_TRUE(res.keep_alive());
  }
  EXPECT_EQ(handled_, 5);
}

TEST_F(ServerTest, OversizedBodyIs413AndNeverReachesTheHandler) {
  ServerOptions o;
  o.body_limit = 1000;
  start(o);
  Conn c(port_);
  auto res = c.request(Verb::post, "/p", std::string(5000, 'x'),
                       {{"Accept-Language", "en"}, {"Content-Type", "application/json"}});
  EXPECT_EQ(res.result_int(), 413u);
  auto body = nlohmann::json::parse(res.body());
  EXPECT_EQ(body["error"]["code"], "too_large");
  EXPECT_EQ(body["error"]["field"], "body");
  EXPECT_EQ(handled_, 0);
  Conn ok(port_);
  EXPECT_EQ(ok.request(Verb::post, "/p", std::string(900, 'x')).result_int(), 200u);
}

TEST_F(ServerTest, LargeBodyOverDefaultLimitWith100Continue) {
  start();
  Conn c(port_);
  c.send_raw(
      "POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n"
      "Expect: 100-continue\r\n\r\n");
  auto res = c.read();
  EXPECT_EQ(res.result_int(), 413u);
  EXPECT_EQ(handled_, 0);
}

TEST_F(ServerTest, Expect100ContinueWithinLimit) {
  start();
  Conn c(port_);
  c.send_raw("POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
  auto cont = c.read();
  EXPECT_EQ(cont.result_int(), 100u);
  c.send_raw("abc");
  auto res = c.read();
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(nlohmann::json::parse(res.body())["bytes"], 3);
}

TEST_F(ServerTest, HugeHeaderIs431AndGarbageIs400) {
  start();
  {
    Conn c(port_);
    auto res = c.request(Verb::get, "/h", {}, {{"X-Big", std::string(20000, 'a')}});
    EXPECT_EQ(res.result_int(), 431u);
  }
  {
    Conn c(port_);
    c.send_raw("HELLO THERE\r\n\r\n");
    auto res = c.read();
    EXPECT_EQ(res.result_int(), 400u);
    EXPECT_EQ(nlohmann::json::parse(res.body())["error"]["code"], "invalid_argument");
  }
  EXPECT_EQ(handled_, 0);
}

TEST_F(ServerTest, HandlerExceptionIs500AndServerLives) {
  start();
  Conn c(port_);
  EXPECT_EQ(c.request(Verb::get, "/throw").result_int(), 500u);
  EXPECT_EQ(c.request(Verb::get, "/ok").result_int(), 200u);
}

TEST_F(ServerTest, IdleConnectionTimesOut) {
  ServerOptions o;
  o.idle_timeout = std::chrono::milliseconds(200);
  start(o);
  Conn c(port_);
  EXPECT_EQ(c.request(Verb::get, "/a").result_int(), 200u);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_TRUE(c.closed_by_peer());
}

TEST_F(ServerTest, StopFinishesInFlightRequestAndClosesIdleOnes) {
  start();
  Conn idle(port_);
  EXPECT_EQ(idle.request(Verb::get, "/warm").result_int(), 200u);
  Conn busy(port_);
  auto in_flight = std::async(std::launch::async, [&] { return busy.request(Verb::get, "/slow"); });
  slow_started_.get_future().wait();
  server_->stop();
  auto res = in_flight.get();
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_FALSE(res.keep_alive());  // the server says it is closing
  EXPECT_TRUE(idle.closed_by_peer());
  EXPECT_EQ(runner_.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  // No longer accepting.
  EXPECT_THROW(Conn late(port_), boost::system::system_error);
  server_.reset();
}

TEST_F(ServerTest, StopFinishesARequestWhoseHeaderIsHalfSent) {
  start();
  Conn c(port_);
  c.send_raw("GET /half HTTP/1.1\r\nHost: x\r\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  server_->stop();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  c.send_raw("\r\n");
  auto res = c.read();
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(runner_.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  server_.reset();
}

TEST(ServerListen, AddressInUseIsAnError) {
  Server a({.host = "127.0.0.1", .port = 0}, [](Request&, const Peer&) { return Response{}; });
  auto port = a.listen();
  ASSERT_TRUE(port);
  ServerOptions o;
  o.port = *port;
  Server b(o, [](Request&, const Peer&) { return Response{}; });
  auto again = b.listen();
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kIo);
  ServerOptions bad;
  bad.host = "not-an-ip";
  EXPECT_FALSE(Server(bad, nullptr).listen());
}

}  // namespace
}  // namespace siklus::http
