// Solomon files: parse and validate; never crash, and what parses is a valid, bounded problem.
#include <cstdlib>
#include <string>

#include "routing/io/benchmark_files.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto inst = siklus::routing::io::parse_solomon(text, "fuzz.txt");
  if (!inst) return 0;
  if (!siklus::routing::validate(inst->problem)) std::abort();
  if (inst->problem.vehicles.size() > std::max<size_t>(1, inst->problem.tasks.size())) std::abort();
  return 0;
}
