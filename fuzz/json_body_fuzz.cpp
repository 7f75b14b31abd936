// Request bodies through the http input door: parse, read typed fields as the handlers do, and
// dump the result. Never crash, never throw; every string accepted passed the text check.
#include <cstdlib>
#include <string_view>

#include "core/text.h"
#include "http/input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  auto doc = siklus::http::parse_json_object(body);
  if (!doc) return 0;
  siklus::http::JsonFields f(*doc);
  if (auto s = f.string("name", 200); s && s->has_value()) {
    if (!siklus::check_text(**s, "name", 200)) std::abort();
  }
  (void)f.required_string("nik", 32);
  (void)f.integer("rt", 0, 999);
  (void)f.boolean("active");
  (void)f.date("birth_date");
  (void)f.has("phone");
  (void)f.finish();
  (void)siklus::http::Query::parse(body);
  (void)doc->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return 0;
}
