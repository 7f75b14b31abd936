#pragma once
// Bulk person writes for the demo and the population import: one prepared statement reused for
// every row, the caller batching rows into transactions. Upsert by NIK: a re-import updates the
// row (only when something changed) and never duplicates.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/nik.h"
#include "core/result.h"
#include "registry/demo/demo_city.h"
#include "store/database.h"

namespace siklus::registry {

struct PersonRow {
  std::string nik;
  std::string no_kk;
  std::string name;
  Sex sex = Sex::kUnknown;
  std::optional<Date> birth_date;
  std::string birth_place;
  std::string street;
  int rt = 0;
  int rw = 0;
  std::string village_code;  // normalized, or empty
  std::string phone;
  LifeStatus status = LifeStatus::kAlive;
  std::optional<Date> status_date;
  std::string relation;                        // as on the KK
  NikProblem nik_problem = NikProblem::kNone;  // kept and flagged when the source is authoritative
  std::optional<double> lat;
  std::optional<double> lon;
  std::string source;  // "demo", "import:<file>", "user"
};

class PersonWriter {
 public:
  enum class Mode { kInsert, kUpsert };
  static Result<std::unique_ptr<PersonWriter>> create(store::Database& db, Mode mode);
  //! Writes one row in the caller's transaction. Returns whether a row was inserted or changed.
  Result<bool> write(const PersonRow& row, std::string_view now);
  //! Upsert mode: the id of the row the last write() inserted or changed (0 when unchanged).
  int64_t written_id() const { return written_id_; }

 private:
  PersonWriter(std::unique_ptr<store::Statement> st, bool upsert)
      : st_(std::move(st)), upsert_(upsert) {}
  std::unique_ptr<store::Statement> st_;
  bool upsert_;
  int64_t written_id_ = 0;
};

//! NikProblem from its stable code ("birth_date_mismatch"); kNone if unknown.
NikProblem nik_problem_from_code(std::string_view code);

}  // namespace siklus::registry
