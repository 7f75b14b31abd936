#include "interop/http_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace siklus::interop {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

template <typename Stream>
Result<HttpReply> exchange(Stream& stream, bhttp::request<bhttp::string_body>& req,
                           std::chrono::milliseconds timeout) {
  beast::error_code ec;
  beast::get_lowest_layer(stream).expires_after(timeout);
  bhttp::write(stream, req, ec);
  if (ec) return Error::io("send failed: " + ec.message());
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64 << 20);
  bhttp::read(stream, buffer, parser, ec);
  if (ec) return Error::io("no answer: " + ec.message());
  HttpReply out;
  out.status = parser.get().result_int();
  out.body = std::move(parser.get().body());
  return out;
}

}  // namespace

Result<HttpUrl> parse_http_url(std::string_view url, const std::string& field) {
  HttpUrl u;
  std::string_view rest;
  if (url.rfind("http://", 0) == 0) {
    rest = url.substr(7);
  } else if (url.rfind("https://", 0) == 0) {
    u.tls = true;
    rest = url.substr(8);
  } else {
    return Error::invalid(field, "expected an http:// or https:// URL");
  }
  const size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  u.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  const size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']') == std::string_view::npos) {
    u.host = std::string(authority.substr(0, colon));
    u.port = std::string(authority.substr(colon + 1));
  } else {
    u.host = std::string(authority);
    u.port = u.tls ? "443" : "80";
  }
  if (u.host.empty() || u.port.empty()) return Error::invalid(field, "expected a host in the URL");
  return u;
}

Result<HttpReply> HttpClient::request(std::string_view method, const std::string& url,
                                      const HttpHeaders& headers, const std::string& body) const {
  auto u = parse_http_url(url);
  if (!u) return u.error();
  bhttp::request<bhttp::string_body> req{
      bhttp::string_to_verb(boost::beast::string_view(method.data(), method.size())), u->target,
      11};
  req.set(bhttp::field::host, u->host);
  req.set(bhttp::field::user_agent, "siklus");
  for (const auto& [k, v] : headers) req.set(k, v);
  if (!body.empty() || method != "GET") {
    req.body() = body;
    req.prepare_payload();
  }
  asio::io_context io;
  tcp::resolver resolver(io);
  beast::error_code ec;
  const auto endpoints = resolver.resolve(u->host, u->port, ec);
  if (ec) return Error::io("cannot resolve " + u->host + ": " + ec.message());
  if (!u->tls) {
    beast::tcp_stream stream(io);
    stream.expires_after(timeout_);
    stream.connect(endpoints, ec);
    if (ec) return Error::io("cannot connect to " + u->host + ": " + ec.message());
    auto reply = exchange(stream, req, timeout_);
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    return reply;
  }
  asio::ssl::context tls(asio::ssl::context::tls_client);
  tls.set_default_verify_paths(ec);
  tls.set_verify_mode(asio::ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(io, tls);
  if (!SSL_set_tlsext_host_name(stream.native_handle(), u->host.c_str())) {
    return Error::io("TLS: cannot set the server name");
  }
  stream.set_verify_callback(asio::ssl::host_name_verification(u->host));
  beast::get_lowest_layer(stream).expires_after(timeout_);
  beast::get_lowest_layer(stream).connect(endpoints, ec);
  if (ec) return Error::io("cannot connect to " + u->host + ": " + ec.message());
  stream.handshake(asio::ssl::stream_base::client, ec);
  if (ec) return Error::io("TLS handshake with " + u->host + " failed: " + ec.message());
  auto reply = exchange(stream, req, timeout_);
  stream.shutdown(ec);
  return reply;
}

}  // namespace siklus::interop
