#include "registry/person_writer.h"

namespace siklus::registry {
namespace {

constexpr std::string_view kInsert = R"sql(
INSERT INTO person (nik, no_kk, name, sex, birth_date, birth_place, street, rt, rw, village_code,
                    phone, status, status_date, relation, nik_flag, lat, lon, source,
                    created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
)sql";

// Only a real change touches the row (and updated_at), so re-importing one file twice writes
// nothing the second time.
constexpr std::string_view kUpsertTail = R"sql(
ON CONFLICT (nik) DO UPDATE SET
  no_kk = excluded.no_kk, name = excluded.name, sex = excluded.sex,
  birth_date = excluded.birth_date, birth_place = excluded.birth_place,
  street = excluded.street, rt = excluded.rt, rw = excluded.rw,
  village_code = excluded.village_code, phone = excluded.phone, status = excluded.status,
  status_date = excluded.status_date, relation = excluded.relation,
  nik_flag = excluded.nik_flag, source = excluded.source, updated_at = excluded.updated_at
WHERE person.no_kk IS DISTINCT FROM excluded.no_kk OR person.name IS DISTINCT FROM excluded.name
   OR person.sex IS DISTINCT FROM excluded.sex
   OR person.birth_date IS DISTINCT FROM excluded.birth_date
   OR person.birth_place IS DISTINCT FROM excluded.birth_place
   OR person.street IS DISTINCT FROM excluded.street OR person.rt IS DISTINCT FROM excluded.rt
   OR person.rw IS DISTINCT FROM excluded.rw
   OR person.village_code IS DISTINCT FROM excluded.village_code
   OR person.phone IS DISTINCT FROM excluded.phone
   OR person.status IS DISTINCT FROM excluded.status
   OR person.status_date IS DISTINCT FROM excluded.status_date
   OR person.relation IS DISTINCT FROM excluded.relation
   OR person.nik_flag IS DISTINCT FROM excluded.nik_flag
RETURNING id
)sql";

}  // namespace

NikProblem nik_problem_from_code(std::string_view code) {
  for (int i = 0; i <= static_cast<int>(NikProblem::kZeroSerial); ++i) {
    const auto p = static_cast<NikProblem>(i);
    if (code == nik_problem_code(p)) return p;
  }
  return NikProblem::kNone;
}

Result<std::unique_ptr<PersonWriter>> PersonWriter::create(store::Database& db, Mode mode) {
  std::string sql(kInsert);
  if (mode == Mode::kUpsert) sql += kUpsertTail;
  auto st = db.prepare(sql);
  if (!st) return st.error();
  return std::unique_ptr<PersonWriter>(new PersonWriter(std::move(*st), mode == Mode::kUpsert));
}

Result<bool> PersonWriter::write(const PersonRow& r, std::string_view now) {
  auto& s = *st_;
  s.reset();
  s.bind(1, r.nik).bind(2, r.no_kk).bind(3, r.name).bind(4, sex_code(r.sex));
  if (r.birth_date) {
    s.bind(5, r.birth_date->to_string());
  } else {
    s.bind_null(5);
  }
  s.bind(6, r.birth_place).bind(7, r.street).bind(8, r.rt).bind(9, r.rw);
  if (r.village_code.empty()) {
    s.bind_null(10);
  } else {
    s.bind(10, r.village_code);
  }
  s.bind(11, r.phone).bind(12, life_status_code(r.status));
  if (r.status_date) {
    s.bind(13, r.status_date->to_string());
  } else {
    s.bind_null(13);
  }
  s.bind(14, r.relation);
  if (r.nik_problem == NikProblem::kNone) {
    s.bind_null(15);
  } else {
    s.bind(15, nik_problem_code(r.nik_problem));
  }
  s.bind(16, r.lat).bind(17, r.lon).bind(18, r.source).bind(19, now).bind(20, now);
  auto row = s.step();
  if (!row) return row.error();
  if (!upsert_) return true;  // a plain INSERT either succeeded or failed above
  const bool changed = *row;
  written_id_ = changed ? s.column_int64(0) : 0;
  if (changed) SK_TRY(s.run());  // drain RETURNING
  return changed;
}

}  // namespace siklus::registry
