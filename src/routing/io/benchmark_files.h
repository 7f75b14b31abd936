#pragma once
// Parsers for the academic benchmark files (bench/vrptw/README.md): Solomon VRPTW and Li & Lim
// PDPTW. Travel time = Euclidean distance in double precision; the depot's window is the shift.

#include <string>
#include <vector>

#include "core/result.h"
#include "routing/problem.h"

namespace siklus::routing::io {

struct BenchmarkInstance {
  std::string name;
  Problem problem;
  std::vector<int> numbers;  // task index -> customer/task number in the file
};

Result<BenchmarkInstance> parse_solomon(const std::string& text, const std::string& file);
Result<BenchmarkInstance> parse_li_lim(const std::string& text, const std::string& file);
//! Reads a whole file; an Error names the file when it cannot be read.
Result<std::string> read_file(const std::string& path);

}  // namespace siklus::routing::io
