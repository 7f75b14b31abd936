#pragma once
// Serves the built web app (web/dist by default) with correct content types, no directory
// traversal, and the single-page-app fallback: a GET for a page path that is not a file (no dot
// in its last segment) answers index.html so client-side routes survive a reload. The build
// writes brotli and gzip copies beside each text asset (web/vite.config.ts); a client that
// accepts one gets it with Content-Encoding, so a phone on 3G loads a third of the bytes.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.h"

namespace siklus::http {

class StaticFiles {
 public:
  //! `root` may not exist (the web app is not built): then every page answers a short 404 page.
  explicit StaticFiles(std::filesystem::path root);

  //! The response for a GET/HEAD of `path` (already without the query string), compressed when
  //! `accept_encoding` (the request's Accept-Encoding header) allows a stored variant.
  Response serve(std::string_view path, bool head, std::string_view accept_encoding = {}) const;
  const std::filesystem::path& root() const { return root_; }
  bool available() const;

  //! Content type by extension ("app.js" -> "text/javascript; charset=utf-8").
  static std::string_view content_type(std::string_view filename);
  //! The path below the root for a URL path, or nullopt if it tries to leave the root or holds
  //! bytes no file name here needs (NUL, backslash, "..", a bad %-escape).
  static std::optional<std::filesystem::path> safe_relative(std::string_view url_path);
  //! Whether an Accept-Encoding header accepts `coding` ("br", "gzip"): listed, or covered by
  //! "*", and not with q=0.
  static bool accepts(std::string_view accept_encoding, std::string_view coding);

 private:
  std::optional<Response> file_response(const std::filesystem::path& relative, bool head,
                                        std::string_view accept_encoding) const;

  std::filesystem::path root_;
};

}  // namespace siklus::http
