#pragma once
// Streaming RFC 4180 CSV reader: header row, columns matched by name, quoted fields with commas,
// doubled quotes and line breaks. Reports the 1-based physical line of each record so errors can
// name "file:line". Reads in large blocks; a record's fields stay valid until the next read.

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"

namespace siklus {

//! One CSV field as RFC 4180 writes it: quoted (quotes doubled) only when it holds a comma,
//! quote or line break, so every file siklus writes reads back through CsvReader unchanged.
std::string csv_quote(std::string_view field);

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

  //! Next record; false at end of input. An unterminated quote is an error naming the line.
  Result<bool> next();
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
  Status read_header();

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
};

}  // namespace siklus
