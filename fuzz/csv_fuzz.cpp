// The CSV reader on arbitrary bytes: never crash, never loop, every record it accepts passed the
// text check, and any accepted field written back by csv_quote reads back unchanged.
#include <cstdlib>
#include <string>

#include "core/csv.h"
#include "core/text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto r = siklus::CsvReader::from_string(text);
  if (!r) return 0;
  auto& csv = **r;
  // Each call consumes at least one line, so more calls than lines means a loop.
  size_t calls = 0;
  for (;;) {
    if (++calls > size + 2) std::abort();
    auto more = csv.next();
    if (!more) continue;  // a malformed row; the reader resumes on the next line
    if (!*more) break;
    if (csv.field_count() != csv.header().size()) std::abort();
    for (size_t i = 0; i < csv.field_count(); ++i) {
      const auto f = csv.field(i);
      if (!siklus::check_text(f, "f", siklus::kMaxFieldBytes)) std::abort();
      auto back = siklus::CsvReader::from_string("h\n" + siklus::csv_quote(f) + "\n");
      if (!back) std::abort();
      auto got = (*back)->next();
      if (f.empty()) continue;  // an empty line is blank, not a record
      if (!got || !*got || (*back)->field(0) != f) std::abort();
      const std::string cell = siklus::csv_export_cell(f);
      if (!cell.empty() && std::string("=+-@").find(cell[0]) != std::string::npos) std::abort();
    }
  }
  return 0;
}
