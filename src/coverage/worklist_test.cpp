#include "coverage/worklist.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/csv.h"
#include "coverage/testing_db.h"

namespace siklus::coverage {
namespace {

using testing::add_person;

TEST(Worklist, ListsUncoveredAndInactiveWithHouseholdAndCost) {
  auto db = testing::open_city_db();
  registry::ReadPort port{db};
  const std::string kk = "9971010101200001";
  const int64_t head = add_person(*db, "9971011001800001", "Budi Santoso", "L", "1980-01-01",
                                  "9971011001", 1, "HIDUP", kk);
  ASSERT_TRUE(
      db->exec("UPDATE person SET relation = 'KEPALA KELUARGA' WHERE id = " + std::to_string(head))
          .has_value());
  const int64_t wife = add_person(*db, "9971014101850001", "Siti Aminah", "P", "1985-01-01",
                                  "9971011001", 1, "HIDUP", kk);
  const int64_t child =
      add_person(*db, "9971010101150001", "Rina", "P", "2015-01-01", "9971011001", 1, "HIDUP", kk);
  add_person(*db, "9971010101600001", "Joko", "L", "1960-01-01", "9971011002", 2, "MATI");
  const int64_t other =
      add_person(*db, "9971010101700001", "Agus, Salim", "L", "1970-01-01", "9971011002", 2);
  ASSERT_TRUE(db->exec(R"sql(
INSERT INTO facility (id, key, city_code, type, name) VALUES (1, 'PKM-1', '9971', 'puskesmas', 'Puskesmas Satu');
INSERT INTO facility_catchment VALUES (1, '9971011001'), (1, '9971011002');
INSERT INTO member_snapshot (id, snapshot_date, created_at) VALUES (1, '2026-11-01', '2026-11-01T00:00:00Z');
INSERT INTO member (snapshot_id, noka, name, status, segment) VALUES
  (1, '0000000000001', 'Budi Santoso', 'AKTIF', 'PPU'),
  (1, '0000000000002', 'Siti Aminah', 'NONAKTIF', 'PBPU');
)sql")
                  .has_value());
  ASSERT_TRUE(db->exec("INSERT INTO member_link VALUES (1, '0000000000001', " +
                       std::to_string(head) + ", 1, 'match', 'nik'), (1, '0000000000002', " +
                       std::to_string(wife) + ", 1, 'match', 'nik')")
                  .has_value());
  WorklistQuery q;
  q.region = "9971";
  q.on = Date{2026, 11, 1};
  auto w = build_worklist(*db, port, SnapshotRef{1, "2026-11-01"}, q);
  ASSERT_TRUE(w.has_value()) << w.error().message;
  EXPECT_EQ(w->uncovered, 2u);  // the child and Agus; the dead are not listed
  EXPECT_EQ(w->inactive, 1u);   // Siti
  EXPECT_EQ(w->cost_month, 3 * 42000);
  EXPECT_EQ(w->region_name, "Kota Contoh");  // the XLSX summary names the area, not only its code
  ASSERT_EQ(w->rows.size(), 3u);
  // Sorted by kelurahan, RW, RT, KK: the family first.
  const WorkRow* c = nullptr;
  for (const auto& r : w->rows) {
    if (r.person_id == child) c = &r;
  }
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->kind, WorkKind::kUncovered);
  EXPECT_EQ(c->head_name, "Budi Santoso");
  EXPECT_EQ(c->puskesmas, "Puskesmas Satu");
  EXPECT_EQ(c->village_name, "Alpha");
  EXPECT_EQ(c->age, 11);
  ASSERT_EQ(w->villages.size(), 2u);
  EXPECT_EQ(w->villages[0].uncovered, 1u);
  EXPECT_EQ(w->villages[0].inactive, 1u);
  ASSERT_EQ(w->puskesmas.size(), 1u);
  EXPECT_EQ(w->puskesmas[0].cost_month, 3 * 42000);

  // Narrowed to one RW.
  q.region = "9971011002.RW02";
  auto rw = build_worklist(*db, port, SnapshotRef{1, "2026-11-01"}, q);
  ASSERT_TRUE(rw.has_value());
  ASSERT_EQ(rw->rows.size(), 1u);
  EXPECT_EQ(rw->rows[0].person_id, other);
  EXPECT_EQ(rw->region_name, "Beta RW 02");

  // Scope: only Beta's RW 2, and no identifiers for a role that may not see them.
  q.region = "9971";
  q.keep = [](std::string_view village, int n) { return village == "9971011002" && n == 2; };
  q.identifiers = false;
  auto scoped = build_worklist(*db, port, SnapshotRef{1, "2026-11-01"}, q);
  ASSERT_TRUE(scoped.has_value());
  ASSERT_EQ(scoped->rows.size(), 1u);
  EXPECT_EQ(scoped->rows[0].person_id, other);
  EXPECT_EQ(scoped->rows[0].nik, "");
  EXPECT_EQ(scoped->rows[0].no_kk, "");

  // Exports: the CSV reads back (quoted comma in a name), the XLSX is a zip file.
  const std::string csv = ::testing::TempDir() + "worklist.csv";
  ASSERT_TRUE(write_worklist_csv(*w, csv).has_value());
  auto rd = CsvReader::open(csv);
  ASSERT_TRUE(rd.has_value());
  int rows = 0;
  bool saw_agus = false;
  while (*(*rd)->next()) {
    ++rows;
    if ((*rd)->field((*rd)->column("nama")) == "Agus, Salim") saw_agus = true;
  }
  EXPECT_EQ(rows, 3);
  EXPECT_TRUE(saw_agus);
  const std::string xlsx = ::testing::TempDir() + "worklist.xlsx";
  ASSERT_TRUE(write_worklist_xlsx(*w, xlsx).has_value());
  std::ifstream x(xlsx, std::ios::binary);
  char magic[2] = {};
  x.read(magic, 2);
  EXPECT_EQ(std::string(magic, 2), "PK");
}

TEST(Worklist, UnknownPuskesmasIsNotFound) {
  auto db = testing::open_city_db();
  registry::ReadPort port{db};
  WorklistQuery q;
  q.region = "9971";
  q.puskesmas = "PKM-404";
  auto w = build_worklist(*db, port, SnapshotRef{1, "2026-11-01"}, q);
  ASSERT_FALSE(w.has_value());
  EXPECT_EQ(w.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace siklus::coverage
