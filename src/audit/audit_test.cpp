// The audit log on SQLite :memory:: append, filters, paging, append-only, and adopting the table
// of an older database.

#include "audit/audit.h"

#include <gtest/gtest.h>

#include "audit/audit_json.h"

namespace siklus::audit {
namespace {

identity::User user(int64_t id, const std::string& name) {
  identity::User u;
  u.id = id;
  u.username = name;
  return u;
}

class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::shared_ptr<store::Database>(store::open_database(":memory:").value());
    Options o;
    o.now = [this] { return now_; };
    auto log = AuditLog::open(db_, o);
    ASSERT_TRUE(log) << log.error().message;
    log_ = std::move(*log);
  }
  std::shared_ptr<store::Database> db_;
  std::unique_ptr<AuditLog> log_;
  int64_t now_ = 1'764'633'600;  // 2025-12-02T00:00:00Z
};

TEST_F(AuditTest, RecordsAndFilters) {
  ASSERT_TRUE(log_->record(user(1, "siti"), {"read", "person", 42, "3371011008", "", {}}));
  now_ += 86400;  // 2025-12-03
  ASSERT_TRUE(log_->record(user(2, "budi"), {"search", "people", {}, "", "q=rina", 3}));
  ASSERT_TRUE(log_->record(user(0, "ghost"), {"login_failed", "session", {}, "", "client=x", {}}));
  auto all = log_->query({});
  ASSERT_TRUE(all);
  ASSERT_EQ(all->total, 3);
  EXPECT_EQ(all->entries[0].action, "login_failed");  // newest first
  EXPECT_FALSE(all->entries[0].user_id);
  EXPECT_EQ(all->entries[1].count, 3);
  EXPECT_EQ(all->entries[2].person_id, 42);
  EXPECT_EQ(all->entries[2].at, "2025-12-02T00:00:00Z");
  EXPECT_EQ(log_->query({.user = "siti"})->total, 1);
  EXPECT_EQ(log_->query({.person_id = 42})->total, 1);
  EXPECT_EQ(log_->query({.since = "2025-12-03"})->total, 2);
  EXPECT_EQ(log_->query({.until = "2025-12-02"})->total, 1);  // the whole day
  EXPECT_EQ(log_->query({.until = "2025-12-02T00:00:00Z"})->total, 1);
  EXPECT_EQ(log_->query({.action = "search"})->total, 1);
  auto paged = log_->query({.page = 2, .page_size = 2});
  ASSERT_TRUE(paged);
  EXPECT_EQ(paged->entries.size(), 1u);
  EXPECT_EQ(log_->query({.since = "yesterday"}).error().field, "since");
  EXPECT_EQ(log_->query({.page_size = 0}).error().field, "page_size");
  auto json = to_json(*all);
  EXPECT_EQ(json["entries"][1]["object"], "people");
  EXPECT_EQ(json["total"], 3);
}

TEST_F(AuditTest, IsAppendOnly) {
  ASSERT_TRUE(log_->record(user(1, "siti"), {"read", "person", 42, "", "", {}}));
  EXPECT_FALSE(db_->exec("UPDATE audit_log SET username = 'x'"));
  EXPECT_FALSE(db_->exec("DELETE FROM audit_log"));
  EXPECT_EQ(log_->query({})->total, 1);
}

TEST(AuditMigration, AdoptsTheTableOfAnOlderDatabase) {
  auto db = std::shared_ptr<store::Database>(store::open_database(":memory:").value());
  ASSERT_TRUE(db->exec(R"sql(
    CREATE TABLE audit_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL,
      user_id INTEGER, username TEXT NOT NULL, action TEXT NOT NULL, person_id INTEGER,
      detail TEXT NOT NULL DEFAULT '');
    INSERT INTO audit_log (at, user_id, username, action, person_id, detail)
      VALUES ('2025-01-01T00:00:00Z', 1, 'admin', 'read', 5, '');)sql"));
  auto log = AuditLog::open(db);
  ASSERT_TRUE(log) << log.error().message;
  auto page = (*log)->query({});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->total, 1);
  EXPECT_EQ(page->entries[0].object, "");
  EXPECT_FALSE(db->exec("DELETE FROM audit_log"));
  // Opening again changes nothing.
  EXPECT_TRUE(AuditLog::open(db));
}

}  // namespace
}  // namespace siklus::audit
