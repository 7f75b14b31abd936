#include "http/server.h"

#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <csignal>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "http/errors.h"

namespace siklus::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

namespace {
class Session;

using SteadyClock = std::chrono::steady_clock;

// Logs an event at most once per interval, with how often it happened meanwhile: 2.6 million
// "Too many open files" lines in 25 s (issue 8) become a few lines with counts.
class RepeatedLog {
 public:
  explicit RepeatedLog(std::chrono::milliseconds interval) : interval_(interval) {}

  void warn(const std::string& key, const std::string& message) {
    std::lock_guard lock(mu_);
    auto& e = entries_[key];
    const auto now = SteadyClock::now();
    if (e.logged && now - *e.logged < interval_) {
      ++e.suppressed;
      return;
    }
    if (e.suppressed > 0) {
      spdlog::warn("{} (repeated {} times in the last {} s)", message, e.suppressed,
                   std::chrono::duration_cast<std::chrono::seconds>(now - *e.logged).count());
    } else {
      spdlog::warn("{}", message);
    }
    e.logged = now;
    e.suppressed = 0;
  }

 private:
  struct Entry {
    std::optional<SteadyClock::time_point> logged;
    uint64_t suppressed = 0;
  };
  std::chrono::milliseconds interval_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

// Descriptors kept free for the database, the log, static files and the shed path itself.
constexpr size_t kReservedDescriptors = 64;
constexpr size_t kDefaultMaxConnections = 10'000;

// Raises the soft RLIMIT_NOFILE to the hard limit (the default soft 1024 is what 22,000 idle
// connections exhausted) and returns the soft limit now in force.
size_t raise_descriptor_limit() {
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) != 0) return 1024;
  if (lim.rlim_cur < lim.rlim_max) {
    rlimit want = lim;
    want.rlim_cur = lim.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &want) == 0) lim = want;
  }
  return lim.rlim_cur == RLIM_INFINITY ? (size_t{1} << 20) : static_cast<size_t>(lim.rlim_cur);
}
}  // namespace

struct Server::Impl : std::enable_shared_from_this<Server::Impl> {
  Impl(ServerOptions opts, RequestHandler h)
      : options(std::move(opts)),
        handler(std::move(h)),
        control(asio::make_strand(ioc)),
        acceptor(control),
        signals(control),
        grace_timer(control),
        accept_pause(control),
        log(options.log_interval) {}

  void do_accept();
  void on_accept(tcp::socket socket);
  // Closes the longest-idle keep-alive connections to make room; returns how many were asked to.
  size_t evict_idle(size_t count);
  void shed(tcp::socket& socket);
  void begin_stop();  // on `control`
  void session_opened(Session* s, std::weak_ptr<Session> w);
  void session_closed(Session* s);

  ServerOptions options;
  RequestHandler handler;
  asio::io_context ioc;
  // Acceptor, signals and the grace timer share one strand so stop() never races accept.
  asio::strand<asio::io_context::executor_type> control;
  tcp::acceptor acceptor;
  asio::signal_set signals;
  asio::steady_timer grace_timer;
  asio::steady_timer accept_pause;  // out of descriptors: wait a moment instead of spinning
  RepeatedLog log;
  size_t max_connections = kDefaultMaxConnections;
  std::atomic<bool> stopping{false};
  std::mutex mu;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
};

namespace {

// One connection. Every member runs on the connection's strand.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, std::shared_ptr<Server::Impl> server)
      : stream_(std::move(socket)), server_(std::move(server)) {
    beast::error_code ec;
    const auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) {
      peer_.address = ep.address().to_string();
      peer_.port = ep.port();
    }
  }
  ~Session() { server_->session_closed(this); }

  void start() {
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&Session::read_header, shared_from_this()));
  }

  // The server is stopping: an idle keep-alive connection closes now; one with a request under
  // way finishes it (the response then says Connection: close).
  void on_server_stop() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      if (self->state_ == State::kIdle && self->buffer_.size() == 0 &&
          !(self->parser_ && self->parser_->got_some())) {
        self->close();
      }
    });
  }

  void force_close() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->close(); });
  }

  // At the connection cap: a connection waiting for a request header (idle keep-alive, or a
  // header trickling in) makes room; one whose request is under way is left alone.
  void evict() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      if (self->state_ == State::kIdle) self->close();
    });
  }

  //! When this connection started waiting for a request with nothing received; 0 when busy.
  //! Read from the acceptor's strand to pick connections to evict; on_server_stop re-checks.
  int64_t idle_since() const { return idle_since_.load(std::memory_order_relaxed); }

 private:
  enum class State { kIdle, kReading, kHandling, kWriting, kDraining, kClosed };

  const ServerOptions& opts() const { return server_->options; }

  void read_header() {
    if (server_->stopping || state_ == State::kClosed) return close();
    state_ = State::kIdle;
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(opts().header_limit));
    parser_->body_limit(opts().body_limit);
    stream_.expires_after(opts().idle_timeout);
    if (buffer_.size() == 0) {
      idle_since_.store(SteadyClock::now().time_since_epoch().count(), std::memory_order_relaxed);
    }
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&Session::on_header, shared_from_this()));
  }

  void on_header(beast::error_code ec, std::size_t) {
    idle_since_.store(0, std::memory_order_relaxed);
    if (ec) return on_read_error(ec);
    state_ = State::kReading;
    stream_.expires_after(opts().read_timeout);
    if (parser_->is_done()) return handle_request();
    const auto expect = sv(parser_->get()[bhttp::field::expect]);
    if (iequals(expect, "100-continue")) {
      // The client waits for our go-ahead before sending the body (curl does for large bodies).
      continue_ = std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_,
                                                                       parser_->get().version());
      bhttp::async_write(stream_, *continue_,
                         [self = shared_from_this()](beast::error_code wec, std::size_t) {
                           if (wec) return self->close();
                           self->read_body();
                         });
      return;
    }
    read_body();
  }

  void read_body() {
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&Session::on_body, shared_from_this()));
  }

  void on_body(beast::error_code ec, std::size_t) {
    if (ec) return on_read_error(ec);
    handle_request();
  }

  Language language() const {
    if (!parser_) return Language::kIndonesian;
    return negotiate_language(sv(parser_->get()[bhttp::field::accept_language]));
  }

  void on_read_error(beast::error_code ec) {
    if (ec == bhttp::error::body_limit) {
      spdlog::warn("http {} {}: body over {} bytes, answered 413", peer_.address,
                   std::string(target_path(sv(parser_->get().target()))), opts().body_limit);
      return send_error(Error{ErrorCode::kTooLarge, "request body too large (limit 1 MiB)", "body"},
                        413, /*drain=*/true);
    }
    if (ec == bhttp::error::header_limit) {
      return send_error(Error{ErrorCode::kTooLarge, "request headers too large", "headers"}, 431,
                        true);
    }
    if (ec.category() == make_error_code(bhttp::error::end_of_stream).category() &&
        ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
      // A parse error: say so once, then close (the stream position is unknown).
      return send_error(Error::invalid("request", "malformed HTTP request"), 400, true);
    }
    // Peer closed, reset, timed out or we cancelled: nothing to answer.
    close();
  }

  void send_error(const Error& error, unsigned status, bool drain) {
    Response res = error_response(error, language(), status);
    apply_common_headers(res, true);
    res.version(11);
    res.keep_alive(false);
    res.prepare_payload();
    drain_after_write_ = drain;
    write(std::move(res));
  }

  void handle_request() {
    state_ = State::kHandling;
    Request req = parser_->release();
    parser_.reset();
    Response res;
    try {
      res = server_->handler(req, peer_);
    } catch (const std::exception& e) {
      spdlog::error("http {} {}: unhandled exception: {}", std::string(sv(to_string(req.method()))),
                    std::string(target_path(sv(req.target()))), e.what());
      res = error_response(Error::internal("internal error"),
                           negotiate_language(sv(req[bhttp::field::accept_language])));
      apply_common_headers(res, true);
    } catch (...) {
      spdlog::error("http {} {}: unhandled exception", std::string(sv(to_string(req.method()))),
                    std::string(target_path(sv(req.target()))));
      res = error_response(Error::internal("internal error"), Language::kIndonesian);
      apply_common_headers(res, true);
    }
    res.version(req.version());
    res.keep_alive(req.keep_alive() && !server_->stopping);
    if (req.method() == bhttp::verb::head) {
      // HEAD: the length of what GET would send, no body.
      if (!res.body().empty()) {
        const auto n = res.body().size();
        res.body().clear();
        res.content_length(n);
      }
    } else {
      res.prepare_payload();
    }
    write(std::move(res));
  }

  void write(Response&& res) {
    state_ = State::kWriting;
    res_ = std::make_shared<Response>(std::move(res));
    stream_.expires_after(opts().write_timeout);
    bhttp::async_write(stream_, *res_,
                       beast::bind_front_handler(&Session::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    const bool keep = res_ && res_->keep_alive();
    res_.reset();
    if (ec) return close();
    if (drain_after_write_) return start_drain();
    if (!keep) {
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      return close();
    }
    read_header();
  }

  // After refusing a request early (413) the client may still be sending its body; closing with
  // unread data would reset the connection and the client might never read our answer. Read and
  // discard a bounded amount first.
  void start_drain() {
    state_ = State::kDraining;
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(std::chrono::seconds(3));
    drain_some();
  }

  void drain_some() {
    if (!drain_buf_) drain_buf_ = std::make_unique<std::array<char, 16384>>();
    stream_.async_read_some(asio::buffer(*drain_buf_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->drained_ += n;
                              if (ec || self->drained_ > (64u << 20)) return self->close();
                              self->drain_some();
                            });
  }

  void close() {
    if (state_ == State::kClosed) return;
    state_ = State::kClosed;
    idle_since_.store(0, std::memory_order_relaxed);
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
  std::shared_ptr<Server::Impl> server_;
  Peer peer_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::shared_ptr<Response> res_;
  std::shared_ptr<bhttp::response<bhttp::empty_body>> continue_;
  State state_ = State::kIdle;
  bool drain_after_write_ = false;
  std::unique_ptr<std::array<char, 16384>> drain_buf_;  // only while draining: idle is small
  std::size_t drained_ = 0;
  std::atomic<int64_t> idle_since_{0};
};

}  // namespace

void Server::Impl::do_accept() {
  acceptor.async_accept(asio::make_strand(ioc), [self = shared_from_this()](beast::error_code ec,
                                                                            tcp::socket socket) {
    if (ec) {
      if (ec == asio::error::operation_aborted || !self->acceptor.is_open()) return;
      self->log.warn("accept " + ec.message(), "http accept: " + ec.message());
      if (ec == asio::error::no_descriptors || ec.value() == ENFILE ||
          ec == asio::error::no_buffer_space || ec == asio::error::no_memory) {
        // Accepting again at once would fail again at once (the 120 % CPU
        // spin of issue 8): free some idle connections and pause briefly.
        self->evict_idle(std::max<size_t>(1, self->max_connections / 10));
        self->accept_pause.expires_after(std::chrono::milliseconds(50));
        self->accept_pause.async_wait([self](beast::error_code wec) {
          if (!wec) self->do_accept();
        });
        return;
      }
    } else {
      self->on_accept(std::move(socket));
    }
    self->do_accept();
  });
}

void Server::Impl::on_accept(tcp::socket socket) {
  if (stopping) {
    beast::error_code ignored;
    socket.close(ignored);
    return;
  }
  size_t open = 0;
  {
    std::lock_guard lock(mu);
    open = sessions.size();
  }
  if (open >= max_connections && evict_idle(std::max<size_t>(1, max_connections / 10)) == 0) {
    log.warn("shed", "http: " + std::to_string(open) +
                         " connections open, none idle: answered 503 to a new one");
    return shed(socket);
  }
  auto session = std::make_shared<Session>(std::move(socket), shared_from_this());
  session_opened(session.get(), session);
  session->start();
}

size_t Server::Impl::evict_idle(size_t count) {
  std::vector<std::pair<int64_t, std::shared_ptr<Session>>> idle;
  {
    std::lock_guard lock(mu);
    for (auto& [ptr, weak] : sessions) {
      const int64_t since = ptr->idle_since();
      if (since == 0) continue;
      if (auto s = weak.lock()) idle.emplace_back(since, std::move(s));
    }
  }
  count = std::min(count, idle.size());
  std::partial_sort(idle.begin(), idle.begin() + static_cast<std::ptrdiff_t>(count), idle.end(),
                    [](const auto& a, const auto& b) { return a.first < b.first; });
  for (size_t i = 0; i < count; ++i) idle[i].second->evict();
  if (count > 0) {
    log.warn("evict", "http: connection limit " + std::to_string(max_connections) +
                          " reached: closing the longest-idle keep-alive connections");
  }
  return count;
}

// A short answer written without blocking (the socket buffer takes it), then the descriptor is
// freed at once: a connection over the cap must not hold one.
void Server::Impl::shed(tcp::socket& socket) {
  static const std::string kBusy = [] {
    const std::string body =
        R"({"error":{"code":"busy","message":"too many connections; retry in a second"}})";
    return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
           "Retry-After: 1\r\nConnection: close\r\nCache-Control: no-store\r\n"
           "Content-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
  }();
  beast::error_code ignored;
  socket.non_blocking(true, ignored);
  socket.send(asio::buffer(kBusy), 0, ignored);
  socket.shutdown(tcp::socket::shutdown_both, ignored);
  socket.close(ignored);
}

void Server::Impl::session_opened(Session* s, std::weak_ptr<Session> w) {
  std::lock_guard lock(mu);
  sessions.emplace(s, std::move(w));
}

void Server::Impl::session_closed(Session* s) {
  bool last = false;
  {
    std::lock_guard lock(mu);
    sessions.erase(s);
    last = sessions.empty() && stopping;
  }
  if (last) {
    asio::post(control, [self = shared_from_this()] { self->grace_timer.cancel(); });
  }
}

void Server::Impl::begin_stop() {
  if (stopping.exchange(true)) return;
  spdlog::info("http: stopping; finishing requests in flight");
  beast::error_code ignored;
  acceptor.close(ignored);
  accept_pause.cancel();
  signals.cancel(ignored);
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(mu);
    for (auto& [ptr, weak] : sessions) {
      if (auto s = weak.lock()) live.push_back(std::move(s));
    }
  }
  if (live.empty()) return;
  for (auto& s : live) s->on_server_stop();
  grace_timer.expires_after(options.shutdown_grace);
  grace_timer.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (ec) return;  // cancelled: every connection finished in time
    std::vector<std::shared_ptr<Session>> rest;
    {
      std::lock_guard lock(self->mu);
      for (auto& [ptr, weak] : self->sessions) {
        if (auto s = weak.lock()) rest.push_back(std::move(s));
      }
    }
    spdlog::warn("http: {} connection(s) still open after the grace period; closing them",
                 rest.size());
    for (auto& s : rest) s->force_close();
  });
}

Server::Server(ServerOptions options, RequestHandler handler)
    : impl_(std::make_shared<Impl>(std::move(options), std::move(handler))) {}

Server::~Server() = default;

Result<uint16_t> Server::listen() {
  beast::error_code ec;
  const auto address = asio::ip::make_address(impl_->options.host, ec);
  if (ec) return Error::invalid("listen", "not an IP address: " + impl_->options.host);
  const tcp::endpoint endpoint(address, impl_->options.port);
  auto& acceptor = impl_->acceptor;
  const size_t descriptors = raise_descriptor_limit();
  const size_t fd_cap =
      descriptors > 2 * kReservedDescriptors ? descriptors - kReservedDescriptors : descriptors / 2;
  impl_->max_connections =
      std::min(fd_cap, impl_->options.max_connections ? impl_->options.max_connections
                                                      : kDefaultMaxConnections);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Error::io("cannot listen on " + impl_->options.host + ":" +
                     std::to_string(impl_->options.port) + ": " + ec.message());
  }
  const uint16_t port = acceptor.local_endpoint().port();
  spdlog::info("http: at most {} connections (file descriptors: {})", impl_->max_connections,
               descriptors);
  asio::dispatch(impl_->control, [impl = impl_] { impl->do_accept(); });
  return port;
}

void Server::stop_on_signals() {
  impl_->signals.add(SIGINT);
  impl_->signals.add(SIGTERM);
  impl_->signals.async_wait([impl = impl_](beast::error_code ec, int signal) {
    if (ec) return;
    spdlog::info("http: received signal {}", signal);
    impl->begin_stop();
  });
}

size_t Server::max_connections() const { return impl_->max_connections; }

void Server::run() {
  auto work = [impl = impl_] {
    try {
      impl->ioc.run();
    } catch (const std::exception& e) {
      spdlog::critical("http: event loop failed: {}", e.what());
    }
  };
  std::vector<std::thread> pool;
  for (int i = 1; i < impl_->options.threads; ++i) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
}

void Server::stop() {
  asio::post(impl_->control, [impl = impl_] { impl->begin_stop(); });
}

}  // namespace siklus::http
