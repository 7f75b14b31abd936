#pragma once
// The pinned API contract: docs/openapi.json (OpenAPI 3.1), embedded into the binary at build
// time (CMake writes openapi_document.cpp from the file), so `GET /api/v1/openapi.json` serves
// exactly the repository's file.

#include <string_view>

namespace siklus::http {

//! The bytes of docs/openapi.json as of the build.
std::string_view openapi_document();

}  // namespace siklus::http
