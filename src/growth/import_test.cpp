#include "growth/import.h"

#include <gtest/gtest.h>

#include "growth/engine.h"
#include "growth/testing_who.h"
#include "store/database.h"

namespace siklus::growth {
namespace {

std::unique_ptr<store::Database> memory_db() {
  auto db = store::open_database(":memory:");
  EXPECT_TRUE(db.has_value());
  return std::move(*db);
}

int64_t count(store::Database& db, const char* sql) {
  auto q = db.prepare(sql);
  EXPECT_TRUE(q.has_value());
  EXPECT_TRUE(*(*q)->step());
  return (*q)->column_int64(0);
}

TEST(Sha256, KnownVector) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Import, NotInstalledUntilImported) {
  auto db = memory_db();
  auto ref = load_reference(*db);
  ASSERT_TRUE(ref);
  EXPECT_FALSE((*ref)->installed());
  Measurement m;
  m.birth = *Date::parse("2024-01-01");
  m.date = *Date::parse("2025-01-01");
  auto a = assess(**ref, m);
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().message_id, "growth.not_installed");
}

TEST(Import, StoresLoadsAndIsIdempotent) {
  SK_REQUIRE_WHO_GROWTH(dir);
  auto db = memory_db();
  auto first = import_who_growth(*db, dir);
  ASSERT_TRUE(first) << first.error().field << ": " << first.error().message;
  EXPECT_FALSE(first->unchanged);
  EXPECT_EQ(first->files.size(), 12u);
  EXPECT_GT(first->rows, 25000);
  EXPECT_EQ(count(*db, "SELECT COUNT(*) FROM growth_lms"), first->rows);
  EXPECT_EQ(count(*db, "SELECT COUNT(*) FROM change_log WHERE entity = 'growth_reference'"), 1);

  auto ref = load_reference(*db);
  ASSERT_TRUE(ref);
  EXPECT_TRUE((*ref)->installed());
  Measurement m;
  m.sex = Sex::kMale;
  m.birth = *Date::parse("2024-01-01");
  m.date = Date::from_days(m.birth.days() + 365);
  m.weight_kg = 9.0;
  auto a = assess(**ref, m);
  ASSERT_TRUE(a);
  EXPECT_DOUBLE_EQ(*a->waz, -0.63);  // the README's worked check, through the database

  auto second = import_who_growth(*db, dir);
  ASSERT_TRUE(second);
  EXPECT_TRUE(second->unchanged);
  EXPECT_EQ(second->rows, 0);
  for (const auto& f : second->files) EXPECT_TRUE(f.unchanged) << f.file;
  EXPECT_EQ(count(*db, "SELECT COUNT(*) FROM change_log WHERE entity = 'growth_reference'"), 1);
  EXPECT_EQ(count(*db, "SELECT COUNT(*) FROM growth_import"), 12);
}

}  // namespace
}  // namespace siklus::growth
