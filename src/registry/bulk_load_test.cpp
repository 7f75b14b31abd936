// Population import: validation per row, idempotent re-import, flagged NIKs, batches.

#include "registry/bulk_load.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/nik.h"
#include "registry/schema.h"

namespace siklus::registry {
namespace {

const std::string kArea = std::string(SK_SOURCE_DIR) + "/src/registry/testdata/area";
constexpr Date kToday{2025, 6, 1};

class ImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = store::open_database(":memory:").value();
    ASSERT_TRUE(db_->migrate("registry", registry_migrations()));
    ASSERT_TRUE(load_area_data(*db_, kArea));
    regions_ = RegionTable::load(*db_).value();
    path_ = (std::filesystem::temp_directory_path() /
             ("sk_import_" + std::to_string(getpid()) + ".csv"))
                .string();
  }
  void TearDown() override { std::filesystem::remove(path_); }

  Result<ImportResult> import(const std::string& text, size_t batch = 2) {
    std::ofstream(path_) << text;
    ImportOptions o;
    o.batch_size = batch;
    o.today = kToday;
    return import_population(*db_, regions_, path_, o);
  }
  int64_t count(const std::string& where = "1=1") {
    auto st = db_->prepare("SELECT COUNT(*) FROM person WHERE " + where);
    EXPECT_TRUE(*(*st)->step());
    return (*st)->column_int64(0);
  }

  std::unique_ptr<store::Database> db_;
  RegionTable regions_;
  std::string path_;
};

std::string nik(Date birth, Sex sex, int serial) { return make_nik("337101", birth, sex, serial); }

TEST_F(ImportTest, GoodRowsStoredBadRowsReportedByLineAndField) {
  const std::string csv =
      "nama,nik,jenis_kelamin,tanggal_lahir,kode_wilayah,rw,rt,status,extra\n"
      "Budi Santoso," +
      nik({1980, 1, 2}, Sex::kMale, 1) +
      ",L,1980-01-02,33.71.01.1008,1,2,,x\n"
      "Tanpa Nik,,L,1980-01-02,3371011008,1,2,,\n"
      "\"Siti, Aminah\"," +
      nik({1990, 3, 4}, Sex::kFemale, 2) +
      ",P,1990-03-04,3371011008,003,1,HIDUP,\n"
      "Bad Date," +
      nik({1990, 3, 4}, Sex::kFemale, 3) +
      ",P,1990-02-30,3371011008,1,1,,\n"
      "Bad Region," +
      nik({1990, 3, 4}, Sex::kFemale, 4) +
      ",P,1990-03-04,3371019999,1,1,,\n"
      "Flagged," +
      nik({1990, 3, 4}, Sex::kFemale, 5) +
      ",L,1990-03-04,3371011008,1,1,,\n"
      "Bad Status," +
      nik({1990, 3, 4}, Sex::kFemale, 6) +
      ",P,1990-03-04,3371011008,1,1,HILANG,\n"
      "Bad Rw," +
      nik({1990, 3, 4}, Sex::kFemale, 7) + ",P,1990-03-04,3371011008,x,1,,\n";
  auto r = import(csv);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->rows, 8u);
  EXPECT_EQ(r->written, 3u);
  EXPECT_EQ(r->rejected, 5u);
  EXPECT_EQ(r->flagged, 1u);
  ASSERT_EQ(r->problems.size(), 5u);
  EXPECT_EQ(r->problems[0].where, path_ + ":3");
  EXPECT_EQ(r->problems[0].field, "nik");
  EXPECT_EQ(r->problems[1].where, path_ + ":5");
  EXPECT_EQ(r->problems[1].field, "tanggal_lahir");
  EXPECT_EQ(r->problems[2].field, "kode_wilayah");
  EXPECT_EQ(r->problems[3].field, "status");
  EXPECT_EQ(r->problems[4].field, "rw");
  EXPECT_EQ(count(), 3);
  EXPECT_EQ(count("nik_flag = 'sex_mismatch' AND name = 'Flagged'"), 1);
  EXPECT_EQ(count("name = 'Siti, Aminah' AND rw = 3 AND village_code = '3371011008'"), 1);
  // Every batch reached the change log.
  auto st =
      db_->prepare("SELECT COUNT(*) FROM change_log WHERE entity = 'person' AND op = 'import'");
  ASSERT_TRUE(*(*st)->step());
  EXPECT_EQ((*st)->column_int64(0), static_cast<int64_t>(r->batches));
}

TEST_F(ImportTest, ReimportUpdatesByNikAndNeverDuplicates) {
  const std::string a = nik({1980, 1, 2}, Sex::kMale, 1);
  const std::string b = nik({1981, 1, 2}, Sex::kMale, 2);
  std::string csv = "nik,nama,jenis_kelamin,tanggal_lahir\n" + a + ",Budi,L,1980-01-02\n" + b +
                    ",Agus,L,1981-01-02\n";
  ASSERT_TRUE(import(csv));
  auto again = import(csv);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->written, 0u);
  EXPECT_EQ(again->unchanged, 2u);
  EXPECT_EQ(count(), 2);
  csv = "nik,nama,jenis_kelamin,tanggal_lahir,status\n" + a + ",Budi Santoso,L,1980-01-02,MATI\n";
  auto changed = import(csv);
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->written, 1u);
  EXPECT_EQ(count(), 2);
  EXPECT_EQ(count("name = 'Budi Santoso' AND status = 'MATI'"), 1);
}

TEST_F(ImportTest, FileProblemsAreErrors) {
  auto missing = import("nama,jenis_kelamin\nBudi,L\n");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().field, path_ + ":1");
  ImportOptions o;
  o.today = kToday;
  auto absent = import_population(*db_, regions_, "/nonexistent/x.csv", o);
  ASSERT_FALSE(absent);
  EXPECT_EQ(absent.error().code, ErrorCode::kIo);
}

// Issue 8: an unterminated quote on line 4 swallowed line 5 into a street name ("4 rows, 4
// written", exit 0); invalid UTF-8, NUL and a 64 MB name were stored. Each is now a rejected row
// naming its line and column, and the rows around it are imported as they are.
TEST_F(ImportTest, MalformedRowsAreRejectedOnTheirOwnLine) {
  auto row = [](int serial, const std::string& name, const std::string& street) {
    return nik({1980, 1, 2}, Sex::kMale, serial) + "," + name + ",L," + street + "\n";
  };
  const std::string csv =
      "nik,nama,jenis_kelamin,alamat\n" + row(1, "Budi", "Jl. A") + row(2, "Agus", "Jl. B") +
      row(3, "Citra", "\"Jl. Tidar, 5") + row(4, "Dewi", "\"Jl. D\"") + row(5, "Eko\xFF", "Jl. E") +
      row(6, std::string("Fa\0ri", 5), "Jl. F") + row(7, std::string(5 << 20, 'G'), "Jl. G") +
      row(8, std::string(300, 'H'), "Jl. H") + row(9, "Ika", "Jl. I");
  auto r = import(csv);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->rows, 9u);
  EXPECT_EQ(r->written, 4u);
  EXPECT_EQ(r->rejected, 5u);
  ASSERT_EQ(r->problems.size(), 5u);
  const std::vector<std::pair<int, std::string>> expected = {
      {4, "alamat"}, {6, "nama"}, {7, "nama"}, {8, "nama"}, {9, "nama"}};
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(r->problems[i].where, path_ + ":" + std::to_string(expected[i].first)) << i;
    EXPECT_EQ(r->problems[i].field, expected[i].second) << i;
  }
  EXPECT_EQ(count("name = 'Dewi' AND street = 'Jl. D'"), 1);
  EXPECT_EQ(count("name = 'Ika'"), 1);
  EXPECT_EQ(count("street LIKE '%Tidar%'"), 0);
}

}  // namespace
}  // namespace siklus::registry
