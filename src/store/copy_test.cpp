// Backups, restores and backend-to-backend copies keep every table, row for row.

#include "store/copy.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <optional>
#include <thread>

#include "store/postgres/test_database.h"

namespace siklus::store {
namespace {

namespace fs = std::filesystem;

constexpr Migration kMigrations[] = {
    {1, "things",
     "CREATE TABLE thing (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, weight REAL, "
     "note TEXT);"
     "CREATE TABLE part (id INTEGER PRIMARY KEY, thing_id INTEGER NOT NULL REFERENCES thing(id), "
     "label TEXT);"},
};

std::string temp_path(const std::string& what) {
  static int n = 0;
  const fs::path p = fs::temp_directory_path() / ("sk_copy_test_" + std::to_string(getpid()) + "_" +
                                                  std::to_string(++n) + "_" + what);
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(p.string() + suffix);
  return p.string();
}

std::unique_ptr<Database> open_migrated(const std::string& url) {
  auto db = open_database(url);
  EXPECT_TRUE(db) << (db ? "" : db.error().message);
  if (!db) return nullptr;
  EXPECT_TRUE((*db)->migrate("test", kMigrations));
  return std::move(*db);
}

// Things with parts, NULLs, fractions, quotes and non-ASCII text, one transaction each.
void fill(Database& db, int from, int count) {
  for (int i = from; i < from + count; ++i) {
    Transaction tx(db, "tester");
    ASSERT_TRUE(tx.begin());
    auto ins = db.prepare("INSERT INTO thing (name, weight, note) VALUES (?, ?, ?) RETURNING id");
    ASSERT_TRUE(ins);
    (*ins)->bind(1, "thing " + std::to_string(i) + " 'ü'").bind(2, i * 0.1);
    if (i % 3) (*ins)->bind(3, std::to_string(i) + ".0");
    ASSERT_TRUE(*(*ins)->step());
    const int64_t id = (*ins)->column_int64(0);
    ASSERT_TRUE((*ins)->run());
    auto part = db.prepare("INSERT INTO part (thing_id, label) VALUES (?, ?)");
    (*part)->bind(1, id).bind(2, "part of " + std::to_string(i));
    ASSERT_TRUE((*part)->run());
    ASSERT_TRUE(tx.record({"thing", std::to_string(id), "insert"}));
    ASSERT_TRUE(tx.commit());
  }
}

int64_t count(Database& db, const std::string& what) {
  auto st = db.prepare("SELECT COUNT(*) FROM " + what);
  EXPECT_TRUE(st && *(*st)->step());
  return (*st)->column_int64(0);
}

TEST(StoreCopy, TablesComeParentsFirst) {
  const std::string path = temp_path("order.db");
  auto db = open_migrated(path);
  auto tables = list_tables(*db);
  ASSERT_TRUE(tables);
  auto at = [&](const std::string& t) {
    return std::find(tables->begin(), tables->end(), t) - tables->begin();
  };
  EXPECT_LT(at("thing"), at("part"));
  EXPECT_LT(at("change_log"), static_cast<long>(tables->size()));
}

void copy_and_compare(const std::string& to_url) {
  const std::string path = temp_path("source.db");
  auto source = open_migrated(path);
  fill(*source, 0, 40);
  auto dest = open_migrated(to_url);
  ASSERT_TRUE(dest);
  auto copied = copy_database(*source, *dest);
  ASSERT_TRUE(copied) << copied.error().message;
  auto a = summarize(*source);
  auto b = summarize(*dest);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(count(*dest, "part"), 40);
  // New rows after the copy get fresh ids (identities go on after the copied ones).
  fill(*dest, 100, 2);
  EXPECT_EQ(count(*dest, "thing"), 42);
  // A second copy into a database that holds data is refused.
  auto again = copy_database(*source, *dest);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
}

TEST(StoreCopy, SqliteToSqliteKeepsEveryTable) { copy_and_compare(temp_path("dest.db")); }

TEST(StoreCopy, SqliteToPostgresKeepsEveryTable) {
  if (!postgres::test_server_url()) GTEST_SKIP() << "no PostgreSQL test server";
  auto scratch = postgres::ScratchDatabase::create();
  ASSERT_TRUE(scratch) << scratch.error().message;
  copy_and_compare(scratch->url());
}

// Backed up while a writer keeps committing: the restored copy is one consistent moment (every
// thing has its part and its change log entry), and a quiet database comes back identical.
void backup_under_load(const std::string& url, const std::string& restore_url) {
  auto db = open_migrated(url);
  ASSERT_TRUE(db);
  fill(*db, 0, 20);
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int i = 1000; !stop.load() && i < 3000; ++i) fill(*db, i, 1);
  });
  const std::string file = temp_path("backup");
  auto s = backup(*db, url, file);
  stop = true;
  writer.join();
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_TRUE(restore(file, restore_url));
  {
    auto restored = open_database(restore_url);
    ASSERT_TRUE(restored) << restored.error().message;
    const int64_t things = count(**restored, "thing");
    EXPECT_GE(things, 20);
    EXPECT_EQ(count(**restored, "part"), things);
    EXPECT_EQ(count(**restored, "change_log WHERE entity = 'thing'"), things);
  }
  // Quiet now: a second backup restores to exactly the source.
  const std::string file2 = temp_path("backup2");
  ASSERT_TRUE(backup(*db, url, file2));
  fs::remove(file);
  fs::remove(file2 + ".partial");
  EXPECT_FALSE(fs::exists(file2 + ".partial"));
  std::string second_url;
  std::optional<postgres::ScratchDatabase> scratch;
  if (is_postgres_url(url)) {
    auto sc = postgres::ScratchDatabase::create();
    ASSERT_TRUE(sc);
    scratch.emplace(std::move(*sc));
    second_url = scratch->url();
  } else {
    second_url = temp_path("restored2.db");
  }
  ASSERT_TRUE(restore(file2, second_url));
  auto restored = open_database(second_url);
  ASSERT_TRUE(restored);
  auto a = summarize(*db);
  auto b = summarize(**restored);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(*a, *b);
  restored->reset();
  fs::remove(file2);
}

TEST(StoreCopy, SqliteBackupUnderWriteLoadRestores) {
  backup_under_load(temp_path("live.db"), temp_path("restored.db"));
}

TEST(StoreCopy, PostgresBackupUnderWriteLoadRestores) {
  if (!postgres::test_server_url()) GTEST_SKIP() << "no PostgreSQL test server";
  auto live = postgres::ScratchDatabase::create();
  auto target = postgres::ScratchDatabase::create();
  ASSERT_TRUE(live && target);
  backup_under_load(live->url(), target->url());
}

TEST(StoreCopy, RestoreRefusesTheWrongKindAndExistingFiles) {
  const std::string path = temp_path("kind.db");
  auto db = open_migrated(path);
  const std::string file = temp_path("kind.backup");
  ASSERT_TRUE(backup(*db, path, file));
  EXPECT_FALSE(restore(file, "postgresql://nobody@127.0.0.1:1/x"));
  EXPECT_FALSE(restore(file, path));  // exists
  const std::string junk = temp_path("junk");
  std::ofstream(junk) << "not a backup";
  EXPECT_FALSE(restore(junk, temp_path("new.db")));
}

}  // namespace
}  // namespace siklus::store
