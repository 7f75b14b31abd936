// ImportService on a SQLite file (the worker imports on its own thread and connection): the admin
// rule, resumable chunks, the city rule, the rejected-rows report and a restart mid-queue.
#include "imports/imports.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "registry/schema.h"

namespace siklus::imports {
namespace {

namespace fs = std::filesystem;

// Kota Contoh (9971) with kelurahan Alpha; Kota Lain (9972) with Gamma. Line numbers are physical
// lines (the header is line 1): line 3 has a bad date, line 5 lives in the other city.
constexpr std::string_view kCsv =
    "nik,nama,no_kk,jenis_kelamin,tanggal_lahir,alamat,rt,rw,kode_wilayah,status\n"
    "9971010101900001,Budi Santoso,9971010101000001,L,1990-01-01,Jl. Satu,1,1,99.71.01.1001,HIDUP\n"
    "9971014101900002,Sri Wahyuni,9971010101000001,P,1990-02-30,Jl. Satu,1,1,99.71.01.1001,HIDUP\n"
    "9971014101920003,Siti Aminah,9971010101000002,P,1992-01-01,Jl. Dua,2,1,99.71.01.1001,HIDUP\n"
    "9972010101900004,Agus Salim,9972010101000003,L,1990-01-01,Jl. Tiga,1,1,99.72.01.1001,HIDUP\n";

struct ImportsFixture : ::testing::Test {
  fs::path dir;
  std::shared_ptr<store::Database> db;
  std::unique_ptr<registry::Registry> reg;
  std::unique_ptr<ImportService> svc;
  User admin{1, "admin", identity::Role::kDinkesAdmin, "9971", "Kota Contoh", "Admin"};
  User other{2, "lain", identity::Role::kDinkesAdmin, "9972", "Kota Lain", "Admin lain"};
  User pkm{3, "pkm", identity::Role::kPuskesmas, "1", "Puskesmas Satu", "PKM"};

  void SetUp() override {
    dir = fs::temp_directory_path() /
          ("siklus-imports-test-" + std::to_string(::getpid()) + "-" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
    auto opened = store::open_database((dir / "t.db").string());
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    db = std::move(*opened);
    ASSERT_TRUE(db->migrate("registry", registry::registry_migrations()).has_value());
    ASSERT_TRUE(db->exec(R"sql(
INSERT INTO region (code, parent_code, level, name) VALUES
  ('99', NULL, 1, 'Provinsi Contoh'), ('9971', '99', 2, 'Kota Contoh'),
  ('997101', '9971', 3, 'Satu'), ('9971011001', '997101', 4, 'Alpha'),
  ('9972', '99', 2, 'Kota Lain'), ('997201', '9972', 3, 'Dua'),
  ('9972011001', '997201', 4, 'Gamma');
)sql")
                    .has_value());
    registry::RegistryOptions ro;
    ro.build_index = false;
    auto r = registry::Registry::open(db, ro);
    ASSERT_TRUE(r.has_value()) << r.error().message;
    reg = std::move(*r);
    open_service();
  }
  void TearDown() override {
    svc.reset();
    reg.reset();
    db.reset();
    fs::remove_all(dir);
  }
  void open_service() {
    svc.reset();
    auto s = ImportService::open(db, *reg, nullptr, {.dir = dir / "uploads"});
    ASSERT_TRUE(s.has_value()) << s.error().message;
    svc = std::move(*s);
  }
  int64_t people() {
    auto st = db->prepare("SELECT COUNT(*) FROM person");
    EXPECT_TRUE(st.has_value());
    EXPECT_TRUE(*(*st)->step());
    return (*st)->column_int64(0);
  }
};

TEST_F(ImportsFixture, OnlyTheDinkesAdminImports) {
  auto r = svc->create(pkm, {"population", "penduduk.csv", 10, ""});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kForbidden);
  EXPECT_FALSE(svc->list(pkm).has_value());
}

TEST_F(ImportsFixture, BadRequestsNameTheirField) {
  EXPECT_EQ(svc->create(admin, {"people", "a.csv", 10, ""}).error().field, "kind");
  EXPECT_EQ(svc->create(admin, {"population", "", 10, ""}).error().field, "filename");
  EXPECT_EQ(svc->create(admin, {"population", "a.csv", 0, ""}).error().field, "size");
  EXPECT_EQ(svc->create(admin, {"population", "a.csv", 10, "2026-01-01"}).error().field,
            "snapshot");
  // Membership imports need coverage, which this fixture does not have.
  EXPECT_EQ(svc->create(admin, {"members", "a.csv", 10, ""}).error().code, ErrorCode::kConflict);
}

TEST_F(ImportsFixture, ChunksResumeAtTheServersOffsetAndTheLastStartsTheImport) {
  auto job =
      svc->create(admin, {"population", "penduduk.csv", static_cast<int64_t>(kCsv.size()), ""});
  ASSERT_TRUE(job.has_value()) << job.error().message;
  EXPECT_EQ(job->status, "uploading");
  const auto half = kCsv.size() / 2;
  auto a = svc->append(admin, job->id, 0, kCsv.substr(0, half));
  ASSERT_TRUE(a.has_value()) << a.error().message;
  EXPECT_EQ(a->received, static_cast<int64_t>(half));
  // A resend of the first chunk (its answer was lost) is refused with where to resume.
  auto again = svc->append(admin, job->id, 0, kCsv.substr(0, half));
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(again.error().message, "resume from offset " + std::to_string(half));
  // Another city's admin does not see the job at all.
  EXPECT_EQ(svc->append(other, job->id, half, kCsv.substr(half)).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(svc->get(other, job->id).error().code, ErrorCode::kNotFound);

  auto b = svc->append(admin, job->id, half, kCsv.substr(half));
  ASSERT_TRUE(b.has_value()) << b.error().message;
  EXPECT_EQ(b->status, "queued");
  svc->wait_idle();
  auto done = svc->get(admin, job->id);
  ASSERT_TRUE(done.has_value());
  EXPECT_EQ(done->status, "done") << done->error;
  EXPECT_EQ(done->result["rows"], 4);
  EXPECT_EQ(done->result["written"], 2);
  EXPECT_EQ(done->result["rejected"], 2);
  ASSERT_EQ(done->problems.size(), 2u);
  EXPECT_EQ(done->problems[0].line, 3);
  EXPECT_EQ(done->problems[0].field, "tanggal_lahir");
  EXPECT_EQ(done->problems[1].line, 5);
  EXPECT_EQ(done->problems[1].field, "kode_wilayah");
  EXPECT_NE(done->problems[1].message.find("outside your city"), std::string::npos);
  EXPECT_EQ(people(), 2);
  // The upload is gone once imported; the job stays in the list.
  EXPECT_FALSE(fs::exists(dir / "uploads" / ("import-" + std::to_string(job->id) + ".csv")));
  auto jobs = svc->list(admin);
  ASSERT_TRUE(jobs.has_value());
  ASSERT_EQ(jobs->size(), 1u);
  EXPECT_TRUE(svc->list(other)->empty());
  // Nothing more can be appended to a finished upload.
  EXPECT_EQ(svc->append(admin, job->id, done->received, "x").error().code, ErrorCode::kConflict);
}

TEST_F(ImportsFixture, AQueuedImportRunsAfterARestart) {
  auto job =
      svc->create(admin, {"population", "penduduk.csv", static_cast<int64_t>(kCsv.size()), ""});
  ASSERT_TRUE(job.has_value());
  // The server stops between the last chunk and the import: the job is queued in the store.
  ASSERT_TRUE(svc->append(admin, job->id, 0, kCsv.substr(0, 10)).has_value());
  svc.reset();
  open_service();
  ASSERT_TRUE(svc->append(admin, job->id, 10, kCsv.substr(10)).has_value());
  svc.reset();  // stops the worker (it may or may not have started the import)
  open_service();
  svc->wait_idle();
  auto done = svc->get(admin, job->id);
  ASSERT_TRUE(done.has_value());
  EXPECT_EQ(done->status, "done") << done->error;
  EXPECT_EQ(people(), 2);
}

}  // namespace
}  // namespace siklus::imports
