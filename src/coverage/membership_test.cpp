#include "coverage/membership.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "coverage/schema.h"

namespace siklus::coverage {
namespace {

const Date kToday{2026, 11, 25};
// A valid NIK: Magelang kecamatan 337101, born 1990-01-01, male, serial 1.
const std::string kNik = make_nik("337101", Date{1990, 1, 1}, Sex::kMale, 1);

std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + name;
  std::ofstream(path) << text;
  return path;
}

std::unique_ptr<store::Database> open_db() {
  auto db = store::open_database(":memory:");
  EXPECT_TRUE(db.has_value());
  EXPECT_TRUE(migrate_coverage(**db).has_value());
  return std::move(*db);
}

int64_t scalar(store::Database& db, const std::string& sql) {
  auto st = db.prepare(sql);
  EXPECT_TRUE(st.has_value());
  auto row = (*st)->step();
  EXPECT_TRUE(row.has_value() && *row);
  return (*st)->column_int64(0);
}

const std::string kHeader =
    "noka,nik,nama,jenis_kelamin,tanggal_lahir,segmen,kelas,status,kode_faskes,alamat,"
    "kode_wilayah\n";

TEST(MemberParse, AcceptsAFullRowAndFlagsNikProblems) {
  auto csv = CsvReader::from_string(kHeader + "0001234567890," + kNik +
                                    ",Budi Santoso,L,1990-01-01,PBI_APBD,3,AKTIF,PKM01,"
                                    "\"Jl. Tidar 1, RT 2\",33.71.01.1003\n"
                                    "0001234567891,,Siti,P,1991-02-03,PPU,1,NONAKTIF,,,\n"
                                    "0001234567892,1234,Ani,P,,,,,,,\n");
  ASSERT_TRUE(csv.has_value());
  auto cols = MemberColumns::find(**csv);
  ASSERT_TRUE(cols.has_value());
  ASSERT_TRUE(*(*csv)->next());
  auto m = cols->parse(**csv, kToday);
  ASSERT_TRUE(m.has_value()) << m.error().message;
  EXPECT_EQ(m->segment, Segment::kPbiApbd);
  EXPECT_EQ(m->kelas, 3);
  EXPECT_EQ(m->status, MemberStatus::kActive);
  EXPECT_EQ(m->village_code, "3371011003");
  EXPECT_EQ(m->address, "Jl. Tidar 1, RT 2");
  EXPECT_FALSE(m->nik_flag.has_value());
  ASSERT_TRUE(*(*csv)->next());
  m = cols->parse(**csv, kToday);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->nik_flag, "missing");
  EXPECT_EQ(m->status, MemberStatus::kInactive);
  ASSERT_TRUE(*(*csv)->next());
  m = cols->parse(**csv, kToday);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->nik_flag, "length");
}

TEST(MemberParse, RejectsBadFieldsNamingThem) {
  const std::pair<std::string, std::string> cases[] = {
      {"123,,Budi,L,,,,,,,", "noka"},
      {"0001234567890,,,L,,,,,,,", "nama"},
      {"0001234567890,,Budi,X,,,,,,,", "jenis_kelamin"},
      {"0001234567890,,Budi,L,1990-13-01,,,,,,", "tanggal_lahir"},
      {"0001234567890,,Budi,L,,JAMKESDA,,,,,", "segmen"},
      {"0001234567890,,Budi,L,,,4,,,,", "kelas"},
      {"0001234567890,,Budi,L,,,,MATI,,,", "status"},
      {"0001234567890,,Budi,L,,,,,,,33.7", "kode_wilayah"},
  };
  for (const auto& [row, field] : cases) {
    auto csv = CsvReader::from_string(kHeader + row + "\n");
    ASSERT_TRUE(csv.has_value());
    auto cols = MemberColumns::find(**csv);
    ASSERT_TRUE(*(*csv)->next());
    auto m = cols->parse(**csv, kToday);
    ASSERT_FALSE(m.has_value()) << row;
    EXPECT_EQ(m.error().field, field) << row;
  }
}

TEST(MemberImport, MissingRequiredColumnIsABadHeader) {
  auto db = open_db();
  ImportOptions o;
  o.path = write_temp("noheader.csv", "nik,nama\n1,2\n");
  o.snapshot = kToday;
  o.today = kToday;
  auto r = import_members(*db, o);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "noka");
}

TEST(MemberImport, ReportsBadRowsByLineAndIsIdempotent) {
  auto db = open_db();
  ImportOptions o;
  o.path = write_temp("members.csv", kHeader + "0000000000001," + kNik +
                                         ",Budi,L,1990-01-01,PBI_APBN,3,AKTIF,,,3371011003\n" +
                                         "0000000000002,,Siti,P,,PPU,1,NONAKTIF,,,3371011003\n" +
                                         "0000000000003,,Ani,Q,,,,,,,\n" +
                                         "0000000000001,,Budi again,L,,,,,,,\n");
  o.snapshot = Date{2026, 11, 1};
  o.today = kToday;
  auto r = import_members(*db, o);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->rows, 4u);
  EXPECT_EQ(r->imported, 2u);
  EXPECT_EQ(r->inserted, 2u);
  EXPECT_EQ(r->rejected, 2u);
  EXPECT_EQ(r->nik_missing, 1u);
  ASSERT_EQ(r->errors.size(), 2u);
  EXPECT_EQ(r->errors[0].line, 4u);
  EXPECT_EQ(r->errors[0].field, "jenis_kelamin");
  EXPECT_EQ(r->errors[1].line, 5u);
  EXPECT_NE(r->errors[1].reason.find("line 2"), std::string::npos);

  auto again = import_members(*db, o);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->inserted, 0u);
  EXPECT_EQ(again->updated, 2u);
  EXPECT_EQ(scalar(*db, "SELECT COUNT(*) FROM member"), 2);

  // Another date is another snapshot: coverage can be compared over time.
  o.snapshot = Date{2026, 12, 1};
  ASSERT_TRUE(import_members(*db, o).has_value());
  EXPECT_EQ(scalar(*db, "SELECT COUNT(*) FROM member"), 4);
  EXPECT_EQ(scalar(*db, "SELECT COUNT(*) FROM member_snapshot"), 2);
  auto latest = find_snapshot(*db, "");
  ASSERT_TRUE(latest.has_value());
  EXPECT_EQ(latest->date, "2026-12-01");
}

TEST(MemberImport, StrictModeWritesNothingOnABadRow) {
  auto db = open_db();
  ImportOptions o;
  o.path = write_temp("strict.csv",
                      kHeader + "0000000000001,,Budi,L,,,,,,,\n0000000000002,,,L,,,,,,,\n");
  o.snapshot = kToday;
  o.today = kToday;
  o.strict = true;
  auto r = import_members(*db, o);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "nama");
  EXPECT_NE(r.error().message.find("strict.csv:3"), std::string::npos);
  EXPECT_EQ(scalar(*db, "SELECT COUNT(*) FROM member"), 0);
}

}  // namespace
}  // namespace siklus::coverage
