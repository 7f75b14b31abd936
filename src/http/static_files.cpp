#include "http/static_files.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <system_error>
#include <utility>

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

namespace {

//! The file's bytes when `path` is a regular file below `root` (symlinks resolved), else nullopt.
std::optional<std::string> read_below(const fs::path& root, const fs::path& path) {
  std::error_code ec;
  const fs::path canonical = fs::canonical(path, ec);
  if (ec || !fs::is_regular_file(canonical, ec)) return std::nullopt;
  const auto rel = canonical.lexically_relative(root);
  if (rel.empty() || *rel.begin() == "..") return std::nullopt;
  std::ifstream in(canonical, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream data;
  data << in.rdbuf();
  return std::move(data).str();
}

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Content codings are case-insensitive tokens (RFC 9110 §8.4.1).
bool same_coding(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

bool StaticFiles::accepts(std::string_view header, std::string_view coding) {
  // RFC 9110 §12.5.3: "br;q=1.0, gzip;q=0.8, *;q=0". An explicit entry wins over "*".
  std::optional<bool> star;
  while (!header.empty()) {
    const auto comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    const auto semi = item.find(';');
    const std::string_view name = trim_ows(item.substr(0, semi));
    bool zero = false;
    if (semi != std::string_view::npos) {
      std::string_view param = trim_ows(item.substr(semi + 1));
      if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
        param.remove_prefix(2);
        zero = param.find_first_not_of("0.") == std::string_view::npos;  // q=0, q=0.0, q=0.000
      }
    }
    if (same_coding(name, coding)) return !zero;
    if (name == "*") star = !zero;
  }
  return star.value_or(false);
}

std::optional<Response> StaticFiles::file_response(const fs::path& relative, bool head,
                                                   std::string_view accept_encoding) const {
  const fs::path full = root_ / relative;
  auto data = read_below(root_, full);
  if (!data) return std::nullopt;
  Response res{bhttp::status::ok, 11};
  res.set(bhttp::field::content_type, std::string(content_type(full.filename().string())));
  // Vite puts content-hashed names under assets/: cache them for good; index.html never.
  const bool hashed = relative.begin() != relative.end() && *relative.begin() == "assets";
  res.set(bhttp::field::cache_control, hashed ? "public, max-age=31536000, immutable" : "no-cache");
  // A stored compressed copy beside the file, brotli first (smaller). Caches must key on it.
  res.set(bhttp::field::vary, "Accept-Encoding");
  for (const auto& [coding, suffix] : {std::pair{"br", ".br"}, std::pair{"gzip", ".gz"}}) {
    if (!accepts(accept_encoding, coding)) continue;
    auto packed = read_below(root_, fs::path(full.string() + suffix));
    if (!packed) continue;
    res.set(bhttp::field::content_encoding, coding);
    data = std::move(packed);
    break;
  }
  if (head) {
    res.content_length(data->size());
  } else {
    res.body() = std::move(*data);
  }
  return res;
}

Response StaticFiles::serve(std::string_view path, bool head,
                            std::string_view accept_encoding) const {
  auto relative = safe_relative(path);
  if (relative) {
    if (relative->empty()) *relative = "index.html";
    if (auto res = file_response(*relative, head, accept_encoding)) return std::move(*res);
    // SPA fallback: client-side routes have no dot in their last segment.
    const auto last = relative->filename().string();
    if (last.find('.') == std::string::npos) {
      if (auto res = file_response("index.html", head, accept_encoding)) return std::move(*res);
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
