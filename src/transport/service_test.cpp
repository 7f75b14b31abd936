// TransportService against an in-memory store: booking with its return, refusals with reasons,
// scope, the day's plan with its version, same-day insertion and the driver's status updates.
#include "transport/service.h"

#include <gtest/gtest.h>

#include "registry/schema.h"

namespace siklus::transport {
namespace {

using nlohmann::json;

// Kota Contoh (9971): Alpha (Puskesmas Satu) and Gamma (Puskesmas Dua). Now is
// 2026-12-01 07:00 WIB (00:00 UTC).
struct TransportFixture : ::testing::Test {
  std::shared_ptr<store::Database> db;
  std::shared_ptr<FixedClock> clock = std::make_shared<FixedClock>(1796083200);
  std::unique_ptr<registry::Registry> reg;
  std::unique_ptr<TransportService> svc;
  User admin, pkm_dua;
  int64_t patient = 0;
  const Date today = *Date::parse("2026-12-01");

  int64_t add_person(const std::string& nik, const std::string& village) {
    auto st = db->prepare(
        "INSERT INTO person (nik, no_kk, name, sex, birth_date, street, rt, rw, village_code,"
        " status, created_at, updated_at) VALUES (?, '', 'Mbah Sastro', 'L', '1950-01-01',"
        " 'Jl. Tidar 3', 1, 1, ?, 'HIDUP', 'x', 'x') RETURNING id");
    EXPECT_TRUE(st.has_value());
    (*st)->bind(1, nik).bind(2, village);
    auto row = (*st)->step();
    EXPECT_TRUE(row.has_value() && *row);
    return (*st)->column_int64(0);
  }

  void SetUp() override {
    auto opened = store::open_database(":memory:");
    ASSERT_TRUE(opened.has_value());
    db = std::move(*opened);
    db->set_clock(clock);
    ASSERT_TRUE(db->migrate("registry", registry::registry_migrations()).has_value());
    ASSERT_TRUE(db->exec(R"sql(
INSERT INTO region (code, parent_code, level, name) VALUES
  ('99', NULL, 1, 'Provinsi Contoh'), ('9971', '99', 2, 'Kota Contoh'),
  ('997101', '9971', 3, 'Satu'), ('9971011001', '997101', 4, 'Alpha'),
  ('9971011002', '997101', 4, 'Gamma');
INSERT INTO facility (id, key, city_code, type, name, village_code, rw, parent_id, lat, lon)
VALUES
  (1, 'PKM-1', '9971', 'puskesmas', 'Puskesmas Satu', '9971011001', 0, NULL, -7.470, 110.217),
  (2, 'PKM-2', '9971', 'puskesmas', 'Puskesmas Dua', '9971011002', 0, NULL, -7.490, 110.210),
  (5, 'RS-1', '9971', 'hospital', 'RSUD Contoh', '9971011001', 0, NULL, -7.480, 110.220),
  (6, 'PSY-1', '9971', 'posyandu', 'Posyandu Anggrek', '9971011001', 1, 1, -7.471, 110.218);
INSERT INTO facility_catchment VALUES (1, '9971011001'), (2, '9971011002');
)sql")
                    .has_value());
    patient = add_person("9971010101500001", "9971011001");
    registry::RegistryOptions ro;
    ro.build_index = false;
    auto r = registry::Registry::open(db, ro);
    ASSERT_TRUE(r.has_value()) << r.error().message;
    reg = std::move(*r);
    TransportOptions o;
    o.plan_time_limit_ms = 200;
    o.threads = 1;
    auto s = TransportService::open(db, *reg, reg->audit_log(), o);
    ASSERT_TRUE(s.has_value()) << s.error().message;
    svc = std::move(*s);
    admin = {1, "admin", registry::Role::kDinkesAdmin, "9971", "Kota Contoh", "Admin"};
    pkm_dua = {2, "pkm2", registry::Role::kPuskesmas, "2", "Puskesmas Dua", "PKM Dua"};
  }

  void fleet(bool stretcher) {
    ASSERT_TRUE(svc->add_vehicle(admin, {"9971", "MBL-01", "car", 3, 1, 0, "PKM-1"}));
    if (stretcher) {
      ASSERT_TRUE(svc->add_vehicle(admin, {"9971", "AMB-01", "ambulance", 2, 0, 1, "RS-1"}));
      ASSERT_TRUE(svc->add_shift(admin, {"9971", "Slamet", "0812", "AMB-01", today, 360, 1080}));
    }
    ASSERT_TRUE(svc->add_shift(admin, {"9971", "Agus", "0813", "MBL-01", today, 360, 1080}));
  }

  BookingInput booking(const char* time, const char* mobility = "walks", int back = 0) {
    BookingInput in;
    in.person_id = patient;
    in.pickup_address = "Jl. Tidar 3";
    in.pickup_lat = -7.465;
    in.pickup_lon = 110.215;
    in.facility_id = 5;
    in.day = today;
    in.appointment_minute =
        (time[0] - '0') * 600 + (time[1] - '0') * 60 + (time[3] - '0') * 10 + (time[4] - '0');
    in.mobility = mobility;
    in.return_after_minutes = back;
    return in;
  }

  int64_t count(const std::string& sql) {
    auto st = db->prepare(sql);
    EXPECT_TRUE(st.has_value());
    auto row = (*st)->step();
    EXPECT_TRUE(row.has_value() && *row);
    return (*st)->column_int64(0);
  }
};

TEST_F(TransportFixture, BookingWithReturnMakesTwoLinkedLegs) {
  fleet(true);
  auto done = svc->book(admin, booking("10:00", "wheelchair", 90));
  ASSERT_TRUE(done) << done.error().message;
  const json& trips = (*done)["trips"];
  ASSERT_EQ(trips.size(), 2u);
  EXPECT_EQ(trips[0]["direction"], "out");
  EXPECT_EQ(trips[1]["direction"], "back");
  EXPECT_EQ(trips[1]["time"], "11:30");
  EXPECT_EQ(trips[0]["linked_trip"], trips[1]["id"]);
  EXPECT_EQ(trips[1]["linked_trip"], trips[0]["id"]);
  EXPECT_EQ(trips[0]["pickup"]["address"], "Jl. Tidar 3");
  EXPECT_EQ(trips[1]["pickup"]["name"], "RSUD Contoh");
  EXPECT_TRUE((*done)["plan"].is_null());  // no plan for the day yet
  EXPECT_EQ(count("SELECT COUNT(*) FROM change_log WHERE entity = 'transport_trip'"), 2);
  EXPECT_GE(count("SELECT COUNT(*) FROM audit_log WHERE object = 'transport_trip'"), 1);
}

TEST_F(TransportFixture, BadBookingsGetAClearReason) {
  fleet(false);
  auto passed = svc->book(admin, booking("07:10"));
  ASSERT_FALSE(passed);
  EXPECT_EQ(passed.error().message_id, "transport.time_passed");
  auto stretcher = svc->book(admin, booking("10:00", "stretcher"));
  ASSERT_FALSE(stretcher);
  EXPECT_EQ(stretcher.error().message_id, "transport.no_stretcher_vehicle");
  BookingInput nowhere = booking("10:00");
  nowhere.facility_id = 6;  // a posyandu is no destination for a JSAS trip
  auto unknown = svc->book(admin, nowhere);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message_id, "transport.unknown_destination");
  EXPECT_EQ(count("SELECT COUNT(*) FROM transport_trip"), 0);
}

TEST_F(TransportFixture, OutOfScopeIsNotFound) {
  fleet(true);
  auto refused = svc->book(pkm_dua, booking("10:00"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kNotFound);
  auto done = svc->book(admin, booking("10:00"));
  ASSERT_TRUE(done);
  const int64_t id = (*done)["trips"][0]["id"].get<int64_t>();
  EXPECT_EQ(svc->trip(pkm_dua, id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(svc->set_status(pkm_dua, id, "on_the_way").error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(svc->board(pkm_dua, "9971", today));
  EXPECT_FALSE(svc->plan(pkm_dua, "9971", today));
}

TEST_F(TransportFixture, PlanVersionAndSameDayInsertion) {
  fleet(true);
  ASSERT_TRUE(svc->book(admin, booking("09:00", "walks", 60)));
  ASSERT_TRUE(svc->book(admin, booking("10:30", "stretcher")));
  auto plan = svc->plan(admin, "9971", today);
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_EQ((*plan)["trips"], 3);
  EXPECT_EQ((*plan)["assigned"], 3);
  EXPECT_EQ((*plan)["version"], 1);
  // A second dispatcher working from version 0 is refused.
  auto stale = svc->plan(admin, "9971", today, 0);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().message_id, "transport.plan_changed");
  // A same-day booking goes into the running plan.
  clock->set(1796083200 + 3600);  // 08:00 WIB
  auto late = svc->book(admin, booking("11:00", "wheelchair"));
  ASSERT_TRUE(late) << late.error().message;
  EXPECT_EQ((*late)["plan"]["inserted"].size(), 1u) << late->dump();
  EXPECT_EQ((*late)["plan"]["version"], 2);
  EXPECT_FALSE((*late)["trips"][0]["vehicle"].is_null());
  auto board = svc->board(admin, "9971", today);
  ASSERT_TRUE(board);
  EXPECT_EQ((*board)["trips"].size(), 4u);
  EXPECT_EQ((*board)["plan"]["assigned"], 4);
}

TEST_F(TransportFixture, DriverStatusMovesForwardOnly) {
  fleet(true);
  auto done = svc->book(admin, booking("10:00"));
  ASSERT_TRUE(done);
  const int64_t id = (*done)["trips"][0]["id"].get<int64_t>();
  auto on_way = svc->set_status(admin, id, "on_the_way");
  ASSERT_TRUE(on_way) << on_way.error().message;
  EXPECT_EQ((*on_way)["status"], "on_the_way");
  EXPECT_TRUE((*on_way)["status_times"].contains("on_the_way"));
  ASSERT_TRUE(svc->set_status(admin, id, "picked_up"));
  auto back = svc->set_status(admin, id, "on_the_way");
  ASSERT_FALSE(back);
  EXPECT_EQ(back.error().message_id, "transport.status_order");
  auto delivered = svc->set_status(admin, id, "delivered");
  ASSERT_TRUE(delivered);
  EXPECT_EQ((*delivered)["status"], "delivered");
  EXPECT_FALSE(svc->set_status(admin, id, "flying"));
}

}  // namespace
}  // namespace siklus::transport
