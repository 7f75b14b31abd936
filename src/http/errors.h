#pragma once
// The one place that maps siklus::ErrorCode to an HTTP status and to the JSON error body
// {"error":{"code","message","field","message_id"}} in the user's language (Bahasa Indonesia by
// default, English with `Accept-Language: en`). Both texts come from one table keyed by a stable
// message id (docs/api.md, "Message ids"). The web app also translates by code + field.

#include <span>
#include <string>
#include <string_view>

#include "core/result.h"
#include "http/message.h"

namespace siklus::http {

enum class Language { kIndonesian, kEnglish };

//! `en`, `en-US`, `en;q=0.9,id;q=0.8` -> English (if English is preferred over Indonesian);
//! anything else, including an empty header, -> Indonesian.
Language negotiate_language(std::string_view accept_language);

//! The HTTP status for an error code: invalid_argument 400, unauthenticated 401, forbidden 403,
//! not_found 404, conflict 409, too_large 413, rate_limited 429, busy 503, io/internal 500.
unsigned http_status(ErrorCode code);

//! One row of the message table. Several rows may share an id (old wordings of one message).
struct Message {
  std::string_view id;       // "nik.birth_date_mismatch"
  std::string_view en;       // the English text; also how domain errors without an id find it
  std::string_view id_text;  // Bahasa Indonesia
  bool prefix = false;       // also matches an English message that starts with `en` + details
};

//! Every row, for docs and tests.
std::span<const Message> message_table();

//! The stable id of `error`: its own message_id, else its table row's, else "error.<code>".
std::string message_id(const Error& error);

//! The message for `error` in `lang`, from the table row of its id (or English message). Without
//! a row: English is the error's own message, Indonesian a sentence built from code and field.
//! Internal errors never carry their details.
std::string localized_message(const Error& error, Language lang);

//! The JSON error response. `status` 0 means http_status(error.code); handlers pass 422 for a
//! well-formed body that fails domain validation. 429 gets `Retry-After` when `retry_after_s`.
Response error_response(const Error& error, Language lang, unsigned status = 0,
                        int retry_after_s = 0);

}  // namespace siklus::http
