#pragma once
// Demo membership extracts that tell each demo city's story (issue 3): Magelang with exactly
// 126,281 of 127,394 residents as members (99.13 %), Malang whose list is 108.54 % of its
// residents, Tangerang at 99.8 %, Medan realistic — and as dirty as real data (NIKs missing or
// mistyped, old spellings and abbreviations, day/month swaps, stale records of the dead and the
// moved, duplicates, people registered in the city who live elsewhere). Deterministic by seed.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/result.h"
#include "registry/read_port.h"

namespace siklus::coverage {

struct DemoResident {
  int64_t id = 0;
  std::string nik;
  std::string no_kk;
  std::string name;
  std::string sex;         // "L"/"P"/""
  std::string birth_date;  // YYYY-MM-DD or ""
  std::string street;
  int rt = 0;
  int rw = 0;
  std::string village_code;
  std::string status;  // HIDUP, MATI, PINDAH
};

struct MembershipPreset {
  //! Alive residents who hold a membership: round(alive × share) of them.
  double resident_share = 0.95;
  //! Rows in the extract ÷ alive residents (the naive ratio the city reports).
  double naive_ratio = 0.99;
  double nik_missing = 0.02;
  double nik_typo = 0.02;
  double name_variant = 0.06;
  double birth_swap = 0.01;
  double sex_missing = 0.02;
  double old_address = 0.03;  // insurer still has an earlier kelurahan
};

//! The preset for a demo city code ("3371" Magelang, "3573" Malang, "3671" Tangerang, "1271"
//! Medan); other cities get a realistic default.
MembershipPreset membership_preset(const std::string& city_code);

struct DemoMemberRow {
  std::string noka, nik, nama, jenis_kelamin, tanggal_lahir, segmen, kelas, status, kode_faskes,
      alamat, kode_wilayah;
  int64_t person_id = 0;  // ground truth: the resident this row belongs to, 0 for nobody
  std::string truth;      // "resident", "died", "moved", "duplicate", "elsewhere"
};

struct DemoMembersInput {
  std::string city_code;
  uint64_t seed = 1;
  MembershipPreset preset;
  std::vector<DemoResident> residents;  // all statuses
  std::vector<std::string> villages;    // the city's kelurahan codes
  //! kode_faskes per kelurahan (the puskesmas of its wilayah kerja); may be empty.
  std::function<std::string(const std::string& village)> faskes_of;
};

struct DemoMembersSummary {
  uint64_t alive_residents = 0;
  uint64_t rows = 0;
  uint64_t resident_members = 0;  // alive residents with a membership
  uint64_t died = 0, moved = 0, duplicates = 0, elsewhere = 0;
  double naive_pct = 0;
};

//! Generates the rows in file order (shuffled) through `sink`.
Result<DemoMembersSummary> generate_demo_members(
    const DemoMembersInput& input, const std::function<Status(const DemoMemberRow&)>& sink);

//! Reads the city's residents, kelurahan and puskesmas from the store, generates the extract and
//! writes it as CSV (contract.md) to `out`; with `truth` also noka,person_id,kind per row.
Result<DemoMembersSummary> write_demo_members(registry::ReadPort& port,
                                              const std::string& city_code, uint64_t seed,
                                              const std::string& out, const std::string& truth);

}  // namespace siklus::coverage
