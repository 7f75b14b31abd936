#pragma once
// Enrolment worklists: alive residents with no JKN membership and members who are NONAKTIF, per
// kelurahan/RW and puskesmas, with address and household, plus the monthly PBI APBD premium of
// enrolling (or re-activating) them. Exported to CSV and XLSX for kader door-to-door drives.

#include <cstdint>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/result.h"
#include "coverage/coverage.h"
#include "coverage/membership.h"
#include "registry/read_port.h"
#include "store/database.h"

namespace siklus::coverage {

enum class WorkKind { kUncovered, kInactive };
const char* work_kind_code(WorkKind kind);  // "belum_terdaftar", "nonaktif"

struct WorkRow {
  WorkKind kind = WorkKind::kUncovered;
  std::string district_code, district_name;
  std::string village_code, village_name;
  int rw = 0;
  int rt = 0;
  std::string puskesmas;  // the puskesmas whose wilayah kerja holds the kelurahan
  int64_t person_id = 0;
  std::string nik;  // empty when the caller may not see identifiers
  std::string name;
  std::string sex;
  std::string birth_date;
  int age = -1;
  std::string no_kk;      // empty when the caller may not see identifiers
  std::string household;  // the KK, for sorting and the head's name (never written out)
  std::string head_name;  // kepala keluarga of the KK, when known
  std::string street;
  // Inactive members only.
  std::string noka, segment, kode_faskes;
};

struct WorkArea {
  std::string code;  // kelurahan code or kelurahan.RWnn
  std::string name;
  std::string puskesmas;
  uint64_t uncovered = 0;
  uint64_t inactive = 0;
  int64_t cost_month = 0;
};

struct Worklist {
  std::string region;
  std::string region_name;  // "Kota Magelang", "Magelang Tengah", "Cacaban RW 3"
  std::string snapshot;
  int64_t premium_rupiah = 42000;
  std::vector<WorkRow> rows;        // by kelurahan, RW, RT, KK
  std::vector<WorkArea> villages;   // per kelurahan
  std::vector<WorkArea> rws;        // per RW
  std::vector<WorkArea> puskesmas;  // per puskesmas (code = puskesmas name)
  uint64_t uncovered = 0;
  uint64_t inactive = 0;
  int64_t cost_month = 0;
};

struct WorklistQuery {
  std::string region;     // normalized area code (city … RW)
  std::string puskesmas;  // optional: facility key, id or name; limits to its wilayah kerja
  int64_t premium_rupiah = 42000;
  Date on;  // for ages
  //! The caller's scope: rows whose (kelurahan, RW) it rejects are left out. Null keeps all.
  AreaFilter keep;
  //! NIK and KK numbers in the rows; false leaves them out entirely (not masked: a mask plus
  //! birth date and sex rebuilds a NIK).
  bool identifiers = true;
};

//! Residents from the registry's read port, links and members from coverage's tables.
Result<Worklist> build_worklist(store::Database& db, registry::ReadPort& port,
                                const SnapshotRef& snapshot, const WorklistQuery& query);

Status write_worklist_csv(const Worklist& list, const std::string& path);
Status write_worklist_xlsx(const Worklist& list, const std::string& path);

}  // namespace siklus::coverage
