// Crash test (issue 2, item 8): `siklus import population` on a large file is killed with SIGKILL
// mid-way; the database must open with every committed batch and nothing half-written, and a
// second import must complete it without duplicates.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "core/nik.h"
#include "store/database.h"

extern char** environ;

namespace siklus {
namespace {

namespace fs = std::filesystem;
constexpr int kRows = 100000;
constexpr int kBatch = 2500;

int64_t scalar(store::Database& db, const std::string& sql) {
  auto st = db.prepare(sql);
  if (!st) return -1;
  auto r = (*st)->step();
  if (!r || !*r) return -1;
  return (*st)->column_int64(0);
}

pid_t spawn_import(const std::string& db, const std::string& csv) {
  std::vector<std::string> args = {SIKLUS_BIN,   "--db", db,        "import",
                                   "population", csv,    "--batch", std::to_string(kBatch),
                                   "--json"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, SIKLUS_BIN, &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  return rc == 0 ? pid : -1;
}

TEST(ImportCrash, SigkillMidImportLeavesWholeBatchesOnly) {
  const fs::path dir = fs::temp_directory_path() / ("sk_crash_" + std::to_string(getpid()));
  fs::create_directories(dir);
  const std::string db_path = (dir / "crash.db").string();
  const std::string csv = (dir / "population.csv").string();
  {
    // Valid synthetic residents of Kota Magelang, each with every column filled.
    std::ofstream out(csv);
    out << "nik,no_kk,nama,jenis_kelamin,tanggal_lahir,tempat_lahir,alamat,rt,rw,kode_wilayah,"
           "status\n";
    for (int i = 0; i < kRows; ++i) {
      // (birth date, sex, serial) is unique per row, so every NIK is; no birth date in the future.
      const int q = i / 19000;
      const Sex sex = q % 2 ? Sex::kFemale : Sex::kMale;
      const Date birth = Date::from_days(-3000 + i % 19000);  // 1961-2013
      out << make_nik("337101", birth, sex, 1 + q / 2) << ","
          << make_nik("337101", Date{2010, 1, 1}, Sex::kMale, 1 + (i / 4) % 9999) << ",Warga " << i
          << "," << sex_code(sex) << "," << birth.to_string() << ",Magelang,Jl. Tidar No. "
          << i % 200 << "," << 1 + i % 9 << "," << 1 + i % 7 << ",3371011008,HIDUP\n";
    }
  }
  const pid_t pid = spawn_import(db_path, csv);
  ASSERT_GT(pid, 0);
  // Wait until a few batches are committed, then kill without warning.
  bool some = false;
  for (int i = 0; i < 6000 && !some; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (!fs::exists(db_path)) continue;
    auto probe = store::open_database(db_path);
    if (!probe) continue;
    some = scalar(**probe, "SELECT COUNT(*) FROM change_log WHERE op = 'import'") >= 3;
  }
  ASSERT_TRUE(some) << "import made no progress";
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the import finished before it could be killed";

  {
    auto db = store::open_database(db_path);
    ASSERT_TRUE(db);
    EXPECT_EQ(
        scalar(**db, "SELECT COUNT(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'"),
        1);
    const int64_t batches = scalar(**db, "SELECT COUNT(*) FROM change_log WHERE op = 'import'");
    const int64_t people = scalar(**db, "SELECT COUNT(*) FROM person");
    EXPECT_GT(batches, 0);
    EXPECT_LT(people, kRows);
    // Whole batches only, each with its change-log entry, and every row complete.
    EXPECT_EQ(people, batches * kBatch);
    EXPECT_EQ(scalar(**db,
                     "SELECT COUNT(*) FROM person WHERE name = '' OR birth_date IS NULL OR "
                     "village_code IS NULL OR no_kk = '' OR street = '' OR rw = 0"),
              0);
  }
  // Re-running completes the file; nothing is duplicated.
  const pid_t again = spawn_import(db_path, csv);
  ASSERT_GT(again, 0);
  ::waitpid(again, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  auto db = store::open_database(db_path);
  ASSERT_TRUE(db);
  EXPECT_EQ(scalar(**db, "SELECT COUNT(*) FROM person"), kRows);
  EXPECT_EQ(scalar(**db, "SELECT COUNT(DISTINCT nik) FROM person"), kRows);
  db->reset();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace siklus
