#include "core/text.h"

namespace siklus {
namespace {

constexpr size_t npos = std::string_view::npos;

// Length of the well-formed UTF-8 sequence at s[i] (Unicode Table 3-7), or 0 if ill-formed.
size_t sequence_length(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char c = b(0);
  if (c < 0x80) return 1;
  const size_t left = s.size() - i;
  auto cont = [&](size_t k, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    return k < left && b(k) >= lo && b(k) <= hi;
  };
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;        // no overlong forms
  if (c == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;  // no surrogates
  if (c >= 0xE1 && c <= 0xEF) return cont(1) && cont(2) ? 3 : 0;
  if (c == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;  // <= U+10FFFF
  return 0;
}

}  // namespace

size_t utf8_error_offset(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const size_t n = sequence_length(s, i);
    if (n == 0) return i;
    i += n;
  }
  return npos;
}

size_t control_char_offset(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 && c != '\t') || c == 0x7F) return i;
    // C1 controls are U+0080..U+009F, encoded C2 80..C2 9F: mojibake from Windows-1252.
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) < 0xA0) return i;
  }
  return npos;
}

Status check_text(std::string_view s, std::string_view field, size_t max_bytes) {
  if (s.size() > max_bytes) {
    return Error::invalid(std::string(field), "text too long (" + std::to_string(s.size()) +
                                                  " bytes, limit " + std::to_string(max_bytes) +
                                                  ")");
  }
  if (const size_t at = utf8_error_offset(s); at != npos) {
    return Error::invalid(std::string(field), "invalid UTF-8 at byte " + std::to_string(at));
  }
  if (const size_t at = control_char_offset(s); at != npos) {
    return Error::invalid(std::string(field),
                          "control character at byte " + std::to_string(at) + " (not allowed)");
  }
  return {};
}

std::string utf8_repaired(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const size_t n = sequence_length(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

std::string xml_safe(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const size_t n = sequence_length(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    const auto c = static_cast<unsigned char>(s[i]);
    const bool illegal_c0 = n == 1 && c < 0x20 && c != '\t' && c != '\n' && c != '\r';
    // U+FFFE and U+FFFF (EF BF BE, EF BF BF) are not XML characters either.
    const bool nonchar = n == 3 && c == 0xEF && static_cast<unsigned char>(s[i + 1]) == 0xBF &&
                         static_cast<unsigned char>(s[i + 2]) >= 0xBE;
    if (!illegal_c0 && !nonchar) out.append(s.substr(i, n));
    i += n;
  }
  return out;
}

}  // namespace siklus
