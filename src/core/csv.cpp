#include "core/csv.h"

#include <algorithm>
#include <cctype>

namespace siklus {
namespace {
constexpr size_t kBlock = 1 << 20;

std::string lower_trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}
}  // namespace

std::string csv_quote(std::string_view field) {
  if (field.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

CsvReader::~CsvReader() {
  if (file_) std::fclose(file_);
}

Result<std::unique_ptr<CsvReader>> CsvReader::open(const std::string& path) {
  std::unique_ptr<CsvReader> r(new CsvReader());
  r->file_ = std::fopen(path.c_str(), "rb");
  if (!r->file_) return Error::io(path + ": cannot open file");
  r->source_ = path;
  SK_TRY(r->read_header());
  return r;
}

Result<std::unique_ptr<CsvReader>> CsvReader::from_string(std::string text) {
  std::unique_ptr<CsvReader> r(new CsvReader());
  r->source_ = "<input>";
  r->buf_ = std::move(text);
  r->eof_ = true;  // everything is already in the buffer
  SK_TRY(r->read_header());
  return r;
}

Status CsvReader::read_header() {
  auto first = read_record();
  if (!first) return first.error();
  if (!*first) return Error::invalid(source_ + ":1", "empty file: a header row is required");
  header_.assign(fields_.begin(), fields_.begin() + static_cast<std::ptrdiff_t>(count_));
  if (!header_.empty() && header_[0].rfind("\xEF\xBB\xBF", 0) == 0) {
    header_[0].erase(0, 3);  // UTF-8 byte-order mark from spreadsheet exports
  }
  for (size_t i = 0; i < header_.size(); ++i) {
    auto key = lower_trim(header_[i]);
    if (key.empty()) continue;
    if (!index_.emplace(key, i).second) {
      return Error::invalid(source_ + ":1", "duplicate column '" + key + "' in header");
    }
  }
  return {};
}

std::optional<size_t> CsvReader::column(std::string_view name) const {
  auto it = index_.find(lower_trim(name));
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

bool CsvReader::fill() {
  if (eof_ || !file_) return false;
  buf_.erase(0, pos_);
  pos_ = 0;
  const size_t old = buf_.size();
  buf_.resize(old + kBlock);
  const size_t got = std::fread(buf_.data() + old, 1, kBlock, file_);
  buf_.resize(old + got);
  if (got == 0) eof_ = true;
  return got > 0;
}

Result<bool> CsvReader::next() {
  auto r = read_record();
  if (r && *r) ++row_;
  return r;
}

Result<bool> CsvReader::read_record() {
  // Skip blank lines between records.
  for (;;) {
    if (pos_ >= buf_.size() && !fill()) return false;
    const char c = buf_[pos_];
    if (c == '\n') {
      ++pos_;
      ++line_;
    } else if (c == '\r') {
      ++pos_;
    } else {
      break;
    }
  }
  record_line_ = line_;
  size_t n = 0;
  auto field_at = [&](size_t i) -> std::string& {
    if (i >= fields_.size()) fields_.emplace_back();
    fields_[i].clear();
    return fields_[i];
  };
  std::string* cur = &field_at(n++);
  bool quoted = false;
  bool at_start = true;
  for (;;) {
    if (pos_ >= buf_.size() && !fill()) {
      if (quoted) {
        return Error::invalid(source_ + ":" + std::to_string(record_line_),
                              "unterminated quoted field");
      }
      break;
    }
    const char c = buf_[pos_++];
    if (quoted) {
      if (c == '"') {
        if (pos_ >= buf_.size()) fill();
        if (pos_ < buf_.size() && buf_[pos_] == '"') {
          cur->push_back('"');
          ++pos_;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line_;
        cur->push_back(c);
      }
      continue;
    }
    if (c == ',') {
      cur = &field_at(n++);
      at_start = true;
      continue;
    }
    if (c == '\n') {
      ++line_;
      break;
    }
    if (c == '\r') continue;
    if (c == '"' && at_start) {
      quoted = true;
      at_start = false;
      continue;
    }
    at_start = false;
    cur->push_back(c);
  }
  count_ = n;
  return true;
}

}  // namespace siklus
