#include "care/service.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <unordered_set>

#include "care/schema.h"
#include "core/region_code.h"

namespace siklus::care {
namespace {

using nlohmann::json;

constexpr std::string_view kColumns =
    "id, person_id, service, date, place, facility_id, fields, recorded_by, recorded_at, deleted";

ServiceRecord row_of(store::Statement& s) {
  ServiceRecord r;
  r.id = s.column_int64(0);
  r.person_id = s.column_int64(1);
  r.service = s.column_string(2);
  r.date = Date::parse(s.column_text(3)).value_or(Date{});
  r.place = s.column_string(4);
  if (!s.is_null(5)) r.facility_id = s.column_int64(5);
  r.fields = json::parse(s.column_text(6), nullptr, false);
  if (r.fields.is_discarded()) r.fields = json::object();
  r.recorded_by = s.column_string(7);
  r.recorded_at = s.column_string(8);
  r.deleted = s.column_int(9) != 0;
  return r;
}

std::string rw_area(std::string_view village, int rw) {
  char buf[16];
  std::snprintf(buf, sizeof buf, ".RW%02d", rw);
  return std::string(village) + buf;
}

//! A region argument: Kemendagri code with or without dots, optionally "<kelurahan>.RWnn".
std::optional<std::string> normalize_area(std::string_view text) {
  const size_t at = text.find("RW");
  if (at == std::string_view::npos) return normalize_region_code(text);
  std::string_view village = text.substr(0, at);
  while (!village.empty() && (village.back() == '.' || village.back() == ' ')) {
    village.remove_suffix(1);
  }
  auto code = normalize_region_code(village);
  const std::string_view digits = text.substr(at + 2);
  if (!code || code->size() != 10 || digits.empty() || digits.size() > 3) return std::nullopt;
  int n = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return rw_area(*code, n);
}

Error person_not_found() { return Error::not_found("person not found"); }

Error service_not_found() {
  return Error::not_found("service not found").with_id("care.service_not_found");
}

}  // namespace

const DuePersonInfo* DueList::person(int64_t id) const {
  auto it = std::lower_bound(people.begin(), people.end(), id,
                             [](const DuePersonInfo& p, int64_t v) { return p.id < v; });
  return it != people.end() && it->id == id ? &*it : nullptr;
}

Result<std::unique_ptr<CareService>> CareService::open(std::shared_ptr<store::Database> db,
                                                       registry::Registry& registry,
                                                       audit::AuditLog& audit,
                                                       const growth::ReferenceSource* growth,
                                                       CareOptions options) {
  SK_TRY(migrate_care(*db));
  std::unique_ptr<CareService> s(new CareService());
  s->db_ = db;
  s->port_ = std::make_unique<registry::ReadPort>(db);
  s->registry_ = &registry;
  s->audit_ = &audit;
  s->growth_ = growth;
  s->options_ = std::move(options);
  if (s->options_.build_index) SK_TRY(s->build_index());
  return s;
}

Status CareService::build_index() {
  auto st = db_->prepare(
      "SELECT person_id, service, date, due_key FROM care_service WHERE deleted = 0"
      " ORDER BY person_id");
  if (!st) return st.error();
  DueIndex index;
  // One person's rows at a time (the query is ordered by person): summarised, then dropped.
  std::vector<std::pair<std::string, std::string>> rows;  // service, due_key
  std::vector<int32_t> days;
  int64_t current = 0;
  auto flush = [&]() {
    if (current != 0 && !rows.empty()) {
      std::vector<ServiceFact> facts;
      facts.reserve(rows.size());
      for (size_t i = 0; i < rows.size(); ++i) {
        facts.push_back({rows[i].first, days[i], rows[i].second});
      }
      index[current] = PersonCare::from(std::move(facts));
    }
    rows.clear();
    days.clear();
  };
  for (;;) {
    auto row = (*st)->step();
    if (!row) return row.error();
    if (!*row) break;
    store::Statement& s = **st;
    const int64_t person = s.column_int64(0);
    if (person != current) {
      flush();
      current = person;
    }
    auto date = Date::parse(s.column_text(2));
    if (!date) continue;
    rows.emplace_back(s.column_string(1), s.column_string(3));
    days.push_back(static_cast<int32_t>(date->days()));
  }
  flush();
  std::unique_lock lock(index_mu_);
  index_ = std::move(index);
  index_built_ = true;
  return {};
}

Status CareService::refresh(int64_t person_id) {
  auto st = db_->prepare(
      "SELECT service, date, due_key FROM care_service WHERE person_id = ? AND deleted = 0");
  if (!st) return st.error();
  (*st)->bind(1, person_id);
  std::vector<std::pair<std::string, std::string>> rows;
  std::vector<int32_t> days;
  for (;;) {
    auto row = (*st)->step();
    if (!row) return row.error();
    if (!*row) break;
    auto date = Date::parse((*st)->column_text(1));
    if (!date) continue;
    rows.emplace_back((*st)->column_string(0), (*st)->column_string(2));
    days.push_back(static_cast<int32_t>(date->days()));
  }
  std::vector<ServiceFact> facts;
  for (size_t i = 0; i < rows.size(); ++i)
    facts.push_back({rows[i].first, days[i], rows[i].second});
  PersonCare care = PersonCare::from(std::move(facts));
  std::unique_lock lock(index_mu_);
  if (rows.empty()) {
    index_.erase(person_id);
  } else {
    index_[person_id] = care;
  }
  return {};
}

Status CareService::apply(std::span<const store::ChangeEvent> events) {
  if (!index_built_) return {};
  std::unordered_set<int64_t> people;
  for (const store::ChangeEvent& e : events) {
    if (e.entity != "care_service") continue;
    auto ids = store::id_range(e.id);
    if (!ids) continue;
    // A bulk import or a city cleared: one rebuild is cheaper than a refresh per person.
    if (ids->second - ids->first > 10000) return build_index();
    auto st = db_->prepare("SELECT DISTINCT person_id FROM care_service WHERE id >= ? AND id <= ?");
    if (!st) return st.error();
    (*st)->bind(1, ids->first).bind(2, ids->second);
    for (;;) {
      auto row = (*st)->step();
      if (!row) return row.error();
      if (!*row) break;
      people.insert((*st)->column_int64(0));
    }
  }
  for (int64_t p : people) SK_TRY(refresh(p));
  return {};
}

Result<PersonFacts> CareService::person_in_scope(const User& user, int64_t person_id) {
  std::optional<PersonFacts> found;
  const int64_t ids[] = {person_id};
  SK_TRY(port_->for_each_resident_of(ids, [&](const registry::ResidentRow& r) {
    PersonFacts p;
    p.id = r.id;
    p.sex = std::string(r.sex);
    p.birth = Date::parse(r.birth_date);
    p.village_code = std::string(r.village_code);
    p.rw = r.rw;
    p.alive = r.status == "HIDUP";
    found = std::move(p);
  }));
  if (!found || found->village_code.empty()) return person_not_found();
  const std::string area =
      found->rw > 0 ? rw_area(found->village_code, found->rw) : found->village_code;
  if (!registry_->authorize_area(user, area)) return person_not_found();
  return *found;
}

Result<std::vector<ServiceRecord>> CareService::history(int64_t person_id) {
  auto st = db_->prepare("SELECT " + std::string(kColumns) +
                         " FROM care_service WHERE person_id = ? AND deleted = 0"
                         " ORDER BY date, id");
  if (!st) return st.error();
  (*st)->bind(1, person_id);
  std::vector<ServiceRecord> out;
  for (;;) {
    auto row = (*st)->step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(row_of(**st));
  }
  return out;
}

Result<std::optional<ServiceRecord>> CareService::load(int64_t id) {
  auto st = db_->prepare("SELECT " + std::string(kColumns) + " FROM care_service WHERE id = ?");
  if (!st) return st.error();
  (*st)->bind(1, id);
  auto row = (*st)->step();
  if (!row) return row.error();
  if (!*row) return std::optional<ServiceRecord>();
  return std::optional<ServiceRecord>(row_of(**st));
}

Result<std::optional<ServiceRecord>> CareService::by_key(const std::string& key) {
  auto st = db_->prepare("SELECT " + std::string(kColumns) +
                         " FROM care_service WHERE idempotency_key = ?");
  if (!st) return st.error();
  (*st)->bind(1, key);
  auto row = (*st)->step();
  if (!row) return row.error();
  if (!*row) return std::optional<ServiceRecord>();
  return std::optional<ServiceRecord>(row_of(**st));
}

Result<json> CareService::validated(const User&, const PersonFacts& person, const ServiceInput& in,
                                    int64_t replacing) {
  auto past = history(person.id);
  if (!past) return past.error();
  std::shared_ptr<const growth::Reference> ref;
  if (growth_) ref = growth_->current();
  RuleContext ctx{person, *past, today(), ref.get(), options_.thresholds, replacing};
  return validate(ctx, in);
}

Result<Recorded> CareService::record(const User& user, const ServiceInput& in) {
  if (!in.idempotency_key.empty()) {
    auto seen = by_key(in.idempotency_key);
    if (!seen) return seen.error();
    if (*seen) {
      // The phone resent an entry that arrived: answer with the first record, if it may see it.
      SK_TRY(person_in_scope(user, (*seen)->person_id));
      if ((*seen)->person_id != in.person_id || (*seen)->service != in.service) {
        return Error::conflict("idempotency_key", "this key was used for another service")
            .with_id("care.idempotency_key_reused");
      }
      return Recorded{std::move(**seen), true};
    }
  }
  auto person = person_in_scope(user, in.person_id);
  if (!person) return person.error();
  auto fields = validated(user, *person, in, 0);
  if (!fields) return fields.error();

  ServiceRecord r;
  r.person_id = in.person_id;
  r.service = in.service;
  r.date = in.date;
  r.place = in.place;
  r.facility_id = in.facility_id;
  r.fields = std::move(*fields);
  r.recorded_by = user.username;
  r.recorded_at = db_->clock().now_iso();
  store::Transaction tx(*db_, user.username);
  SK_TRY(tx.begin());
  auto st = db_->prepare(
      "INSERT INTO care_service (person_id, city_code, service, date, place, facility_id, fields,"
      " due_key, recorded_by, recorded_at, idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?)"
      " RETURNING id");
  if (!st) return st.error();
  (*st)->bind(1, r.person_id).bind(2, person->village_code.substr(0, 4)).bind(3, r.service);
  (*st)->bind(4, r.date.to_string()).bind(5, r.place).bind(6, r.facility_id);
  (*st)->bind(7, r.fields.dump()).bind(8, due_key(r.service, r.fields));
  (*st)->bind(9, r.recorded_by).bind(10, r.recorded_at);
  if (in.idempotency_key.empty()) {
    (*st)->bind_null(11);
  } else {
    (*st)->bind(11, in.idempotency_key);
  }
  auto row = (*st)->step();
  if (!row) {
    tx.rollback();
    // Two copies of one entry raced: the other committed first; answer with it.
    if (row.error().code == ErrorCode::kConflict && !in.idempotency_key.empty()) {
      auto seen = by_key(in.idempotency_key);
      if (seen && *seen) return Recorded{std::move(**seen), true};
    }
    return row.error();
  }
  r.id = (*st)->column_int64(0);
  (*st)->reset();
  SK_TRY(tx.record({"care_service", std::to_string(r.id), "insert"}));
  SK_TRY(audit_->record_in_transaction(
      user, {"create", "care_service", r.person_id, person->village_code, r.service, {}}));
  SK_TRY(tx.commit());
  if (index_built_) SK_TRY(refresh(r.person_id));
  return Recorded{std::move(r), false};
}

Result<ServiceRecord> CareService::correct(const User& user, int64_t id, const ServiceInput& in) {
  auto old = load(id);
  if (!old) return old.error();
  if (!*old || (*old)->deleted) return service_not_found();
  ServiceRecord r = std::move(**old);
  auto person = person_in_scope(user, r.person_id);
  if (!person) return service_not_found();
  if (in.person_id != 0 && in.person_id != r.person_id) {
    return Error::invalid("person_id", "a correction cannot move a service to another person")
        .with_id("care.correction_person");
  }
  if (!in.service.empty() && in.service != r.service) {
    return Error::invalid("service", "a correction cannot change the service code")
        .with_id("care.correction_service");
  }
  ServiceInput next = in;
  next.person_id = r.person_id;
  next.service = r.service;
  auto fields = validated(user, *person, next, id);
  if (!fields) return fields.error();

  store::Transaction tx(*db_, user.username);
  SK_TRY(tx.begin());
  auto hist = db_->prepare(
      "INSERT INTO care_service_history (service_id, op, old_date, old_place, old_facility_id,"
      " old_fields, reason, changed_by, changed_at) VALUES (?, 'correct', ?, ?, ?, ?, '', ?, ?)");
  if (!hist) return hist.error();
  (*hist)->bind(1, id).bind(2, r.date.to_string()).bind(3, r.place).bind(4, r.facility_id);
  (*hist)->bind(5, r.fields.dump()).bind(6, user.username).bind(7, db_->clock().now_iso());
  SK_TRY((*hist)->run());
  auto up = db_->prepare(
      "UPDATE care_service SET date = ?, place = ?, facility_id = ?, fields = ?, due_key = ?"
      " WHERE id = ?");
  if (!up) return up.error();
  (*up)->bind(1, next.date.to_string()).bind(2, next.place).bind(3, next.facility_id);
  (*up)->bind(4, fields->dump()).bind(5, due_key(r.service, *fields)).bind(6, id);
  SK_TRY((*up)->run());
  SK_TRY(tx.record({"care_service", std::to_string(id), "update"}));
  SK_TRY(audit_->record_in_transaction(
      user, {"update", "care_service", r.person_id, person->village_code, r.service, {}}));
  SK_TRY(tx.commit());
  if (index_built_) SK_TRY(refresh(r.person_id));
  r.date = next.date;
  r.place = next.place;
  r.facility_id = next.facility_id;
  r.fields = std::move(*fields);
  return r;
}

Status CareService::remove(const User& user, int64_t id, const std::string& reason) {
  if (reason.empty() || reason.size() > 500) {
    return Error::invalid("reason", "a reason of at most 500 characters is required")
        .with_id("care.reason_required");
  }
  auto old = load(id);
  if (!old) return old.error();
  if (!*old || (*old)->deleted) return service_not_found();
  const ServiceRecord& r = **old;
  auto person = person_in_scope(user, r.person_id);
  if (!person) return service_not_found();
  store::Transaction tx(*db_, user.username);
  SK_TRY(tx.begin());
  auto hist = db_->prepare(
      "INSERT INTO care_service_history (service_id, op, old_date, old_place, old_facility_id,"
      " old_fields, reason, changed_by, changed_at) VALUES (?, 'delete', ?, ?, ?, ?, ?, ?, ?)");
  if (!hist) return hist.error();
  (*hist)->bind(1, id).bind(2, r.date.to_string()).bind(3, r.place).bind(4, r.facility_id);
  (*hist)->bind(5, r.fields.dump()).bind(6, reason).bind(7, user.username);
  (*hist)->bind(8, db_->clock().now_iso());
  SK_TRY((*hist)->run());
  auto up = db_->prepare("UPDATE care_service SET deleted = 1 WHERE id = ?");
  if (!up) return up.error();
  (*up)->bind(1, id);
  SK_TRY((*up)->run());
  SK_TRY(tx.record({"care_service", std::to_string(id), "delete"}));
  SK_TRY(audit_->record_in_transaction(
      user, {"delete", "care_service", r.person_id, person->village_code, reason, {}}));
  SK_TRY(tx.commit());
  if (index_built_) SK_TRY(refresh(r.person_id));
  return {};
}

Result<json> CareService::service(const User& user, int64_t id) {
  auto r = load(id);
  if (!r) return r.error();
  if (!*r) return service_not_found();
  if (!person_in_scope(user, (*r)->person_id)) return service_not_found();
  json j = to_json(**r);
  auto st = db_->prepare(
      "SELECT op, old_date, old_place, old_facility_id, old_fields, reason, changed_by, changed_at"
      " FROM care_service_history WHERE service_id = ? ORDER BY id");
  if (!st) return st.error();
  (*st)->bind(1, id);
  json hist = json::array();
  for (;;) {
    auto row = (*st)->step();
    if (!row) return row.error();
    if (!*row) break;
    store::Statement& s = **st;
    hist.push_back({{"op", s.column_string(0)},
                    {"date", s.column_string(1)},
                    {"place", s.column_string(2)},
                    {"facility_id", s.is_null(3) ? json(nullptr) : json(s.column_int64(3))},
                    {"fields", json::parse(s.column_text(4), nullptr, false)},
                    {"reason", s.column_string(5)},
                    {"changed_by", s.column_string(6)},
                    {"changed_at", s.column_string(7)}});
  }
  j["history"] = std::move(hist);
  SK_TRY(
      audit_->record(user, {"read", "care_service", (*r)->person_id, "", std::to_string(id), {}}));
  return j;
}

Result<json> CareService::timeline(const User& user, int64_t person_id) {
  auto person = person_in_scope(user, person_id);
  if (!person) return person.error();
  auto past = history(person_id);
  if (!past) return past.error();
  const Date on = today();
  json services = json::array();
  std::vector<ServiceFact> facts;
  std::vector<std::string> keys;
  keys.reserve(past->size());
  for (const ServiceRecord& r : *past) {
    services.push_back(to_json(r));
    keys.push_back(due_key(r.service, r.fields));
  }
  for (size_t i = 0; i < past->size(); ++i) {
    facts.push_back({(*past)[i].service, static_cast<int32_t>((*past)[i].date.days()), keys[i]});
  }
  const PersonCare care = PersonCare::from(facts);

  // The immunisation card: every routine dose, given (date) or not (due date).
  json card = json::array();
  if (person->birth) {
    for (const ScheduledDose& d : immunization_schedule()) {
      json row = {{"antigen", d.antigen},
                  {"dose", d.dose},
                  {"recommended", Date::from_days(person->birth->days() + d.age_days).to_string()}};
      const int a = antigen_index(d.antigen);
      const int32_t given = a >= 0 ? care.dose_day[a][d.dose - 1] : PersonCare::kNone;
      row["given"] = given != PersonCare::kNone ? json(Date::from_days(given).to_string()) : json();
      row["routine"] = d.routine;
      card.push_back(std::move(row));
    }
  }
  // Pregnancies with their ANC visits, delivery and postpartum visits.
  json pregnancies = json::array();
  for (const ServiceRecord& r : *past) {
    if (r.service != "pregnancy") continue;
    json p = {{"id", r.id},
              {"date", r.date.to_string()},
              {"hpht", r.fields.value("hpht", "")},
              {"hpl", r.fields.value("hpl", "")},
              {"risk_class", r.fields.value("risk_class", "")},
              {"anc", json::array()},
              {"delivery", nullptr},
              {"kf", json::array()}};
    const std::string hpht = r.fields.value("hpht", "");
    for (const ServiceRecord& s : *past) {
      if (s.date.to_string() < hpht) continue;
      if (s.service == "anc" && s.fields.value("hpht", "") == hpht) {
        p["anc"].push_back({{"visit", s.fields.value("visit", 0)},
                            {"date", s.date.to_string()},
                            {"trimester", s.fields.value("trimester", 0)}});
      } else if (s.service == "delivery" && s.fields.value("hpht", "") == hpht) {
        p["delivery"] = to_json(s);
        for (const ServiceRecord& k : *past) {
          if (k.service == "kf" && k.fields.value("delivery_date", "") == s.date.to_string()) {
            p["kf"].push_back(
                {{"visit", k.fields.value("visit", 0)}, {"date", k.date.to_string()}});
          }
        }
      }
    }
    pregnancies.push_back(std::move(p));
  }
  json due = json::array();
  if (person->birth && person->alive) {
    std::vector<DueItem> items;
    due_items({person_id, person->sex, *person->birth}, &care, on, items, options_.thresholds);
    sort_by_urgency(items);
    for (const DueItem& i : items) {
      due.push_back({{"service", i.service},
                     {"item", i.item},
                     {"due", Date::from_days(i.due).to_string()},
                     {"overdue_days", i.overdue_days}});
    }
  }
  SK_TRY(audit_->record(user, {"read", "care", person_id, person->village_code, "timeline", {}}));
  return json{{"person_id", person_id},
              {"date", on.to_string()},
              {"services", std::move(services)},
              {"immunization_card", std::move(card)},
              {"pregnancies", std::move(pregnancies)},
              {"due", std::move(due)}};
}

Result<std::pair<std::vector<std::string>, std::string>> CareService::areas_of(
    const User& user, std::string_view region) {
  std::vector<std::string> areas;
  std::string label;
  if (region.empty() || region == "me") {
    auto scope = registry_->scope_areas(user);
    if (!scope) return scope.error();
    if (scope->empty()) return Error::not_found("region not found: me");
    areas = std::move(*scope);
    label = areas.size() == 1 ? areas.front() : "me";
  } else {
    auto code = normalize_area(region);
    if (!code) {
      return Error::invalid("region", "region code must have 2, 4, 6 or 10 digits (dots allowed)");
    }
    SK_TRY(registry_->authorize_area(user, *code));
    areas.push_back(*code);
    label = *code;
  }
  return std::pair(std::move(areas), std::move(label));
}

Result<DueList> CareService::due(const User& user, std::string_view region, Date on) {
  auto scoped = areas_of(user, region);
  if (!scoped) return scoped.error();
  const auto& [areas, label] = *scoped;
  if (!index_built_) SK_TRY(build_index());
  DueList list;
  list.region = label;
  list.date = on;
  std::shared_lock lock(index_mu_);
  for (const std::string& area : areas) {
    const size_t dot = area.find(".RW");
    const std::string prefix = area.substr(0, dot);
    const int rw = dot == std::string::npos ? -1 : std::stoi(area.substr(dot + 3));
    SK_TRY(port_->for_each_resident(prefix, [&](const registry::ResidentRow& r) {
      if (r.status != "HIDUP" || (rw >= 0 && r.rw != rw)) return;
      auto birth = Date::parse(r.birth_date);
      if (!birth) return;
      const size_t before = list.items.size();
      auto it = index_.find(r.id);
      due_items({r.id, r.sex, *birth}, it == index_.end() ? nullptr : &it->second, on, list.items,
                options_.thresholds);
      if (list.items.size() > before) {
        list.people.push_back({r.id, std::string(r.name), std::string(r.sex),
                               std::string(r.birth_date), std::string(r.village_code), r.rw});
      }
    }));
  }
  lock.unlock();
  std::sort(list.people.begin(), list.people.end(),
            [](const DuePersonInfo& a, const DuePersonInfo& b) { return a.id < b.id; });
  sort_by_urgency(list.items);
  SK_TRY(audit_->record(user, {"export", "care_due", std::nullopt, label, on.to_string(),
                               static_cast<int64_t>(list.items.size())}));
  return list;
}

Result<DueList> CareService::export_due_xlsx(const User& user, std::string_view region, Date on,
                                             const std::string& path) {
  auto list = due(user, region, on);
  if (!list) return list.error();
  lxw_workbook_options opts = {};
  opts.constant_memory = LXW_TRUE;
  lxw_workbook* wb = workbook_new_opt(path.c_str(), &opts);
  if (!wb) return Error::io(path + ": cannot create workbook");
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_worksheet* ws = workbook_add_worksheet(wb, "Sasaran jatuh tempo");
  const char* head[] = {"person_id", "nama",    "jk",    "tanggal_lahir", "kelurahan",
                        "rw",        "layanan", "butir", "jatuh_tempo",   "terlambat_hari"};
  for (int c = 0; c < 10; ++c)
    worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), head[c], bold);
  lxw_row_t row = 1;
  for (const DueItem& i : list->items) {
    const DuePersonInfo* p = list->person(i.person_id);
    worksheet_write_number(ws, row, 0, static_cast<double>(i.person_id), nullptr);
    worksheet_write_string(ws, row, 1, p ? p->name.c_str() : "", nullptr);
    worksheet_write_string(ws, row, 2, p ? p->sex.c_str() : "", nullptr);
    worksheet_write_string(ws, row, 3, p ? p->birth_date.c_str() : "", nullptr);
    worksheet_write_string(ws, row, 4, p ? p->village_code.c_str() : "", nullptr);
    worksheet_write_number(ws, row, 5, p ? p->rw : 0, nullptr);
    worksheet_write_string(ws, row, 6, i.service.c_str(), nullptr);
    worksheet_write_string(ws, row, 7, i.item.c_str(), nullptr);
    worksheet_write_string(ws, row, 8, Date::from_days(i.due).to_string().c_str(), nullptr);
    worksheet_write_number(ws, row, 9, i.overdue_days, nullptr);
    ++row;
  }
  const lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR) return Error::io(path + ": " + lxw_strerror(err));
  return list;
}

Result<json> CareService::targets(const User& user, std::string_view region, int year) {
  if (year < 2000 || year > 2100) return Error::invalid("year", "value out of range");
  auto scoped = areas_of(user, region);
  if (!scoped) return scoped.error();
  const auto& [areas, label] = *scoped;
  if (!index_built_) SK_TRY(build_index());
  const Date mid{year, 7, 1};
  const auto first = static_cast<int32_t>(Date{year, 1, 1}.days());
  const auto last = static_cast<int32_t>(Date{year, 12, 31}.days());
  int64_t population = 0, age15 = 0, births = 0, balita = 0, school = 0, productive = 0;
  int64_t elderly = 0, pregnant = 0, delivered = 0, ht = 0, dm = 0;
  std::shared_lock lock(index_mu_);
  for (const std::string& area : areas) {
    const size_t dot = area.find(".RW");
    const std::string prefix = area.substr(0, dot);
    const int rw = dot == std::string::npos ? -1 : std::stoi(area.substr(dot + 3));
    SK_TRY(port_->for_each_resident(prefix, [&](const registry::ResidentRow& r) {
      if (r.status != "HIDUP" || (rw >= 0 && r.rw != rw)) return;
      auto birth = Date::parse(r.birth_date);
      if (!birth || *birth > Date{year, 12, 31}) return;
      ++population;
      const int years = age_in_years(*birth, mid);
      const int months = age_in_months(*birth, mid);
      births += birth->year == year;
      balita += *birth <= mid && months < 60;
      school += years >= 7 && years <= 15;
      productive += years >= 15 && years <= 59;
      elderly += years >= 60;
      age15 += years >= 15;
      auto it = index_.find(r.id);
      if (it == index_.end()) return;
      const PersonCare& c = it->second;
      pregnant += c.hpht != PersonCare::kNone && c.hpht <= last && c.hpht + 280 >= first;
      delivered += c.delivered >= first && c.delivered <= last;
      ht += c.ht_since != PersonCare::kNone && c.ht_since <= last;
      dm += c.dm_since != PersonCare::kNone && c.dm_since <= last;
    }));
  }
  lock.unlock();
  const TargetParameters& p = options_.targets;
  auto up = [](double v) { return static_cast<int64_t>(std::ceil(v - 1e-9)); };
  const double cbr = p.cbr_per_mille / 1000.0;
  auto row = [](const char* code, const char* name, const char* group, json counted, json estimated,
                const char* method) {
    json value = estimated.is_null() ? counted : estimated;
    return json{{"code", code},           {"name", name},   {"group", group},  {"counted", counted},
                {"estimated", estimated}, {"value", value}, {"method", method}};
  };
  json rows = json::array({
      row("ibu_hamil", "Ibu hamil", "pregnant women in the year", pregnant,
          up(1.10 * cbr * static_cast<double>(population)), "1.10 x CBR x population (§2.1)"),
      row("ibu_bersalin", "Ibu bersalin", "delivering women in the year", delivered,
          up(1.05 * cbr * static_cast<double>(population)), "1.05 x CBR x population (§2.1)"),
      row("bayi_baru_lahir", "Bayi baru lahir", "newborns of the year", births, nullptr,
          "born in the year (register)"),
      row("balita", "Balita", "0-59 months on 1 July", balita, nullptr, "register"),
      row("usia_pendidikan_dasar", "Usia pendidikan dasar", "7-15 years on 1 July [U]", school,
          nullptr, "register"),
      row("usia_produktif", "Usia produktif", "15-59 years on 1 July", productive, nullptr,
          "register"),
      row("usia_lanjut", "Usia lanjut", "60 years and over on 1 July", elderly, nullptr,
          "register"),
      row("hipertensi", "Penderita hipertensi", "estimated hypertensives 15 and over", ht,
          up(p.ht_prevalence_pct / 100 * static_cast<double>(age15)),
          "prevalence x population 15+ (§2.1)"),
      row("diabetes", "Penderita diabetes melitus", "estimated diabetics 15 and over", dm,
          up(p.dm_prevalence_pct / 100 * static_cast<double>(age15)),
          "prevalence x population 15+ (§2.1)"),
      row("odgj_berat", "ODGJ berat", "projected severe mental disorder", nullptr,
          up(p.odgj_per_mille / 1000 * static_cast<double>(population)),
          "prevalence x population (§2.1)"),
  });
  SK_TRY(audit_->record(
      user, {"read", "care_targets", std::nullopt, label, std::to_string(year), population}));
  return json{{"region", label},
              {"year", year},
              {"population", population},
              {"parameters",
               {{"cbr_per_mille", p.cbr_per_mille},
                {"ht_prevalence_pct", p.ht_prevalence_pct},
                {"dm_prevalence_pct", p.dm_prevalence_pct},
                {"odgj_per_mille", p.odgj_per_mille}}},
              {"targets", std::move(rows)}};
}

Result<int64_t> CareService::bulk_insert(const User& user, std::span<const BulkService> services) {
  if (user.role != registry::Role::kDinkesAdmin) {
    return Error{ErrorCode::kForbidden, "not allowed for this role", {}, {}};
  }
  constexpr size_t kBatch = 20000;
  int64_t written = 0;
  SK_TRY(db_->begin_bulk_load());
  for (size_t start = 0; start < services.size(); start += kBatch) {
    const size_t end = std::min(services.size(), start + kBatch);
    store::Transaction tx(*db_, user.username);
    SK_TRY(tx.begin());
    auto st = db_->prepare(
        "INSERT INTO care_service (person_id, city_code, service, date, place, facility_id,"
        " fields, due_key, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " RETURNING id");
    if (!st) return st.error();
    const std::string now = db_->clock().now_iso();
    int64_t first = 0, last = 0;
    for (size_t i = start; i < end; ++i) {
      const BulkService& b = services[i];
      (*st)->bind(1, b.person_id).bind(2, b.city_code).bind(3, b.service);
      (*st)->bind(4, b.date.to_string()).bind(5, b.place).bind(6, b.facility_id);
      (*st)->bind(7, b.fields).bind(8, b.due_key).bind(9, user.username).bind(10, now);
      auto row = (*st)->step();
      if (!row) return row.error();
      last = (*st)->column_int64(0);
      if (first == 0) first = last;
      (*st)->reset();
    }
    SK_TRY(
        tx.record({"care_service", std::to_string(first) + "-" + std::to_string(last), "import"}));
    SK_TRY(tx.commit());
    written += static_cast<int64_t>(end - start);
  }
  SK_TRY(db_->end_bulk_load());
  if (index_built_) SK_TRY(build_index());
  return written;
}

Result<int64_t> CareService::clear_city(const User& user, const std::string& city) {
  if (user.role != registry::Role::kDinkesAdmin) {
    return Error{ErrorCode::kForbidden, "not allowed for this role", {}, {}};
  }
  auto range = db_->prepare(
      "SELECT COUNT(*), COALESCE(MIN(id), 0), COALESCE(MAX(id), 0) FROM care_service"
      " WHERE city_code = ?");
  if (!range) return range.error();
  (*range)->bind(1, city);
  auto row = (*range)->step();
  if (!row) return row.error();
  const int64_t n = (*range)->column_int64(0);
  const int64_t first = (*range)->column_int64(1), last = (*range)->column_int64(2);
  (*range)->reset();
  if (n == 0) return int64_t{0};
  store::Transaction tx(*db_, user.username);
  SK_TRY(tx.begin());
  auto del = db_->prepare("DELETE FROM care_service WHERE city_code = ?");
  if (!del) return del.error();
  (*del)->bind(1, city);
  SK_TRY((*del)->run());
  SK_TRY(tx.record({"care_service", std::to_string(first) + "-" + std::to_string(last), "delete"}));
  SK_TRY(tx.commit());
  if (index_built_) SK_TRY(build_index());
  return n;
}

}  // namespace siklus::care
