#include "routing/io/benchmark_files.h"

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "routing/travel.h"

namespace siklus::routing::io {
namespace {

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

bool blank(const std::string& line) { return line.find_first_not_of(" \t\r") == std::string::npos; }

void fill_matrix(Problem& p, const std::vector<Coordinate>& points) {
  EuclideanSource source(1);
  auto m = source.matrices(points);
  p.locations = m->size;
  p.durations = std::move(m->durations);
}

}  // namespace

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::invalid(path, "cannot open the file");
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
  long vehicles = 0;
  long capacity = 0;
  std::vector<double> v;
  std::vector<Coordinate> points;
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
        state = kVehicleHeader;
        break;
      case kVehicleHeader:
        if (line.find("NUMBER") != std::string::npos) state = kVehicle;
        break;
      case kVehicle:
        if (!numbers(line, 2, v) || v[0] < 1 || v[1] < 0) {
          return bad(file, ln, "expected vehicle NUMBER and CAPACITY");
        }
        vehicles = static_cast<long>(v[0]);
        capacity = static_cast<long>(v[1]);
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
        if (v[4] > v[5]) return bad(file, ln, "ready time after due date");
        if (v[3] < 0 || v[6] < 0) return bad(file, ln, "negative demand or service time");
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
  for (long k = 0; k < vehicles; ++k) {
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
  long vehicles = -1;
  long capacity = 0;
  double speed = 1;
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
      if (!numbers(line, 3, v) || v[0] < 1 || v[2] < 0) {
        return bad(file, ln, "expected: vehicles capacity speed");
      }
      vehicles = static_cast<long>(v[0]);
      capacity = static_cast<long>(v[1]);
      // Some published files carry speed 0; the literature uses travel time = distance there.
      speed = v[2] > 0 ? v[2] : 1;
      continue;
    }
    if (!numbers(line, 9, v)) {
      return bad(file, ln, "expected 9 numbers: id x y demand ready due service pickup delivery");
    }
    if (v[4] > v[5]) return bad(file, ln, "ready time after due date");
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
      if (r.pickup == 0 || !by_number.count(r.pickup) ||
          rows[by_number[r.pickup]].delivery != r.number) {
        return bad(file, r.line, "delivery whose pickup does not name it back");
      }
      continue;
    }
    if (r.demand <= 0 || !by_number.count(r.delivery)) {
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
  for (long k = 0; k < vehicles; ++k) {
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
