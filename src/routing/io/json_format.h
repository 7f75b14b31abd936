#pragma once
// Our JSON problem and solution format (docs/routing.md). Parsing yields the problem without
// matrices plus what is needed to get them (points and the travel settings), so the caller picks
// the travel source (euclidean, haversine, a given matrix, or OSRM over HTTP).

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "routing/problem.h"
#include "routing/solution.h"
#include "routing/travel.h"

namespace siklus::routing::io {

struct TravelSettings {
  std::string source = "haversine";  // "euclidean", "haversine", "matrix", "osrm"
  double detour = 1.3;               // haversine: road length / straight line
  double speed_kmh = 25;             // haversine: average speed
  double speed = 1;                  // euclidean: distance units per time unit
  std::string osrm_url;              // osrm: e.g. http://127.0.0.1:5000
  std::string osrm_profile = "driving";
};

struct JsonProblem {
  Problem problem;  // without matrices until attach_matrices
  std::vector<Coordinate> points;
  std::optional<Matrices> matrix;  // when given in the file
  TravelSettings travel;
  std::vector<std::string> skill_names;  // bit i = skill_names[i]
};

//! Parses the problem; errors name the JSON field ("jobs[2].windows[0]").
Result<JsonProblem> parse_problem(const nlohmann::json& doc);
//! The door for a problem file: parses `text` without exceptions, refuses any number that is not
//! finite or beyond kMaxValue, any string that is not valid UTF-8 or holds control characters,
//! nesting deeper than 32, then parse_problem. Errors name "file: jobs[2].id".
Result<JsonProblem> parse_problem_text(const std::string& text, const std::string& file);
//! Fills the problem's matrices from `source` (durations; costs = durations).
Status attach_matrices(JsonProblem& jp, TravelSource& source);
//! The solution in our JSON format (ids as given, times in the problem's unit).
nlohmann::json solution_to_json(const Problem& problem, const Solution& solution);

}  // namespace siklus::routing::io
