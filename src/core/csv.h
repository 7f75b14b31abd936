#pragma once
// Streaming CSV reader, the one door for every import: header row, columns matched by name, quoted
// fields with commas and doubled quotes. Stricter than RFC 4180 on purpose (docs/limits.md):
// a record is exactly one physical line (no line breaks inside quotes), has as many fields as the
// header, every field is valid UTF-8 without control characters (TAB allowed) and at most
// kMaxFieldBytes, every line at most kMaxRowBytes. A record that breaks a rule is an error naming
// file:line and the column; the reader then resumes at the next line, so a bad row is never merged
// into the next one and the caller decides whether to go on. Memory stays bounded for any input.

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"

namespace siklus {

//! Longest field accepted: a name or street with room to spare (Dukcapil's longest is ~120 bytes).
inline constexpr size_t kMaxFieldBytes = 4 << 10;
//! Longest line accepted: ~30 columns of the longest field; a population row is ~250 bytes.
inline constexpr size_t kMaxRowBytes = 64 << 10;
//! Most columns in a header.
inline constexpr size_t kMaxColumns = 256;

//! One CSV field as RFC 4180 writes it: quoted (quotes doubled) only when it holds a comma,
//! quote or line break, so every file siklus writes reads back through CsvReader unchanged.
std::string csv_quote(std::string_view field);
//! A cell for a CSV export opened in a spreadsheet: csv_quote, and a cell starting with `=`, `+`,
//! `-`, `@`, TAB or CR gets a leading `'` so it is shown as text, never run as a formula (OWASP
//! "CSV injection"). Use for every exported cell that holds user-supplied text.
std::string csv_export_cell(std::string_view field);

class CsvReader {
 public:
  //! Opens `path` and reads its header. Fails with kIo (cannot open) or kInvalidArgument (empty
  //! file, duplicate header name).
  static Result<std::unique_ptr<CsvReader>> open(const std::string& path);
  //! Reads from an in-memory text (tests, HTTP uploads).
  static Result<std::unique_ptr<CsvReader>> from_string(std::string text);
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  const std::vector<std::string>& header() const { return header_; }
  //! Index of a column by header name (trimmed, case-insensitive); nullopt if absent.
  std::optional<size_t> column(std::string_view name) const;

  //! Next record; false at end of input. A malformed record (unterminated quote, wrong field
  //! count, bad bytes, too long) is an Error with field "file:line" and a message naming the
  //! column; line() and error_column() describe it, and the following next() resumes at the line
  //! after it.
  Result<bool> next();
  //! Header name of the column the last error was about ("" for the whole row).
  const std::string& error_column() const { return error_column_; }
  //! Field `i` of the current record, or "" where the record is short.
  std::string_view field(size_t i) const {
    return i < count_ ? std::string_view(fields_[i]) : std::string_view();
  }
  std::string_view field(std::optional<size_t> i) const { return i ? field(*i) : ""; }
  size_t field_count() const { return count_; }
  //! Physical line (1-based) where the current record starts; the header is line 1.
  size_t line() const { return record_line_; }
  //! Data-row number of the current record (1-based; the header is row 0).
  size_t row() const { return row_; }
  const std::string& source() const { return source_; }

 private:
  CsvReader() = default;
  bool fill();
  Result<bool> read_record();
  Error record_error(std::string column, std::string message);
  Status check_record();
  Status read_header();
  void skip_line();

  std::FILE* file_ = nullptr;
  std::string source_;
  std::string buf_;
  size_t pos_ = 0;
  bool eof_ = false;
  size_t line_ = 1;
  size_t record_line_ = 0;
  size_t row_ = 0;
  std::vector<std::string> fields_;  // grows to the widest record; reused to avoid allocation
  size_t count_ = 0;                 // fields in the current record
  std::vector<std::string> header_;
  std::unordered_map<std::string, size_t> index_;
  std::string error_column_;
};

}  // namespace siklus
