#include "core/indonesian_name.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>

namespace siklus {
namespace {

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char to_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// Latin-1 supplement letters (U+00C0–U+00FF, UTF-8 C3 80–C3 BF) folded to ASCII; 0 = drop.
char fold_latin1(unsigned char second) {
  static constexpr std::string_view kMap =
      "AAAAAAACEEEEIIII"   // C0-CF
      "DNOOOOO0OUUUUY0s"   // D0-DF (× and Þ dropped via '0')
      "aaaaaaaceeeeiiii"   // E0-EF
      "dnooooo0ouuuuy0y";  // F0-FF
  const unsigned idx = second - 0x80u;
  if (idx >= kMap.size()) return 0;
  const char c = kMap[idx];
  return c == '0' ? 0 : c;
}

// Lower-case ASCII copy of UTF-8 text: accented Latin letters folded, other non-ASCII dropped,
// apostrophes removed (Ma'ruf -> maruf) and every other character kept as is.
std::string fold_ascii(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    const auto c = static_cast<unsigned char>(in[i]);
    if (c < 0x80) {
      if (c == '\'' || c == '`') continue;
      out.push_back(to_lower(static_cast<char>(c)));
    } else if (c == 0xC3 && i + 1 < in.size()) {
      const char f = fold_latin1(static_cast<unsigned char>(in[i + 1]));
      if (f) out.push_back(to_lower(f));
      ++i;
    } else if (c == 0xE2 && i + 2 < in.size() && static_cast<unsigned char>(in[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(in[i + 2]) == 0x98 ||
                static_cast<unsigned char>(in[i + 2]) == 0x99)) {
      i += 2;  // typographic apostrophe ’ ‘
    } else if (c >= 0xC0) {
      out.push_back(' ');  // some other character: treat as a separator; skip its tail bytes
      while (i + 1 < in.size() && (static_cast<unsigned char>(in[i + 1]) & 0xC0) == 0x80) ++i;
    }
  }
  return out;
}

std::string letters_only(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (is_letter(c)) out.push_back(to_lower(c));
  }
  return out;
}

template <size_t N>
bool in_list(std::string_view s, const std::array<std::string_view, N>& list) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

// Titles written before a name (letters only). Stripped only at the start and only while another
// token follows, so a person really named "Haji" keeps the name.
constexpr std::array<std::string_view, 27> kPrefixTitles = {
    "h",  "hj",   "haji", "hajjah", "hajah", "dr",     "drs",      "dra", "drg",
    "ir", "prof", "kh",   "ust",    "ustad", "ustadz", "ustadzah", "ny",  "tn",
    "nn", "sdr",  "sdri", "bpk",    "bapak", "ibu",    "almarhum", "alm", "almh"};

// Degrees that are never names: dropped anywhere after the first token.
constexpr std::array<std::string_view, 36> kDegrees = {
    "spd",  "spdi", "skom", "ssos", "skm", "skep",   "sked",   "sfarm",  "ssi",
    "mpd",  "mpdi", "mkes", "mkom", "amd", "amdkeb", "amdkep", "amdkes", "phd",
    "msi",  "sag",  "sip",  "sthi", "sei", "shi",    "mag",    "mars",   "spog",
    "sppd", "spa",  "amk",  "ama",  "stp", "sgz",    "sst",    "sab",    "mba"};

// Degrees that are also plausible name tokens or abbreviations ("se", "st" = Siti): dropped only
// when written with an inner dot ("S.E", "S.T.") or after a comma.
constexpr std::array<std::string_view, 12> kDottedDegrees = {"sh", "se", "st", "mh",  "mt",  "mm",
                                                             "ns", "ba", "sp", "msc", "bsc", "ak"};

bool is_degree(std::string_view letters) {
  return in_list(letters, kDegrees) || in_list(letters, kDottedDegrees);
}

bool has_inner_dot(std::string_view raw) {
  for (size_t i = 1; i + 1 < raw.size(); ++i) {
    if (raw[i] == '.' && is_letter(raw[i - 1]) && is_letter(raw[i + 1])) return true;
  }
  return false;
}

std::vector<std::string_view> split_ws(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
    size_t j = i;
    while (j < s.size() && !(s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r')) ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

struct Abbreviation {
  std::string_view from;  // after spelling rules and doubled-letter collapse
  std::string_view to;
  bool first_only;  // a bare initial is an abbreviation only in first position
};

// Keys are in the form normalize_name_token() produces before the table: ch→kh applied and
// doubled letters collapsed ("Mochammad" -> "mokhamad").
constexpr std::array<Abbreviation, 32> kAbbreviations = {{
    {"m", "muhammad", true},         {"mhd", "muhammad", false},
    {"md", "muhammad", true},        {"moh", "muhammad", false},
    {"mohd", "muhammad", false},     {"mokh", "muhammad", false},
    {"muh", "muhammad", false},      {"mukh", "muhammad", false},
    {"mohamad", "muhammad", false},  {"mohamed", "muhammad", false},
    {"mohamat", "muhammad", false},  {"muhamad", "muhammad", false},
    {"muhamed", "muhammad", false},  {"muhamat", "muhammad", false},
    {"mokhamad", "muhammad", false}, {"mukhamad", "muhammad", false},
    {"mokhamat", "muhammad", false}, {"mukhamat", "muhammad", false},
    {"mokhamed", "muhammad", false}, {"muhamd", "muhammad", false},
    {"mochd", "muhammad", false},    {"abd", "abdul", false},
    {"abdl", "abdul", false},        {"st", "siti", true},
    {"sti", "siti", false},          {"akhmad", "ahmad", false},
    {"akhmat", "ahmad", false},      {"ahmat", "ahmad", false},
    {"amad", "ahmad", false},        {"nor", "nur", false},
    {"zaenal", "zainal", false},     {"zaenudin", "zainudin", false},
}};

// Connectors between a name and the father's name; they carry no identity.
constexpr std::array<std::string_view, 5> kConnectors = {"bin", "binti", "bt", "bte", "binte"};

}  // namespace

std::string normalize_name_token(std::string_view t, bool first) {
  const bool old_spelling =
      t.find("oe") != std::string_view::npos || t.find("dj") != std::string_view::npos ||
      t.find("tj") != std::string_view::npos || t.find("sj") != std::string_view::npos ||
      t.find("nj") != std::string_view::npos;
  std::string s;
  s.reserve(t.size() + 2);
  for (size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    const char n = i + 1 < t.size() ? t[i + 1] : '\0';
    if (c == 'o' && n == 'e') {
      s.push_back('u');
      ++i;
    } else if (c == 'd' && n == 'j') {
      s.push_back('j');
      ++i;
    } else if (c == 't' && n == 'j') {
      s.push_back('c');
      ++i;
    } else if (c == 's' && n == 'j') {
      s += "sy";
      ++i;
    } else if (c == 'n' && n == 'j') {
      s += "ny";
      ++i;
    } else if (c == 'c' && n == 'h') {
      s += "kh";
      ++i;
    } else if (c == 'j') {
      // In the old (Dutch-era) spelling j was the sound now written y: Soerjo -> Suryo.
      s.push_back(old_spelling ? 'y' : 'j');
    } else {
      s.push_back(c);
    }
  }
  // Doubled letters are spelling noise in Indonesian names (Muhammad/Muhamad, Abdullah/Abdulah).
  s.erase(std::unique(s.begin(), s.end()), s.end());
  for (const auto& a : kAbbreviations) {
    if (s == a.from && (first || !a.first_only)) return std::string(a.to);
  }
  return s;
}

std::vector<std::string> name_tokens(std::string_view full_name) {
  const std::string text = fold_ascii(full_name);
  // Parts after the first comma are degrees ("Budi, S.Pd., M.Pd.") when every token in them is
  // one; otherwise the comma is just a separator.
  std::vector<std::string_view> raw;
  {
    std::string_view rest = text;
    bool first_part = true;
    while (true) {
      const size_t comma = rest.find(',');
      const std::string_view part = rest.substr(0, comma);
      auto words = split_ws(part);
      bool degrees = !first_part && !words.empty();
      if (!first_part) {
        for (auto w : words) {
          if (!is_degree(letters_only(w))) degrees = false;
        }
      }
      if (!degrees) raw.insert(raw.end(), words.begin(), words.end());
      first_part = false;
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  // Leading titles, while a real name token follows.
  size_t start = 0;
  while (start + 1 < raw.size() && in_list(letters_only(raw[start]), kPrefixTitles)) ++start;
  std::vector<std::string> out;
  for (size_t i = start; i < raw.size(); ++i) {
    const std::string_view w = raw[i];
    const std::string letters = letters_only(w);
    if (letters.empty()) continue;
    if (i > start && (in_list(letters, kDegrees) || (has_inner_dot(w) && is_degree(letters)))) {
      continue;
    }
    // Split at punctuation: "M.Yusuf" -> m, yusuf; "Nur-Hayati" -> nur, hayati.
    size_t k = 0;
    while (k < w.size()) {
      while (k < w.size() && !is_letter(w[k])) ++k;
      size_t e = k;
      while (e < w.size() && (is_letter(w[e]) || (w[e] >= '0' && w[e] <= '9'))) ++e;
      std::string piece;
      for (size_t q = k; q < e; ++q) {
        if (is_letter(w[q])) piece.push_back(w[q]);
      }
      if (!piece.empty() && !in_list(piece, kConnectors)) {
        out.push_back(normalize_name_token(piece, out.empty()));
      }
      k = e;
    }
  }
  return out;
}

std::string normalize_name(std::string_view full_name) {
  std::string out;
  for (const auto& t : name_tokens(full_name)) {
    if (!out.empty()) out.push_back(' ');
    out += t;
  }
  return out;
}

std::string name_phonetic_key(std::string_view t) {
  std::string key;
  if (t.empty()) return key;
  auto code = [](char c) -> char {
    switch (c) {
      case 'c':
      case 'q':
      case 'x':
        return 'k';
      case 'z':
      case 'y':
        return 'j';
      case 'v':
      case 'f':
        return 'p';
      default:
        return c;
    }
  };
  constexpr size_t kMaxKey = 4;
  char last = 0;
  for (size_t i = 0; i < t.size() && key.size() < kMaxKey; ++i) {
    char c = t[i];
    const char n = i + 1 < t.size() ? t[i + 1] : '\0';
    // Digraphs that are one sound: kh, sy, ny, ng, ph, th, dh, gh.
    if ((c == 'k' || c == 's' || c == 'p' || c == 't' || c == 'd' || c == 'g') && n == 'h') {
      c = c == 'p' ? 'f' : c;
      ++i;
    } else if ((c == 's' || c == 'n') && n == 'y') {
      ++i;
    } else if (c == 'n' && n == 'g') {
      ++i;
    }
    char k;
    if (i == 0 || key.empty()) {
      k = is_vowel(c) ? 'a' : code(c);
      key.push_back(k);
      last = k;
      continue;
    }
    if (is_vowel(c) || c == 'h' || c == 'w' || c == 'y') {
      last = 0;  // a vowel between two equal consonants keeps both (Dadang -> ddn)
      continue;
    }
    k = code(c);
    if (k == last) continue;
    key.push_back(k);
    last = k;
  }
  return key;
}

std::vector<std::string> name_phonetic_keys(std::string_view full_name) {
  std::vector<std::string> keys;
  for (const auto& t : name_tokens(full_name)) keys.push_back(name_phonetic_key(t));
  return keys;
}

namespace {

// Jaro–Winkler for strings of at most 64 characters, matched flags kept in bit masks.
double jaro_winkler_small(std::string_view a, std::string_view b) {
  const size_t la = a.size();
  const size_t lb = b.size();
  const size_t window = std::max(la, lb) / 2 > 0 ? std::max(la, lb) / 2 - 1 : 0;
  uint64_t fa = 0;
  uint64_t fb = 0;
  size_t matches = 0;
  for (size_t i = 0; i < la; ++i) {
    const size_t lo = i > window ? i - window : 0;
    const size_t hi = std::min(lb, i + window + 1);
    for (size_t j = lo; j < hi; ++j) {
      if (!(fb >> j & 1u) && a[i] == b[j]) {
        fa |= uint64_t{1} << i;
        fb |= uint64_t{1} << j;
        ++matches;
        break;
      }
    }
  }
  if (matches == 0) return 0.0;
  size_t transpositions = 0;
  size_t j = 0;
  for (size_t i = 0; i < la; ++i) {
    if (!(fa >> i & 1u)) continue;
    while (!(fb >> j & 1u)) ++j;
    if (a[i] != b[j]) ++transpositions;
    ++j;
  }
  const double m = static_cast<double>(matches);
  const double jaro = (m / static_cast<double>(la) + m / static_cast<double>(lb) +
                       (m - static_cast<double>(transpositions) / 2.0) / m) /
                      3.0;
  size_t prefix = 0;
  while (prefix < 4 && prefix < la && prefix < lb && a[prefix] == b[prefix]) ++prefix;
  return jaro + static_cast<double>(prefix) * 0.1 * (1.0 - jaro);
}

}  // namespace

double jaro_winkler(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return a.empty() && b.empty() ? 1.0 : 0.0;
  if (a == b) return 1.0;
  // Names are short; longer text is compared on its first 64 characters.
  return jaro_winkler_small(a.substr(0, 64), b.substr(0, 64));
}

double name_token_similarity(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() || b.empty()) return 0.0;
  if (a == b) return 1.0;
  const std::vector<std::string>& small = a.size() <= b.size() ? a : b;
  const std::vector<std::string>& large = a.size() <= b.size() ? b : a;
  struct Cell {
    double sim;
    uint8_t i;
    uint8_t j;
  };
  constexpr size_t kMaxTokens = 8;  // more tokens than this are not a name; the rest is ignored
  std::array<Cell, kMaxTokens * kMaxTokens> cells;
  size_t n_cells = 0;
  const size_t ns = std::min(small.size(), kMaxTokens);
  const size_t nl = std::min(large.size(), kMaxTokens);
  for (size_t i = 0; i < ns; ++i) {
    for (size_t j = 0; j < nl; ++j) {
      const std::string& x = small[i];
      const std::string& y = large[j];
      double s;
      if (x.size() == 1 || y.size() == 1) {
        s = x[0] != y[0] ? 0.0 : (x.size() == y.size() ? 1.0 : 0.9);
      } else {
        s = jaro_winkler(x, y);
      }
      // Insertion sort by similarity, descending; ties keep input order (deterministic).
      size_t k = n_cells++;
      while (k > 0 && cells[k - 1].sim < s) {
        cells[k] = cells[k - 1];
        --k;
      }
      cells[k] = {s, static_cast<uint8_t>(i), static_cast<uint8_t>(j)};
    }
  }
  uint32_t used_i = 0;
  uint32_t used_j = 0;
  double sum = 0;
  size_t paired = 0;
  for (size_t c = 0; c < n_cells && paired < ns; ++c) {
    const Cell& cell = cells[c];
    if ((used_i >> cell.i & 1u) || (used_j >> cell.j & 1u)) continue;
    used_i |= 1u << cell.i;
    used_j |= 1u << cell.j;
    sum += cell.sim;
    ++paired;
  }
  const double extra = static_cast<double>(large.size() - small.size());
  const double set_score = (sum / static_cast<double>(ns)) * std::max(0.0, 1.0 - 0.1 * extra);
  if (set_score >= 1.0) return 1.0;

  // The names written without spaces ("Nurhayati" vs "Nur Hayati").
  char ja[64];
  char jb[64];
  size_t na = 0;
  size_t nb = 0;
  for (const auto& t : a) {
    for (char c : t) {
      if (na < sizeof ja) ja[na++] = c;
    }
  }
  for (const auto& t : b) {
    for (char c : t) {
      if (nb < sizeof jb) jb[nb++] = c;
    }
  }
  return std::max(set_score, jaro_winkler(std::string_view(ja, na), std::string_view(jb, nb)));
}

double name_similarity(std::string_view a, std::string_view b) {
  return name_token_similarity(name_tokens(a), name_tokens(b));
}

}  // namespace siklus
