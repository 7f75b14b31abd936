#include "interop/lz_string.h"

#include <cstdint>
#include <vector>

namespace siklus::interop {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$";

std::string to_utf8(const std::u16string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    uint32_t c = s[i];
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < s.size() && s[i + 1] >= 0xDC00 &&
        s[i + 1] <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (s[i + 1] - 0xDC00);
      ++i;
    }
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

// The bit reader of the JavaScript: 6 bits per input character, most significant first.
class Bits {
 public:
  explicit Bits(std::string_view in) : in_(in) { val_ = value(0); }
  bool bad() const { return bad_; }
  size_t index() const { return index_; }
  uint32_t read(int n) {
    uint32_t bits = 0;
    for (int power = 0; power < n; ++power) {
      const uint32_t resb = val_ & position_;
      position_ >>= 1;
      if (position_ == 0) {
        position_ = 32;
        val_ = value(index_++);
      }
      if (resb) bits |= 1u << power;
    }
    return bits;
  }

 private:
  uint32_t value(size_t i) {
    if (i >= in_.size()) return 0;  // the JavaScript reads NaN there, i.e. 0 bits
    char ch = in_[i] == ' ' ? '+' : in_[i];
    const size_t k = kAlphabet.find(ch);
    if (k == std::string_view::npos) {
      bad_ = true;
      return 0;
    }
    return static_cast<uint32_t>(k);
  }
  std::string_view in_;
  uint32_t val_ = 0;
  uint32_t position_ = 32;
  size_t index_ = 1;
  bool bad_ = false;
};

}  // namespace

std::optional<std::string> lz_decompress_from_encoded_uri_component(std::string_view input) {
  if (input.empty()) return std::nullopt;
  std::vector<std::u16string> dict = {u"0", u"1", u"2"};
  Bits bits(input);
  std::u16string result, w, entry;
  int enlarge_in = 4, num_bits = 3;
  size_t dict_size = 4;
  switch (bits.read(2)) {
    case 0:
      w = std::u16string(1, static_cast<char16_t>(bits.read(8)));
      break;
    case 1:
      w = std::u16string(1, static_cast<char16_t>(bits.read(16)));
      break;
    default:
      return std::string();
  }
  dict.push_back(w);
  result = w;
  for (;;) {
    if (bits.index() > input.size() || bits.bad()) return std::nullopt;
    uint32_t c = bits.read(num_bits);
    if (c == 0 || c == 1) {
      dict.push_back(std::u16string(1, static_cast<char16_t>(bits.read(c == 0 ? 8 : 16))));
      c = static_cast<uint32_t>(dict_size++);
      --enlarge_in;
    } else if (c == 2) {
      return to_utf8(result);
    }
    if (enlarge_in == 0) {
      enlarge_in = 1 << num_bits;
      ++num_bits;
    }
    if (c < dict.size() && c >= 3) {
      entry = dict[c];
    } else if (c == dict_size) {
      entry = w + w.substr(0, 1);
    } else {
      return std::nullopt;
    }
    result += entry;
    dict.push_back(w + entry.substr(0, 1));
    ++dict_size;
    --enlarge_in;
    w = entry;
    if (enlarge_in == 0) {
      enlarge_in = 1 << num_bits;
      ++num_bits;
    }
  }
}

}  // namespace siklus::interop
