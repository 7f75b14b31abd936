#include "routing/io/json_format.h"

#include <cmath>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "core/text.h"

namespace siklus::routing::io {
namespace {

using nlohmann::json;

Error bad(const std::string& field, const std::string& message) {
  return Error::invalid(field, message);
}

Result<double> number(const json& j, const std::string& field) {
  if (!j.is_number()) return bad(field, "must be a number");
  SK_TRY(check_value(j.get<double>(), field));
  return j.get<double>();
}

// Every value of the document, iteratively (no recursion on hostile nesting): numbers finite and
// within kMaxValue, strings (and keys) valid text of at most 1 KiB.
Status check_document(const json& doc) {
  constexpr size_t kMaxDepth = 32;
  constexpr size_t kMaxString = 1024;
  struct Item {
    const json* value;
    std::string path;
    size_t depth;
  };
  std::vector<Item> todo{{&doc, "", 0}};
  while (!todo.empty()) {
    Item it = std::move(todo.back());
    todo.pop_back();
    const json& v = *it.value;
    const std::string& f = it.path.empty() ? std::string("(document)") : it.path;
    if (it.depth > kMaxDepth) return bad(f, "nested deeper than 32 levels");
    if (v.is_number_float()) {
      SK_TRY(check_value(v.get<double>(), f));
    } else if (v.is_number_unsigned()) {
      if (v.get<uint64_t>() > static_cast<uint64_t>(kMaxValue)) {
        return bad(f, "out of range (at most 1e9 in magnitude)");
      }
    } else if (v.is_number_integer()) {
      SK_TRY(check_value(static_cast<double>(v.get<int64_t>()), f));
    } else if (v.is_string()) {
      SK_TRY(check_text(v.get_ref<const std::string&>(), f, kMaxString));
    } else if (v.is_array()) {
      for (size_t i = 0; i < v.size(); ++i) {
        todo.push_back({&v[i], it.path + "[" + std::to_string(i) + "]", it.depth + 1});
      }
    } else if (v.is_object()) {
      for (auto e = v.begin(); e != v.end(); ++e) {
        const std::string key = it.path.empty() ? e.key() : it.path + "." + e.key();
        SK_TRY(check_text(e.key(), key, kMaxString));
        todo.push_back({&e.value(), key, it.depth + 1});
      }
    }
  }
  return {};
}

Result<double> number_or(const json& obj, const char* key, double fallback,
                         const std::string& field) {
  if (!obj.contains(key)) return fallback;
  return number(obj[key], field + "." + key);
}

Result<std::vector<TimeWindow>> windows(const json& obj, const char* key,
                                        const std::string& field) {
  std::vector<TimeWindow> out;
  if (!obj.contains(key)) return out;
  const json& w = obj[key];
  const std::string f = field + "." + key;
  if (!w.is_array()) return bad(f, "must be an array of [start, end] pairs");
  for (size_t i = 0; i < w.size(); ++i) {
    const std::string fi = f + "[" + std::to_string(i) + "]";
    if (!w[i].is_array() || w[i].size() != 2 || !w[i][0].is_number() || !w[i][1].is_number()) {
      return bad(fi, "must be [start, end] numbers");
    }
    out.push_back({w[i][0].get<double>(), w[i][1].get<double>()});
    if (out.back().start > out.back().end) return bad(fi, "ends before it starts");
  }
  std::sort(out.begin(), out.end(),
            [](const TimeWindow& a, const TimeWindow& b) { return a.start < b.start; });
  return out;
}

Result<std::vector<int64_t>> amounts(const json& obj, const char* key, const std::string& field,
                                     int& dims) {
  std::vector<int64_t> out;
  if (!obj.contains(key)) return out;
  const json& a = obj[key];
  const std::string f = field + "." + key;
  if (!a.is_array() || a.size() > static_cast<size_t>(kMaxDims)) {
    return bad(f, "must be an array of at most " + std::to_string(kMaxDims) + " integers");
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (!a[i].is_number_integer() || a[i].get<int64_t>() < 0) {
      return bad(f + "[" + std::to_string(i) + "]", "must be a non-negative integer");
    }
    out.push_back(a[i].get<int64_t>());
  }
  dims = std::max(dims, static_cast<int>(out.size()));
  return out;
}

Result<uint64_t> skills(const json& obj, const std::string& field,
                        std::vector<std::string>& names) {
  uint64_t mask = 0;
  if (!obj.contains("skills")) return mask;
  const json& s = obj["skills"];
  if (!s.is_array()) return bad(field + ".skills", "must be an array of names");
  for (size_t i = 0; i < s.size(); ++i) {
    if (!s[i].is_string() && !s[i].is_number_integer()) {
      return bad(field + ".skills[" + std::to_string(i) + "]", "must be a name or number");
    }
    const std::string name = s[i].is_string() ? s[i].get<std::string>() : s[i].dump();
    auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) {
      if (names.size() == 64) return bad(field + ".skills", "at most 64 distinct skills");
      names.push_back(name);
      it = names.end() - 1;
    }
    mask |= uint64_t{1} << (it - names.begin());
  }
  return mask;
}

Result<int> location(const json& obj, const char* key, const std::string& field, size_t count,
                     bool required) {
  if (!obj.contains(key) || obj[key].is_null()) {
    if (required) return bad(field + "." + key, "required");
    return -1;
  }
  const json& l = obj[key];
  if (!l.is_number_integer() || l.get<int64_t>() < 0 ||
      static_cast<size_t>(l.get<int64_t>()) >= count) {
    return bad(field + "." + key, "must be an index into locations (0.." +
                                      std::to_string(count == 0 ? 0 : count - 1) + ")");
  }
  return l.get<int>();
}

std::string id_of(const json& obj, const std::string& fallback) {
  if (!obj.contains("id")) return fallback;
  return obj["id"].is_string() ? obj["id"].get<std::string>() : obj["id"].dump();
}

// An id is echoed in the output: a non-empty string or a non-negative whole number.
Status check_id(const json& obj, const std::string& field) {
  if (!obj.is_object() || !obj.contains("id")) return {};
  const json& id = obj["id"];
  if (id.is_string() && !id.get_ref<const std::string&>().empty()) return {};
  if (id.is_number_unsigned() || (id.is_number_integer() && id.get<int64_t>() >= 0)) return {};
  return bad(field + ".id", "must be a non-empty string or a whole number >= 0");
}

Result<Task> task(const json& obj, const std::string& f, size_t nloc, JsonProblem& jp,
                  const std::map<std::string, int>& vehicle_ids) {
  if (!obj.is_object()) return bad(f, "must be an object");
  SK_TRY(check_id(obj, f));
  Task t;
  t.id = id_of(obj, f);
  auto loc = location(obj, "location", f, nloc, true);
  if (!loc) return loc.error();
  t.location = *loc;
  auto service = number_or(obj, "service", 0, f);
  if (!service) return service.error();
  if (*service < 0) return bad(f + ".service", "must be >= 0");
  t.service = *service;
  auto w = windows(obj, "windows", f);
  if (!w) return w.error();
  t.windows = std::move(*w);
  auto a = amounts(obj, "amount", f, jp.problem.dims);
  if (!a) return a.error();
  t.amount = std::move(*a);
  auto s = skills(obj, f, jp.skill_names);
  if (!s) return s.error();
  t.skills = *s;
  auto prio = number_or(obj, "priority", 0, f);
  if (!prio) return prio.error();
  if (*prio < 0 || *prio > 100) return bad(f + ".priority", "must be 0..100");
  t.priority = static_cast<int>(*prio);
  if (obj.contains("preferred_vehicle")) {
    const std::string pv = obj["preferred_vehicle"].is_string()
                               ? obj["preferred_vehicle"].get<std::string>()
                               : obj["preferred_vehicle"].dump();
    auto it = vehicle_ids.find(pv);
    if (it == vehicle_ids.end()) return bad(f + ".preferred_vehicle", "no vehicle with id " + pv);
    t.preferred_vehicle = it->second;
    auto pc = number_or(obj, "preference_cost", 0, f);
    if (!pc) return pc.error();
    if (*pc < 0) return bad(f + ".preference_cost", "must be >= 0");
    t.preference_cost = *pc;
  }
  return t;
}

}  // namespace

Result<JsonProblem> parse_problem(const json& doc) {
  JsonProblem jp;
  if (!doc.is_object()) return bad("", "the problem must be a JSON object");
  if (doc.contains("travel")) {
    const json& t = doc["travel"];
    if (!t.is_object()) return bad("travel", "must be an object");
    if (t.contains("source")) {
      if (!t["source"].is_string()) return bad("travel.source", "must be a string");
      jp.travel.source = t["source"].get<std::string>();
    }
    auto detour = number_or(t, "detour", jp.travel.detour, "travel");
    if (!detour) return detour.error();
    jp.travel.detour = *detour;
    auto speed_kmh = number_or(t, "speed_kmh", jp.travel.speed_kmh, "travel");
    if (!speed_kmh) return speed_kmh.error();
    jp.travel.speed_kmh = *speed_kmh;
    auto speed = number_or(t, "speed", jp.travel.speed, "travel");
    if (!speed) return speed.error();
    jp.travel.speed = *speed;
    for (auto [key, out] : {std::pair{"osrm_url", &jp.travel.osrm_url},
                            std::pair{"osrm_profile", &jp.travel.osrm_profile}}) {
      if (!t.contains(key)) continue;
      if (!t[key].is_string()) return bad(std::string("travel.") + key, "must be a string");
      *out = t[key].get<std::string>();
    }
  }
  if (doc.contains("matrix")) {
    const json& m = doc["matrix"];
    Matrices mx;
    auto read = [&](const char* key, std::vector<double>& out) -> Status {
      if (!m.contains(key)) return {};
      const json& rows = m[key];
      const std::string f = std::string("matrix.") + key;
      if (!rows.is_array()) return bad(f, "must be an array of rows");
      if (rows.size() > static_cast<size_t>(kMaxLocations)) {
        return bad(f, "at most " + std::to_string(kMaxLocations) + " locations");
      }
      for (size_t i = 0; i < rows.size(); ++i) {
        if (!rows[i].is_array() || rows[i].size() != rows.size()) {
          return bad(f + "[" + std::to_string(i) + "]", "must have one number per location");
        }
        for (size_t k = 0; k < rows[i].size(); ++k) {
          if (!rows[i][k].is_number() || rows[i][k].get<double>() < 0) {
            return bad(f + "[" + std::to_string(i) + "][" + std::to_string(k) + "]",
                       "must be a non-negative number");
          }
          out.push_back(rows[i][k].get<double>());
        }
      }
      mx.size = static_cast<int>(rows.size());
      return {};
    };
    SK_TRY(read("durations", mx.durations));
    if (mx.durations.empty()) return bad("matrix.durations", "required with a matrix");
    const int size = mx.size;
    SK_TRY(read("costs", mx.distances));
    if (!mx.distances.empty() && mx.size != size) return bad("matrix.costs", "size differs");
    jp.matrix = std::move(mx);
    if (!doc.contains("travel")) jp.travel.source = "matrix";
  }
  size_t nloc = 0;
  if (doc.contains("locations")) {
    const json& l = doc["locations"];
    if (!l.is_array()) return bad("locations", "must be an array of [x, y] or [lon, lat]");
    if (l.size() > static_cast<size_t>(kMaxLocations)) {
      return bad("locations", "at most " + std::to_string(kMaxLocations) + " locations");
    }
    for (size_t i = 0; i < l.size(); ++i) {
      if (!l[i].is_array() || l[i].size() != 2 || !l[i][0].is_number() || !l[i][1].is_number()) {
        return bad("locations[" + std::to_string(i) + "]", "must be [x, y] or [lon, lat]");
      }
      jp.points.push_back({l[i][0].get<double>(), l[i][1].get<double>()});
    }
    nloc = jp.points.size();
  } else if (jp.matrix) {
    nloc = static_cast<size_t>(jp.matrix->size);
    jp.points.resize(nloc);
  } else {
    return bad("locations", "required (or a matrix)");
  }
  if (jp.matrix && static_cast<size_t>(jp.matrix->size) != nloc) {
    return bad("matrix", "must have one row per location");
  }
  Problem& p = jp.problem;
  std::map<std::string, int> vehicle_ids;
  if (!doc.contains("vehicles") || !doc["vehicles"].is_array()) {
    return bad("vehicles", "required: an array of vehicles");
  }
  const json& vs = doc["vehicles"];
  if (vs.size() > static_cast<size_t>(kMaxVehicles)) {
    return bad("vehicles", "at most " + std::to_string(kMaxVehicles) + " vehicles");
  }
  for (size_t i = 0; i < vs.size(); ++i) {
    const json& o = vs[i];
    const std::string f = "vehicles[" + std::to_string(i) + "]";
    if (!o.is_object()) return bad(f, "must be an object");
    SK_TRY(check_id(o, f));
    Vehicle v;
    v.id = id_of(o, std::to_string(i));
    if (vehicle_ids.count(v.id)) return bad(f + ".id", "duplicate vehicle id " + v.id);
    vehicle_ids[v.id] = static_cast<int>(i);
    auto s = location(o, "start", f, nloc, false);
    if (!s) return s.error();
    v.start = *s;
    auto e = location(o, "end", f, nloc, false);
    if (!e) return e.error();
    v.end = *e;
    if (o.contains("shift")) {
      const json& sh = o["shift"];
      if (!sh.is_array() || sh.size() != 2 || !sh[0].is_number() || !sh[1].is_number()) {
        return bad(f + ".shift", "must be [start, end]");
      }
      v.shift = {sh[0].get<double>(), sh[1].get<double>()};
      if (v.shift.start > v.shift.end) return bad(f + ".shift", "ends before it starts");
    }
    auto sk = skills(o, f, jp.skill_names);
    if (!sk) return sk.error();
    v.skills = *sk;
    auto cap = amounts(o, "capacity", f, p.dims);
    if (!cap) return cap.error();
    v.capacity = std::move(*cap);
    auto sf = number_or(o, "speed_factor", 1, f);
    if (!sf) return sf.error();
    if (*sf <= 0) return bad(f + ".speed_factor", "must be > 0");
    v.speed_factor = *sf;
    auto mt = number_or(o, "max_tasks", 0, f);
    if (!mt) return mt.error();
    if (*mt < 0) return bad(f + ".max_tasks", "must be >= 0");
    if (!o.contains("max_tasks")) *mt = std::numeric_limits<int>::max();
    v.max_tasks = static_cast<int>(std::min<double>(*mt, std::numeric_limits<int>::max()));
    auto mw = number_or(o, "max_working_time", kInfinity, f);
    if (!mw) return mw.error();
    v.max_working_time = *mw;
    auto fc = number_or(o, "fixed_cost", 0, f);
    if (!fc) return fc.error();
    v.fixed_cost = *fc;
    if (o.contains("breaks")) {
      if (!o["breaks"].is_array()) return bad(f + ".breaks", "must be an array");
      for (size_t b = 0; b < o["breaks"].size(); ++b) {
        const json& bo = o["breaks"][b];
        const std::string fb = f + ".breaks[" + std::to_string(b) + "]";
        if (!bo.is_object()) return bad(fb, "must be an object");
        Break br;
        br.id = id_of(bo, std::to_string(b));
        auto w = windows(bo, "windows", fb);
        if (!w) return w.error();
        br.windows = std::move(*w);
        auto d = number_or(bo, "duration", 0, fb);
        if (!d) return d.error();
        br.service = *d;
        v.breaks.push_back(std::move(br));
      }
      std::sort(v.breaks.begin(), v.breaks.end(), [](const Break& a, const Break& b) {
        const double sa = a.windows.empty() ? 0 : a.windows.front().start;
        const double sb = b.windows.empty() ? 0 : b.windows.front().start;
        return sa < sb;
      });
    }
    p.vehicles.push_back(std::move(v));
  }
  const size_t njobs = doc.contains("jobs") && doc["jobs"].is_array() ? doc["jobs"].size() : 0;
  const size_t nships =
      doc.contains("shipments") && doc["shipments"].is_array() ? doc["shipments"].size() : 0;
  if (njobs + 2 * nships > static_cast<size_t>(kMaxTasks)) {
    return bad("jobs", "at most " + std::to_string(kMaxTasks) + " tasks (a shipment counts two)");
  }
  if (doc.contains("jobs")) {
    if (!doc["jobs"].is_array()) return bad("jobs", "must be an array");
    for (size_t i = 0; i < doc["jobs"].size(); ++i) {
      auto t = task(doc["jobs"][i], "jobs[" + std::to_string(i) + "]", nloc, jp, vehicle_ids);
      if (!t) return t.error();
      p.add_task(std::move(*t));
    }
  }
  if (doc.contains("shipments")) {
    if (!doc["shipments"].is_array()) return bad("shipments", "must be an array");
    for (size_t i = 0; i < doc["shipments"].size(); ++i) {
      const json& o = doc["shipments"][i];
      const std::string f = "shipments[" + std::to_string(i) + "]";
      if (!o.is_object() || !o.contains("pickup") || !o.contains("delivery")) {
        return bad(f, "must be an object with pickup and delivery");
      }
      SK_TRY(check_id(o, f));
      auto pu = task(o["pickup"], f + ".pickup", nloc, jp, vehicle_ids);
      if (!pu) return pu.error();
      auto de = task(o["delivery"], f + ".delivery", nloc, jp, vehicle_ids);
      if (!de) return de.error();
      const std::string sid = id_of(o, f);
      if (!o["pickup"].contains("id")) pu->id = sid + "/pickup";
      if (!o["delivery"].contains("id")) de->id = sid + "/delivery";
      auto a = amounts(o, "amount", f, p.dims);
      if (!a) return a.error();
      pu->amount = std::move(*a);
      auto sk = skills(o, f, jp.skill_names);
      if (!sk) return sk.error();
      pu->skills |= *sk;
      auto prio = number_or(o, "priority", pu->priority, f);
      if (!prio) return prio.error();
      if (*prio < 0 || *prio > 100) return bad(f + ".priority", "must be 0..100");
      pu->priority = static_cast<int>(*prio);
      auto ride = number_or(o, "max_ride", kInfinity, f);
      if (!ride) return ride.error();
      if (*ride < 0) return bad(f + ".max_ride", "must be >= 0");
      de->max_ride = *ride;
      if (o.contains("preferred_vehicle")) {
        auto t = task(json{{"location", pu->location},
                           {"preferred_vehicle", o["preferred_vehicle"]},
                           {"preference_cost", o.value("preference_cost", json(0))}},
                      f, nloc, jp, vehicle_ids);
        if (!t) return t.error();
        pu->preferred_vehicle = t->preferred_vehicle;
        pu->preference_cost = t->preference_cost;
      }
      p.add_pair(std::move(*pu), std::move(*de));
    }
  }
  auto uc = number_or(doc, "unassigned_cost", 0, "");
  if (!uc) return uc.error();
  p.unassigned_cost = *uc;
  // Task ids name the stops in the answer: two stops with one id could not be told apart.
  std::map<std::string, size_t> ids;
  for (size_t i = 0; i < p.tasks.size(); ++i) {
    if (auto [it, fresh] = ids.emplace(p.tasks[i].id, i); !fresh) {
      return bad("jobs", "duplicate id " + p.tasks[i].id + " (tasks " + std::to_string(it->second) +
                             " and " + std::to_string(i) + ")");
    }
  }
  return jp;
}

Result<JsonProblem> parse_problem_text(const std::string& text, const std::string& file) {
  auto named = [&](Error e) {
    e.field = file + (e.field.empty() ? "" : ": " + e.field);
    return e;
  };
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::exception& e) {
    // Invalid UTF-8 is a parse error here too, so no bad byte reaches a dump().
    return Error::invalid(file, std::string("not valid JSON: ") + e.what());
  }
  if (auto ok = check_document(doc); !ok) return named(ok.error());
  auto jp = parse_problem(doc);
  if (!jp) return named(jp.error());
  return jp;
}

Status attach_matrices(JsonProblem& jp, TravelSource& source) {
  auto m = source.matrices(jp.points);
  if (!m) return m.error();
  if (m->size != static_cast<int>(jp.points.size())) {
    return Error::io("travel source returned a matrix of the wrong size");
  }
  jp.problem.locations = m->size;
  jp.problem.durations = std::move(m->durations);
  if (jp.matrix && !jp.matrix->distances.empty()) {
    jp.problem.costs = std::move(m->distances);  // costs given with the problem
  } else {
    jp.problem.costs.clear();  // cost = travel duration
  }
  return validate(jp.problem);
}

json solution_to_json(const Problem& problem, const Solution& solution) {
  json routes = json::array();
  for (const Route& r : solution.routes) {
    const Vehicle& v = problem.vehicles[r.vehicle];
    json steps = json::array();
    for (const Step& s : r.steps) {
      json st;
      switch (s.kind) {
        case StepKind::kStart:
          st["type"] = "start";
          break;
        case StepKind::kEnd:
          st["type"] = "end";
          break;
        case StepKind::kBreak:
          st["type"] = "break";
          st["id"] = v.breaks[s.index].id;
          break;
        case StepKind::kTask: {
          const Task& t = problem.tasks[s.index];
          st["type"] = t.kind == TaskKind::kSingle   ? "job"
                       : t.kind == TaskKind::kPickup ? "pickup"
                                                     : "delivery";
          st["id"] = t.id;
          st["location"] = t.location;
          break;
        }
      }
      st["arrival"] = s.arrival;
      st["start"] = s.start;
      st["departure"] = s.departure;
      steps.push_back(std::move(st));
    }
    routes.push_back({{"vehicle", v.id},
                      {"travel_cost", r.travel_cost},
                      {"travel_time", r.travel_time},
                      {"waiting_time", r.waiting_time},
                      {"steps", std::move(steps)}});
  }
  json unassigned = json::array();
  for (const auto& u : solution.unassigned) {
    unassigned.push_back({{"id", problem.tasks[u.task].id}, {"reason", u.reason}});
  }
  return {{"cost", solution.total_cost},         {"travel_cost", solution.travel_cost},
          {"vehicles", solution.vehicles},       {"routes", std::move(routes)},
          {"unassigned", std::move(unassigned)}, {"ms", solution.ms},
          {"iterations", solution.iterations}};
}

}  // namespace siklus::routing::io
