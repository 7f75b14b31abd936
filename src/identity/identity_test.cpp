// identity on SQLite :memory:: the password policy, the login guard (a locked pair does not lock
// the owner out elsewhere; the global cap), sessions, and adopting tables of an older database.

#include <gtest/gtest.h>

#include "identity/accounts.h"
#include "identity/login_guard.h"
#include "identity/password_policy.h"

namespace siklus::identity {
namespace {

constexpr const char* kGood = "kuda-lari-di-sawah";

TEST(PasswordPolicy, RefusesWeakPasswordsNamingTheField) {
  for (const char* weak : {"password", "12345678", "        ", "            ", "short1",
                           "aaaaaaaaaaaaaaaa", "qwertyuiop", "Password", "a b c d e f g"}) {
    auto s = check_password(weak, "siti");
    ASSERT_FALSE(s) << weak;
    EXPECT_EQ(s.error().field, "password") << weak;
  }
  EXPECT_FALSE(check_password("siti", "siti"));
  EXPECT_FALSE(check_password("xx-SITI-is-the-owner-xx", "siti"));  // contains the username
  EXPECT_FALSE(check_password(std::string(1025, 'x') + "abcde", "siti"));
  EXPECT_TRUE(check_password(kGood, "siti"));
  EXPECT_TRUE(check_password("kuda lari ke sawah", "siti"));  // a passphrase of 4 words
  EXPECT_TRUE(check_password("ayo ke pasar baru", "siti"));
  EXPECT_TRUE(is_common_password("PASSWORD"));
  EXPECT_FALSE(is_common_password(kGood));
}

TEST(PasswordPolicy, Usernames) {
  EXPECT_TRUE(check_username("siti.r_1"));
  EXPECT_EQ(check_username("x").error().field, "username");
  EXPECT_FALSE(check_username("siti rahma"));
  EXPECT_FALSE(check_username(std::string(65, 'a')));
}

TEST(LoginGuard, LockedPairDoesNotLockTheOwnerOutElsewhere) {
  LoginGuard g;
  const int64_t t = 1'000'000;
  for (int i = 0; i < 6; ++i) g.failed("10.0.0.66", "siti", t);
  EXPECT_GT(g.wait("10.0.0.66", "siti", t), 0);  // the attacker's pair waits
  EXPECT_EQ(g.wait("10.0.0.7", "siti", t), 0);   // the owner at her address does not
  EXPECT_EQ(g.wait("10.0.0.66", "budi", t), 0);  // nor another user at the attacker's address
  g.succeeded("10.0.0.7", "siti");
  EXPECT_GT(g.wait("10.0.0.66", "siti", t), 0);
}

TEST(LoginGuard, AddressSprayingUsernamesIsSlowed) {
  LoginGuard g;
  const int64_t t = 2'000'000;
  for (int i = 0; i < 11; ++i) g.failed("10.0.0.66", "user" + std::to_string(i), t);
  EXPECT_GT(g.wait("10.0.0.66", "someone-else", t), 0);
  EXPECT_EQ(g.wait("10.0.0.67", "someone-else", t), 0);
}

TEST(LoginGuard, GlobalCapLetsKnownPairsThrough) {
  LoginGuardOptions o;
  o.global_failures_per_minute = 5;
  LoginGuard g(o);
  const int64_t t = 60 * 1000;  // start of a minute
  g.succeeded("10.0.0.7", "siti");
  for (int i = 0; i < 5; ++i) g.failed("10.1.0." + std::to_string(i), "siti", t);
  EXPECT_GT(g.wait("10.2.0.1", "siti", t + 1), 0);  // a new address waits for the next minute
  EXPECT_LE(g.wait("10.2.0.1", "siti", t + 1), 59);
  EXPECT_EQ(g.wait("10.0.0.7", "siti", t + 1), 0);   // the owner's known pair goes ahead
  EXPECT_EQ(g.wait("10.2.0.1", "siti", t + 60), 0);  // a new minute, a new budget
}

class AccountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::shared_ptr<store::Database>(store::open_database(":memory:").value());
    AccountsOptions o;
    o.now = [this] { return now_; };
    o.scope_name = [](const User& u) { return "scope " + u.scope; };
    auto a = Accounts::open(db_, o);
    ASSERT_TRUE(a) << a.error().message;
    accounts_ = std::move(*a);
  }
  std::shared_ptr<store::Database> db_;
  std::unique_ptr<Accounts> accounts_;
  int64_t now_ = 1'700'000'000;
};

TEST_F(AccountsTest, AddLoginSessionLogout) {
  auto u = accounts_->add_user({"siti", kGood, Role::kPuskesmas, "2", "Siti"});
  ASSERT_TRUE(u) << u.error().message;
  EXPECT_EQ(u->scope_name, "scope 2");
  EXPECT_EQ(accounts_->add_user({"siti", kGood, Role::kKader, "4", ""}).error().code,
            ErrorCode::kConflict);
  EXPECT_EQ(accounts_->add_user({"budi", "password", Role::kKader, "4", ""}).error().field,
            "password");
  auto s = accounts_->login({"siti", kGood, "10.0.0.1"});
  ASSERT_TRUE(s);
  EXPECT_EQ(accounts_->session(s->token)->user.username, "siti");
  // Wrong passwords from one address: that pair is throttled, the owner elsewhere is not.
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(accounts_->login({"siti", "wrong-guess-here", "10.0.0.66"}).error().code,
              ErrorCode::kUnauthenticated);
  }
  int retry = 0;
  auto limited = accounts_->login({"siti", kGood, "10.0.0.66"}, &retry);
  ASSERT_FALSE(limited);
  EXPECT_EQ(limited.error().code, ErrorCode::kRateLimited);
  EXPECT_GE(retry, 1);
  EXPECT_TRUE(accounts_->login({"siti", kGood, "10.0.0.2"}));
  ASSERT_TRUE(accounts_->logout(s->token));
  EXPECT_EQ(accounts_->session(s->token).error().code, ErrorCode::kUnauthenticated);
}

TEST_F(AccountsTest, DisablingEndsSessionsAndRefusesLoginAfterTheRightPassword) {
  ASSERT_TRUE(accounts_->add_user({"siti", kGood, Role::kKader, "4", ""}));
  auto s = accounts_->login({"siti", kGood, "10.0.0.1"});
  ASSERT_TRUE(s);
  AccountPatch off;
  off.disabled = true;
  auto a = accounts_->update("siti", off, "admin");
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_TRUE(a->disabled);
  EXPECT_EQ(a->sessions, 0);
  EXPECT_EQ(accounts_->session(s->token).error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(accounts_->login({"siti", kGood, "10.0.0.1"}).error().code, ErrorCode::kForbidden);
  EXPECT_EQ(accounts_->login({"siti", "wrong-guess-here", "10.0.0.1"}).error().code,
            ErrorCode::kUnauthenticated);
  off.disabled = false;
  ASSERT_TRUE(accounts_->update("siti", off, "admin"));
  EXPECT_TRUE(accounts_->login({"siti", kGood, "10.0.0.1"}));
  EXPECT_EQ(accounts_->update("nobody", off, "admin").error().code, ErrorCode::kNotFound);
}

TEST_F(AccountsTest, NewPasswordEndsOtherSessionsOnly) {
  ASSERT_TRUE(accounts_->add_user({"siti", kGood, Role::kKader, "4", ""}));
  auto phone = accounts_->login({"siti", kGood, "10.0.0.1"});
  auto laptop = accounts_->login({"siti", kGood, "10.0.0.2"});
  ASSERT_TRUE(phone && laptop);
  auto list = accounts_->sessions(phone->user.id, laptop->token);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].current + (*list)[1].current, 1);
  EXPECT_EQ(accounts_->set_password("siti", "12345678", "siti", laptop->token).error().field,
            "new_password");
  ASSERT_TRUE(accounts_->set_password("siti", "sapi-makan-rumput", "siti", laptop->token));
  EXPECT_FALSE(accounts_->session(phone->token));
  EXPECT_TRUE(accounts_->session(laptop->token));
  EXPECT_FALSE(*accounts_->check_password_of("siti", kGood));
  EXPECT_TRUE(*accounts_->check_password_of("siti", "sapi-makan-rumput"));
  EXPECT_FALSE(accounts_->account("siti")->password_changed_at.empty());
  EXPECT_EQ(*accounts_->end_sessions(phone->user.id, {}, "siti"), 1);
  EXPECT_FALSE(accounts_->session(laptop->token));
}

TEST(AccountsMigration, AdoptsTheTablesOfAnOlderDatabase) {
  auto db = std::shared_ptr<store::Database>(store::open_database(":memory:").value());
  // What the registry's migration 2 created before identity was a module.
  ASSERT_TRUE(db->exec(R"sql(
    CREATE TABLE app_user (id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE,
      password_hash TEXT NOT NULL, role TEXT NOT NULL, scope TEXT NOT NULL,
      display_name TEXT NOT NULL, created_at TEXT NOT NULL);
    CREATE TABLE session (token_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL,
      created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
    INSERT INTO app_user VALUES (7, 'old', 'x', 'kader', '4', 'Old', '2025-01-01T00:00:00Z');)sql"));
  auto a = Accounts::open(db);
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(*db->schema_version("identity"), 2);
  EXPECT_EQ((*a)->user(7)->username, "old");
  EXPECT_FALSE((*a)->account("old")->disabled);  // adopted accounts stay usable
}

}  // namespace
}  // namespace siklus::identity
