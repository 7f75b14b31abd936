// SQLite-specific durability settings (issue 8) and reopening a file.

#include "store/sqlite/sqlite_database.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

namespace siklus::store::sqlite {
namespace {

std::string pragma(SqliteDatabase& db, const char* name) {
  auto st = db.prepare(std::string("PRAGMA ") + name);
  EXPECT_TRUE(st);
  EXPECT_TRUE(*(*st)->step());
  return (*st)->column_string(0);
}

TEST(SqliteDatabase, FileIsWalWithFullSyncAndForeignKeys) {
  const auto path =
      (std::filesystem::temp_directory_path() / ("sk_sqlite_" + std::to_string(getpid()) + ".db"))
          .string();
  std::remove(path.c_str());
  {
    auto db = SqliteDatabase::open(path);
    ASSERT_TRUE(db);
    EXPECT_EQ(pragma(**db, "journal_mode"), "wal");
    EXPECT_EQ(pragma(**db, "synchronous"), "2");  // FULL
    EXPECT_EQ(pragma(**db, "foreign_keys"), "1");
    constexpr Migration kM[] = {{1, "t", "CREATE TABLE t (a INTEGER);"}};
    ASSERT_TRUE((*db)->migrate("m", kM));
  }
  auto again = SqliteDatabase::open(path);
  ASSERT_TRUE(again);
  EXPECT_EQ(*(*again)->schema_version("m"), 1);
  std::filesystem::remove(path);
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
}

TEST(SqliteDatabase, UnopenablePathIsAnIoError) {
  auto db = SqliteDatabase::open("/nonexistent-dir/x/y.db");
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, ErrorCode::kIo);
}

}  // namespace
}  // namespace siklus::store::sqlite
