#pragma once
// JKN membership extracts (contract.md, BPJS-like): parsing and validating one row, and the
// streaming import of a whole file into a dated snapshot. Rows whose NIK is missing or invalid are
// kept and flagged: they are exactly what record linkage is for.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv.h"
#include "core/date.h"
#include "core/nik.h"
#include "core/result.h"
#include "store/database.h"

namespace siklus::coverage {

enum class Segment { kUnknown, kPbiApbn, kPbiApbd, kPpu, kPbpu, kBp };
const char* segment_code(Segment segment);                    // "PBI_APBN", …; "" for unknown
std::optional<Segment> parse_segment(std::string_view text);  // "" -> kUnknown
inline constexpr Segment kSegments[] = {Segment::kPbiApbn, Segment::kPbiApbd, Segment::kPpu,
                                        Segment::kPbpu,    Segment::kBp,      Segment::kUnknown};

enum class MemberStatus { kUnknown, kActive, kInactive };
const char* member_status_code(MemberStatus status);  // "AKTIF", "NONAKTIF", ""
std::optional<MemberStatus> parse_member_status(std::string_view text);

struct Member {
  std::string noka;  // 13 digits
  std::string nik;   // as the insurer holds it; may be empty or wrong
  //! nullopt when the NIK passes check_nik; else "missing" or a nik_problem_code.
  std::optional<std::string> nik_flag;
  std::string name;
  Sex sex = Sex::kUnknown;
  std::optional<Date> birth_date;
  Segment segment = Segment::kUnknown;
  int kelas = 0;  // 1–3, 0 unknown
  MemberStatus status = MemberStatus::kUnknown;
  std::string kode_faskes;
  std::string address;
  std::string village_code;  // normalized, no dots; may be any level or empty
  size_t line = 0;           // physical line in the source file
};

struct RowError {
  std::string file;
  size_t line = 0;
  std::string field;
  std::string reason;
  std::string to_string() const;  // "file:line: field: reason"
};

//! Column positions of one extract, found by header name. Fails naming the missing column.
class MemberColumns {
 public:
  static Result<MemberColumns> find(const CsvReader& csv);
  //! Validates the current record. On failure returns the first problem (field, reason).
  Result<Member> parse(const CsvReader& csv, Date today) const;

 private:
  std::optional<size_t> noka_, nik_, nama_, sex_, birth_, segmen_, kelas_, status_, faskes_,
      alamat_, wilayah_;
};

struct ImportOptions {
  std::string path;
  Date snapshot;            // the extract's date
  bool replace = false;     // drop the snapshot's members (and links) first
  bool strict = false;      // any bad row fails the whole import (nothing written)
  Date today;               // for NIK birth-date checks
  size_t max_errors = 100;  // errors listed in the summary (all are counted)
  std::function<void(uint64_t rows)> progress;
  std::string actor = "cli";
};

struct ImportSummary {
  std::string file;
  std::string snapshot;   // YYYY-MM-DD
  uint64_t rows = 0;      // data rows read
  uint64_t imported = 0;  // rows written (inserted or updated)
  uint64_t inserted = 0;  // new nokas in the snapshot
  uint64_t updated = 0;   // nokas already there (re-import)
  uint64_t rejected = 0;  // rows with errors, not written
  uint64_t nik_missing = 0;
  uint64_t nik_invalid = 0;
  std::vector<RowError> errors;  // the first max_errors
};

//! Streams the file into the snapshot in one transaction. kInvalidArgument for a bad header (or
//! any bad row when strict), kIo when the file cannot be read.
Result<ImportSummary> import_members(store::Database& db, const ImportOptions& options);

//! Snapshot id for a date, or kNotFound. `date` empty = the latest snapshot.
struct SnapshotRef {
  int64_t id = 0;
  std::string date;
};
Result<SnapshotRef> find_snapshot(store::Database& db, std::string_view date);

}  // namespace siklus::coverage
