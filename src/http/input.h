#pragma once
// Untrusted input from requests: the JSON body and the query string. Every failure is an
// invalid_argument Error naming the JSON field (dotted path) or query parameter, never an
// exception, so bad input is a 4xx and never a 500.

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/result.h"

namespace siklus::http {

//! Whether a Content-Type value is the JSON media type: `application/json` in any case, with
//! optional well-formed parameters (`; charset=utf-8`; another charset is refused).
//! `application/jsonx`, `application/json-seq` or `text/json` are not.
bool is_json_media_type(std::string_view content_type);

//! Parses a body that must be one JSON object (field "body" on failure, message names the byte).
Result<nlohmann::json> parse_json_object(std::string_view body);

//! Typed, field-by-field reading of a JSON object. Absent and null fields read as nullopt.
//! `finish()` rejects fields that were never asked for, so a misspelt field is an error rather
//! than a silent no-op.
class JsonFields {
 public:
  explicit JsonFields(const nlohmann::json& object, std::string prefix = "");

  Result<std::optional<std::string>> string(std::string_view key, size_t max_bytes = 200);
  Result<std::string> required_string(std::string_view key, size_t max_bytes = 200);
  Result<std::optional<int64_t>> integer(std::string_view key, int64_t min, int64_t max);
  Result<std::optional<bool>> boolean(std::string_view key);
  Result<std::optional<Date>> date(std::string_view key);
  //! True when the key is present (even as null): PATCH uses it to tell "clear" from "keep".
  bool has(std::string_view key) const;
  //! Error for the first field (in key order) that no reader asked for.
  Status finish() const;

 private:
  std::string path(std::string_view key) const;
  const nlohmann::json* find(std::string_view key);

  const nlohmann::json& object_;
  std::string prefix_;
  std::set<std::string, std::less<>> seen_;
};

//! Decodes %XX and '+' in a URL component; nullopt on a bad escape.
std::optional<std::string> url_decode(std::string_view text, bool plus_is_space);

//! A parsed query string. Unknown parameters are ignored (api.md); a repeated one keeps the last.
class Query {
 public:
  static Result<Query> parse(std::string_view raw);

  std::optional<std::string> get(std::string_view name) const;
  //! nullopt when absent or empty; an error naming `name` when not an integer in [min, max].
  Result<std::optional<int64_t>> integer(std::string_view name, int64_t min, int64_t max) const;
  //! Names of the parameters present (for the request log, which never logs values).
  std::string names() const;

 private:
  std::map<std::string, std::string, std::less<>> values_;
};

}  // namespace siklus::http
