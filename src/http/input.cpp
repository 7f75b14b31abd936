#include "http/input.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "core/text.h"

namespace siklus::http {
namespace {

std::optional<int64_t> parse_int(std::string_view text) {
  int64_t v = 0;
  if (text.empty()) return std::nullopt;
  const auto* end = text.data() + text.size();
  auto [p, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc() || p != end) return std::nullopt;
  return v;
}

}  // namespace

Result<nlohmann::json> parse_json_object(std::string_view body) {
  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return Error::invalid("body", "malformed JSON");
  if (!parsed.is_object()) return Error::invalid("body", "the body must be a JSON object");
  return parsed;
}

JsonFields::JsonFields(const nlohmann::json& object, std::string prefix)
    : object_(object), prefix_(std::move(prefix)) {}

std::string JsonFields::path(std::string_view key) const {
  return prefix_.empty() ? std::string(key) : prefix_ + "." + std::string(key);
}

const nlohmann::json* JsonFields::find(std::string_view key) {
  seen_.emplace(key);
  const auto it = object_.find(key);
  if (it == object_.end() || it->is_null()) return nullptr;
  return &*it;
}

bool JsonFields::has(std::string_view key) const { return object_.contains(key); }

Result<std::optional<std::string>> JsonFields::string(std::string_view key, size_t max_bytes) {
  const auto* v = find(key);
  if (!v) return std::optional<std::string>{};
  if (!v->is_string()) return Error::invalid(path(key), "expected a string");
  const auto& s = v->get_ref<const std::string&>();
  if (s.size() > max_bytes) return Error::invalid(path(key), "text too long");
  // Valid UTF-8 without NUL or other control characters (a "\u0000" escape parses fine).
  if (auto ok = check_text(s, path(key), max_bytes); !ok) return ok.error();
  return std::optional<std::string>(s);
}

Result<std::string> JsonFields::required_string(std::string_view key, size_t max_bytes) {
  auto v = string(key, max_bytes);
  if (!v) return v.error();
  if (!v->has_value() || (*v)->empty()) return Error::invalid(path(key), "required");
  return std::move(**v);
}

Result<std::optional<int64_t>> JsonFields::integer(std::string_view key, int64_t min, int64_t max) {
  const auto* v = find(key);
  if (!v) return std::optional<int64_t>{};
  int64_t n = 0;
  if (v->is_number_integer()) {
    if (v->is_number_unsigned() && v->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
      return Error::invalid(path(key), "value out of range");
    }
    n = v->get<int64_t>();
  } else if (v->is_string()) {
    // RT/RW are often typed as "003"; accept digit strings, nothing else.
    auto parsed = parse_int(v->get_ref<const std::string&>());
    if (!parsed) return Error::invalid(path(key), "expected an integer");
    n = *parsed;
  } else {
    return Error::invalid(path(key), "expected an integer");
  }
  if (n < min || n > max) return Error::invalid(path(key), "value out of range");
  return std::optional<int64_t>(n);
}

Result<std::optional<bool>> JsonFields::boolean(std::string_view key) {
  const auto* v = find(key);
  if (!v) return std::optional<bool>{};
  if (!v->is_boolean()) return Error::invalid(path(key), "expected true or false");
  return std::optional<bool>(v->get<bool>());
}

Result<std::optional<Date>> JsonFields::date(std::string_view key) {
  const auto* v = find(key);
  if (!v) return std::optional<Date>{};
  if (!v->is_string()) return Error::invalid(path(key), "expected a date YYYY-MM-DD");
  auto d = Date::parse(v->get_ref<const std::string&>());
  if (!d) return Error::invalid(path(key), "expected a date YYYY-MM-DD");
  return std::optional<Date>(*d);
}

Status JsonFields::finish() const {
  for (const auto& [key, value] : object_.items()) {
    (void)value;
    if (!seen_.count(key)) return Error::invalid(path(key), "unknown field");
  }
  return {};
}

std::optional<std::string> url_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      auto hex = [](char h) -> int {
        if (h >= '0' && h <= '9') return h - '0';
        if (h >= 'a' && h <= 'f') return h - 'a' + 10;
        if (h >= 'A' && h <= 'F') return h - 'A' + 10;
        return -1;
      };
      const int hi = hex(text[i + 1]), lo = hex(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

Result<Query> Query::parse(std::string_view raw) {
  Query q;
  size_t pos = 0;
  while (pos < raw.size()) {
    auto end = raw.find('&', pos);
    if (end == std::string_view::npos) end = raw.size();
    const auto item = raw.substr(pos, end - pos);
    pos = end + 1;
    if (item.empty()) continue;
    const auto eq = item.find('=');
    auto name = url_decode(item.substr(0, eq), true);
    auto value = url_decode(eq == std::string_view::npos ? "" : item.substr(eq + 1), true);
    if (!name) return Error::invalid("query", "invalid query string");
    if (!value || !valid_utf8(*value)) return Error::invalid(*name, "invalid query string");
    q.values_[*name] = std::move(*value);
  }
  return q;
}

std::optional<std::string> Query::get(std::string_view name) const {
  const auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

Result<std::optional<int64_t>> Query::integer(std::string_view name, int64_t min,
                                              int64_t max) const {
  const auto it = values_.find(name);
  if (it == values_.end() || it->second.empty()) return std::optional<int64_t>{};
  auto v = parse_int(it->second);
  if (!v) return Error::invalid(std::string(name), "expected an integer");
  if (*v < min || *v > max) return Error::invalid(std::string(name), "value out of range");
  return std::optional<int64_t>(*v);
}

std::string Query::names() const {
  std::string out;
  for (const auto& [k, v] : values_) {
    (void)v;
    if (!out.empty()) out += ',';
    out += k;
  }
  return out;
}

namespace {

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool is_token(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

}  // namespace

bool is_json_media_type(std::string_view content_type) {
  // RFC 9110 8.3.1: type "/" subtype *( OWS ";" OWS parameter ), case-insensitive names.
  size_t semi = content_type.find(';');
  if (!iequals(trim_ows(content_type.substr(0, semi)), "application/json")) return false;
  while (semi != std::string_view::npos) {
    content_type.remove_prefix(semi + 1);
    semi = content_type.find(';');
    const std::string_view param = trim_ows(content_type.substr(0, semi));
    if (param.empty()) continue;
    const size_t eq = param.find('=');
    if (eq == std::string_view::npos || !is_token(param.substr(0, eq))) return false;
    std::string_view value = param.substr(eq + 1);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    } else if (!is_token(value)) {
      return false;
    }
    if (iequals(param.substr(0, eq), "charset") && !iequals(value, "utf-8")) return false;
  }
  return true;
}

}  // namespace siklus::http
