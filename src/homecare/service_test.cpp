// HomecareService against an in-memory store: requests with eligibility and the catchment rule,
// triage into a plan, teams, a saved week with day versions (two planners: a conflict), run
// sheets, recorded visits with their version, figures and scope per role.
#include "homecare/service.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "registry/test_data.h"

namespace siklus::homecare {
namespace {

using nlohmann::json;

// Kota Contoh (9971): Puskesmas Satu serves Alpha and Beta, Puskesmas Dua serves Gamma.
// Posyandu Anggrek is Alpha's RW 1 (its kader's scope). Today is Tuesday 2026-12-01 (WIB), 07:00.
struct HomecareFixture : ::testing::Test {
  std::shared_ptr<store::Database> db;
  std::shared_ptr<FixedClock> clock = std::make_shared<FixedClock>(1796083200);
  std::unique_ptr<registry::Registry> reg;
  std::unique_ptr<care::CareService> care;
  std::unique_ptr<HomecareService> svc;
  User admin, pkm, pkm2, kader;
  int64_t elder = 0, young = 0, gamma = 0;

  int64_t add_person(const std::string& nik, const std::string& sex, const std::string& birth,
                     const std::string& village, int rw) {
    auto id = registry::test_data::add_person(*db, nik, sex, birth, village, rw);
    EXPECT_TRUE(id.has_value()) << id.error().message;
    return id ? *id : 0;
  }

  void SetUp() override {
    auto opened = registry::test_data::store_with(clock, R"sql(
INSERT INTO region (code, parent_code, level, name) VALUES
  ('99', NULL, 1, 'Provinsi Contoh'), ('9971', '99', 2, 'Kota Contoh'),
  ('997101', '9971', 3, 'Satu'), ('9971011001', '997101', 4, 'Alpha'),
  ('9971011002', '997101', 4, 'Beta'), ('9971011003', '997101', 4, 'Gamma');
INSERT INTO facility (id, key, city_code, type, name, village_code, rw, parent_id, lat, lon)
VALUES
  (1, 'PKM-1', '9971', 'puskesmas', 'Puskesmas Satu', '9971011001', 0, NULL, -7.48, 110.21),
  (2, 'PKM-2', '9971', 'puskesmas', 'Puskesmas Dua', '9971011003', 0, NULL, -7.50, 110.23),
  (3, 'PSY-1', '9971', 'posyandu', 'Posyandu Anggrek', '9971011001', 1, 1, -7.485, 110.215);
INSERT INTO facility_catchment VALUES (1, '9971011001'), (1, '9971011002'), (2, '9971011003');
)sql");
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    db = std::move(*opened);
    elder = add_person("9971010101400001", "L", "1940-01-01", "9971011001", 1);
    young = add_person("9971015005960001", "P", "1996-05-10", "9971011001", 1);
    gamma = add_person("9971010101450002", "P", "1945-01-01", "9971011003", 2);
    registry::RegistryOptions ro;
    ro.build_index = false;
    auto r = registry::Registry::open(db, ro);
    ASSERT_TRUE(r.has_value()) << r.error().message;
    reg = std::move(*r);
    care::CareOptions co;
    co.build_index = false;
    auto c = care::CareService::open(db, *reg, reg->audit_log(), nullptr, co);
    ASSERT_TRUE(c.has_value()) << c.error().message;
    care = std::move(*c);
    auto s = HomecareService::open(db, *reg, reg->audit_log(), nullptr, care.get());
    ASSERT_TRUE(s.has_value()) << s.error().message;
    svc = std::move(*s);
    admin = {1, "admin", registry::Role::kDinkesAdmin, "9971", "Kota Contoh", "Admin"};
    pkm = {2, "pkm", registry::Role::kPuskesmas, "1", "Puskesmas Satu", "PKM"};
    pkm2 = {3, "pkm2", registry::Role::kPuskesmas, "2", "Puskesmas Dua", "PKM 2"};
    kader = {4, "kader", registry::Role::kKader, "3", "Posyandu Anggrek RW 01", "Kader"};
  }

  RequestInput elder_request(std::optional<int> adl = 9) {
    RequestInput in;
    in.person_id = elder;
    in.facility_id = 1;
    in.source = "kader";
    in.reason = "lansia";
    in.needs = {"perawatan"};
    in.adl = adl;
    in.preferred_hours = "08:00-12:00";
    in.contact_name = "Bu Sri";
    in.contact_phone = "0812000111";
    return in;
  }

  int64_t team_with(const std::vector<std::string>& skills) {
    TeamForm f;
    f.facility_id = 1;
    f.name = "Tim A";
    f.members = {{101, "Ners Ani", skills}};
    auto t = svc->create_team(pkm, f);
    EXPECT_TRUE(t.has_value()) << t.error().message;
    return t ? (*t)["id"].get<int64_t>() : 0;
  }
};

TEST_F(HomecareFixture, RequestShowsEligibilityWithReasons) {
  auto ok = svc->create_request(kader, elder_request(9));
  ASSERT_TRUE(ok.has_value()) << ok.error().message;
  EXPECT_TRUE((*ok)["eligibility"]["eligible"].get<bool>());
  EXPECT_EQ((*ok)["status"], "new");
  // Placed at the RW's posyandu when the form gives no position.
  EXPECT_DOUBLE_EQ((*ok)["lat"].get<double>(), -7.485);

  auto independent = svc->create_request(pkm, elder_request(18));
  ASSERT_TRUE(independent.has_value());
  EXPECT_FALSE((*independent)["eligibility"]["eligible"].get<bool>());
  EXPECT_EQ((*independent)["eligibility"]["reasons"][0], "homecare.adl_too_high");

  RequestInput not_elderly = elder_request();
  not_elderly.person_id = young;
  auto y = svc->create_request(pkm, not_elderly);
  ASSERT_TRUE(y.has_value());
  EXPECT_FALSE((*y)["eligibility"]["eligible"].get<bool>());
}

TEST_F(HomecareFixture, PersonOutsideTheCatchmentIsRefusedClearly) {
  RequestInput in = elder_request();
  in.person_id = gamma;  // lives in Gamma, Puskesmas Dua's area
  auto r = svc->create_request(admin, in);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message_id, "homecare.outside_catchment");
  // A puskesmas user who cannot see the person at all learns nothing.
  auto hidden = svc->create_request(pkm, in);
  ASSERT_FALSE(hidden.has_value());
  EXPECT_EQ(hidden.error().code, ErrorCode::kNotFound);
}

TEST_F(HomecareFixture, TriagePlanAndTwoPlannersOnOneDay) {
  auto req = svc->create_request(kader, elder_request());
  ASSERT_TRUE(req.has_value());
  const int64_t request_id = (*req)["id"];
  TriageInput t;
  t.priority = Priority::kWeek;
  t.visits_per_week = 2;
  t.weeks = 4;
  t.skills = {"perawat"};
  EXPECT_FALSE(svc->triage(kader, request_id, t).has_value());
  auto plan = svc->triage(pkm, request_id, t);
  ASSERT_TRUE(plan.has_value()) << plan.error().message;
  EXPECT_EQ((*plan)["status"], "accepted");
  auto again = svc->triage(pkm, request_id, t);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().message_id, "homecare.already_triaged");

  const int64_t team = team_with({"perawat"});
  const Date today = svc->today();
  auto week = svc->plan(pkm, "9971011001", today, 7, true);
  ASSERT_TRUE(week.has_value()) << week.error().message;
  EXPECT_EQ((*week)["visits"], 2);
  EXPECT_EQ((*week)["assigned"], 2);
  const std::string first_date = (*week)["routes"][0]["date"];
  const Date first = *Date::parse(first_date);

  auto d = svc->day(pkm, 1, first);
  ASSERT_TRUE(d.has_value());
  const int64_t version = (*d)["version"];
  EXPECT_EQ(version, 1);
  json stop;
  for (const auto& r : (*d)["routes"]) {
    if (r["team"] == team && !r["stops"].empty()) stop = r["stops"][0];
  }
  ASSERT_FALSE(stop.is_null());

  // Two planners read version 1; the first saves, the second is refused.
  ASSERT_TRUE(svc->replan_day(pkm, 1, first, version, {}, {}).has_value());
  auto stale = svc->replan_day(admin, 1, first, version, {}, {});
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  EXPECT_EQ(stale.error().message_id, "homecare.day_changed");

  // Another puskesmas sees nothing of it.
  EXPECT_FALSE(svc->day(pkm2, 1, first).has_value());
  EXPECT_FALSE(svc->run_sheet(pkm2, team, first).has_value());

  auto sheet = svc->run_sheet(pkm, team, first);
  ASSERT_TRUE(sheet.has_value()) << sheet.error().message;
  ASSERT_EQ((*sheet)["stops"].size(), 1u);
  const json& s = (*sheet)["stops"][0];
  EXPECT_EQ(s["patient"]["name"], "Orang 0001");
  EXPECT_EQ(s["need"], "perawatan");

  VisitReport report;
  report.status = "done";
  report.notes = "luka bersih";
  report.version = s["version"].get<int64_t>();
  report.services =
      json::array({{{"service", "anthropometry"}, {"weight_kg", 55.0}, {"height_cm", 160.0}}});
  auto done = svc->record_visit(pkm, s["id"].get<int64_t>(), report);
  ASSERT_TRUE(done.has_value()) << done.error().message;
  EXPECT_EQ((*done)["services"].size(), 1u);
  auto twice = svc->record_visit(pkm, s["id"].get<int64_t>(), report);
  ASSERT_FALSE(twice.has_value());
  EXPECT_EQ(twice.error().message_id, "homecare.visit_changed");

  // A re-plan of the week keeps the worked visit where it was.
  auto again_week = svc->plan(pkm, "9971011001", today, 7, true);
  ASSERT_TRUE(again_week.has_value());
  auto after = svc->run_sheet(pkm, team, first);
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ((*after)["stops"][0]["status"], "done");

  auto figures = svc->figures(admin, "9971", today, Date::from_days(today.days() + 6));
  ASSERT_TRUE(figures.has_value()) << figures.error().message;
  EXPECT_EQ((*figures)["total"]["planned"], 2);
  EXPECT_EQ((*figures)["total"]["done"], 1);
  EXPECT_EQ((*figures)["total"]["requests"]["accepted"], 1);
  const std::string path = ::testing::TempDir() + "homecare_figures.xlsx";
  ASSERT_TRUE(svc->export_figures_xlsx(admin, "9971", today, today, path).has_value());
  EXPECT_GT(std::filesystem::file_size(path), 1000u);
}

TEST_F(HomecareFixture, UnplaceableVisitsAreListedWithTheReason) {
  auto req = svc->create_request(pkm, elder_request());
  ASSERT_TRUE(req.has_value());
  TriageInput t;
  t.skills = {"fisioterapis"};
  ASSERT_TRUE(svc->triage(pkm, (*req)["id"], t).has_value());
  team_with({"perawat"});
  auto week = svc->plan(pkm, "9971011001", svc->today(), 7, false);
  ASSERT_TRUE(week.has_value());
  ASSERT_EQ((*week)["unassigned"].size(), 1u);
  EXPECT_EQ((*week)["unassigned"][0]["reason"], "no_skill");
}

TEST_F(HomecareFixture, TeamsNeedAPuskesmasInScope) {
  TeamForm f;
  f.facility_id = 2;
  f.name = "Tim Dua";
  EXPECT_FALSE(svc->create_team(pkm, f).has_value());
  auto made = svc->create_team(pkm2, f);
  EXPECT_TRUE(made.has_value()) << made.error().message;
  auto listed = svc->teams(pkm, std::nullopt);
  ASSERT_TRUE(listed.has_value());
  EXPECT_TRUE((*listed)["teams"].empty());
}

TEST(HomecareParse, WindowsAndRequestsNameTheField) {
  auto w = parse_windows("13:00-14:30,08:00-12:00", "preferred_hours");
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(format_windows(*w), "08:00-12:00,13:00-14:30");
  auto bad = parse_windows("12:00-08:00", "preferred_hours");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().field, "preferred_hours");
  auto r = parse_request(
      json{{"person_id", 1}, {"facility_id", 1}, {"source", "kader"}, {"reason", "astronot"}});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message_id, "homecare.unknown_reason");
}

}  // namespace
}  // namespace siklus::homecare
