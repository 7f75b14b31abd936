// Storage contract: what every backend must do. Parameterized by a factory: SQLite always, and
// PostgreSQL when a test server is configured (SIKLUS_TEST_PG_URL or PGHOST; skipped otherwise).

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "store/database.h"
#include "store/postgres/test_database.h"

namespace siklus::store {
namespace {

struct Backend {
  std::string name;
  std::function<std::unique_ptr<Database>()> make;
};

// gtest names the parameter in test listings; without this it dumps the struct's bytes.
void PrintTo(const Backend& b, std::ostream* os) { *os << b.name; }

std::string temp_db_path() {
  static int n = 0;
  return (std::filesystem::temp_directory_path() /
          ("sk_store_test_" + std::to_string(getpid()) + "_" + std::to_string(++n) + ".db"))
      .string();
}

// The scratch PostgreSQL databases of the running test, dropped in TearDown.
std::vector<postgres::ScratchDatabase>& scratch_databases() {
  static std::vector<postgres::ScratchDatabase> all;
  return all;
}

const Backend kBackends[] = {
    {"sqlite_memory", [] { return open_database(":memory:").value(); }},
    {"sqlite_file",
     [] {
       const std::string p = temp_db_path();
       std::remove(p.c_str());
       return open_database(p).value();
     }},
    {"sqlite_url",
     [] {
       const std::string p = temp_db_path();
       std::remove(p.c_str());
       return open_database("sqlite://" + p).value();
     }},
    {"postgres",
     []() -> std::unique_ptr<Database> {
       if (!postgres::test_server_url()) return nullptr;
       auto scratch = postgres::ScratchDatabase::create();
       if (!scratch) {
         ADD_FAILURE() << scratch.error().message;
         return nullptr;
       }
       auto db = open_database(scratch->url(), {.pool_size = 4});
       scratch_databases().push_back(std::move(*scratch));
       if (!db) ADD_FAILURE() << db.error().message;
       return db ? std::move(*db) : nullptr;
     }},
};

constexpr Migration kMigrations[] = {
    {1, "things",
     "CREATE TABLE thing (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
     "weight REAL, note TEXT);"},
    {2, "parts",
     "CREATE TABLE part (id INTEGER PRIMARY KEY, thing_id INTEGER NOT NULL "
     "REFERENCES thing(id), label TEXT);"},
};

class StoreContract : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = GetParam().make();
    if (!db_ && !HasFailure()) GTEST_SKIP() << "no PostgreSQL test server (SIKLUS_TEST_PG_URL)";
    ASSERT_TRUE(db_);
    ASSERT_TRUE(db_->migrate("test", kMigrations));
  }
  void TearDown() override {
    db_.reset();
    scratch_databases().clear();
  }
  int64_t count(const std::string& table) {
    auto st = db_->prepare("SELECT COUNT(*) FROM " + table);
    EXPECT_TRUE(st);
    EXPECT_TRUE(*(*st)->step());
    return (*st)->column_int64(0);
  }
  std::unique_ptr<Database> db_;
};

TEST_P(StoreContract, MigrationsApplyOnceInOrder) {
  EXPECT_EQ(*db_->schema_version("test"), 2);
  ASSERT_TRUE(db_->migrate("test", kMigrations));  // idempotent
  EXPECT_EQ(*db_->schema_version("test"), 2);
  EXPECT_EQ(*db_->schema_version("other"), 0);
  constexpr Migration kGap[] = {{4, "gap", "CREATE TABLE x (a INTEGER);"}};
  EXPECT_FALSE(db_->migrate("test", kGap));
}

TEST_P(StoreContract, DatabaseFromANewerBinaryIsRefused) {
  constexpr Migration kOlder[] = {kMigrations[0]};
  auto s = db_->migrate("test", kOlder);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kConflict);
  EXPECT_NE(s.error().message.find("newer"), std::string::npos) << s.error().message;
}

TEST_P(StoreContract, FailingStatementLeavesTheTransactionUsable) {
  Transaction tx(*db_, "tester");
  ASSERT_TRUE(tx.begin());
  ASSERT_TRUE(db_->exec("INSERT INTO thing (name) VALUES ('first')"));
  EXPECT_FALSE(db_->exec("INSERT INTO thing (name) VALUES ('first')"));
  EXPECT_FALSE(db_->prepare("SELECT no_such_column FROM thing"));
  ASSERT_TRUE(db_->exec("INSERT INTO thing (name) VALUES ('second')"));
  ASSERT_TRUE(tx.record({"thing", "first", "insert"}));
  ASSERT_TRUE(tx.commit());
  EXPECT_EQ(count("thing"), 2);
}

TEST_P(StoreContract, ReadsBackBooleansAndAggregatesAsNumbers) {
  auto st = db_->prepare("SELECT 1 = 1, 1 = 2, COUNT(*), SUM(id), AVG(weight) FROM thing");
  ASSERT_TRUE(st);
  ASSERT_TRUE(*(*st)->step());
  EXPECT_EQ((*st)->column_int64(0), 1);
  EXPECT_EQ((*st)->column_int64(1), 0);
  EXPECT_EQ((*st)->column_int64(2), 0);
  EXPECT_TRUE((*st)->is_null(3));
}

TEST_P(StoreContract, FailedMigrationLeavesNothing) {
  constexpr Migration kBad[] = {
      {1, "ok then bad", "CREATE TABLE y (a INTEGER); CREATE TABLE y (a INTEGER);"}};
  EXPECT_FALSE(db_->migrate("bad", kBad));
  EXPECT_EQ(*db_->schema_version("bad"), 0);
  EXPECT_FALSE(db_->prepare("SELECT a FROM y"));  // the first statement was rolled back too
}

TEST_P(StoreContract, BindStepColumnRoundTrip) {
  Transaction tx(*db_, "tester");
  ASSERT_TRUE(tx.begin());
  auto ins = db_->prepare("INSERT INTO thing (name, weight, note) VALUES (?, ?, ?) RETURNING id");
  ASSERT_TRUE(ins);
  (*ins)->bind(1, "a,\"b\" ü").bind(2, 1.5).bind_null(3);
  ASSERT_TRUE(*(*ins)->step());
  const int64_t id = (*ins)->column_int64(0);
  ASSERT_TRUE((*ins)->run());  // drain
  ASSERT_TRUE(tx.record({"thing", std::to_string(id), "insert"}));
  ASSERT_TRUE(tx.commit());

  auto sel = db_->prepare("SELECT name, weight, note, id FROM thing WHERE id = ?");
  ASSERT_TRUE(sel);
  (*sel)->bind(1, id);
  ASSERT_TRUE(*(*sel)->step());
  EXPECT_EQ((*sel)->column_text(0), "a,\"b\" ü");
  EXPECT_DOUBLE_EQ((*sel)->column_double(1), 1.5);
  EXPECT_TRUE((*sel)->is_null(2));
  EXPECT_EQ((*sel)->column_int64(3), id);
  EXPECT_FALSE(*(*sel)->step());
  // Rebinding after a finished step re-executes.
  (*sel)->bind(1, int64_t{999});
  EXPECT_FALSE(*(*sel)->step());
}

TEST_P(StoreContract, UncommittedTransactionRollsBack) {
  {
    Transaction tx(*db_, "tester");
    ASSERT_TRUE(tx.begin());
    ASSERT_TRUE(db_->exec("INSERT INTO thing (name) VALUES ('gone')"));
    ASSERT_TRUE(tx.record({"thing", "1", "insert"}));
  }  // destroyed without commit
  EXPECT_EQ(count("thing"), 0);
  EXPECT_EQ(count("change_log WHERE entity = 'thing'"), 0);
}

TEST_P(StoreContract, CommitWithoutChangeLogIsRefused) {
  Transaction tx(*db_, "tester");
  ASSERT_TRUE(tx.begin());
  ASSERT_TRUE(db_->exec("INSERT INTO thing (name) VALUES ('unlogged')"));
  auto s = tx.commit();
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kInternal);
  EXPECT_EQ(count("thing"), 0);
}

TEST_P(StoreContract, ChangeLogIsOrderedAndCarriesActor) {
  for (int i = 0; i < 3; ++i) {
    Transaction tx(*db_, "user" + std::to_string(i));
    ASSERT_TRUE(tx.begin());
    auto ins = db_->prepare("INSERT INTO thing (name) VALUES (?)");
    (*ins)->bind(1, "t" + std::to_string(i));
    ASSERT_TRUE((*ins)->run());
    ASSERT_TRUE(tx.record({"thing", std::to_string(db_->last_insert_id()), "insert"}));
    ASSERT_TRUE(tx.commit());
  }
  auto st = db_->prepare(
      "SELECT seq, entity_id, actor, op, at FROM change_log WHERE entity = 'thing' ORDER BY seq");
  int64_t prev = 0;
  int n = 0;
  while (*(*st)->step()) {
    EXPECT_GT((*st)->column_int64(0), prev);
    prev = (*st)->column_int64(0);
    EXPECT_EQ((*st)->column_string(2), "user" + std::to_string(n));
    EXPECT_EQ((*st)->column_string(3), "insert");
    EXPECT_FALSE((*st)->column_text(4).empty());
    ++n;
  }
  EXPECT_EQ(n, 3);
}

TEST_P(StoreContract, ConstraintViolationsAreConflicts) {
  Transaction tx(*db_, "tester");
  ASSERT_TRUE(tx.begin());
  ASSERT_TRUE(db_->exec("INSERT INTO thing (name) VALUES ('dup')"));
  auto again = db_->exec("INSERT INTO thing (name) VALUES ('dup')");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  auto st = db_->prepare("INSERT INTO part (thing_id, label) VALUES (?, 'orphan')");
  (*st)->bind(1, int64_t{424242});
  auto fk = (*st)->run();
  ASSERT_FALSE(fk);  // foreign keys are enforced
  EXPECT_EQ(fk.error().code, ErrorCode::kConflict);
}

TEST_P(StoreContract, NestedBeginIsABug) {
  Transaction a(*db_, "a");
  ASSERT_TRUE(a.begin());
  Transaction b(*db_, "b");
  EXPECT_FALSE(b.begin());
}

TEST_P(StoreContract, SyntaxErrorIsAnError) {
  EXPECT_FALSE(db_->prepare("SELEC nonsense"));
  EXPECT_FALSE(db_->exec("DROP TABLE no_such_table"));
}

TEST_P(StoreContract, TimestampsComeFromTheDatabaseClock) {
  auto fresh = GetParam().make();
  fresh->set_clock(std::make_shared<FixedClock>(1710095400));
  ASSERT_TRUE(fresh->migrate("test", kMigrations));
  Transaction tx(*fresh, "tester");
  ASSERT_TRUE(tx.begin());
  ASSERT_TRUE(tx.record({"thing", "1", "insert"}));
  ASSERT_TRUE(tx.commit());
  for (const char* sql : {"SELECT at FROM change_log WHERE entity = 'thing'",
                          "SELECT applied_at FROM schema_migrations WHERE module = 'test'"}) {
    auto st = fresh->prepare(sql);
    ASSERT_TRUE(st && *(*st)->step()) << sql;
    EXPECT_EQ((*st)->column_text(0), "2024-03-10T18:30:00Z") << sql;
  }
}

TEST_P(StoreContract, InsertOnConflictDoNothingKeepsTheFirstRow) {
  Transaction tx(*db_, "tester");
  ASSERT_TRUE(tx.begin());
  auto ins = db_->prepare("INSERT INTO thing (name, note) VALUES (?, ?) ON CONFLICT DO NOTHING");
  ASSERT_TRUE(ins);
  (*ins)->bind(1, "same").bind(2, "first");
  ASSERT_TRUE((*ins)->run());
  (*ins)->bind(1, "same").bind(2, "second");
  ASSERT_TRUE((*ins)->run());  // no conflict error
  ASSERT_TRUE(tx.record({"thing", "same", "insert"}));
  ASSERT_TRUE(tx.commit());
  EXPECT_EQ(count("thing"), 1);
  EXPECT_EQ(count("thing WHERE note = 'first'"), 1);
}

TEST_P(StoreContract, AppendOnlyTableRefusesUpdateAndDelete) {
  ASSERT_TRUE(make_append_only(*db_, "thing"));
  ASSERT_TRUE(make_append_only(*db_, "thing"));  // idempotent
  EXPECT_FALSE(make_append_only(*db_, "thing; DROP TABLE part"));
  Transaction tx(*db_, "tester");
  ASSERT_TRUE(tx.begin());
  ASSERT_TRUE(db_->exec("INSERT INTO thing (name) VALUES ('kept')"));  // appending is fine
  auto up = db_->exec("UPDATE thing SET note = 'changed'");
  ASSERT_FALSE(up);
  EXPECT_EQ(up.error().code, ErrorCode::kConflict);
  EXPECT_NE(up.error().message.find("thing is append-only"), std::string::npos);
  auto del = db_->exec("DELETE FROM thing");
  ASSERT_FALSE(del);
  EXPECT_EQ(del.error().code, ErrorCode::kConflict);
  ASSERT_TRUE(tx.record({"thing", "kept", "insert"}));
  ASSERT_TRUE(tx.commit());
  EXPECT_EQ(count("thing"), 1);
}

TEST_P(StoreContract, BulkLoadModeBracketsOrdinaryWrites) {
  ASSERT_TRUE(db_->begin_bulk_load());
  for (int batch = 0; batch < 3; ++batch) {
    Transaction tx(*db_, "import");
    ASSERT_TRUE(tx.begin());
    auto ins = db_->prepare("INSERT INTO thing (name) VALUES (?)");
    for (int i = 0; i < 100; ++i) {
      (*ins)->bind(1, "t" + std::to_string(batch * 100 + i));
      ASSERT_TRUE((*ins)->run());
    }
    ASSERT_TRUE(tx.record(
        {"thing", std::to_string(batch * 100) + "-" + std::to_string(batch * 100 + 99), "import"}));
    ASSERT_TRUE(tx.commit());
  }
  ASSERT_TRUE(db_->end_bulk_load());
  EXPECT_EQ(count("thing"), 300);
}

// One Database shared by threads: readers see only whole transactions, never go backwards, and
// are not blocked out by the writer; every write lands.
TEST_P(StoreContract, ThreadsReadWhileOneWrites) {
  constexpr int kWrites = 30;
  std::atomic<bool> done{false};
  std::atomic<int> reads{0}, torn{0}, backwards{0}, failed{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&] {
      int64_t last = 0;
      while (!done.load()) {
        auto st = db_->prepare("SELECT COUNT(*) FROM thing");
        auto row = st ? (*st)->step() : Result<bool>(st.error());
        if (!row || !*row) {
          ++failed;
          continue;
        }
        const int64_t n = (*st)->column_int64(0);
        torn += n % 2 != 0;  // every transaction writes two rows
        backwards += n < last;
        last = n;
        ++reads;
      }
    });
  }
  std::thread writer([&] {
    for (int i = 0; i < kWrites; ++i) {
      Transaction tx(*db_, "writer");
      auto ins = db_->prepare("INSERT INTO thing (name) VALUES (?)");
      const bool ok = tx.begin() && ins && (*ins)->bind(1, "a" + std::to_string(i)).run() &&
                      (*ins)->bind(1, "b" + std::to_string(i)).run() &&
                      tx.record({"thing", std::to_string(db_->last_insert_id()), "insert"}) &&
                      tx.commit();
      failed += !ok;
    }
  });
  writer.join();
  done = true;
  for (auto& t : readers) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(torn.load(), 0);
  EXPECT_EQ(backwards.load(), 0);
  EXPECT_GT(reads.load(), 0);
  EXPECT_EQ(count("thing"), 2 * kWrites);
}

// PostgreSQL only: sessions the server ends (a restart, an administrator) fail their request as
// kBusy with store.unavailable (HTTP 503), the pool reconnects for the next one, and a transaction
// cut off half-way leaves nothing behind.
TEST(PostgresFaults, EndedSessionsFailAsUnavailableAndThePoolReconnects) {
  if (!postgres::test_server_url()) GTEST_SKIP() << "no PostgreSQL test server";
  auto scratch = postgres::ScratchDatabase::create();
  ASSERT_TRUE(scratch) << scratch.error().message;
  auto db = open_database(scratch->url(), {.pool_size = 2});
  auto admin = open_database(scratch->url(), {.pool_size = 1});
  ASSERT_TRUE(db && admin);
  ASSERT_TRUE((*db)->migrate("test", kMigrations));
  auto end_sessions = [&] {
    auto st = (*admin)->prepare(
        "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = "
        "current_database() AND pid <> pg_backend_pid()");
    ASSERT_TRUE(st);
    ASSERT_TRUE(*(*st)->step());
    EXPECT_GE((*st)->column_int64(0), 1);
  };
  auto count_things = [&]() -> Result<int64_t> {
    auto st = (*db)->prepare("SELECT COUNT(*) FROM thing");
    if (!st) return st.error();
    auto row = (*st)->step();
    if (!row) return row.error();
    return (*st)->column_int64(0);
  };
  ASSERT_TRUE(count_things());

  end_sessions();  // between requests: the idle session is dead
  auto failed = count_things();
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, ErrorCode::kBusy);
  EXPECT_EQ(failed.error().message_id, "store.unavailable");
  auto again = count_things();
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(*again, 0);

  {
    Transaction tx(**db, "tester");
    ASSERT_TRUE(tx.begin());
    ASSERT_TRUE((*db)->exec("INSERT INTO thing (name) VALUES ('half')"));
    end_sessions();  // in the middle of a write
    auto rec = tx.record({"thing", "half", "insert"});
    EXPECT_FALSE(rec && tx.commit());
  }
  auto after = count_things();
  ASSERT_TRUE(after) << after.error().message;
  EXPECT_EQ(*after, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreContract, ::testing::ValuesIn(kBackends),
                         [](const auto& p) { return p.param.name; });

}  // namespace
}  // namespace siklus::store
