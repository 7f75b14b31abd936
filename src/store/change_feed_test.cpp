// The change feed's guarantees: ordered, at-least-once, durable position, sees other writers.

#include "store/change_feed.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "store/postgres/test_database.h"

namespace siklus::store {
namespace {

using namespace std::chrono_literals;

// Where a test's database lives: a temporary SQLite file, or a scratch PostgreSQL database when
// the test runs on that backend (skipped when no test server is configured).
class TempFile {
 public:
  explicit TempFile(const std::string& backend) {
    if (backend == "postgres") {
      auto scratch = postgres::ScratchDatabase::create();
      EXPECT_TRUE(scratch) << scratch.error().message;
      if (scratch) {
        path_ = scratch->url();
        scratch_.emplace(std::move(*scratch));
      }
      return;
    }
    static int n = 0;
    path_ = (std::filesystem::temp_directory_path() /
             ("sk_feed_test_" + std::to_string(getpid()) + "_" + std::to_string(++n) + ".db"))
                .string();
    remove();
  }
  ~TempFile() {
    if (!scratch_) remove();
  }
  const std::string& path() const { return path_; }

 private:
  void remove() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }
  std::string path_;
  std::optional<postgres::ScratchDatabase> scratch_;
};

class ChangeFeedOn : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres" && !postgres::test_server_url()) {
      GTEST_SKIP() << "no PostgreSQL test server (SIKLUS_TEST_PG_URL)";
    }
  }
};

std::shared_ptr<Database> open(const std::string& path) {
  auto db = open_database(path);
  EXPECT_TRUE(db) << (db ? "" : db.error().message);
  return std::shared_ptr<Database>(std::move(*db));
}

void write(Database& db, const std::string& entity, const std::string& id) {
  Transaction tx(db, "tester");
  ASSERT_TRUE(tx.begin());
  ASSERT_TRUE(tx.record({entity, id, "insert"}));
  ASSERT_TRUE(tx.commit());
}

// Collects what a subscriber was given, thread-safely.
struct Sink {
  std::mutex mu;
  std::vector<ChangeEvent> seen;
  ChangeFeed::Handler handler() {
    return [this](std::span<const ChangeEvent> batch) -> Status {
      std::lock_guard lock(mu);
      seen.insert(seen.end(), batch.begin(), batch.end());
      return {};
    };
  }
  std::vector<std::string> ids() {
    std::lock_guard lock(mu);
    std::vector<std::string> out;
    for (const auto& e : seen) {
      if (e.entity == "thing") out.push_back(e.id);
    }
    return out;
  }
  bool wait_for(size_t n, std::chrono::milliseconds limit) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
      if (ids().size() >= n) return true;
      std::this_thread::sleep_for(5ms);
    }
    return ids().size() >= n;
  }
};

int64_t stored_position(Database& db, const std::string& name) {
  auto st = db.prepare("SELECT seq FROM feed_position WHERE name = ?");
  (*st)->bind(1, name);
  return *(*st)->step() ? (*st)->column_int64(0) : 0;
}

TEST_P(ChangeFeedOn, DeliversEverythingInOrderInBatches) {
  TempFile file(GetParam());
  auto db = open(file.path());
  db->set_clock(std::make_shared<FixedClock>(1710095400));
  for (int i = 1; i <= 7; ++i) write(*db, "thing", std::to_string(i));

  ChangeFeed feed(db, ChangeFeed::Options{.poll = 10ms, .batch = 3});
  Sink sink;
  std::vector<size_t> batch_sizes;
  feed.subscribe("test", [&](std::span<const ChangeEvent> batch) {
    batch_sizes.push_back(batch.size());
    return sink.handler()(batch);
  });
  ASSERT_TRUE(feed.poll_once());

  EXPECT_EQ(sink.ids(), (std::vector<std::string>{"1", "2", "3", "4", "5", "6", "7"}));
  int64_t prev = 0;
  for (const auto& e : sink.seen) {
    EXPECT_GT(e.seq, prev);
    prev = e.seq;
  }
  EXPECT_EQ(sink.seen.back().actor, "tester");
  EXPECT_EQ(sink.seen.back().op, "insert");
  EXPECT_EQ(sink.seen.back().at, "2024-03-10T18:30:00Z");  // from the database's clock
  for (size_t n : batch_sizes) EXPECT_LE(n, 3u);
  EXPECT_EQ(feed.position("test"), prev);
  EXPECT_EQ(stored_position(*db, "test"), prev);
  EXPECT_EQ(feed.position("nobody"), -1);

  ASSERT_TRUE(feed.poll_once());  // nothing new: nothing delivered again
  EXPECT_EQ(sink.seen.size(), 7u);
}

TEST_P(ChangeFeedOn, ResumesFromStoredPositionAfterRestart) {
  TempFile file(GetParam());
  {
    auto db = open(file.path());
    write(*db, "thing", "1");
    write(*db, "thing", "2");
    ChangeFeed feed(db);
    Sink sink;
    feed.subscribe("index", sink.handler());
    ASSERT_TRUE(feed.poll_once());
    EXPECT_EQ(sink.ids(), (std::vector<std::string>{"1", "2"}));
    write(*db, "thing", "3");  // written while "down": not yet delivered
  }
  auto db = open(file.path());  // a new process, in effect
  write(*db, "thing", "4");
  ChangeFeed feed(db);
  Sink sink;
  feed.subscribe("index", sink.handler());
  Sink fresh;
  feed.subscribe("newcomer", fresh.handler());  // a new name starts at the beginning
  ASSERT_TRUE(feed.poll_once());
  EXPECT_EQ(sink.ids(), (std::vector<std::string>{"3", "4"}));
  EXPECT_EQ(fresh.ids(), (std::vector<std::string>{"1", "2", "3", "4"}));
}

TEST(ChangeFeed, IdRange) {
  using Range = std::pair<int64_t, int64_t>;
  EXPECT_EQ(id_range("42"), Range(42, 42));
  EXPECT_EQ(id_range("100-250"), Range(100, 250));
  EXPECT_FALSE(id_range(""));
  EXPECT_FALSE(id_range("9-3"));
  EXPECT_FALSE(id_range("2026-11-01x"));
  EXPECT_FALSE(id_range("abc"));
}

// An in-memory engine rebuilt at start follows from the head it read before the rebuild: what
// was written after that read is delivered, nothing older is replayed, whatever was stored.
TEST_P(ChangeFeedOn, SubscribeFromStartsAfterTheGivenHead) {
  TempFile file(GetParam());
  auto db = open(file.path());
  write(*db, "thing", "1");
  write(*db, "thing", "2");
  ChangeFeed feed(db);
  auto head = feed.head();
  ASSERT_TRUE(head);
  EXPECT_GE(*head, 2);
  write(*db, "thing", "3");  // during the rebuild
  Sink sink;
  feed.subscribe_from("search_index", *head, sink.handler());
  ASSERT_TRUE(feed.poll_once());
  EXPECT_EQ(sink.ids(), (std::vector<std::string>{"3"}));
}

TEST_P(ChangeFeedOn, FailedBatchIsRedeliveredAndPositionStays) {
  TempFile file(GetParam());
  auto db = open(file.path());
  write(*db, "thing", "1");
  write(*db, "thing", "2");

  ChangeFeed feed(db);
  int calls = 0;
  std::vector<std::vector<std::string>> batches;
  feed.subscribe("flaky", [&](std::span<const ChangeEvent> batch) -> Status {
    std::vector<std::string> ids;
    for (const auto& e : batch) {
      if (e.entity == "thing") ids.push_back(e.id);
    }
    batches.push_back(ids);
    if (++calls == 1) return Error::io("downstream unavailable");
    return {};
  });
  Sink healthy;
  feed.subscribe("healthy", healthy.handler());

  auto first = feed.poll_once();
  ASSERT_FALSE(first);
  EXPECT_EQ(first.error().message, "downstream unavailable");
  EXPECT_EQ(feed.position("flaky"), 0);
  EXPECT_EQ(stored_position(*db, "flaky"), 0);
  EXPECT_EQ(healthy.ids().size(), 2u);  // one failing subscriber does not hold back others

  ASSERT_TRUE(feed.poll_once());
  ASSERT_EQ(batches.size(), 2u);
  EXPECT_EQ(batches[0], batches[1]);  // the same batch again, nothing skipped
  EXPECT_EQ(batches[1], (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(feed.position("flaky"), feed.position("healthy"));
  EXPECT_EQ(stored_position(*db, "flaky"), feed.position("flaky"));
}

TEST_P(ChangeFeedOn, ThreadRetriesAFailingHandlerUntilItSucceeds) {
  TempFile file(GetParam());
  auto db = open(file.path());
  write(*db, "thing", "1");
  ChangeFeed::Options options{.poll = 5ms, .batch = 1000};
  std::atomic<int> reported{0};
  options.on_error = [&](std::string_view name, const Error&) {
    EXPECT_EQ(name, "flaky");
    ++reported;
  };
  ChangeFeed feed(db, options);
  std::atomic<int> calls{0};
  Sink sink;
  feed.subscribe("flaky", [&](std::span<const ChangeEvent> batch) -> Status {
    if (++calls <= 3) return Error::io("not yet");
    return sink.handler()(batch);
  });
  ASSERT_TRUE(feed.start());
  ASSERT_TRUE(sink.wait_for(1, 5s));
  feed.stop();
  EXPECT_EQ(sink.ids().front(), "1");
  EXPECT_EQ(reported.load(), 3);
}

TEST_P(ChangeFeedOn, SeesChangesCommittedThroughAnotherConnection) {
  TempFile file(GetParam());
  auto reader = open(file.path());
  auto writer = open(file.path());  // like a CLI import in another process
  ChangeFeed feed(reader, ChangeFeed::Options{.poll = 10ms});
  Sink sink;
  feed.subscribe("server", sink.handler());
  ASSERT_TRUE(feed.start());
  write(*writer, "thing", "1");
  ASSERT_TRUE(sink.wait_for(1, 2s));
  write(*writer, "thing", "2");
  ASSERT_TRUE(sink.wait_for(2, 2s));
  feed.stop();
  EXPECT_EQ(sink.ids(), (std::vector<std::string>{"1", "2"}));
}

TEST_P(ChangeFeedOn, StopIsPromptEvenWithALongPollInterval) {
  TempFile file(GetParam());
  auto db = open(file.path());
  ChangeFeed feed(db, ChangeFeed::Options{.poll = 60s});
  Sink sink;
  feed.subscribe("slow", sink.handler());
  ASSERT_TRUE(feed.start());
  std::this_thread::sleep_for(20ms);  // let it go to sleep
  const auto t0 = std::chrono::steady_clock::now();
  feed.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 500ms);
  feed.stop();                              // idempotent
  EXPECT_TRUE(ChangeFeed(db).poll_once());  // no subscribers: nothing to do
}

TEST_P(ChangeFeedOn, DestructorStopsARunningFeed) {
  TempFile file(GetParam());
  auto db = open(file.path());
  const auto t0 = std::chrono::steady_clock::now();
  {
    ChangeFeed feed(db, ChangeFeed::Options{.poll = 60s});
    feed.subscribe("x", [](std::span<const ChangeEvent>) -> Status { return {}; });
    ASSERT_TRUE(feed.start());
    EXPECT_FALSE(feed.start());  // twice is a bug
    EXPECT_THROW(feed.subscribe("late", nullptr), std::logic_error);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 500ms);
}

INSTANTIATE_TEST_SUITE_P(Backends, ChangeFeedOn, ::testing::Values("sqlite", "postgres"),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace siklus::store
