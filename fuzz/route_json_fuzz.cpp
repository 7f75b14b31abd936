// Our JSON route problem: parse, attach Euclidean matrices, validate, and dump the solution shape
// with invalid UTF-8 replaced. Never crash or throw; what parses is valid and bounded.
#include <cstdlib>
#include <string>

#include "routing/io/json_format.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto jp = siklus::routing::io::parse_problem_text(text, "fuzz.json");
  if (!jp) return 0;
  siklus::routing::EuclideanSource source(1);
  if (jp->matrix) {
    siklus::routing::MatrixSource given(*jp->matrix);
    if (!siklus::routing::io::attach_matrices(*jp, given)) return 0;
  } else if (!siklus::routing::io::attach_matrices(*jp, source)) {
    return 0;
  }
  if (jp->problem.vehicles.size() > std::max<size_t>(1, jp->problem.tasks.size())) std::abort();
  siklus::routing::Solution empty;
  (void)siklus::routing::io::solution_to_json(jp->problem, empty)
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return 0;
}
