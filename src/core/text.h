#pragma once
// Validated text: the one check every door (CSV reader, JSON bodies, route files) applies to
// untrusted strings, and the repairs the output boundaries (XLSX, JSON dumps) apply as a second
// fence so one bad byte can never abort a command or corrupt an export.

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"

namespace siklus {

//! Byte offset of the first byte that is not well-formed UTF-8 (overlong forms, surrogates and
//! code points above U+10FFFF included), or npos when `s` is valid.
size_t utf8_error_offset(std::string_view s);
inline bool valid_utf8(std::string_view s) {
  return utf8_error_offset(s) == std::string_view::npos;
}

//! Byte offset of the first control character (C0 except TAB, DEL, or C1 U+0080..U+009F), or
//! npos. Assumes valid UTF-8. Line breaks count as control characters: no field siklus stores
//! (names, addresses, codes) needs one, and refusing them keeps one record per CSV line.
size_t control_char_offset(std::string_view s);
inline bool has_control_chars(std::string_view s) {
  return control_char_offset(s) != std::string_view::npos;
}

//! The door check: valid UTF-8, no control characters, at most `max_bytes`. The Error names
//! `field` and says what and where ("invalid UTF-8 at byte 7").
Status check_text(std::string_view s, std::string_view field, size_t max_bytes);

//! Invalid UTF-8 sequences replaced by U+FFFD (for logs and output that must not fail).
std::string utf8_repaired(std::string_view s);

//! Text safe inside XML 1.0 (XLSX cells): valid UTF-8, and the characters XML forbids (C0
//! controls except TAB, LF, CR; U+FFFE, U+FFFF) dropped.
std::string xml_safe(std::string_view s);

}  // namespace siklus
