#pragma once
// Reading WHO's published LMS text files (the `anthro` and `anthroplus` repositories' data-raw
// files, docs/growth.md): tab-separated, one header row, CRLF line endings. Every problem is an
// error naming file:line:column, with a message id for the API's two languages.

#include <string>
#include <vector>

#include "core/result.h"
#include "growth/tables.h"

namespace siklus::growth {

//! One WHO file and the indicator it holds.
struct WhoFile {
  const char* name;  // "weianthro.txt"
  Indicator indicator;
  const char* key_column;  // "age", "length" or "height"
  bool required;           // the WHO 2006 standards siklus scores; the others are optional
};

//! The files siklus reads, in import order.
const std::vector<WhoFile>& who_files();

struct LmsRow {
  Sex sex = Sex::kMale;
  int key = 0;  // days, months or tenths of a cm (Tables)
  Lms lms;
};

struct ParsedFile {
  const WhoFile* file = nullptr;
  std::string path;   // where it was read
  std::string bytes;  // the file as read (hashed by the import)
  std::vector<LmsRow> rows;
};

//! Parses one file's text. `label` names it in errors ("weianthro.txt"). Checks the header, every
//! number, sex 1|2, M and S positive, and that each sex's keys run without gap.
Result<std::vector<LmsRow>> parse_who_file(const WhoFile& file, std::string_view text,
                                           const std::string& label);

//! Finds and parses the files in `dir` or its direct subfolders (the layout of WHO's
//! repositories or of one flat folder). A missing required file is an error; optional ones are
//! listed in `missing`.
Result<std::vector<ParsedFile>> read_who_dir(const std::string& dir,
                                             std::vector<std::string>* missing);

//! The in-memory tables of parsed files (what load_reference builds from the database).
Tables tables_from(const std::vector<ParsedFile>& files);

}  // namespace siklus::growth
