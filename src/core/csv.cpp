#include "core/csv.h"

#include <algorithm>
#include <cctype>

#include "core/text.h"

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

std::string csv_export_cell(std::string_view field) {
  if (!field.empty() &&
      std::string_view("=+-@\t\r").find(field.front()) != std::string_view::npos) {
    return csv_quote("'" + std::string(field));
  }
  return csv_quote(field);
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
  if (count_ > kMaxColumns) return Error::invalid(source_ + ":1", "too many columns");
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
  if (!r || *r) ++row_;  // a malformed record is still a row: row numbers match the file
  return r;
}

Error CsvReader::record_error(std::string column, std::string message) {
  error_column_ = std::move(column);
  return Error::invalid(source_ + ":" + std::to_string(record_line_),
                        (error_column_.empty() ? "" : "column " + error_column_ + ": ") + message);
}

Status CsvReader::check_record() {
  auto name = [&](size_t i) {
    return i < header_.size() && !header_[i].empty() ? header_[i]
                                                     : "field " + std::to_string(i + 1);
  };
  if (!header_.empty() && count_ != header_.size()) {
    return record_error("", std::to_string(count_) + " fields where the header has " +
                                std::to_string(header_.size()) +
                                " (unbalanced quote or stray comma?)");
  }
  for (size_t i = 0; i < count_; ++i) {
    if (auto ok = check_text(fields_[i], name(i), kMaxFieldBytes); !ok) {
      return record_error(name(i), ok.error().message);
    }
  }
  return {};
}

Result<bool> CsvReader::read_record() {
  error_column_.clear();
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
  auto column_name = [&](size_t i) {
    return i < header_.size() && !header_[i].empty() ? header_[i]
                                                     : "field " + std::to_string(i + 1);
  };
  auto field_at = [&](size_t i) -> std::string& {
    if (i >= fields_.size()) fields_.emplace_back();
    fields_[i].clear();
    return fields_[i];
  };
  auto peek = [&]() -> int {
    if (pos_ >= buf_.size()) fill();
    return pos_ < buf_.size() ? static_cast<unsigned char>(buf_[pos_]) : -1;
  };
  std::string* cur = &field_at(n++);
  bool quoted = false;
  bool after_quote = false;  // just past a closing quote: only ',' or the line end may follow
  bool at_start = true;
  size_t row_bytes = 0;
  // The first problem of the record; the rest of its line is read and dropped so the next record
  // starts on the next line whatever the damage.
  std::optional<Error> err;
  auto push = [&](char c) {
    if (cur->size() >= kMaxFieldBytes) {
      err = record_error(column_name(n - 1),
                         "field longer than " + std::to_string(kMaxFieldBytes) + " bytes");
      return;
    }
    cur->push_back(c);
  };
  for (;;) {
    if (pos_ >= buf_.size() && !fill()) {
      if (quoted && !err) err = record_error(column_name(n - 1), "unterminated quoted field");
      break;
    }
    const char c = buf_[pos_++];
    if (c == '\n') {
      ++line_;
      if (quoted && !err) {
        err = record_error(column_name(n - 1),
                           "unterminated quoted field (a quoted field cannot span lines)");
      }
      break;
    }
    if (err) continue;
    if (++row_bytes > kMaxRowBytes) {
      err = record_error("", "line longer than " + std::to_string(kMaxRowBytes) + " bytes");
      continue;
    }
    if (quoted) {
      if (c != '"') {
        push(c);
      } else if (peek() == '"') {
        push('"');
        ++pos_;
        ++row_bytes;
      } else {
        quoted = false;
        after_quote = true;
      }
      continue;
    }
    if (c == '\r') {
      const int next = peek();
      if (next == '\n' || next == -1) continue;  // CRLF line end
    }
    if (c == ',') {
      if (n >= kMaxColumns) {
        err = record_error("", "more than " + std::to_string(kMaxColumns) + " fields");
        continue;
      }
      cur = &field_at(n++);
      at_start = true;
      after_quote = false;
      continue;
    }
    if (after_quote) {
      err = record_error(column_name(n - 1), "text after the closing quote");
      continue;
    }
    if (c == '"' && at_start) {
      quoted = true;
      at_start = false;
      continue;
    }
    at_start = false;
    push(c);
  }
  count_ = n;
  if (err) return *err;
  if (auto ok = check_record(); !ok) return ok.error();
  return true;
}

}  // namespace siklus
