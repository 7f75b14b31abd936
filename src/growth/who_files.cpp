#include "growth/who_files.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace siklus::growth {
namespace {

namespace fs = std::filesystem;

Error file_error(const std::string& label, size_t line, size_t column, std::string message,
                 std::string id) {
  return Error::invalid(label + ":" + std::to_string(line) + ":" + std::to_string(column),
                        std::move(message))
      .with_id(std::move(id));
}

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    const size_t tab = line.find('\t', start);
    out.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return out;
}

std::optional<double> number(std::string_view text) {
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

Result<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::io("cannot read " + path.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

const std::vector<WhoFile>& who_files() {
  static const std::vector<WhoFile> files = {
      {"weianthro.txt", Indicator::kWfa, "age", true},
      {"lenanthro.txt", Indicator::kLhfa, "age", true},
      {"wflanthro.txt", Indicator::kWfl, "length", true},
      {"wfhanthro.txt", Indicator::kWfh, "height", true},
      {"bmianthro.txt", Indicator::kBmifa, "age", true},
      {"hcanthro.txt", Indicator::kHcfa, "age", true},
      {"acanthro.txt", Indicator::kAcfa, "age", true},
      {"ssanthro.txt", Indicator::kSsfa, "age", false},
      {"tsanthro.txt", Indicator::kTsfa, "age", false},
      {"wfawho2007.txt", Indicator::kWfa2007, "age", false},
      {"hfawho2007.txt", Indicator::kHfa2007, "age", false},
      {"bfawho2007.txt", Indicator::kBmifa2007, "age", false},
  };
  return files;
}

Result<std::vector<LmsRow>> parse_who_file(const WhoFile& file, std::string_view text,
                                           const std::string& label) {
  std::vector<LmsRow> rows;
  // Columns found in the header; WHO's files add a loh/lorh column the engine does not need
  // (the switch is by age, docs/growth.md).
  int sex_col = -1, key_col = -1, l_col = -1, m_col = -1, s_col = -1;
  size_t line_no = 0;
  size_t pos = 0;
  std::array<int, 2> next_key = {-1, -1};
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // WHO's files are CRLF
    if (line.empty()) continue;
    const auto cells = split_tabs(line);
    if (sex_col < 0) {
      for (size_t c = 0; c < cells.size(); ++c) {
        const std::string_view name = cells[c];
        const int col = static_cast<int>(c);
        if (name == "sex") sex_col = col;
        if (name == file.key_column) key_col = col;
        if (name == "l") l_col = col;
        if (name == "m") m_col = col;
        if (name == "s") s_col = col;
      }
      if (sex_col < 0 || key_col < 0 || l_col < 0 || m_col < 0 || s_col < 0) {
        return file_error(label, line_no, 1,
                          std::string("the header must name the columns sex, ") + file.key_column +
                              ", l, m and s",
                          "growth.file_bad_header");
      }
      continue;
    }
    const int needed = std::max({sex_col, key_col, l_col, m_col, s_col});
    if (static_cast<int>(cells.size()) <= needed) {
      return file_error(label, line_no, cells.size() + 1, "the row has too few columns",
                        "growth.file_short_row");
    }
    auto cell = [&](int col) { return cells[static_cast<size_t>(col)]; };
    auto at = [&](int col, std::string message, std::string id) {
      return file_error(label, line_no, static_cast<size_t>(col) + 1, std::move(message),
                        std::move(id));
    };
    LmsRow row;
    if (cell(sex_col) == "1") {
      row.sex = Sex::kMale;
    } else if (cell(sex_col) == "2") {
      row.sex = Sex::kFemale;
    } else {
      return at(sex_col, "sex must be 1 (boys) or 2 (girls)", "growth.file_bad_sex");
    }
    auto key = number(cell(key_col));
    if (!key) return at(key_col, "expected a number", "growth.file_bad_number");
    const double scaled = is_length_keyed(file.indicator) ? *key * 10 : *key;
    // WHO's keys are below 2000 (days, months, tenths of a cm): a bound keeps the arithmetic on
    // them far from overflow whatever the file says.
    const bool in_range = scaled >= 0 && scaled <= 100000;
    row.key = in_range ? static_cast<int>(std::lround(scaled)) : -1;
    if (!in_range || std::abs(scaled - row.key) > 1e-6) {
      return at(key_col,
                is_length_keyed(file.indicator) ? "length must be in steps of 0.1 cm"
                                                : "age must be a whole number",
                "growth.file_bad_key");
    }
    auto l = number(cell(l_col));
    if (!l) return at(l_col, "expected a number", "growth.file_bad_number");
    auto m = number(cell(m_col));
    if (!m) return at(m_col, "expected a number", "growth.file_bad_number");
    if (*m <= 0) return at(m_col, "M and S must be positive", "growth.file_not_positive");
    auto s = number(cell(s_col));
    if (!s) return at(s_col, "expected a number", "growth.file_bad_number");
    if (*s <= 0) return at(s_col, "M and S must be positive", "growth.file_not_positive");
    row.lms = {*l, *m, *s};
    int& expected = next_key[row.sex == Sex::kMale ? 0 : 1];
    if (expected >= 0 && row.key != expected) {
      return at(key_col, "the rows must follow each other without gap or repeat",
                "growth.file_gap");
    }
    expected = row.key + 1;
    rows.push_back(row);
  }
  if (next_key[0] < 0 || next_key[1] < 0) {
    return file_error(label, line_no + 1, 1, "the file must hold rows for boys and girls",
                      "growth.file_incomplete");
  }
  return rows;
}

Result<std::vector<ParsedFile>> read_who_dir(const std::string& dir,
                                             std::vector<std::string>* missing) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Error::invalid("dir", "not a folder: " + dir).with_id("growth.dir_missing");
  }
  // The folder itself first, then its subfolders in name order (deterministic).
  std::vector<fs::path> folders = {fs::path(dir)};
  std::vector<fs::path> subs;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_directory()) subs.push_back(entry.path());
  }
  std::sort(subs.begin(), subs.end());
  folders.insert(folders.end(), subs.begin(), subs.end());

  std::vector<ParsedFile> out;
  for (const WhoFile& f : who_files()) {
    std::optional<fs::path> found;
    for (const auto& folder : folders) {
      if (fs::is_regular_file(folder / f.name, ec)) {
        found = folder / f.name;
        break;
      }
    }
    if (!found) {
      if (f.required) {
        return Error::invalid("dir", std::string("the WHO file ") + f.name + " is not in " + dir)
            .with_id("growth.file_missing");
      }
      if (missing) missing->push_back(f.name);
      continue;
    }
    auto bytes = read_file(*found);
    if (!bytes) return bytes.error();
    std::string label = fs::relative(*found, dir, ec).string();
    if (ec || label.empty()) label = f.name;
    auto rows = parse_who_file(f, *bytes, label);
    if (!rows) return rows.error();
    out.push_back({&f, found->string(), std::move(*bytes), std::move(*rows)});
  }
  return out;
}

Tables tables_from(const std::vector<ParsedFile>& files) {
  Tables t;
  for (const ParsedFile& f : files) {
    for (const LmsRow& r : f.rows) {
      LmsTable& table = t.of(f.file->indicator, r.sex);
      if (table.rows.empty()) table.first_key = r.key;
      table.rows.push_back(r.lms);
    }
  }
  return t;
}

}  // namespace siklus::growth
