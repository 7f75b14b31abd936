// SQLite-specific: durability settings (issue 8), reopening a file, one connection per thread.

#include "store/sqlite/sqlite_database.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <mutex>
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

int64_t count_rows(Database& db) {
  auto st = db.prepare("SELECT COUNT(*) FROM t");
  EXPECT_TRUE(st);
  auto row = (*st)->step();
  EXPECT_TRUE(row && *row);
  return (*st)->column_int64(0);
}

// Readers on their own connections see only whole transactions and are never blocked by the
// writer (WAL); the writer's transactions all land.
TEST(SqliteDatabase, ManyThreadsReadWhileOneWrites) {
  for (const std::string& path : {temp_path("concurrent"), std::string(":memory:")}) {
    SCOPED_TRACE(path);
    auto opened = SqliteDatabase::open(path);
    ASSERT_TRUE(opened);
    std::shared_ptr<SqliteDatabase> db = std::move(*opened);
    constexpr Migration kM[] = {{1, "t", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);"}};
    ASSERT_TRUE(db->migrate("m", kM));

    constexpr int kWrites = 40;
    std::atomic<bool> done{false};
    std::atomic<int> reads{0}, torn{0}, backwards{0}, failed{0};
    std::vector<std::thread> readers;
    for (int r = 0; r < 4; ++r) {
      readers.emplace_back([&] {
        int64_t last = 0;
        while (!done.load()) {
          auto st = db->prepare("SELECT COUNT(*) FROM t");
          if (!st || !*(*st)->step()) {
            ++failed;
            continue;
          }
          const int64_t n = (*st)->column_int64(0);
          if (n % 2 != 0) ++torn;  // every transaction writes two rows
          if (n < last) ++backwards;
          last = n;
          ++reads;
        }
      });
    }
    std::thread writer([&] {
      for (int i = 0; i < kWrites; ++i) {
        Transaction tx(*db, "writer");
        if (!tx.begin()) {
          ++failed;
          continue;
        }
        bool ok =
            db->exec("INSERT INTO t (v) VALUES ('a'); INSERT INTO t (v) VALUES ('b');").has_value();
        ok = ok && tx.record({"t", std::to_string(db->last_insert_id()), "insert"}).has_value();
        if (!ok || !tx.commit()) ++failed;
      }
    });
    writer.join();
    done = true;
    for (auto& t : readers) t.join();

    EXPECT_EQ(failed.load(), 0);
    EXPECT_EQ(torn.load(), 0);
    EXPECT_EQ(backwards.load(), 0);
    EXPECT_GT(reads.load(), 0);
    EXPECT_EQ(count_rows(*db), 2 * kWrites);
    EXPECT_EQ(db->connection_count(), 6u);  // opener + writer + 4 readers
    if (path != ":memory:") {
      db.reset();
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    }
  }
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
