#pragma once
// The one JSON shape of an audit page, for `siklus audit` and GET /api/v1/audit alike:
// {"entries":[{"seq","at","user","user_id","action","object","person_id","area","detail",
// "count"}],"total","page","page_size"} (absent values are null).

#include <nlohmann/json.hpp>

#include "audit/audit.h"

namespace siklus::audit {

nlohmann::json to_json(const Page& page);

}  // namespace siklus::audit
