#include "homecare/service.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <set>

#include "homecare/demo.h"
#include "homecare/schema.h"
#include "store/database.h"

namespace siklus::homecare {
namespace {

using nlohmann::json;

bool one_of(std::string_view v, std::span<const std::string_view> list) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

std::string hhmm(double seconds) {
  const int s = static_cast<int>(std::lround(seconds));
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", (s / 3600) % 100, (s / 60) % 60);
  return buf;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

std::vector<std::string> split(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = text.find(',', start);
    const auto part = text.substr(start, comma == std::string_view::npos ? comma : comma - start);
    if (!part.empty()) out.emplace_back(part);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

Result<uint64_t> skills_of(const std::vector<std::string>& names, const std::string& field) {
  uint64_t bits = 0;
  for (const auto& n : names) {
    const auto b = parse_skill(n);
    if (!b) {
      return Error::invalid(field, "unknown skill " + n).with_id("homecare.unknown_skill");
    }
    bits |= *b;
  }
  return bits;
}

// Runs `sql` with `bind` and calls `row` for each row.
Status each_row(store::Database& db, std::string_view sql,
                const std::function<void(store::Statement&)>& bind,
                const std::function<void(store::Statement&)>& row) {
  auto st = db.prepare(sql);
  if (!st) return st.error();
  bind(**st);
  for (;;) {
    auto more = (*st)->step();
    if (!more) return more.error();
    if (!*more) return {};
    row(**st);
  }
}

Result<int64_t> insert_returning(store::Database& db, std::string_view sql,
                                 const std::function<void(store::Statement&)>& bind) {
  auto st = db.prepare(sql);
  if (!st) return st.error();
  bind(**st);
  auto row = (*st)->step();
  if (!row) return row.error();
  if (!*row) return Error::internal("insert returned no id");
  return (*st)->column_int64(0);
}

std::string rw_area(const std::string& village, int rw) {
  char buf[8];
  std::snprintf(buf, sizeof buf, ".RW%02d", rw);
  return village + buf;
}

Error outside_catchment(const std::string& puskesmas) {
  return Error::invalid("person_id", "the person lives outside the wilayah kerja of " + puskesmas)
      .with_id("homecare.outside_catchment");
}

std::optional<std::string> text_field(const json& body, const char* key) {
  if (!body.contains(key) || body[key].is_null()) return std::nullopt;
  if (!body[key].is_string()) return std::nullopt;
  return body[key].get<std::string>();
}

template <typename T>
Result<std::optional<T>> number_field(const json& body, const char* key) {
  if (!body.contains(key) || body[key].is_null()) return std::optional<T>{};
  if (!body[key].is_number()) return Error::invalid(key, "must be a number");
  return std::optional<T>(body[key].get<T>());
}

Result<std::vector<std::string>> string_list(const json& body, const char* key) {
  std::vector<std::string> out;
  if (!body.contains(key) || body[key].is_null()) return out;
  if (body[key].is_string()) return split(body[key].get<std::string>());
  if (!body[key].is_array()) return Error::invalid(key, "must be a list of strings");
  for (const auto& s : body[key]) {
    if (!s.is_string()) return Error::invalid(key, "must be a list of strings");
    out.push_back(s.get<std::string>());
  }
  return out;
}

Result<DayWindow> parse_window(std::string_view text, const std::string& field) {
  int h1 = 0, m1 = 0, h2 = 0, m2 = 0;
  const std::string s(text);
  if (std::sscanf(s.c_str(), "%d:%d-%d:%d", &h1, &m1, &h2, &m2) != 4 || h1 < 0 || h1 > 24 ||
      h2 < 0 || h2 > 24 || m1 < 0 || m1 > 59 || m2 < 0 || m2 > 59) {
    return Error::invalid(field, "expected HH:MM-HH:MM").with_id("homecare.bad_window");
  }
  DayWindow w{h1 * 3600 + m1 * 60, h2 * 3600 + m2 * 60};
  if (w.end <= w.start) {
    return Error::invalid(field, "ends before it starts").with_id("homecare.bad_window");
  }
  return w;
}

constexpr std::string_view kVisitColumns =
    "v.id, v.visit_key, v.plan_id, v.person_id, v.facility_id, v.date, v.team_id, v.seq, "
    "v.arrival, v.departure, v.travel_seconds, v.care_seconds, v.pinned, v.status, v.reason, "
    "v.notes, v.version";

json visit_json(store::Statement& r) {
  return {{"id", r.column_int64(0)},
          {"visit", r.column_string(1)},
          {"plan_id", r.column_int64(2)},
          {"person_id", r.column_int64(3)},
          {"facility_id", r.column_int64(4)},
          {"date", r.column_string(5)},
          {"team", r.is_null(6) ? json() : json(r.column_int64(6))},
          {"order", r.column_int64(7)},
          {"arrival", hhmm(static_cast<double>(r.column_int64(8)))},
          {"departure", hhmm(static_cast<double>(r.column_int64(9)))},
          {"travel_minutes", r.column_int64(10) / 60},
          {"care_minutes", r.column_int64(11) / 60},
          {"pinned", r.column_int64(12) != 0},
          {"status", r.column_string(13)},
          {"reason", r.column_string(14)},
          {"notes", r.column_string(15)},
          {"version", r.column_int64(16)}};
}

}  // namespace

// ---- parsing -------------------------------------------------------------------------------

Result<std::vector<DayWindow>> parse_windows(std::string_view text, const std::string& field) {
  std::vector<DayWindow> out;
  for (const auto& part : split(text)) {
    auto w = parse_window(part, field);
    if (!w) return w.error();
    out.push_back(*w);
  }
  std::sort(out.begin(), out.end(), [](auto a, auto b) { return a.start < b.start; });
  for (size_t i = 1; i < out.size(); ++i) {
    if (out[i].start < out[i - 1].end) {
      return Error::invalid(field, "windows overlap").with_id("homecare.bad_window");
    }
  }
  return out;
}

std::string format_windows(const std::vector<DayWindow>& windows) {
  std::vector<std::string> parts;
  for (const auto& w : windows) parts.push_back(hhmm(w.start) + "-" + hhmm(w.end));
  return join(parts);
}

Result<RequestInput> parse_request(const json& body) {
  if (!body.is_object()) return Error::invalid("body", "expected an object");
  RequestInput in;
  auto person = number_field<int64_t>(body, "person_id");
  if (!person) return person.error();
  if (!*person || **person <= 0) return Error::invalid("person_id", "required");
  in.person_id = **person;
  auto facility = number_field<int64_t>(body, "facility_id");
  if (!facility) return facility.error();
  if (!*facility || **facility <= 0) return Error::invalid("facility_id", "required");
  in.facility_id = **facility;
  in.source = text_field(body, "source").value_or("");
  if (!one_of(in.source, kSources)) {
    return Error::invalid("source", "must be kader, keluarga, rumah_sakit or petugas");
  }
  in.reason = text_field(body, "reason").value_or("");
  if (!one_of(in.reason, kReasons)) {
    return Error::invalid("reason",
                          "must be lansia, disabilitas, kronis, gizi_buruk or bumil_risti")
        .with_id("homecare.unknown_reason");
  }
  auto needs = string_list(body, "needs");
  if (!needs) return needs.error();
  in.needs = *needs;
  if (in.needs.empty()) return Error::invalid("needs", "name at least one need");
  for (const auto& n : in.needs) {
    if (!one_of(n, kNeeds)) return Error::invalid("needs", "unknown need " + n);
  }
  auto adl = number_field<int>(body, "adl");
  if (!adl) return adl.error();
  in.adl = *adl;
  if (in.adl && (*in.adl < 0 || *in.adl > 20)) return Error::invalid("adl", "must be 0 to 20");
  auto days = number_field<int>(body, "preferred_days");
  if (!days) return days.error();
  if (*days) in.preferred_days = **days;
  if (in.preferred_days <= 0 || in.preferred_days > 0x7f) {
    return Error::invalid("preferred_days", "a bit set of weekdays, bit 0 = Monday");
  }
  in.preferred_hours = text_field(body, "preferred_hours").value_or("");
  auto hours = parse_windows(in.preferred_hours, "preferred_hours");
  if (!hours) return hours.error();
  in.contact_name = text_field(body, "contact_name").value_or("");
  in.contact_phone = text_field(body, "contact_phone").value_or("");
  if (in.contact_name.empty() || in.contact_phone.empty()) {
    return Error::invalid(in.contact_name.empty() ? "contact_name" : "contact_phone", "required");
  }
  auto lon = number_field<double>(body, "lon");
  auto lat = number_field<double>(body, "lat");
  if (!lon) return lon.error();
  if (!lat) return lat.error();
  in.lon = *lon;
  in.lat = *lat;
  if (in.lon.has_value() != in.lat.has_value() ||
      (in.lon && (std::fabs(*in.lon) > 180 || std::fabs(*in.lat) > 90))) {
    return Error::invalid("lon", "give both lon and lat, in degrees");
  }
  in.note = text_field(body, "note").value_or("");
  return in;
}

Result<TriageInput> parse_triage(const json& body) {
  if (!body.is_object()) return Error::invalid("body", "expected an object");
  TriageInput in;
  const std::string decision = text_field(body, "decision").value_or("accept");
  if (decision != "accept" && decision != "reject") {
    return Error::invalid("decision", "must be accept or reject");
  }
  in.accept = decision == "accept";
  in.note = text_field(body, "note").value_or("");
  if (!in.accept) {
    if (in.note.empty()) return Error::invalid("note", "say why the request is rejected");
    return in;
  }
  const auto prio = parse_priority(text_field(body, "priority").value_or("routine"));
  if (!prio) return Error::invalid("priority", "must be urgent, week or routine");
  in.priority = *prio;
  auto per_week = number_field<double>(body, "visits_per_week");
  if (!per_week) return per_week.error();
  if (*per_week) in.visits_per_week = **per_week;
  if (!(in.visits_per_week > 0) || in.visits_per_week > 7) {
    return Error::invalid("visits_per_week", "must be above 0 and at most 7");
  }
  auto weeks = number_field<int>(body, "weeks");
  if (!weeks) return weeks.error();
  if (*weeks) in.weeks = **weeks;
  if (in.weeks < 1 || in.weeks > 52) return Error::invalid("weeks", "must be 1 to 52");
  auto skills = string_list(body, "skills");
  if (!skills) return skills.error();
  if (!skills->empty()) in.skills = *skills;
  auto bits = skills_of(in.skills, "skills");
  if (!bits) return bits.error();
  auto minutes = number_field<int>(body, "duration_minutes");
  if (!minutes) return minutes.error();
  if (*minutes) in.duration_minutes = **minutes;
  if (in.duration_minutes < 5 || in.duration_minutes > 480) {
    return Error::invalid("duration_minutes", "must be 5 to 480");
  }
  if (auto start = text_field(body, "start")) {
    in.start = Date::parse(*start);
    if (!in.start) return Error::invalid("start", "expected YYYY-MM-DD");
  }
  return in;
}

Result<TeamForm> parse_team(const json& body) {
  if (!body.is_object()) return Error::invalid("body", "expected an object");
  TeamForm f;
  auto facility = number_field<int64_t>(body, "facility_id");
  if (!facility) return facility.error();
  if (!*facility) return Error::invalid("facility_id", "required");
  f.facility_id = **facility;
  f.name = text_field(body, "name").value_or("");
  if (f.name.empty()) return Error::invalid("name", "required");
  f.vehicle = text_field(body, "vehicle").value_or("motor");
  if (f.vehicle != "motor" && f.vehicle != "mobil") {
    return Error::invalid("vehicle", "must be motor or mobil");
  }
  auto speed = number_field<double>(body, "speed_kmh");
  if (!speed) return speed.error();
  f.speed_kmh = speed->value_or(f.vehicle == "motor" ? 25 : 20);
  if (!(f.speed_kmh >= 5 && f.speed_kmh <= 80)) return Error::invalid("speed_kmh", "5 to 80");
  f.shift = text_field(body, "shift").value_or(f.shift);
  f.break_window = text_field(body, "break").value_or(f.break_window);
  for (auto [text, field] : {std::pair{f.shift, "shift"}, std::pair{f.break_window, "break"}}) {
    auto w = parse_window(text, field);
    if (!w) return w.error();
  }
  auto minutes = number_field<int>(body, "break_minutes");
  if (!minutes) return minutes.error();
  f.break_minutes = minutes->value_or(30);
  if (f.break_minutes < 0 || f.break_minutes > 120) {
    return Error::invalid("break_minutes", "0 to 120");
  }
  auto workdays = number_field<int>(body, "workdays");
  if (!workdays) return workdays.error();
  f.workdays = workdays->value_or(0x3f);
  if (f.workdays <= 0 || f.workdays > 0x7f) return Error::invalid("workdays", "weekday bit set");
  auto max_visits = number_field<int>(body, "max_visits");
  if (!max_visits) return max_visits.error();
  f.max_visits = max_visits->value_or(8);
  if (f.max_visits < 1 || f.max_visits > 30) return Error::invalid("max_visits", "1 to 30");
  if (body.contains("members")) {
    if (!body["members"].is_array()) return Error::invalid("members", "must be a list");
    for (const auto& m : body["members"]) {
      TeamForm::Member member;
      auto id = number_field<int64_t>(m, "staff_id");
      if (!id) return id.error();
      if (!*id) return Error::invalid("members", "each member needs a staff_id");
      member.staff_id = **id;
      member.name = text_field(m, "name").value_or("");
      auto skills = string_list(m, "skills");
      if (!skills) return skills.error();
      auto bits = skills_of(*skills, "members");
      if (!bits) return bits.error();
      if (*bits == 0) return Error::invalid("members", "each member needs a skill");
      member.skills = *skills;
      f.members.push_back(std::move(member));
    }
  }
  return f;
}

Result<VisitReport> parse_visit_report(const json& body) {
  if (!body.is_object()) return Error::invalid("body", "expected an object");
  VisitReport r;
  r.status = text_field(body, "status").value_or("");
  if (r.status != "arrived" && r.status != "done" && r.status != "missed" &&
      r.status != "cancelled") {
    return Error::invalid("status", "must be arrived, done, missed or cancelled");
  }
  r.notes = text_field(body, "notes").value_or("");
  auto version = number_field<int64_t>(body, "version");
  if (!version) return version.error();
  if (!*version) return Error::invalid("version", "required (the visit's version you read)");
  r.version = **version;
  if (body.contains("services")) {
    if (!body["services"].is_array()) return Error::invalid("services", "must be a list");
    r.services = body["services"];
  }
  return r;
}

Eligibility check_eligibility(const RequestInput& in, int age, std::string_view sex) {
  Eligibility e;
  auto refuse = [&](const char* id) {
    e.eligible = false;
    e.reasons.emplace_back(id);
  };
  if (in.reason == "lansia") {
    if (age < 60) refuse("homecare.lansia_age");
    if (!in.adl) {
      e.reasons.emplace_back("homecare.adl_missing");  // to assess at the first visit
    } else if (*in.adl > 11) {
      refuse("homecare.adl_too_high");
    }
  } else if (in.reason == "gizi_buruk") {
    if (age >= 5) refuse("homecare.gizi_age");
  } else if (in.reason == "bumil_risti") {
    if (sex != "P" || age < 10 || age > 55) refuse("homecare.bumil_person");
  }
  return e;
}

// ---- the service ---------------------------------------------------------------------------

Result<std::unique_ptr<HomecareService>> HomecareService::open(std::shared_ptr<store::Database> db,
                                                               registry::Registry& registry,
                                                               audit::AuditLog& audit,
                                                               coverage::CoverageService* coverage,
                                                               care::CareService* care) {
  SK_TRY(migrate_homecare(*db));
  std::unique_ptr<HomecareService> s(new HomecareService());
  s->port_ = std::make_unique<registry::ReadPort>(db);
  s->db_ = std::move(db);
  s->registry_ = &registry;
  s->audit_ = &audit;
  s->coverage_ = coverage;
  s->care_ = care;
  return s;
}

Result<registry::Catchment> HomecareService::puskesmas_in_scope(const User& user,
                                                                int64_t facility_id) {
  auto c = port_->puskesmas(std::to_string(facility_id));
  if (!c) return Error::not_found("puskesmas not found");
  if (c->villages.empty()) return Error::not_found("puskesmas not found");
  for (const auto& v : c->villages) {
    if (!registry_->authorize_area(user, v)) return Error::not_found("puskesmas not found");
  }
  return c;
}

Result<std::vector<int64_t>> HomecareService::facilities_in_scope(const User& user) {
  auto areas = registry_->scope_areas(user);
  if (!areas) return areas.error();
  std::vector<int64_t> out;
  if (areas->empty() || areas->front().size() < 4) return out;
  auto tree = port_->city_tree(areas->front().substr(0, 4));
  if (!tree) return tree.error();
  for (const auto& c : tree->catchments) {
    if (puskesmas_in_scope(user, c.facility_id)) out.push_back(c.facility_id);
  }
  return out;
}

Result<std::vector<registry::Catchment>> HomecareService::puskesmas_of_region(
    const User& user, std::string_view region) {
  const auto code = normalize_region_code(region);
  if (!code || code->size() < 4) {
    return Error::invalid("region", "a kab/kota, kecamatan or kelurahan code");
  }
  SK_TRY(registry_->authorize_area(user, *code));
  auto tree = port_->city_tree(code->substr(0, 4));
  if (!tree) return tree.error();
  std::vector<registry::Catchment> out;
  for (const auto& c : tree->catchments) {
    const bool touches = std::any_of(c.villages.begin(), c.villages.end(), [&](const auto& v) {
      return region_within(v, *code) || region_within(*code, v);
    });
    if (touches) out.push_back(c);
  }
  return out;
}

Result<json> HomecareService::create_request(const User& user, const RequestInput& in) {
  auto pkm = port_->puskesmas(std::to_string(in.facility_id));
  if (!pkm) return Error::invalid("facility_id", "no such puskesmas");
  std::optional<registry::ResidentRow> found;
  std::string name, sex, birth, village, street;
  int rw = 0;
  const int64_t ids[] = {in.person_id};
  SK_TRY(port_->for_each_resident_of(ids, [&](const registry::ResidentRow& r) {
    name = std::string(r.name);
    sex = std::string(r.sex);
    birth = std::string(r.birth_date);
    village = std::string(r.village_code);
    street = std::string(r.street);
    rw = r.rw;
    found = r;
  }));
  if (!found || village.empty()) return Error::not_found("person not found");
  const std::string area = rw > 0 ? rw_area(village, rw) : village;
  if (!registry_->authorize_area(user, area)) return Error::not_found("person not found");
  if (std::find(pkm->villages.begin(), pkm->villages.end(), village) == pkm->villages.end()) {
    SK_TRY(audit_->record(user, {"refused", "homecare_request", in.person_id, area,
                                 "outside " + pkm->name, std::nullopt}));
    return outside_catchment(pkm->name);
  }
  const Date today = db_->clock().today_wib();
  const auto b = Date::parse(birth);
  const int age = b ? age_in_years(*b, today) : 0;
  const Eligibility e = check_eligibility(in, age, sex);

  // The home's position: from the form (a phone's GPS), else the RW's posyandu, else the
  // puskesmas — the planner needs a point; the run sheet shows the address.
  std::optional<double> lon = in.lon, lat = in.lat;
  if (!lon) {
    auto facilities = port_->facilities(village.substr(0, 4));
    if (!facilities) return facilities.error();
    for (const auto& f : *facilities) {
      if (!f.lat || !f.lon) continue;
      if (f.type == "posyandu" && f.village_code == village && f.rw == rw) {
        lon = f.lon;
        lat = f.lat;
      }
      if (!lon && f.id == in.facility_id) {
        lon = f.lon;
        lat = f.lat;
      }
    }
  }
  const std::string now = db_->clock().now_iso();
  store::Transaction tx(*db_, user.username);
  SK_TRY(tx.begin());
  auto id = insert_returning(
      *db_,
      "INSERT INTO homecare_request (person_id, facility_id, city_code, source, reason, needs, adl,"
      " preferred_days, preferred_hours, contact_name, contact_phone, lon, lat, note, status,"
      " eligible, eligibility, created_by, created_at, updated_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'new', ?, ?, ?, ?, ?) RETURNING id",
      [&](store::Statement& st) {
        st.bind(1, in.person_id).bind(2, in.facility_id).bind(3, village.substr(0, 4));
        st.bind(4, in.source).bind(5, in.reason).bind(6, join(in.needs)).bind(7, in.adl);
        st.bind(8, in.preferred_days).bind(9, in.preferred_hours).bind(10, in.contact_name);
        st.bind(11, in.contact_phone).bind(12, lon).bind(13, lat).bind(14, in.note);
        st.bind(15, e.eligible ? 1 : 0).bind(16, join(e.reasons)).bind(17, user.username);
        st.bind(18, now).bind(19, now);
      });
  if (!id) return id.error();
  SK_TRY(tx.record({"homecare_request", std::to_string(*id), "insert"}));
  SK_TRY(audit_->record_in_transaction(
      user, {"create", "homecare_request", in.person_id, area, in.reason, std::nullopt}));
  SK_TRY(tx.commit());
  auto out = request(user, *id);
  if (!out) return out.error();
  return out;
}

Result<std::vector<int64_t>> HomecareService::facilities_asked(const User& user,
                                                               std::optional<int64_t> facility_id) {
  if (!facility_id) return facilities_in_scope(user);
  SK_TRY(puskesmas_in_scope(user, *facility_id));
  return std::vector<int64_t>{*facility_id};
}

Result<json> HomecareService::requests(const User& user, std::optional<int64_t> facility_id,
                                       std::string_view status) {
  auto facilities = facilities_asked(user, facility_id);
  if (!facilities) return facilities.error();
  json list = json::array();
  for (int64_t f : *facilities) {
    SK_TRY(each_row(
        *db_,
        "SELECT id, person_id, facility_id, source, reason, needs, status, eligible, created_at"
        " FROM homecare_request WHERE facility_id = ? AND (? = '' OR status = ?)"
        " ORDER BY id DESC",
        [&](store::Statement& st) { st.bind(1, f).bind(2, status).bind(3, status); },
        [&](store::Statement& r) {
          list.push_back({{"id", r.column_int64(0)},
                          {"person_id", r.column_int64(1)},
                          {"facility_id", r.column_int64(2)},
                          {"source", r.column_string(3)},
                          {"reason", r.column_string(4)},
                          {"needs", split(r.column_text(5))},
                          {"status", r.column_string(6)},
                          {"eligible", r.column_int64(7) != 0},
                          {"created_at", r.column_string(8)}});
        }));
  }
  SK_TRY(audit_->record(user, {"search", "homecare_request", std::nullopt, "", std::string(status),
                               static_cast<int64_t>(list.size())}));
  return json{{"requests", std::move(list)}};
}

Result<json> HomecareService::request(const User& user, int64_t id) {
  std::optional<json> out;
  SK_TRY(each_row(
      *db_,
      "SELECT id, person_id, facility_id, source, reason, needs, adl, preferred_days,"
      " preferred_hours, contact_name, contact_phone, lon, lat, note, status, eligible,"
      " eligibility, created_by, created_at, updated_at FROM homecare_request WHERE id = ?",
      [&](store::Statement& st) { st.bind(1, id); },
      [&](store::Statement& r) {
        out = json{{"id", r.column_int64(0)},
                   {"person_id", r.column_int64(1)},
                   {"facility_id", r.column_int64(2)},
                   {"source", r.column_string(3)},
                   {"reason", r.column_string(4)},
                   {"needs", split(r.column_text(5))},
                   {"adl", r.is_null(6) ? json() : json(r.column_int64(6))},
                   {"preferred_days", r.column_int64(7)},
                   {"preferred_hours", r.column_string(8)},
                   {"contact_name", r.column_string(9)},
                   {"contact_phone", r.column_string(10)},
                   {"lon", r.is_null(11) ? json() : json(r.column_double(11))},
                   {"lat", r.is_null(12) ? json() : json(r.column_double(12))},
                   {"note", r.column_string(13)},
                   {"status", r.column_string(14)},
                   {"eligibility",
                    {{"eligible", r.column_int64(15) != 0}, {"reasons", split(r.column_text(16))}}},
                   {"created_by", r.column_string(17)},
                   {"created_at", r.column_string(18)},
                   {"updated_at", r.column_string(19)}};
      }));
  if (!out) return Error::not_found("request not found");
  // Whoever may see the patient (the requesting kader for her RW, the puskesmas, the city) may
  // see the request.
  const int64_t person_id = (*out)["person_id"];
  std::string village;
  int rw = 0;
  const int64_t ids[] = {person_id};
  SK_TRY(port_->for_each_resident_of(ids, [&](const registry::ResidentRow& r) {
    village = std::string(r.village_code);
    rw = r.rw;
  }));
  if (village.empty() ||
      !registry_->authorize_area(user, rw > 0 ? rw_area(village, rw) : village)) {
    return Error::not_found("request not found");
  }
  json jkn = nullptr;
  if (coverage_) {
    auto m = coverage_->person_membership(user, person_id);
    if (!m) return m.error();
    jkn = *m;
    bool insured = false;
    for (const auto& member : jkn["members"]) {
      insured = insured || (member.value("linked", false) && member.value("status", "") == "AKTIF");
    }
    jkn["insured"] = insured;
    // The uninsured go to the UHC enrolment worklist (the coverage page's worklist).
    if (!insured) jkn["enrolment_path"] = "/coverage/worklist";
  }
  (*out)["jkn"] = std::move(jkn);
  SK_TRY(audit_->record(
      user, {"read", "homecare_request", person_id, "", std::to_string(id), std::nullopt}));
  return *out;
}

Result<json> HomecareService::triage(const User& user, int64_t request_id, const TriageInput& in) {
  if (user.role == registry::Role::kKader) return Error::not_found("request not found");
  auto req = request(user, request_id);
  if (!req) return req.error();
  const int64_t facility_id = (*req)["facility_id"];
  auto pkm = puskesmas_in_scope(user, facility_id);
  if (!pkm) return pkm.error();
  if ((*req)["status"] != "new") {
    return Error::conflict("status", "the request was triaged already")
        .with_id("homecare.already_triaged");
  }
  const std::string now = db_->clock().now_iso();
  store::Transaction tx(*db_, user.username);
  SK_TRY(tx.begin());
  auto upd = db_->prepare(
      "UPDATE homecare_request SET status = ?, note = ?, updated_at = ? WHERE id = ? AND status = "
      "'new'");
  if (!upd) return upd.error();
  (*upd)->bind(1, in.accept ? "accepted" : "rejected").bind(2, in.note).bind(3, now);
  (*upd)->bind(4, request_id);
  SK_TRY((*upd)->run());
  SK_TRY(tx.record({"homecare_request", std::to_string(request_id), "update"}));
  json out = {{"request_id", request_id}, {"status", in.accept ? "accepted" : "rejected"}};
  if (in.accept) {
    const Date start = in.start.value_or(db_->clock().today_wib());
    const Date end = Date::from_days(start.days() + in.weeks * 7 - 1);
    const std::vector<std::string> needs = (*req)["needs"];
    const std::string windows = (*req)["preferred_hours"];
    if ((*req)["lon"].is_null()) {
      return Error::invalid("lon", "the request has no position for the home")
          .with_id("homecare.no_position");
    }
    auto id = insert_returning(
        *db_,
        "INSERT INTO homecare_plan (request_id, person_id, facility_id, city_code, reason, need,"
        " priority, visits_per_week, start_date, end_date, skills, duration_minutes, windows,"
        " weekdays, lon, lat, usual_team_id, status, created_by, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 'active', ?, ?) RETURNING "
        "id",
        [&](store::Statement& st) {
          st.bind(1, request_id).bind(2, (*req)["person_id"].get<int64_t>()).bind(3, facility_id);
          st.bind(4, pkm->villages.front().substr(0, 4))
              .bind(5, (*req)["reason"].get<std::string>());
          st.bind(6, needs.empty() ? std::string("perawatan") : needs.front());
          st.bind(7, std::string(priority_name(in.priority))).bind(8, in.visits_per_week);
          st.bind(9, start.to_string()).bind(10, end.to_string()).bind(11, join(in.skills));
          st.bind(12, in.duration_minutes).bind(13, windows);
          st.bind(14, (*req)["preferred_days"].get<int>());
          st.bind(15, (*req)["lon"].get<double>()).bind(16, (*req)["lat"].get<double>());
          st.bind(17, user.username).bind(18, now);
        });
    if (!id) return id.error();
    SK_TRY(tx.record({"homecare_plan", std::to_string(*id), "insert"}));
    out["plan_id"] = *id;
    out["start"] = start.to_string();
    out["end"] = end.to_string();
  }
  SK_TRY(audit_->record_in_transaction(
      user, {"update", "homecare_request", (*req)["person_id"].get<int64_t>(), "",
             in.accept ? "accept" : "reject", std::nullopt}));
  SK_TRY(tx.commit());
  return out;
}

Result<json> HomecareService::plans(const User& user, std::optional<int64_t> facility_id) {
  auto facilities = facilities_asked(user, facility_id);
  if (!facilities) return facilities.error();
  json list = json::array();
  for (int64_t f : *facilities) {
    SK_TRY(each_row(
        *db_,
        "SELECT id, request_id, person_id, facility_id, reason, need, priority, visits_per_week,"
        " start_date, end_date, skills, duration_minutes, windows, weekdays, usual_team_id, status"
        " FROM homecare_plan WHERE facility_id = ? ORDER BY id",
        [&](store::Statement& st) { st.bind(1, f); },
        [&](store::Statement& r) {
          list.push_back({{"id", r.column_int64(0)},
                          {"request_id", r.is_null(1) ? json() : json(r.column_int64(1))},
                          {"person_id", r.column_int64(2)},
                          {"facility_id", r.column_int64(3)},
                          {"reason", r.column_string(4)},
                          {"need", r.column_string(5)},
                          {"priority", r.column_string(6)},
                          {"visits_per_week", r.column_double(7)},
                          {"start", r.column_string(8)},
                          {"end", r.column_string(9)},
                          {"skills", split(r.column_text(10))},
                          {"duration_minutes", r.column_int64(11)},
                          {"windows", r.column_string(12)},
                          {"weekdays", r.column_int64(13)},
                          {"usual_team", r.is_null(14) ? json() : json(r.column_int64(14))},
                          {"status", r.column_string(15)}});
        }));
  }
  SK_TRY(audit_->record(
      user, {"search", "homecare_plan", std::nullopt, "", "", static_cast<int64_t>(list.size())}));
  return json{{"plans", std::move(list)}};
}

Result<json> HomecareService::create_team(const User& user, const TeamForm& form) {
  if (user.role == registry::Role::kKader || user.role == registry::Role::kNakes) {
    return Error::not_found("puskesmas not found");
  }
  auto pkm = puskesmas_in_scope(user, form.facility_id);
  if (!pkm) return pkm.error();
  const double speed = form.speed_kmh > 0 ? form.speed_kmh : form.vehicle == "mobil" ? 20 : 25;
  const auto shift = parse_window(form.shift, "shift");
  const auto brk = parse_window(form.break_window, "break");
  if (!shift) return shift.error();
  if (!brk) return brk.error();
  store::Transaction tx(*db_, user.username);
  SK_TRY(tx.begin());
  const std::string city = pkm->villages.front().substr(0, 4);
  auto vehicle = insert_returning(
      *db_,
      "INSERT INTO homecare_vehicle (facility_id, city_code, kind, name, speed_kmh)"
      " VALUES (?, ?, ?, ?, ?) RETURNING id",
      [&](store::Statement& st) {
        st.bind(1, form.facility_id).bind(2, city).bind(3, form.vehicle);
        st.bind(4, form.vehicle + " " + form.name).bind(5, speed);
      });
  if (!vehicle) return vehicle.error();
  auto id = insert_returning(
      *db_,
      "INSERT INTO homecare_team (facility_id, city_code, name, vehicle_id, shift_start, shift_end,"
      " break_start, break_end, break_minutes, workdays, max_visits)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      [&](store::Statement& st) {
        st.bind(1, form.facility_id).bind(2, city).bind(3, form.name).bind(4, *vehicle);
        st.bind(5, shift->start).bind(6, shift->end).bind(7, brk->start).bind(8, brk->end);
        st.bind(9, form.break_minutes).bind(10, form.workdays).bind(11, form.max_visits);
      });
  if (!id) return id.error();
  for (const auto& m : form.members) {
    auto st = db_->prepare(
        "INSERT INTO homecare_team_member (team_id, staff_id, name, skills) VALUES (?, ?, ?, ?)");
    if (!st) return st.error();
    (*st)->bind(1, *id).bind(2, m.staff_id).bind(3, m.name).bind(4, join(m.skills));
    SK_TRY((*st)->run());
  }
  SK_TRY(tx.record({"homecare_team", std::to_string(*id), "insert"}));
  SK_TRY(audit_->record_in_transaction(
      user, {"create", "homecare_team", std::nullopt, "", form.name, std::nullopt}));
  SK_TRY(tx.commit());
  return json{{"id", *id}, {"vehicle_id", *vehicle}};
}

namespace {

struct TeamRow {
  TeamInput input;
  std::string vehicle;
  json members = json::array();
};

Result<std::vector<TeamRow>> load_teams(store::Database& db, int64_t facility_id) {
  std::vector<TeamRow> out;
  std::map<int64_t, size_t> index;
  SK_TRY(each_row(
      db,
      "SELECT t.id, t.name, t.shift_start, t.shift_end, t.break_start, t.break_end,"
      " t.break_minutes, t.workdays, t.max_visits, v.kind, v.speed_kmh FROM homecare_team t"
      " LEFT JOIN homecare_vehicle v ON v.id = t.vehicle_id WHERE t.facility_id = ? AND t.active = "
      "1 ORDER BY t.id",
      [&](store::Statement& st) { st.bind(1, facility_id); },
      [&](store::Statement& r) {
        TeamRow t;
        t.input.id = r.column_int64(0);
        t.input.facility_id = facility_id;
        t.input.name = r.column_string(1);
        t.input.shift = {r.column_int(2), r.column_int(3)};
        t.input.break_window = {r.column_int(4), r.column_int(5)};
        t.input.break_s = r.column_int(6) * 60;
        t.input.workdays = r.column_int(7);
        t.input.max_visits = r.column_int(8);
        t.vehicle = r.is_null(9) ? "motor" : r.column_string(9);
        t.input.speed_kmh = r.is_null(10) ? 25 : r.column_double(10);
        index[t.input.id] = out.size();
        out.push_back(std::move(t));
      }));
  SK_TRY(each_row(
      db,
      "SELECT m.team_id, m.staff_id, m.name, m.skills FROM homecare_team_member m"
      " JOIN homecare_team t ON t.id = m.team_id WHERE t.facility_id = ? ORDER BY m.staff_id",
      [&](store::Statement& st) { st.bind(1, facility_id); },
      [&](store::Statement& r) {
        const auto it = index.find(r.column_int64(0));
        if (it == index.end()) return;
        const auto names = split(r.column_text(3));
        uint64_t bits = 0;
        for (const auto& n : names) bits |= parse_skill(n).value_or(0);
        out[it->second].input.members.push_back({r.column_int64(1), bits});
        out[it->second].members.push_back(
            {{"staff_id", r.column_int64(1)}, {"name", r.column_string(2)}, {"skills", names}});
      }));
  return out;
}

}  // namespace

Result<json> HomecareService::teams(const User& user, std::optional<int64_t> facility_id) {
  auto facilities = facilities_asked(user, facility_id);
  if (!facilities) return facilities.error();
  json list = json::array();
  for (int64_t f : *facilities) {
    auto rows = load_teams(*db_, f);
    if (!rows) return rows.error();
    for (const auto& t : *rows) {
      list.push_back({{"id", t.input.id},
                      {"facility_id", f},
                      {"name", t.input.name},
                      {"vehicle", t.vehicle},
                      {"speed_kmh", t.input.speed_kmh},
                      {"shift", format_windows({t.input.shift})},
                      {"break", format_windows({t.input.break_window})},
                      {"break_minutes", t.input.break_s / 60},
                      {"workdays", t.input.workdays},
                      {"max_visits", t.input.max_visits},
                      {"skills", skill_names(t.input.skills())},
                      {"members", t.members}});
    }
  }
  return json{{"teams", std::move(list)}};
}

Result<json> HomecareService::plan(const User& user, std::string_view region, Date from, int days,
                                   bool save) {
  if (days < 1 || days > 31) return Error::invalid("days", "must be 1 to 31");
  if (save && (user.role == registry::Role::kKader || user.role == registry::Role::kNakes)) {
    return Error::not_found("region not found");
  }
  auto facilities = puskesmas_of_region(user, region);
  if (!facilities) return facilities.error();
  auto out = plan_facilities(user, *facilities, from, days, save, {}, {});
  if (!out) return out.error();
  (*out)["region"] = std::string(region);
  return out;
}

Result<json> HomecareService::plan_facilities(const User& user,
                                              const std::vector<registry::Catchment>& facilities,
                                              Date from, int days, bool save,
                                              const std::vector<Pin>& extra_pins,
                                              const std::vector<std::string>& cancel) {
  const auto started = std::chrono::steady_clock::now();
  const Date last = Date::from_days(from.days() + days - 1);
  std::vector<PlanInput> inputs;
  std::vector<TeamInput> teams;
  std::vector<Pin> pins = extra_pins;
  std::vector<std::string> skip = cancel;
  std::map<int64_t, std::string> team_names;
  std::set<std::string> saved_keys;
  if (facilities.empty()) {
    return json{{"visits", 0},
                {"assigned", 0},
                {"unassigned", json::array()},
                {"routes", json::array()},
                {"continuity_pct", 100},
                {"ms", 0}};
  }
  auto points = port_->facilities(facilities.front().villages.front().substr(0, 4));
  if (!points) return points.error();
  for (const auto& c : facilities) {
    auto rows = load_teams(*db_, c.facility_id);
    if (!rows) return rows.error();
    double lon = 0, lat = 0;
    for (const auto& f : *points) {
      if (f.id == c.facility_id && f.lon && f.lat) {
        lon = *f.lon;
        lat = *f.lat;
      }
    }
    for (auto& t : *rows) {
      t.input.lon = lon;
      t.input.lat = lat;
      team_names[t.input.id] = t.input.name;
      teams.push_back(t.input);
    }
    SK_TRY(each_row(
        *db_,
        "SELECT id, person_id, priority, visits_per_week, start_date, end_date, skills,"
        " duration_minutes, windows, weekdays, lon, lat, usual_team_id FROM homecare_plan"
        " WHERE facility_id = ? AND status = 'active' AND start_date <= ? AND end_date >= ?",
        [&](store::Statement& st) {
          st.bind(1, c.facility_id).bind(2, last.to_string()).bind(3, from.to_string());
        },
        [&](store::Statement& r) {
          PlanInput p;
          p.id = r.column_int64(0);
          p.person_id = r.column_int64(1);
          p.facility_id = c.facility_id;
          p.priority = parse_priority(r.column_text(2)).value_or(Priority::kRoutine);
          p.visits_per_week = r.column_double(3);
          const auto s = Date::parse(r.column_text(4));
          const auto e = Date::parse(r.column_text(5));
          p.start_day = s ? static_cast<int>(s->days() - from.days()) : 0;
          p.end_day = e ? static_cast<int>(e->days() - from.days()) + 1 : days;
          uint64_t bits = 0;
          for (const auto& n : split(r.column_text(6))) bits |= parse_skill(n).value_or(0);
          p.skills = bits;
          p.duration_s = r.column_int(7) * 60;
          auto windows = parse_windows(r.column_text(8), "windows");
          if (windows) p.windows = std::move(*windows);
          p.weekdays = r.column_int(9);
          p.lon = r.column_double(10);
          p.lat = r.column_double(11);
          p.usual_team = r.is_null(12) ? 0 : r.column_int64(12);
          inputs.push_back(std::move(p));
        }));
    // Visits already worked (arrived, done, missed) or cancelled keep their state: worked ones
    // are pinned where they were, cancelled ones are not planned again.
    SK_TRY(each_row(
        *db_,
        "SELECT visit_key, date, team_id, status FROM homecare_visit WHERE facility_id = ?"
        " AND status NOT IN ('planned', 'unplaced')",
        [&](store::Statement& st) { st.bind(1, c.facility_id); },
        [&](store::Statement& r) {
          const std::string key = r.column_string(0);
          const std::string status = r.column_string(3);
          const auto d = Date::parse(r.column_text(1));
          saved_keys.insert(key);
          if (status == "cancelled" || status == "missed" || r.is_null(2) || !d || *d < from ||
              *d > last) {
            skip.push_back(key);
          } else {
            pins.push_back({key, r.column_int64(2), static_cast<int>(d->days() - from.days())});
          }
        }));
  }
  Horizon h;
  h.days = days;
  h.first_weekday = static_cast<int>(((from.days() % 7) + 7 + 3) % 7);  // 1970-01-01: Thursday
  if (from == db_->clock().today_wib()) {
    const int64_t now = db_->clock().now_unix() + 7 * 3600;
    h.now_s = static_cast<int>(((now % 86400) + 86400) % 86400);
  }
  PlannerOptions options;
  options.ms_per_problem = 150;
  auto result = plan_visits(inputs, teams, h, pins, options, skip);
  if (!result) return result.error();
  const Plan& plan = *result;

  json unassigned = json::array();
  json routes = json::array();
  for (const auto& r : plan.routes) {
    json stops = json::array();
    for (int vi : r.stops) {
      const auto& v = plan.visits[vi];
      stops.push_back({{"visit", v.id},
                       {"person_id", v.person_id},
                       {"arrival", hhmm(v.arrival)},
                       {"departure", hhmm(v.departure)}});
    }
    routes.push_back({{"team", r.team},
                      {"team_name", team_names[r.team]},
                      {"date", Date::from_days(from.days() + r.day).to_string()},
                      {"travel_minutes", std::lround(r.travel_s / 60)},
                      {"care_minutes", std::lround(r.care_s / 60)},
                      {"break", r.break_start >= 0 ? json(hhmm(r.break_start)) : json()},
                      {"stops", std::move(stops)}});
  }
  int planned = 0;
  for (const auto& v : plan.visits) {
    if (v.cancelled) continue;
    ++planned;
    if (v.team == 0) {
      unassigned.push_back({{"visit", v.id},
                            {"person_id", v.person_id},
                            {"date", Date::from_days(from.days() + v.due_day).to_string()},
                            {"reason", v.reason}});
    }
  }
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  json out = {{"from", from.to_string()},
              {"days", days},
              {"visits", planned},
              {"assigned", plan.assigned},
              {"unassigned", std::move(unassigned)},
              {"routes", std::move(routes)},
              {"continuity_pct", std::round(plan.continuity_pct * 10) / 10},
              {"ms", std::round(ms)}};
  if (!save) return out;

  // Save: every puskesmas-day of the horizon gets a new version; visits not yet worked are
  // replaced, worked ones stay as recorded.
  const std::string now = db_->clock().now_iso();
  store::Transaction tx(*db_, user.username);
  SK_TRY(tx.begin());
  std::map<int64_t, std::string> city_of;
  for (const auto& c : facilities) city_of[c.facility_id] = c.villages.front().substr(0, 4);
  for (const auto& c : facilities) {
    auto del = db_->prepare(
        "DELETE FROM homecare_visit WHERE facility_id = ? AND date >= ? AND date <= ?"
        " AND status IN ('planned', 'unplaced')");
    if (!del) return del.error();
    (*del)->bind(1, c.facility_id).bind(2, from.to_string()).bind(3, last.to_string());
    SK_TRY((*del)->run());
    for (int d = 0; d < days; ++d) {
      auto ver = db_->prepare(
          "INSERT INTO homecare_day (facility_id, date, version, planned_by, planned_at)"
          " VALUES (?, ?, 1, ?, ?) ON CONFLICT (facility_id, date) DO UPDATE SET"
          " version = homecare_day.version + 1, planned_by = excluded.planned_by,"
          " planned_at = excluded.planned_at");
      if (!ver) return ver.error();
      (*ver)->bind(1, c.facility_id).bind(2, Date::from_days(from.days() + d).to_string());
      (*ver)->bind(3, user.username).bind(4, now);
      SK_TRY((*ver)->run());
    }
  }
  std::map<int, const TeamRoute*> route_of;  // visit index -> route
  for (const auto& r : plan.routes) {
    for (int vi : r.stops) route_of[vi] = &r;
  }
  auto ins = db_->prepare(
      "INSERT INTO homecare_visit (visit_key, plan_id, person_id, facility_id, city_code, date,"
      " team_id, seq, arrival, departure, travel_seconds, care_seconds, pinned, status, reason,"
      " notes, version, updated_by, updated_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', 1, ?, ?)"
      " ON CONFLICT (visit_key) DO UPDATE SET date = excluded.date, team_id = excluded.team_id,"
      " seq = excluded.seq, arrival = excluded.arrival, departure = excluded.departure,"
      " travel_seconds = excluded.travel_seconds, care_seconds = excluded.care_seconds,"
      " pinned = excluded.pinned, status = excluded.status, reason = excluded.reason,"
      " version = homecare_visit.version + 1, updated_by = excluded.updated_by,"
      " updated_at = excluded.updated_at WHERE homecare_visit.status IN ('planned', 'unplaced')");
  if (!ins) return ins.error();
  int64_t written = 0;
  for (size_t vi = 0; vi < plan.visits.size(); ++vi) {
    const auto& v = plan.visits[vi];
    if (v.cancelled || saved_keys.count(v.id)) continue;
    const int day = v.team ? v.day : v.due_day;
    // Travel to this stop: the gap between the previous departure and this arrival.
    double travel = 0;
    if (v.team) {
      const TeamRoute* r = route_of[static_cast<int>(vi)];
      double prev = -1;
      for (int s : r->stops) {
        if (s == static_cast<int>(vi)) break;
        prev = plan.visits[s].departure;
      }
      travel = prev >= 0 ? std::max(0.0, v.arrival - prev) : 0;
    }
    auto& st = **ins;
    st.reset();
    st.bind(1, v.id).bind(2, v.plan_id).bind(3, v.person_id).bind(4, v.facility_id);
    st.bind(5, city_of[v.facility_id]).bind(6, Date::from_days(from.days() + day).to_string());
    if (v.team) {
      st.bind(7, v.team);
    } else {
      st.bind_null(7);
    }
    st.bind(8, v.order).bind(9, static_cast<int64_t>(std::lround(v.arrival)));
    st.bind(10, static_cast<int64_t>(std::lround(v.departure)));
    st.bind(11, static_cast<int64_t>(std::lround(travel)));
    st.bind(12, static_cast<int64_t>(std::lround(v.team ? v.departure - v.start : 0)));
    st.bind(13, v.pinned ? 1 : 0).bind(14, v.team ? "planned" : "unplaced").bind(15, v.reason);
    st.bind(16, user.username).bind(17, now);
    SK_TRY(st.run());
    ++written;
  }
  SK_TRY(tx.record({"homecare_day", from.to_string() + "/" + std::to_string(days), "update"}));
  SK_TRY(audit_->record_in_transaction(user,
                                       {"update", "homecare_plan_days", std::nullopt, "",
                                        from.to_string() + " +" + std::to_string(days), written}));
  SK_TRY(tx.commit());
  out["saved"] = written;
  return out;
}

Result<json> HomecareService::day(const User& user, int64_t facility_id, Date date) {
  auto pkm = puskesmas_in_scope(user, facility_id);
  if (!pkm) return pkm.error();
  int64_t version = 0;
  std::string planned_by, planned_at;
  SK_TRY(each_row(
      *db_,
      "SELECT version, planned_by, planned_at FROM homecare_day WHERE facility_id = ? AND date = ?",
      [&](store::Statement& st) { st.bind(1, facility_id).bind(2, date.to_string()); },
      [&](store::Statement& r) {
        version = r.column_int64(0);
        planned_by = r.column_string(1);
        planned_at = r.column_string(2);
      }));
  auto teams = load_teams(*db_, facility_id);
  if (!teams) return teams.error();
  std::map<int64_t, json> routes;
  for (const auto& t : *teams) {
    routes[t.input.id] = {{"team", t.input.id},          {"team_name", t.input.name},
                          {"vehicle", t.vehicle},        {"skills", skill_names(t.input.skills())},
                          {"members", t.members.size()}, {"stops", json::array()}};
  }
  json unplaced = json::array();
  SK_TRY(each_row(
      *db_,
      "SELECT " + std::string(kVisitColumns) +
          " FROM homecare_visit v WHERE v.facility_id = ? AND v.date = ? ORDER BY v.team_id, v.seq",
      [&](store::Statement& st) { st.bind(1, facility_id).bind(2, date.to_string()); },
      [&](store::Statement& r) {
        json v = visit_json(r);
        if (v["team"].is_null() || v["status"] == "unplaced" || v["status"] == "cancelled") {
          unplaced.push_back(std::move(v));
        } else {
          routes[v["team"].get<int64_t>()]["stops"].push_back(std::move(v));
        }
      }));
  json list = json::array();
  for (auto& [id, r] : routes) list.push_back(std::move(r));
  return json{{"facility_id", facility_id}, {"puskesmas", pkm->name},
              {"date", date.to_string()},   {"version", version},
              {"planned_by", planned_by},   {"planned_at", planned_at},
              {"routes", std::move(list)},  {"unplaced", std::move(unplaced)}};
}

Result<json> HomecareService::replan_day(const User& user, int64_t facility_id, Date date,
                                         int64_t version, const std::vector<Pin>& pins,
                                         const std::vector<std::string>& cancel) {
  if (user.role == registry::Role::kKader || user.role == registry::Role::kNakes) {
    return Error::not_found("puskesmas not found");
  }
  auto pkm = puskesmas_in_scope(user, facility_id);
  if (!pkm) return pkm.error();
  int64_t current = 0;
  SK_TRY(each_row(
      *db_, "SELECT version FROM homecare_day WHERE facility_id = ? AND date = ?",
      [&](store::Statement& st) { st.bind(1, facility_id).bind(2, date.to_string()); },
      [&](store::Statement& r) { current = r.column_int64(0); }));
  if (current != version) {
    return Error::conflict("version", "the day was re-planned by someone else (version " +
                                          std::to_string(current) + ")")
        .with_id("homecare.day_changed");
  }
  if (!cancel.empty()) {
    store::Transaction tx(*db_, user.username);
    SK_TRY(tx.begin());
    for (const auto& key : cancel) {
      auto st = db_->prepare(
          "UPDATE homecare_visit SET status = 'cancelled', reason = 'cancelled',"
          " version = version + 1, updated_by = ?, updated_at = ? WHERE visit_key = ?"
          " AND facility_id = ? AND status IN ('planned', 'unplaced')");
      if (!st) return st.error();
      (*st)
          ->bind(1, user.username)
          .bind(2, db_->clock().now_iso())
          .bind(3, key)
          .bind(4, facility_id);
      SK_TRY((*st)->run());
    }
    SK_TRY(tx.record(
        {"homecare_visit", std::to_string(facility_id) + "/" + date.to_string(), "update"}));
    SK_TRY(tx.commit());
  }
  std::vector<Pin> day_pins;
  for (Pin p : pins) {
    p.day = 0;
    day_pins.push_back(p);
  }
  auto out = plan_facilities(user, {*pkm}, date, 1, true, day_pins, cancel);
  if (!out) return out.error();
  return day(user, facility_id, date);
}

Result<json> HomecareService::run_sheet(const User& user, int64_t team_id, Date date) {
  int64_t facility_id = 0;
  std::string team_name;
  SK_TRY(each_row(
      *db_, "SELECT facility_id, name FROM homecare_team WHERE id = ?",
      [&](store::Statement& st) { st.bind(1, team_id); },
      [&](store::Statement& r) {
        facility_id = r.column_int64(0);
        team_name = r.column_string(1);
      }));
  if (!facility_id) return Error::not_found("team not found");
  auto pkm = puskesmas_in_scope(user, facility_id);
  if (!pkm) return Error::not_found("team not found");
  json stops = json::array();
  std::vector<int64_t> people;
  std::map<int64_t, json> plan_info;
  SK_TRY(each_row(
      *db_,
      "SELECT " + std::string(kVisitColumns) +
          ", p.reason, p.need, p.skills, p.lon, p.lat FROM homecare_visit v JOIN homecare_plan p"
          " ON p.id = v.plan_id WHERE v.team_id = ? AND v.date = ? AND v.status <> 'cancelled'"
          " ORDER BY v.seq",
      [&](store::Statement& st) { st.bind(1, team_id).bind(2, date.to_string()); },
      [&](store::Statement& r) {
        json v = visit_json(r);
        v["reason_for_care"] = r.column_string(17);
        v["need"] = r.column_string(18);
        v["skills"] = split(r.column_text(19));
        v["lon"] = r.column_double(20);
        v["lat"] = r.column_double(21);
        people.push_back(v["person_id"]);
        stops.push_back(std::move(v));
      }));
  std::map<int64_t, json> who;
  SK_TRY(port_->for_each_resident_of(people, [&](const registry::ResidentRow& r) {
    who[r.id] = {{"name", r.name},
                 {"sex", r.sex},
                 {"birth_date", r.birth_date},
                 {"address", std::string(r.street) + " RT " + std::to_string(r.rt) + " RW " +
                                 std::to_string(r.rw)},
                 {"village_code", r.village_code}};
  }));
  for (auto& s : stops) s["patient"] = who[s["person_id"].get<int64_t>()];
  SK_TRY(audit_->record(user, {"export", "homecare_run_sheet", std::nullopt, "",
                               std::to_string(team_id) + " " + date.to_string(),
                               static_cast<int64_t>(stops.size())}));
  return json{{"team", team_id},        {"team_name", team_name},   {"facility_id", facility_id},
              {"puskesmas", pkm->name}, {"date", date.to_string()}, {"stops", std::move(stops)}};
}

Result<json> HomecareService::record_visit(const User& user, int64_t visit_id,
                                           const VisitReport& in) {
  std::optional<json> visit;
  SK_TRY(each_row(
      *db_, "SELECT " + std::string(kVisitColumns) + " FROM homecare_visit v WHERE v.id = ?",
      [&](store::Statement& st) { st.bind(1, visit_id); },
      [&](store::Statement& r) { visit = visit_json(r); }));
  if (!visit) return Error::not_found("visit not found");
  auto pkm = puskesmas_in_scope(user, (*visit)["facility_id"].get<int64_t>());
  if (!pkm || user.role == registry::Role::kKader) return Error::not_found("visit not found");
  if ((*visit)["version"].get<int64_t>() != in.version) {
    return Error::conflict("version", "the visit changed since it was read")
        .with_id("homecare.visit_changed");
  }
  const int64_t person_id = (*visit)["person_id"];
  json recorded = json::array();
  if (!in.services.empty() && in.status == "done") {
    if (!care_) return Error::invalid("services", "care records are not available here");
    for (size_t i = 0; i < in.services.size(); ++i) {
      json s = in.services[i];
      if (!s.is_object()) return Error::invalid("services[" + std::to_string(i) + "]", "object");
      s["person_id"] = person_id;
      s["place"] = "home";
      if (!s.contains("date")) s["date"] = (*visit)["date"];
      if (!s.contains("facility_id")) s["facility_id"] = (*visit)["facility_id"];
      if (!s.contains("idempotency_key")) {
        s["idempotency_key"] = "homecare-" + std::to_string(visit_id) + "-" + std::to_string(i);
      }
      auto input = care::parse_service_input(s);
      if (!input) return input.error();
      auto r = care_->record(user, *input);
      if (!r) return r.error();
      recorded.push_back(r->record.id);
    }
  }
  store::Transaction tx(*db_, user.username);
  SK_TRY(tx.begin());
  auto st = db_->prepare(
      "UPDATE homecare_visit SET status = ?, notes = ?, version = version + 1, updated_by = ?,"
      " updated_at = ? WHERE id = ? AND version = ?");
  if (!st) return st.error();
  (*st)->bind(1, in.status).bind(2, in.notes).bind(3, user.username);
  (*st)->bind(4, db_->clock().now_iso()).bind(5, visit_id).bind(6, in.version);
  SK_TRY((*st)->run());
  SK_TRY(tx.record({"homecare_visit", std::to_string(visit_id), "update"}));
  SK_TRY(audit_->record_in_transaction(
      user, {"update", "homecare_visit", person_id, "", in.status, std::nullopt}));
  SK_TRY(tx.commit());
  return json{{"id", visit_id},
              {"status", in.status},
              {"version", in.version + 1},
              {"services", std::move(recorded)}};
}

Result<json> HomecareService::figures(const User& user, std::string_view region, Date from,
                                      Date to) {
  if (to < from) return Error::invalid("to", "before from");
  auto facilities = puskesmas_of_region(user, region);
  if (!facilities) return facilities.error();
  json rows = json::array();
  json total = {
      {"requests", json::object()}, {"reasons", json::object()}, {"planned", 0}, {"done", 0},
      {"travel_minutes", 0},        {"care_minutes", 0}};
  for (const auto& c : *facilities) {
    json row = {{"facility_id", c.facility_id}, {"puskesmas", c.name}, {"requests", json::object()},
                {"reasons", json::object()},    {"planned", 0},        {"done", 0},
                {"travel_minutes", 0},          {"care_minutes", 0}};
    SK_TRY(each_row(
        *db_,
        "SELECT status, reason, COUNT(*) FROM homecare_request WHERE facility_id = ?"
        " AND created_at >= ? AND created_at < ? GROUP BY status, reason",
        [&](store::Statement& st) {
          st.bind(1, c.facility_id).bind(2, from.to_string());
          st.bind(3, Date::from_days(to.days() + 1).to_string());
        },
        [&](store::Statement& r) {
          const std::string status = r.column_string(0), reason = r.column_string(1);
          const int64_t n = r.column_int64(2);
          row["requests"][status] = row["requests"].value(status, 0) + n;
          row["reasons"][reason] = row["reasons"].value(reason, 0) + n;
          total["requests"][status] = total["requests"].value(status, 0) + n;
          total["reasons"][reason] = total["reasons"].value(reason, 0) + n;
        }));
    SK_TRY(each_row(
        *db_,
        "SELECT status, COUNT(*), SUM(travel_seconds), SUM(care_seconds) FROM homecare_visit"
        " WHERE facility_id = ? AND date >= ? AND date <= ? AND team_id IS NOT NULL"
        " GROUP BY status",
        [&](store::Statement& st) {
          st.bind(1, c.facility_id).bind(2, from.to_string()).bind(3, to.to_string());
        },
        [&](store::Statement& r) {
          const std::string status = r.column_string(0);
          const int64_t n = r.column_int64(1);
          if (status == "cancelled") return;
          row["planned"] = row["planned"].get<int64_t>() + n;
          if (status == "done") row["done"] = row["done"].get<int64_t>() + n;
          row["travel_minutes"] = row["travel_minutes"].get<int64_t>() + r.column_int64(2) / 60;
          row["care_minutes"] = row["care_minutes"].get<int64_t>() + r.column_int64(3) / 60;
        }));
    for (const char* k : {"planned", "done", "travel_minutes", "care_minutes"}) {
      total[k] = total[k].get<int64_t>() + row[k].get<int64_t>();
    }
    rows.push_back(std::move(row));
  }
  SK_TRY(audit_->record(
      user, {"read", "homecare_figures", std::nullopt, std::string(region),
             from.to_string() + ".." + to.to_string(), static_cast<int64_t>(rows.size())}));
  return json{{"region", std::string(region)},
              {"from", from.to_string()},
              {"to", to.to_string()},
              {"total", std::move(total)},
              {"puskesmas", std::move(rows)}};
}

Result<json> HomecareService::export_figures_xlsx(const User& user, std::string_view region,
                                                  Date from, Date to, const std::string& path) {
  auto f = figures(user, region, from, to);
  if (!f) return f.error();
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) return Error::io(path + ": cannot create workbook");
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_worksheet* ws = workbook_add_worksheet(wb, "Layanan homecare");
  const char* head[] = {"puskesmas",         "permintaan",       "kunjungan_rencana",
                        "kunjungan_selesai", "menit_perjalanan", "menit_perawatan"};
  for (int c = 0; c < 6; ++c)
    worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), head[c], bold);
  lxw_row_t row = 1;
  for (const auto& r : (*f)["puskesmas"]) {
    int64_t requests = 0;
    for (const auto& [k, n] : r["requests"].items()) requests += n.get<int64_t>();
    worksheet_write_string(ws, row, 0, r["puskesmas"].get<std::string>().c_str(), nullptr);
    worksheet_write_number(ws, row, 1, static_cast<double>(requests), nullptr);
    worksheet_write_number(ws, row, 2, r["planned"].get<double>(), nullptr);
    worksheet_write_number(ws, row, 3, r["done"].get<double>(), nullptr);
    worksheet_write_number(ws, row, 4, r["travel_minutes"].get<double>(), nullptr);
    worksheet_write_number(ws, row, 5, r["care_minutes"].get<double>(), nullptr);
    ++row;
  }
  const lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR) return Error::io(path + ": " + lxw_strerror(err));
  SK_TRY(audit_->record(user, {"export", "homecare_figures", std::nullopt, std::string(region),
                               "xlsx", static_cast<int64_t>(row - 1)}));
  return f;
}

Result<json> HomecareService::create_demo(const User& user, const std::string& city,
                                          uint64_t seed) {
  if (user.role != registry::Role::kDinkesAdmin) return Error::not_found("city not found");
  SK_TRY(registry_->authorize_area(user, city));
  auto tree = port_->city_tree(city);
  if (!tree) return tree.error();
  auto points = port_->facilities(city);
  if (!points) return points.error();
  const Date today = db_->clock().today_wib();
  std::vector<DemoPuskesmas> pk;
  std::map<std::string, size_t> pk_of_village;
  for (const auto& c : tree->catchments) {
    DemoPuskesmas d;
    d.facility_id = c.facility_id;
    d.name = c.name;
    for (const auto& f : *points) {
      if (f.id == c.facility_id && f.lon && f.lat) {
        d.lon = *f.lon;
        d.lat = *f.lat;
      }
    }
    for (const auto& v : c.villages) pk_of_village[v] = pk.size();
    pk.push_back(std::move(d));
  }
  SK_TRY(port_->for_each_resident(city, [&](const registry::ResidentRow& r) {
    if (r.status != "HIDUP") return;
    const auto it = pk_of_village.find(std::string(r.village_code));
    if (it == pk_of_village.end()) return;
    DemoPuskesmas& d = pk[it->second];
    ++d.population;
    const auto b = Date::parse(r.birth_date);
    const int age = b ? age_in_years(*b, today) : 30;
    // Keep the candidates small: the target groups only, one in ten of the adults.
    if (age >= 60 || age < 5 || (r.sex == "P" && age >= 18 && age <= 42 && r.id % 10 == 0) ||
        (age >= 35 && r.id % 10 == 0)) {
      d.residents.push_back({r.id, age, std::string(r.sex)});
    }
  }));
  std::sort(pk.begin(), pk.end(), [](auto& a, auto& b) { return a.facility_id < b.facility_id; });
  for (auto& d : pk) {
    std::sort(d.residents.begin(), d.residents.end(),
              [](auto& a, auto& b) { return a.person_id < b.person_id; });
  }
  DemoOptions options;
  const DemoHomecare demo = generate_demo(pk, seed, options);

  store::Transaction tx(*db_, user.username);
  SK_TRY(tx.begin());
  for (const char* sql :
       {"DELETE FROM homecare_visit WHERE city_code = ?",
        "DELETE FROM homecare_plan WHERE city_code = ?",
        "DELETE FROM homecare_request WHERE city_code = ?",
        "DELETE FROM homecare_team_member WHERE team_id IN (SELECT id FROM homecare_team WHERE"
        " city_code = ?)",
        "DELETE FROM homecare_team WHERE city_code = ?",
        "DELETE FROM homecare_vehicle WHERE city_code = ?"}) {
    auto st = db_->prepare(sql);
    if (!st) return st.error();
    if (std::string_view(sql).find('?') != std::string_view::npos) (*st)->bind(1, city);
    SK_TRY((*st)->run());
  }
  for (const auto& c : tree->catchments) {
    auto st = db_->prepare("DELETE FROM homecare_day WHERE facility_id = ?");
    if (!st) return st.error();
    (*st)->bind(1, c.facility_id);
    SK_TRY((*st)->run());
  }
  std::map<int64_t, int64_t> team_id;  // demo id -> stored id
  const std::string now = db_->clock().now_iso();
  int64_t staff_no = 0;
  for (const auto& t : demo.teams) {
    auto vehicle = insert_returning(
        *db_,
        "INSERT INTO homecare_vehicle (facility_id, city_code, kind, name, speed_kmh)"
        " VALUES (?, ?, ?, ?, ?) RETURNING id",
        [&](store::Statement& st) {
          st.bind(1, t.team.facility_id).bind(2, city).bind(3, t.vehicle);
          st.bind(4, t.vehicle + " " + t.team.name).bind(5, t.team.speed_kmh);
        });
    if (!vehicle) return vehicle.error();
    auto id = insert_returning(
        *db_,
        "INSERT INTO homecare_team (facility_id, city_code, name, vehicle_id, shift_start,"
        " shift_end, break_start, break_end, break_minutes, workdays, max_visits)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [&](store::Statement& st) {
          st.bind(1, t.team.facility_id).bind(2, city).bind(3, t.team.name).bind(4, *vehicle);
          st.bind(5, t.team.shift.start).bind(6, t.team.shift.end);
          st.bind(7, t.team.break_window.start).bind(8, t.team.break_window.end);
          st.bind(9, t.team.break_s / 60).bind(10, t.team.workdays).bind(11, t.team.max_visits);
        });
    if (!id) return id.error();
    team_id[t.team.id] = *id;
    for (const auto& m : t.team.members) {
      auto st = db_->prepare(
          "INSERT INTO homecare_team_member (team_id, staff_id, name, skills) VALUES (?, ?, ?, ?)");
      if (!st) return st.error();
      const auto names = skill_names(m.skills);
      (*st)->bind(1, *id).bind(2, *id * 100 + m.staff_id % 100);
      (*st)->bind(3, "Nakes " + std::to_string(++staff_no) + " (" + join(names) + ")");
      (*st)->bind(4, join(names));
      SK_TRY((*st)->run());
    }
  }
  for (const auto& d : demo.plans) {
    const PlanInput& p = d.plan;
    const Date start = Date::from_days(today.days() + p.start_day);
    const Date end = Date::from_days(today.days() + p.end_day - 1);
    auto st = db_->prepare(
        "INSERT INTO homecare_plan (request_id, person_id, facility_id, city_code, reason, need,"
        " priority, visits_per_week, start_date, end_date, skills, duration_minutes, windows,"
        " weekdays, lon, lat, usual_team_id, status, created_by, created_at)"
        " VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?)");
    if (!st) return st.error();
    (*st)->bind(1, p.person_id).bind(2, p.facility_id).bind(3, city).bind(4, d.reason);
    (*st)->bind(5, d.need).bind(6, std::string(priority_name(p.priority)));
    (*st)->bind(7, p.visits_per_week).bind(8, start.to_string()).bind(9, end.to_string());
    (*st)->bind(10, join(skill_names(p.skills))).bind(11, p.duration_s / 60);
    (*st)->bind(12, format_windows(p.windows)).bind(13, p.weekdays).bind(14, p.lon);
    (*st)->bind(15, p.lat);
    if (p.usual_team) {
      (*st)->bind(16, team_id[p.usual_team]);
    } else {
      (*st)->bind_null(16);
    }
    (*st)->bind(17, user.username).bind(18, now);
    SK_TRY((*st)->run());
  }
  SK_TRY(tx.record({"homecare_plan", city, "import"}));
  SK_TRY(tx.commit());
  return json{{"teams", demo.teams.size()}, {"plans", demo.plans.size()}};
}

}  // namespace siklus::homecare
