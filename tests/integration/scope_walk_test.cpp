// Every route of the route table, walked with every demo role and an area, person, facility and
// link outside that role's scope (issue 7 item 2): each must answer 403 or 404 with an error body
// and no personal data. The routes come from GET /api/v1/meta/routes at run time, so a new route
// is walked automatically; a session route with no entry in cases() below FAILS until one says how
// to aim it outside the scope. Public routes are called without a session and must carry no NIK.

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <functional>
#include <iostream>
#include <regex>
#include <set>

#include "fixture.h"

namespace siklus::itest {
namespace {

//! What lies outside one role's scope, found through the admin.
struct Outside {
  std::string kecamatan;  // a kecamatan the role sees nothing of
  std::string village;    // a kelurahan in it
  std::string person_id;  // a resident there (or an id that does not exist, for the admin)
  std::string person_nik, person_name;
  std::string facility_id;
  std::string noka;  // a JKN card number of a link under review there (or a made-up one)
  std::string service_id = "999999999";  // a care service recorded for that resident
  std::string trip_id = "999999999";     // a JSAS trip booked for that resident
  std::string city() const { return kecamatan.substr(0, 4); }
};

struct Case {
  std::string target;
  std::string body;
};

using Build = std::function<std::vector<Case>(const Outside&)>;

// A diagnosis for `person_id` today (UTC, never after the server's WIB day): valid for anyone
// with a birth date, so a refusal is about the area, not the input.
json care_body(const std::string& person_id) {
  const std::time_t now = std::time(nullptr);
  char today[16];
  std::strftime(today, sizeof today, "%Y-%m-%d", std::gmtime(&now));
  return json{{"person_id", std::stoll(person_id)},
              {"date", today},
              {"service", "diagnosis"},
              {"place", "puskesmas"},
              {"icd10", "J06.9"}};
}

// A JSAS booking for `person_id` to `facility_id` tomorrow at 10:00 (never a time that passed).
json trip_body(const std::string& person_id, const std::string& facility_id) {
  const std::time_t tomorrow = std::time(nullptr) + 86400;
  char day[16];
  std::strftime(day, sizeof day, "%Y-%m-%d", std::gmtime(&tomorrow));
  return json{{"person_id", std::stoll(person_id)},
              {"facility_id", std::stoll(facility_id)},
              {"pickup", {{"address", "Jl. Test 1"}, {"lat", -7.47}, {"lon", 110.21}}},
              {"date", day},
              {"time", "10:00"}};
}

// How to aim each session route outside the scope. Keyed "METHOD /path/{param}" as the route
// table lists it. Routes whose answer holds nothing of anybody's area are in kUnscoped instead.
const std::map<std::string, Build>& cases() {
  static const std::map<std::string, Build> m = {
      {"GET /api/v1/regions/{code}",
       [](const Outside& o) {
         return std::vector<Case>{{"/api/v1/regions/" + o.kecamatan, ""},
                                  {"/api/v1/regions/" + o.village, ""}};
       }},
      {"GET /api/v1/stats/population",
       [](const Outside& o) {
         return std::vector<Case>{{"/api/v1/stats/population?region=" + o.kecamatan, ""},
                                  {"/api/v1/stats/population?region=" + o.village, ""}};
       }},
      {"GET /api/v1/facilities",
       [](const Outside& o) {
         return std::vector<Case>{{"/api/v1/facilities?region=" + o.village, ""}};
       }},
      {"GET /api/v1/facilities/{id}",
       [](const Outside& o) {
         return std::vector<Case>{{"/api/v1/facilities/" + o.facility_id, ""}};
       }},
      {"GET /api/v1/people",
       [](const Outside& o) {
         return std::vector<Case>{{"/api/v1/people?region=" + o.village, ""},
                                  {"/api/v1/people?region=" + o.kecamatan + "&q=a", ""}};
       }},
      {"POST /api/v1/people",
       [](const Outside& o) {
         // A valid NIK of that kecamatan: the refusal must be about the area, not the input.
         const std::string nik = o.village.substr(0, 6) + "010190" + "0999";
         return std::vector<Case>{{"/api/v1/people", json{{"nik", nik},
                                                          {"name", "Uji Luar Wilayah"},
                                                          {"sex", "L"},
                                                          {"birth_date", "1990-01-01"},
                                                          {"village_code", o.village}}
                                                         .dump()}};
       }},
      {"GET /api/v1/people/{id}",
       [](const Outside& o) {
         return std::vector<Case>{{"/api/v1/people/" + o.person_id, ""}};
       }},
      {"PATCH /api/v1/people/{id}",
       [](const Outside& o) {
         return std::vector<Case>{
             {"/api/v1/people/" + o.person_id, json{{"phone", "081200000000"}}.dump()}};
       }},
      {"GET /api/v1/coverage",
       [](const Outside& o) {
         return std::vector<Case>{{"/api/v1/coverage?region=" + o.kecamatan, ""},
                                  {"/api/v1/coverage?region=" + o.village, ""}};
       }},
      {"GET /api/v1/coverage/map",
       [](const Outside& o) {
         return std::vector<Case>{{"/api/v1/coverage/map?region=" + o.kecamatan, ""}};
       }},
      {"GET /api/v1/coverage/worklist",
       [](const Outside& o) {
         return std::vector<Case>{
             {"/api/v1/coverage/worklist?region=" + o.village, ""},
             {"/api/v1/coverage/worklist?region=" + o.kecamatan + "&format=xlsx", ""}};
       }},
      {"GET /api/v1/coverage/reviews",
       [](const Outside& o) {
         return std::vector<Case>{{"/api/v1/coverage/reviews?region=" + o.village, ""}};
       }},
      {"POST /api/v1/coverage/reviews/{noka}/accept",
       [](const Outside& o) {
         return std::vector<Case>{{"/api/v1/coverage/reviews/" + o.noka + "/accept", "{}"}};
       }},
      {"GET /api/v1/people/{id}/jkn",
       [](const Outside& o) {
         return std::vector<Case>{{"/api/v1/people/" + o.person_id + "/jkn", ""}};
       }},
      {"POST /api/v1/care/services",
       [](const Outside& o) {
         return std::vector<Case>{{"/api/v1/care/services", care_body(o.person_id).dump()}};
       }},
      {"GET /api/v1/care/services/{id}",
       [](const Outside& o) {
         return std::vector<Case>{{"/api/v1/care/services/" + o.service_id, ""}};
       }},
      {"PATCH /api/v1/care/services/{id}",
       [](const Outside& o) {
         return std::vector<Case>{
             {"/api/v1/care/services/" + o.service_id, json{{"icd10", "J06.9"}}.dump()}};
       }},
      {"DELETE /api/v1/care/services/{id}",
       [](const Outside& o) {
         return std::vector<Case>{{"/api/v1/care/services/" + o.service_id + "?reason=test", ""}};
       }},
      {"GET /api/v1/people/{id}/care",
       [](const Outside& o) {
         return std::vector<Case>{{"/api/v1/people/" + o.person_id + "/care", ""}};
       }},
      {"GET /api/v1/care/due",
       [](const Outside& o) {
         return std::vector<Case>{{"/api/v1/care/due?region=" + o.village, ""},
                                  {"/api/v1/care/due?region=" + o.kecamatan + "&format=xlsx", ""}};
       }},
      {"POST /api/v1/transport/trips",
       [](const Outside& o) {
         return std::vector<Case>{
             {"/api/v1/transport/trips", trip_body(o.person_id, o.facility_id).dump()}};
       }},
      {"GET /api/v1/transport/trips/{id}",
       [](const Outside& o) {
         return std::vector<Case>{{"/api/v1/transport/trips/" + o.trip_id, ""}};
       }},
      {"POST /api/v1/transport/trips/{id}/status",
       [](const Outside& o) {
         return std::vector<Case>{
             {"/api/v1/transport/trips/" + o.trip_id + "/status", R"({"status":"cancelled"})"}};
       }},
      {"GET /api/v1/transport/board",
       [](const Outside& o) {
         return std::vector<Case>{{"/api/v1/transport/board?region=" + o.city(), ""}};
       }},
      {"POST /api/v1/transport/plan",
       [](const Outside& o) {
         return std::vector<Case>{{"/api/v1/transport/plan", json{{"region", o.city()}}.dump()}};
       }},
      {"GET /api/v1/transport/vehicles",
       [](const Outside& o) {
         return std::vector<Case>{{"/api/v1/transport/vehicles?region=" + o.city(), ""}};
       }},
      {"POST /api/v1/transport/vehicles",
       [](const Outside& o) {
         return std::vector<Case>{
             {"/api/v1/transport/vehicles", json{{"region", o.city()},
                                                 {"code", "AMB-99"},
                                                 {"kind", "ambulance"},
                                                 {"stretchers", 1},
                                                 {"home_facility", o.facility_id}}
                                                .dump()}};
       }},
      {"POST /api/v1/transport/shifts",
       [](const Outside& o) {
         return std::vector<Case>{
             {"/api/v1/transport/shifts",
              json{{"region", o.city()}, {"driver", "Test"}, {"vehicle", "AMB-01"}}.dump()}};
       }},
      {"GET /api/v1/care/targets",
       [](const Outside& o) {
         return std::vector<Case>{{"/api/v1/care/targets?region=" + o.kecamatan, ""},
                                  {"/api/v1/care/targets?region=" + o.village + "&year=2026", ""}};
       }},
      {"GET /api/v1/pws",
       [](const Outside& o) {
         return std::vector<Case>{{"/api/v1/pws?region=" + o.kecamatan, ""},
                                  {"/api/v1/pws?region=" + o.village + "&format=xlsx", ""}};
       }},
      {"GET /api/v1/pws/trend",
       [](const Outside& o) {
         return std::vector<Case>{{"/api/v1/pws/trend?indicator=d_s&region=" + o.village, ""}};
       }},
      {"GET /api/v1/pws/people",
       [](const Outside& o) {
         return std::vector<Case>{
             {"/api/v1/pws/people?indicator=d_s&which=missing&region=" + o.village, ""},
             {"/api/v1/pws/people?indicator=k1&which=counted&region=" + o.kecamatan, ""}};
       }},
      {"POST /api/v1/coverage/reviews/{noka}/reject",
       [](const Outside& o) {
         return std::vector<Case>{{"/api/v1/coverage/reviews/" + o.noka + "/reject", "{}"}};
       }},
  };
  return m;
}

// The FHIR routes (/fhir/r4), aimed outside the scope: each must answer 403 or 404 with an
// OperationOutcome and nothing of the person. Keyed like cases().
json fhir_condition(const std::string& person_id) {
  const json care = care_body(person_id);
  return json{
      {"resourceType", "Condition"},
      {"subject", {{"reference", "Patient/" + person_id}}},
      {"recordedDate", care["date"]},
      {"code",
       {{"coding",
         json::array({{{"system", "http://hl7.org/fhir/sid/icd-10"}, {"code", "J06.9"}}})}}}};
}

const std::map<std::string, Build>& fhir_cases() {
  static const std::map<std::string, Build> m = {
      {"GET /fhir/r4/{type}",
       [](const Outside& o) {
         return std::vector<Case>{
             {"/fhir/r4/Patient?address=" + o.village, ""},
             {"/fhir/r4/Patient?address=" + o.kecamatan + "&name=a", ""},
             {"/fhir/r4/Encounter?subject=Patient/" + o.person_id, ""},
             {"/fhir/r4/Observation?patient=" + o.person_id, ""},
             {"/fhir/r4/Immunization?patient=" + o.person_id, ""},
             {"/fhir/r4/Condition?subject=Patient/" + o.person_id + "&date=ge2000-01-01", ""},
             {"/fhir/r4/EpisodeOfCare?patient=" + o.person_id, ""},
             {"/fhir/r4/Coverage?beneficiary=Patient/" + o.person_id, ""},
             {"/fhir/r4/Practitioner?organization=Organization/" + o.facility_id, ""}};
       }},
      {"GET /fhir/r4/{type}/{id}",
       [](const Outside& o) {
         return std::vector<Case>{{"/fhir/r4/Patient/" + o.person_id, ""},
                                  {"/fhir/r4/Organization/" + o.facility_id, ""},
                                  {"/fhir/r4/Location/" + o.facility_id, ""},
                                  {"/fhir/r4/Location/region-" + o.village, ""},
                                  {"/fhir/r4/Encounter/" + o.service_id, ""},
                                  {"/fhir/r4/Condition/" + o.service_id, ""},
                                  {"/fhir/r4/Coverage/" + o.person_id + "-" + o.noka, ""}};
       }},
      {"POST /fhir/r4/{type}",
       [](const Outside& o) {
         return std::vector<Case>{{"/fhir/r4/Condition", fhir_condition(o.person_id).dump()}};
       }},
      {"PUT /fhir/r4/{type}/{id}",
       [](const Outside& o) {
         return std::vector<Case>{
             {"/fhir/r4/Condition/" + o.service_id, fhir_condition(o.person_id).dump()}};
       }},
      {"GET /fhir/r4/{type}/{id}/_history",
       [](const Outside& o) {
         return std::vector<Case>{{"/fhir/r4/Condition/" + o.service_id + "/_history", ""}};
       }},
      {"POST /fhir/r4",
       [](const Outside& o) {
         json bundle = {
             {"resourceType", "Bundle"},
             {"type", "transaction"},
             {"entry", json::array({{{"fullUrl", "urn:uuid:1"},
                                     {"resource", fhir_condition(o.person_id)},
                                     {"request", {{"method", "POST"}, {"url", "Condition"}}}}})}};
         return std::vector<Case>{{"/fhir/r4", bundle.dump()}};
       }},
  };
  return m;
}

// Session routes whose answer depends on no area: the caller's own account, or metadata.
const std::set<std::string> kUnscoped = {
    "GET /api/v1/me",                  // the caller themself
    "DELETE /api/v1/session",          // logging out
    "GET /api/v1/coverage/snapshots",  // dates and city-wide counts of JKN extracts, no person
    "POST /api/v1/me/password",        // the caller's own password
    "GET /api/v1/me/sessions",         // the caller's own sessions
    "DELETE /api/v1/me/sessions",      // logging the caller out elsewhere
    "POST /api/v1/growth/assess",      // z-scores of the numbers sent; nothing stored or named
    "GET /api/v1/growth/curves",       // the WHO reference's chart lines, the same for everyone
    "GET /api/v1/pws/version",         // one number that moves when any figure moves
    "GET /api/v1/pws/indicators",      // the indicator definitions, the same for everyone
};

// Admin-only routes: every other role gets 403, even with a well-formed request aimed at the
// admin's own account. The admin's own view is her city (another city's accounts are 404: see
// AccountsIntegration).
std::map<std::string, Case> admin_only(const std::string& admin_username) {
  return {
      {"GET /api/v1/audit", {"/api/v1/audit", ""}},
      {"GET /api/v1/users", {"/api/v1/users", ""}},
      {"POST /api/v1/users",
       {"/api/v1/users",
        R"({"username":"walker.x","password":"kuda-lari-di-sawah-9","role":"kader","scope":"1"})"}},
      {"PATCH /api/v1/users/{username}",
       {"/api/v1/users/" + admin_username, R"({"disabled":true})"}},
  };
}

// Scope still enforced (or not) in the coverage handlers; branch h1b-coverage moves it into the
// domain and empties this list.
V verb_of(const std::string& method) {
  if (method == "GET") return V::get;
  if (method == "POST") return V::post;
  if (method == "PATCH") return V::patch;
  if (method == "PUT") return V::put;
  if (method == "DELETE") return V::delete_;
  throw std::runtime_error("unknown method " + method);
}

// Why a refusal's body is not clean, or "" when it is: an error object and nothing else, no
// NIK-like number, nothing of the person outside.
std::string dirty(const Response& res, const Outside& o) {
  static const std::regex sixteen_digits("[0-9]{16}");
  const std::string& body = res.body();
  if (std::regex_search(body, sixteen_digits)) return "a 16-digit number in the body";
  if (!o.person_name.empty() && body.find(o.person_name) != std::string::npos) {
    return "the outside person's name in the body";
  }
  auto j = body_json(res);
  if (!j.is_object() || !j.contains("error") || j.size() != 1) return "not an error object";
  return "";
}

// As dirty(), for the FHIR routes: an OperationOutcome and nothing else.
std::string fhir_dirty(const Response& res, const Outside& o) {
  static const std::regex sixteen_digits("[0-9]{16}");
  const std::string& body = res.body();
  if (std::regex_search(body, sixteen_digits)) return "a 16-digit number in the body";
  if (!o.person_name.empty() && body.find(o.person_name) != std::string::npos) {
    return "the outside person's name in the body";
  }
  auto j = body_json(res);
  if (!j.is_object() || j.value("resourceType", "") != "OperationOutcome") {
    return "not an OperationOutcome";
  }
  return "";
}

class ScopeWalk : public ServerTest {
 protected:
  // The area, people and things outside `role`'s scope, as the admin finds them.
  Outside outside_of(const std::string& role) {
    Api admin = as("dinkes_admin");
    Outside o;
    o.noka = "0009999999999";  // a card number that is nobody's, unless a real one is found
    if (role == "dinkes_admin") {
      // Another city (Kota Surakarta, in the Kemendagri codes every database loads): the demo
      // has nobody there, so ids are ones that do not exist.
      o.kecamatan = "337201";
      o.village = "3372011001";
      o.person_id = "999999999";
      o.facility_id = "999999999";
      return o;
    }
    Api user = as(role);
    auto city = admin.get("/api/v1/regions/me");
    for (const auto& kec : city["children"]) {
      const std::string code = kec["code"];
      if (user.call(V::get, "/api/v1/regions/" + code).result_int() != 404) continue;
      auto villages = admin.get("/api/v1/regions/" + code)["children"];
      for (const auto& v : villages) {
        auto people =
            admin.get("/api/v1/people?page_size=1&region=" + v["code"].get<std::string>());
        if (people["items"].empty()) continue;
        o.kecamatan = code;
        o.village = v["code"];
        o.person_id = people["items"][0]["id"].dump();
        o.person_nik = people["items"][0]["nik"];
        o.person_name = people["items"][0]["name"];
        break;
      }
      if (!o.village.empty()) break;
    }
    if (o.village.empty()) throw std::runtime_error(role + ": no kecamatan outside its scope");
    auto facilities = admin.get("/api/v1/facilities?region=" + o.village);
    o.facility_id = facilities["items"].empty() ? "999999999" : facilities["items"][0]["id"].dump();
    // A service of the outside resident, recorded by the admin, for the care routes by id.
    auto recorded = admin.call(V::post, "/api/v1/care/services", care_body(o.person_id).dump());
    if (recorded.result_int() == 201) o.service_id = body_json(recorded)["id"].dump();
    // A JSAS trip of the outside resident, booked by the admin to a facility of the kecamatan
    // that takes patients (a puskesmas, hospital or clinic), for the trip routes by id.
    auto destinations = admin.get("/api/v1/facilities?region=" + o.kecamatan);
    for (const auto& f : destinations["items"]) {
      auto booked = admin.call(V::post, "/api/v1/transport/trips",
                               trip_body(o.person_id, f["id"].dump()).dump());
      if (booked.result_int() != 201) continue;
      o.trip_id = body_json(booked)["trips"][0]["id"].dump();
      break;
    }
    auto reviews = admin.call(V::get, "/api/v1/coverage/reviews?page_size=1&region=" + o.village);
    if (reviews.result_int() == 200) {
      auto j = body_json(reviews);
      if (j.contains("items") && !j["items"].empty()) o.noka = j["items"][0]["noka"];
    }
    return o;
  }

  void walk(const std::string& role) {
    const Outside o = outside_of(role);
    Api anon(port());
    Api user = as(role);
    auto table = anon.get("/api/v1/meta/routes")["routes"];
    ASSERT_FALSE(table.empty());
    const auto admin_cases = admin_only(as("dinkes_admin").get("/api/v1/me")["username"]);
    size_t walked = 0;
    for (const auto& route : table) {
      const std::string method = route["method"], path = route["path"];
      const std::string key = method + " " + path;
      if (route["auth"] != "session") {
        // Public: whatever it answers without a session holds no NIK. A public route with a
        // path parameter is called as it stands ({…} is not a valid id anywhere).
        auto res = anon.call(verb_of(method), path, method == "GET" ? "" : "{}");
        EXPECT_FALSE(std::regex_search(res.body(), std::regex("[0-9]{16}"))) << key;
        continue;
      }
      if (kUnscoped.count(key)) continue;
      if (auto admin_case = admin_cases.find(key); admin_case != admin_cases.end()) {
        if (role != "dinkes_admin") {
          const Case& c = admin_case->second;
          auto res = user.call(verb_of(method), c.target, c.body);
          EXPECT_EQ(res.result_int(), 403u) << role << " " << key << ": " << res.body();
          EXPECT_EQ(dirty(res, o), "") << role << " " << key;
        }
        continue;
      }
      const bool is_fhir = path.rfind("/fhir/", 0) == 0;
      const auto& table_cases = is_fhir ? fhir_cases() : cases();
      auto it = table_cases.find(key);
      if (it == table_cases.end()) {
        ADD_FAILURE() << key << " has no out-of-scope case in scope_walk_test.cpp (cases()): say "
                      << "how to aim it outside a role's scope, or list it in kUnscoped";
        continue;
      }
      for (const Case& c : it->second(o)) {
        ++walked;
        auto res = user.call(verb_of(method), c.target, c.body);
        const unsigned status = res.result_int();
        std::string why;
        if (status != 403 && status != 404) {
          why = "answered " + std::to_string(status);
        } else {
          why = is_fhir ? fhir_dirty(res, o) : dirty(res, o);
        }
        if (why.empty()) continue;
        const std::string what =
            role + " " + method + " " + c.target + ": " + why + " — " + res.body().substr(0, 200);
        ADD_FAILURE() << what;
      }
    }
    EXPECT_GT(walked, 0u);
  }
};

// A FHIR search by the NIK of someone outside the scope finds nobody (a search, not a refusal);
// a kader may not search by number at all (403, as in /api/v1/people).
TEST_F(ScopeWalk, FhirNikSearchOutsideTheScopeFindsNobody) {
  for (const std::string role : {"puskesmas", "nakes", "kader"}) {
    const Outside o = outside_of(role);
    ASSERT_EQ(o.person_nik.size(), 16u) << role;
    auto res = as(role).call(
        V::get, "/fhir/r4/Patient?identifier=https://fhir.kemkes.go.id/id/nik|" + o.person_nik);
    auto j = body_json(res);
    if (role == "kader") {
      EXPECT_EQ(res.result_int(), 403u) << res.body();
      EXPECT_EQ(fhir_dirty(res, o), "");
      continue;
    }
    EXPECT_EQ(res.result_int(), 200u) << role << ": " << res.body();
    EXPECT_EQ(j["total"], 0) << role;
    EXPECT_TRUE(!j.contains("entry") || j["entry"].empty()) << role;
  }
}

TEST_F(ScopeWalk, DinkesAdmin) { walk("dinkes_admin"); }
TEST_F(ScopeWalk, Puskesmas) { walk("puskesmas"); }
TEST_F(ScopeWalk, Nakes) { walk("nakes"); }
TEST_F(ScopeWalk, Kader) { walk("kader"); }

}  // namespace
}  // namespace siklus::itest
