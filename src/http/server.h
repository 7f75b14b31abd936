#pragma once
// HTTP/1.1 server on Boost.Beast/Asio: keep-alive, a small thread pool, idle and read timeouts,
// body and header limits, and graceful shutdown (stop accepting, finish requests in flight, close
// idle connections, then return from run()).

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/result.h"
#include "http/message.h"

namespace siklus::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0 picks a free port; listen() returns the one chosen
  int threads = 2;
  size_t body_limit = 1 << 20;                     // larger bodies answer 413
  size_t header_limit = 16 << 10;                  // larger headers answer 431
  std::chrono::milliseconds idle_timeout{60'000};  // keep-alive wait for the next request
  std::chrono::milliseconds read_timeout{30'000};  // from the end of the header to the body's end
  std::chrono::milliseconds write_timeout{30'000};
  std::chrono::milliseconds shutdown_grace{30'000};  // then in-flight connections are cut
  // Open connections at most (docs/limits.md). 0 = min(10,000, file-descriptor limit - 64). At the
  // cap the longest-idle keep-alive connections are closed to make room; when none is idle a new
  // connection gets 503 with Retry-After and is closed.
  size_t max_connections = 0;
  std::chrono::milliseconds log_interval{10'000};  // a repeated error is logged once per interval
};

//! Called on a pool thread for each complete request. Must be thread-safe; the server catches
//! an exception as a last resort (500) but the router is the boundary that should catch it.
using RequestHandler = std::function<Response(Request& request, const Peer& peer)>;

class Server {
 public:
  Server(ServerOptions options, RequestHandler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  //! Raises the soft file-descriptor limit to the hard one, binds and listens; returns the bound
  //! port. Errors: kIo (address in use, bad host).
  Result<uint16_t> listen();
  //! The connection cap in force once listen() succeeded.
  size_t max_connections() const;
  //! Stops gracefully on SIGINT or SIGTERM (call before run()).
  void stop_on_signals();
  //! Serves on the thread pool (the caller's thread is one of them) until stop() and every
  //! connection has finished.
  void run();
  //! Thread-safe and idempotent: stop accepting, let requests in flight finish, close idle
  //! keep-alive connections.
  void stop();

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace siklus::http
