#include "routing/io/benchmark_files.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "core/text.h"
#include "routing/travel.h"

namespace siklus::routing::io {
namespace {

// Customer and task numbers are labels echoed in the output; a million is far past any file.
constexpr double kMaxCustomerNumber = 1'000'000;
// Files larger than this are not routing problems (the largest benchmark is ~100 KB, a city day
// in JSON with a full 2,500-location matrix ~80 MB).
constexpr std::streamoff kMaxFileBytes = 128 << 20;

Error bad(const std::string& file, int line, const std::string& message) {
  return Error::invalid(file + ":" + std::to_string(line), message);
}

// Parses exactly `count` numbers from a line; false if the line holds anything else.
bool numbers(const std::string& line, size_t count, std::vector<double>& out) {
  std::istringstream in(line);
  out.clear();
  double x;
  while (in >> x) out.push_back(x);
  if (!in.eof()) return false;
  return out.size() == count;
}

// Every number on a data line: finite, in range, and where the file means a count or a number,
// a whole non-negative one. `names` label the columns so the refusal names the field.
Status check_row(const std::vector<double>& v, const std::vector<const char*>& names,
                 const std::string& file, int line) {
  for (size_t i = 0; i < v.size() && i < names.size(); ++i) {
    if (auto ok = check_value(v[i], names[i]); !ok) {
      return bad(file, line, std::string(names[i]) + ": " + ok.error().message);
    }
  }
  return {};
}

Status check_number(double x, const char* name, const std::string& file, int line) {
  if (x < 0 || x != std::floor(x) || x > kMaxCustomerNumber) {
    return bad(file, line,
               std::string(name) + ": must be a whole number 0.." +
                   std::to_string(static_cast<long>(kMaxCustomerNumber)));
  }
  return {};
}

bool blank(const std::string& line) { return line.find_first_not_of(" \t\r") == std::string::npos; }

void fill_matrix(Problem& p, const std::vector<Coordinate>& points) {
  EuclideanSource source(1);
  auto m = source.matrices(points);
  p.locations = m->size;
  p.durations = std::move(m->durations);
}

}  // namespace

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return Error::invalid(path, "cannot open the file");
  if (in.tellg() > kMaxFileBytes) {
    return Error::invalid(path, "file larger than 128 MiB: not a routing problem");
  }
  in.seekg(0);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Result<BenchmarkInstance> parse_solomon(const std::string& text, const std::string& file) {
  BenchmarkInstance inst;
  std::istringstream in(text);
  std::string line;
  int ln = 0;
  enum { kName, kVehicleHeader, kVehicle, kCustomerHeader, kCustomers } state = kName;
  double vehicles = 0;
  int64_t capacity = 0;
  std::vector<double> v;
  std::vector<Coordinate> points;
  std::map<int, int> seen;  // customer number -> line
  struct Row {
    int number;
    double demand, ready, due, service;
  };
  std::vector<Row> rows;
  while (std::getline(in, line)) {
    ++ln;
    if (blank(line)) continue;
    switch (state) {
      case kName:
        inst.name = line.substr(0, line.find_last_not_of(" \t\r") + 1);
        if (auto ok = check_text(inst.name, "name", 200); !ok) {
          return bad(file, ln, "name: " + ok.error().message);
        }
        state = kVehicleHeader;
        break;
      case kVehicleHeader:
        if (line.find("NUMBER") != std::string::npos) state = kVehicle;
        break;
      case kVehicle:
        if (!numbers(line, 2, v)) return bad(file, ln, "expected vehicle NUMBER and CAPACITY");
        if (!std::isfinite(v[0]) || v[0] < 1 || v[0] != std::floor(v[0])) {
          return bad(file, ln, "NUMBER: vehicles must be a whole number >= 1");
        }
        if (v[1] < 0 || v[1] > static_cast<double>(kMaxAmount)) {
          return bad(file, ln, "CAPACITY: must be 0..1e9");
        }
        vehicles = v[0];
        capacity = std::llround(v[1]);
        state = kCustomerHeader;
        break;
      case kCustomerHeader:
        if (line.find("CUST NO") != std::string::npos) state = kCustomers;
        break;
      case kCustomers:
        if (!numbers(line, 7, v)) {
          return bad(file, ln,
                     "expected 7 numbers: CUST NO. XCOORD. YCOORD. DEMAND READY_TIME DUE_DATE "
                     "SERVICE_TIME");
        }
        SK_TRY(check_row(
            v,
            {"CUST NO.", "XCOORD.", "YCOORD.", "DEMAND", "READY TIME", "DUE DATE", "SERVICE TIME"},
            file, ln));
        SK_TRY(check_number(v[0], "CUST NO.", file, ln));
        if (!seen.emplace(static_cast<int>(v[0]), ln).second) {
          return bad(file, ln,
                     "CUST NO.: " + std::to_string(static_cast<int>(v[0])) + " already on line " +
                         std::to_string(seen[static_cast<int>(v[0])]));
        }
        if (v[4] > v[5]) return bad(file, ln, "READY TIME: after DUE DATE");
        if (v[3] < 0 || v[6] < 0) return bad(file, ln, "DEMAND, SERVICE TIME: must be >= 0");
        if (points.size() >= static_cast<size_t>(kMaxLocations)) {
          return bad(file, ln, "more than " + std::to_string(kMaxLocations) + " customers");
        }
        points.push_back({v[1], v[2]});
        rows.push_back({static_cast<int>(v[0]), v[3], v[4], v[5], v[6]});
        break;
    }
  }
  if (state != kCustomers || rows.empty()) {
    return bad(file, ln, "no CUSTOMER table (is this a Solomon file?)");
  }
  Problem& p = inst.problem;
  fill_matrix(p, points);
  p.dims = 1;
  const Row& depot = rows[0];
  for (size_t i = 1; i < rows.size(); ++i) {
    Task t;
    t.id = std::to_string(rows[i].number);
    t.location = static_cast<int>(i);
    t.service = rows[i].service;
    t.windows = {{rows[i].ready, rows[i].due}};
    t.amount = {static_cast<int64_t>(std::llround(rows[i].demand))};
    p.add_task(std::move(t));
    inst.numbers.push_back(rows[i].number);
  }
  const size_t fleet = usable_fleet(vehicles, p.tasks.size());
  for (size_t k = 0; k < fleet; ++k) {
    Vehicle veh;
    veh.id = std::to_string(k + 1);
    veh.start = 0;
    veh.end = 0;
    veh.shift = {depot.ready, depot.due};
    veh.capacity = {capacity};
    p.vehicles.push_back(std::move(veh));
  }
  return inst;
}

Result<BenchmarkInstance> parse_li_lim(const std::string& text, const std::string& file) {
  BenchmarkInstance inst;
  inst.name = file;
  std::istringstream in(text);
  std::string line;
  int ln = 0;
  std::vector<double> v;
  double vehicles = -1;
  int64_t capacity = 0;
  double speed = 1;
  std::map<int, int> by_line;  // task number -> line
  struct Row {
    int number;
    double demand, ready, due, service;
    int pickup, delivery;
    int line;
  };
  std::vector<Row> rows;
  std::vector<Coordinate> points;
  while (std::getline(in, line)) {
    ++ln;
    if (blank(line)) continue;
    if (vehicles < 0) {
      if (!numbers(line, 3, v)) return bad(file, ln, "expected: vehicles capacity speed");
      if (!std::isfinite(v[0]) || v[0] < 1 || v[0] != std::floor(v[0])) {
        return bad(file, ln, "vehicles: must be a whole number >= 1");
      }
      if (v[1] < 0 || v[1] > static_cast<double>(kMaxAmount)) {
        return bad(file, ln, "capacity: must be 0..1e9");
      }
      SK_TRY(check_row({v[2]}, {"speed"}, file, ln));
      if (v[2] < 0) return bad(file, ln, "speed: must be >= 0");
      vehicles = v[0];
      capacity = std::llround(v[1]);
      // Some published files carry speed 0; the literature uses travel time = distance there.
      speed = v[2] > 0 ? v[2] : 1;
      continue;
    }
    if (!numbers(line, 9, v)) {
      return bad(file, ln, "expected 9 numbers: id x y demand ready due service pickup delivery");
    }
    SK_TRY(check_row(v, {"id", "x", "y", "demand", "ready", "due", "service", "pickup", "delivery"},
                     file, ln));
    SK_TRY(check_number(v[0], "id", file, ln));
    SK_TRY(check_number(v[7], "pickup", file, ln));
    SK_TRY(check_number(v[8], "delivery", file, ln));
    if (!by_line.emplace(static_cast<int>(v[0]), ln).second) {
      return bad(file, ln,
                 "id: " + std::to_string(static_cast<int>(v[0])) + " already on line " +
                     std::to_string(by_line[static_cast<int>(v[0])]));
    }
    if (v[4] > v[5]) return bad(file, ln, "ready: after due");
    if (v[6] < 0) return bad(file, ln, "service: must be >= 0");
    if (points.size() >= static_cast<size_t>(kMaxLocations)) {
      return bad(file, ln, "more than " + std::to_string(kMaxLocations) + " tasks");
    }
    points.push_back({v[1], v[2]});
    rows.push_back({static_cast<int>(v[0]), v[3], v[4], v[5], v[6], static_cast<int>(v[7]),
                    static_cast<int>(v[8]), ln});
  }
  if (rows.empty()) return bad(file, ln, "no depot line");
  std::map<int, size_t> by_number;
  for (size_t i = 0; i < rows.size(); ++i) by_number[rows[i].number] = i;
  Problem& p = inst.problem;
  EuclideanSource source(speed);
  auto m = source.matrices(points);
  p.locations = m->size;
  p.durations = std::move(m->durations);
  p.costs = std::move(m->distances);
  p.dims = 1;
  for (size_t i = 1; i < rows.size(); ++i) {
    const Row& r = rows[i];
    if (r.delivery == 0) {
      // A delivery: checked from its pickup.
      if (r.pickup == 0 || !by_number.count(r.pickup) || by_number[r.pickup] == 0 ||
          rows[by_number[r.pickup]].delivery != r.number) {
        return bad(file, r.line, "delivery whose pickup does not name it back");
      }
      continue;
    }
    if (r.demand <= 0 || !by_number.count(r.delivery) || by_number[r.delivery] == 0) {
      return bad(file, r.line, "pickup needs a positive demand and an existing delivery");
    }
    const size_t d = by_number[r.delivery];
    const Row& dr = rows[d];
    if (dr.pickup != r.number || dr.demand != -r.demand) {
      return bad(file, dr.line, "delivery does not match its pickup (index or demand)");
    }
    Task pu;
    pu.id = std::to_string(r.number);
    pu.location = static_cast<int>(i);
    pu.service = r.service;
    pu.windows = {{r.ready, r.due}};
    pu.amount = {static_cast<int64_t>(std::llround(r.demand))};
    Task de;
    de.id = std::to_string(dr.number);
    de.location = static_cast<int>(d);
    de.service = dr.service;
    de.windows = {{dr.ready, dr.due}};
    p.add_pair(std::move(pu), std::move(de));
    inst.numbers.push_back(r.number);
    inst.numbers.push_back(dr.number);
  }
  // Each used vehicle carries at least one pair.
  const size_t fleet = usable_fleet(vehicles, p.tasks.size() / 2);
  for (size_t k = 0; k < fleet; ++k) {
    Vehicle veh;
    veh.id = std::to_string(k + 1);
    veh.start = 0;
    veh.end = 0;
    veh.shift = {rows[0].ready, rows[0].due};
    veh.capacity = {capacity};
    p.vehicles.push_back(std::move(veh));
  }
  return inst;
}

}  // namespace siklus::routing::io
