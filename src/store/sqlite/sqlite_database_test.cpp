// SQLite-specific: durability settings (issue 8), reopening a file, one connection per thread.

#include "store/sqlite/sqlite_database.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <thread>
#include <vector>

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

std::string temp_path(const char* tag) {
  const auto p = (std::filesystem::temp_directory_path() /
                  ("sk_sqlite_" + std::string(tag) + "_" + std::to_string(getpid()) + ".db"))
                     .string();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(p + suffix);
  return p;
}

int64_t count_rows(SqliteDatabase& db) {
  auto st = db.prepare("SELECT COUNT(*) FROM t");
  EXPECT_TRUE(st);
  auto row = (*st)->step();
  EXPECT_TRUE(row && *row);
  return (*st)->column_int64(0);
}

// (Concurrent readers and one writer: StoreContract.ThreadsReadWhileOneWrites.)
TEST(SqliteDatabase, EachThreadGetsOneConnectionKeptForReuse) {
  auto opened = SqliteDatabase::open(temp_path("threads"));
  ASSERT_TRUE(opened);
  SqliteDatabase& db = **opened;
  EXPECT_EQ(db.connection_count(), 1u);  // the opener's
  auto use = [&] {
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(db.exec("SELECT 1"));
  };
  use();
  EXPECT_EQ(db.connection_count(), 1u);
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) threads.emplace_back(use);
  for (auto& t : threads) t.join();
  EXPECT_EQ(db.connection_count(), 4u);
  // Every connection has the per-connection settings, not just the first.
  std::string fk;
  std::thread([&] { fk = pragma(db, "foreign_keys"); }).join();
  EXPECT_EQ(fk, "1");
  const std::string path = db.path();
  opened->reset();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}

TEST(SqliteDatabase, TransactionAndLastInsertIdBelongToTheCallingThread) {
  auto opened = SqliteDatabase::open(":memory:");
  ASSERT_TRUE(opened);
  SqliteDatabase& db = **opened;
  constexpr Migration kM[] = {{1, "t", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);"}};
  ASSERT_TRUE(db.migrate("m", kM));
  ASSERT_TRUE(db.exec("INSERT INTO t (id, v) VALUES (100, 'main')"));  // outside a transaction
  ASSERT_EQ(db.last_insert_id(), 100);

  Transaction tx(db, "main");
  ASSERT_TRUE(tx.begin());
  ASSERT_TRUE(db.exec("INSERT INTO t (id, v) VALUES (200, 'uncommitted')"));
  int64_t other_id = -1;
  int64_t other_count = -1;
  std::thread([&] {
    other_id = db.last_insert_id();  // its own connection: has inserted nothing
    other_count = count_rows(db);    // does not see the open transaction
  }).join();
  EXPECT_EQ(other_id, 0);
  EXPECT_EQ(other_count, 1);
  EXPECT_EQ(db.last_insert_id(), 200);
  EXPECT_EQ(count_rows(db), 2);  // the transaction's thread sees its own write
  tx.rollback();
  EXPECT_EQ(count_rows(db), 1);
}

TEST(SqliteDatabase, MemoryDatabasesArePrivateAndLeaveNoFile) {
  auto a = SqliteDatabase::open(":memory:");
  auto b = SqliteDatabase::open(":memory:");
  ASSERT_TRUE(a && b);
  constexpr Migration kM[] = {{1, "t", "CREATE TABLE t (id INTEGER PRIMARY KEY);"}};
  ASSERT_TRUE((*a)->migrate("m", kM));
  EXPECT_EQ(*(*a)->schema_version("m"), 1);
  EXPECT_EQ(*(*b)->schema_version("m"), 0);
  EXPECT_EQ((*a)->path(), ":memory:");
  auto st = (*a)->prepare("SELECT file FROM pragma_database_list WHERE name = 'main'");
  ASSERT_TRUE(st && *(*st)->step());
  const std::string on_disk = (*st)->column_string(0);
  st->reset();  // finalize before closing
  EXPECT_TRUE(std::filesystem::exists(on_disk));
  a->reset();
  EXPECT_FALSE(std::filesystem::exists(on_disk));
  EXPECT_FALSE(std::filesystem::exists(on_disk + "-wal"));
}

TEST(SqliteDatabase, BulkLoadRaisesTheCacheAndRestoresIt) {
  auto db = SqliteDatabase::open(":memory:");
  ASSERT_TRUE(db);
  EXPECT_EQ(pragma(**db, "cache_size"), "-65536");
  ASSERT_TRUE((*db)->begin_bulk_load());
  EXPECT_EQ(pragma(**db, "cache_size"), "-524288");
  ASSERT_TRUE((*db)->end_bulk_load());
  EXPECT_EQ(pragma(**db, "cache_size"), "-65536");
}

TEST(SqliteDatabase, UnopenablePathIsAnIoError) {
  auto db = SqliteDatabase::open("/nonexistent-dir/x/y.db");
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, ErrorCode::kIo);
}

}  // namespace
}  // namespace siklus::store::sqlite
