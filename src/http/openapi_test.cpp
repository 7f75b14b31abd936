// The pinned contract against the real route table: every route of routes.cpp is documented in
// docs/openapi.json and every documented operation is a route, so a new endpoint without its
// document (or a stale document) fails here. The served document is the repository's file.

#include "http/openapi.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "coverage/service.h"
#include "growth/growth.h"
#include "http/routes.h"
#include "registry/registry.h"
#include "store/database.h"

namespace siklus::http {
namespace {

using nlohmann::json;

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

class OpenApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("siklus-openapi-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    const std::string db_path = (dir_ / "t.db").string();
    auto db = store::open_database(db_path);
    ASSERT_TRUE(db) << db.error().message;
    registry::RegistryOptions o;
    o.area_data_dir = std::string(SK_SOURCE_DIR) + "/src/registry/testdata/area";
    std::shared_ptr<store::Database> shared(std::move(*db));
    auto reg = registry::Registry::open(shared, o);
    ASSERT_TRUE(reg) << reg.error().message;
    registry_ = std::move(*reg);
    auto cov = coverage::CoverageService::open(shared, *registry_, registry_->audit_log());
    ASSERT_TRUE(cov) << cov.error().message;
    coverage_ = std::move(*cov);
    auto reference = growth::load_reference(*shared);
    ASSERT_TRUE(reference) << reference.error().message;
    growth_ = std::make_unique<growth::ReferenceSource>(std::move(*reference));
    auto care = care::CareService::open(shared, *registry_, registry_->audit_log(), growth_.get());
    ASSERT_TRUE(care) << care.error().message;
    care_ = std::move(*care);
    auto pws = monitoring::MonitoringService::open(shared, *registry_, registry_->audit_log(),
                                                   coverage_.get());
    ASSERT_TRUE(pws) << pws.error().message;
    pws_ = std::move(*pws);
    auto transport = transport::TransportService::open(shared, *registry_, registry_->audit_log());
    ASSERT_TRUE(transport) << transport.error().message;
    transport_ = std::move(*transport);
    ApiOptions api;
    api.coverage = coverage_.get();
    api.growth = growth_.get();
    api.care = care_.get();
    api.pws = pws_.get();
    api.transport = transport_.get();
    router_ = make_api_router(*registry_, nullptr, api);
    doc_ = json::parse(openapi_document());
  }
  void TearDown() override {
    router_.reset();
    pws_.reset();
    transport_.reset();
    care_.reset();
    coverage_.reset();
    registry_.reset();
    std::filesystem::remove_all(dir_);
  }

  // "GET /api/v1/people/{id}" for every route of the table.
  std::set<std::string> table_routes() const {
    std::set<std::string> out;
    for (const auto& r : router_->route_table()) {
      // /fhir/r4 is described by its CapabilityStatement (docs/fhir.md), not by OpenAPI.
      if (r["path"].get<std::string>().rfind("/api/", 0) != 0) continue;
      out.insert(r["method"].get<std::string>() + " " + r["path"].get<std::string>());
    }
    return out;
  }

  std::set<std::string> documented_routes() const {
    std::set<std::string> out;
    for (const auto& [path, item] : doc_["paths"].items()) {
      for (const auto& [method, op] : item.items()) {
        if (method == "parameters" || method == "summary" || method == "description") continue;
        std::string up = method;
        for (char& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        out.insert(up + " " + path);
      }
    }
    return out;
  }

  std::filesystem::path dir_;
  std::unique_ptr<registry::Registry> registry_;
  std::unique_ptr<coverage::CoverageService> coverage_;
  std::unique_ptr<growth::ReferenceSource> growth_;
  std::unique_ptr<care::CareService> care_;
  std::unique_ptr<monitoring::MonitoringService> pws_;
  std::unique_ptr<transport::TransportService> transport_;
  std::unique_ptr<Router> router_;
  json doc_;
};

TEST_F(OpenApiTest, TheEmbeddedDocumentIsTheRepositoryFile) {
  EXPECT_EQ(std::string(openapi_document()),
            read_file(std::filesystem::path(SK_SOURCE_DIR) / "docs/openapi.json"))
      << "docs/openapi.json changed after the build: rebuild";
  EXPECT_EQ(doc_["openapi"], "3.1.0");
}

TEST_F(OpenApiTest, EveryRouteIsDocumented) {
  const auto documented = documented_routes();
  for (const auto& r : table_routes()) {
    EXPECT_TRUE(documented.count(r))
        << r << " is in src/http/routes.cpp but not in docs/openapi.json: add its path, "
        << "parameters and responses there (docs/api.md, 'Adding a route')";
  }
}

TEST_F(OpenApiTest, EveryDocumentedRouteExists) {
  const auto table = table_routes();
  for (const auto& r : documented_routes()) {
    EXPECT_TRUE(table.count(r)) << r << " is in docs/openapi.json but not in src/http/routes.cpp";
  }
}

TEST_F(OpenApiTest, OperationsDeclareTheirPathParametersAndResponses) {
  for (const auto& [path, item] : doc_["paths"].items()) {
    std::set<std::string> in_path;
    for (size_t i = path.find('{'); i != std::string::npos; i = path.find('{', i + 1)) {
      in_path.insert(path.substr(i + 1, path.find('}', i) - i - 1));
    }
    for (const auto& [method, op] : item.items()) {
      std::set<std::string> declared;
      for (const auto& p : op.value("parameters", json::array())) {
        if (p["in"] == "path") declared.insert(p["name"].get<std::string>());
      }
      EXPECT_EQ(declared, in_path) << method << " " << path;
      ASSERT_TRUE(op.contains("responses")) << method << " " << path;
      bool success = false;
      for (const auto& [status, r] : op["responses"].items()) success |= status[0] == '2';
      EXPECT_TRUE(success) << method << " " << path << " documents no 2xx response";
      // Public routes say so (security: []); the rest inherit the session requirement.
      for (const auto& route : router_->route_table()) {
        if (route["path"] == path && lower(route["method"].get<std::string>()) == method) {
          const bool is_public = op.contains("security") && op["security"].empty();
          EXPECT_EQ(is_public, route["auth"] == "none") << method << " " << path;
        }
      }
    }
  }
}

TEST_F(OpenApiTest, EveryReferenceResolves) {
  std::vector<std::string> refs;
  std::function<void(const json&)> walk = [&](const json& j) {
    if (j.is_object()) {
      if (auto it = j.find("$ref"); it != j.end()) refs.push_back(*it);
      for (const auto& [k, v] : j.items()) walk(v);
    } else if (j.is_array()) {
      for (const auto& v : j) walk(v);
    }
  };
  walk(doc_);
  ASSERT_FALSE(refs.empty());
  for (const auto& ref : refs) {
    ASSERT_EQ(ref.rfind("#/", 0), 0u) << ref;
    EXPECT_TRUE(doc_.contains(json::json_pointer(ref.substr(1)))) << ref << " does not resolve";
  }
}

TEST_F(OpenApiTest, ServedWithoutLogin) {
  Request req{Verb::get, "/api/v1/openapi.json", 11};
  Response res = router_->handle(req, Peer{"127.0.0.1", 1});
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(sv(res[bhttp::field::content_type]), "application/json");
  EXPECT_EQ(res.body(), std::string(openapi_document()));
}

}  // namespace
}  // namespace siklus::http
