#include "http/static_files.h"

#include <fstream>
#include <sstream>
#include <system_error>

#include "http/input.h"

namespace siklus::http {
namespace fs = std::filesystem;

StaticFiles::StaticFiles(fs::path root) : root_(std::move(root)) {
  std::error_code ec;
  const auto canonical = fs::weakly_canonical(root_, ec);
  if (!ec) root_ = canonical;
}

bool StaticFiles::available() const {
  std::error_code ec;
  return fs::is_regular_file(root_ / "index.html", ec);
}

std::string_view StaticFiles::content_type(std::string_view filename) {
  const auto dot = filename.rfind('.');
  const auto ext = dot == std::string_view::npos ? std::string_view{} : filename.substr(dot + 1);
  struct Entry {
    std::string_view ext, type;
  };
  static constexpr Entry kTypes[] = {
      {"html", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"json", "application/json; charset=utf-8"},
      {"map", "application/json; charset=utf-8"},
      {"webmanifest", "application/manifest+json"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},
      {"webp", "image/webp"},
      {"ico", "image/x-icon"},
      {"woff", "font/woff"},
      {"woff2", "font/woff2"},
      {"ttf", "font/ttf"},
      {"txt", "text/plain; charset=utf-8"},
      {"wasm", "application/wasm"},
  };
  for (const auto& e : kTypes) {
    if (e.ext == ext) return e.type;
  }
  return "application/octet-stream";
}

std::optional<fs::path> StaticFiles::safe_relative(std::string_view url_path) {
  auto decoded = url_decode(url_path, false);
  if (!decoded || decoded->empty() || decoded->front() != '/') return std::nullopt;
  fs::path out;
  size_t pos = 1;
  const std::string& p = *decoded;
  while (pos <= p.size()) {
    auto end = p.find('/', pos);
    if (end == std::string::npos) end = p.size();
    const std::string_view seg(p.data() + pos, end - pos);
    pos = end + 1;
    if (seg.empty() || seg == ".") continue;
    if (seg == ".." || seg.find('\\') != std::string_view::npos ||
        seg.find('\0') != std::string_view::npos || seg.front() == '.') {
      // Dot-files (".env", ".git") are never part of a built web app.
      return std::nullopt;
    }
    out /= std::string(seg);
  }
  return out;
}

std::optional<Response> StaticFiles::file_response(const fs::path& relative, bool head) const {
  std::error_code ec;
  const fs::path full = root_ / relative;
  // Resolve symlinks and make sure the file is still under the root.
  const fs::path canonical = fs::canonical(full, ec);
  if (ec || !fs::is_regular_file(canonical, ec)) return std::nullopt;
  const auto rel = canonical.lexically_relative(root_);
  if (rel.empty() || *rel.begin() == "..") return std::nullopt;
  std::ifstream in(canonical, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream data;
  data << in.rdbuf();
  Response res{bhttp::status::ok, 11};
  res.set(bhttp::field::content_type, std::string(content_type(canonical.filename().string())));
  // Vite puts content-hashed names under assets/: cache them for good; index.html never.
  const bool hashed = relative.begin() != relative.end() && *relative.begin() == "assets";
  res.set(bhttp::field::cache_control, hashed ? "public, max-age=31536000, immutable" : "no-cache");
  if (head) {
    res.content_length(data.str().size());
  } else {
    res.body() = std::move(data).str();
  }
  return res;
}

Response StaticFiles::serve(std::string_view path, bool head) const {
  auto relative = safe_relative(path);
  if (relative) {
    if (relative->empty()) *relative = "index.html";
    if (auto res = file_response(*relative, head)) return std::move(*res);
    // SPA fallback: client-side routes have no dot in their last segment.
    const auto last = relative->filename().string();
    if (last.find('.') == std::string::npos) {
      if (auto res = file_response("index.html", head)) return std::move(*res);
    }
  }
  Response res{bhttp::status::not_found, 11};
  res.set(bhttp::field::content_type, "text/plain; charset=utf-8");
  res.body() = available() ? "404 tidak ditemukan / not found\n"
                           : "Aplikasi web belum dibangun (web/dist tidak ada). "
                             "The web app is not built: run ./dev build.\n";
  return res;
}

}  // namespace siklus::http
