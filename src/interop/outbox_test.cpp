// The SATUSEHAT outbox against a fake SATUSEHAT of our own on loopback that drops connections
// (before and after doing the work), answers too slowly, fails with 500 at random and lets tokens
// expire after a few requests: after the run every service is there exactly once, the two that
// SATUSEHAT refuses are failed with its message and were tried once, and a resend duplicates
// nothing.

#include "interop/outbox.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "core/clock.h"

namespace siklus::interop {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using nlohmann::json;

constexpr const char* kOrg = "10000004";
constexpr const char* kUnknownNik = "3371010101900999";

std::string url_decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// A SATUSEHAT stand-in: token endpoint, Patient search by NIK, transaction Bundles applied as
// conditional updates on each resource's identifier — and faults.
class FakeSatusehat {
 public:
  struct Faults {
    double drop_before = 0.05;  // close without reading the work
    double fail_500 = 0.10;     // answer 500 without doing the work
    double drop_after = 0.05;   // do the work, then close without answering
    double slow = 0.03;         // do the work, answer after the client gave up
    int token_uses = 25;        // a token expires after this many requests
  };

  explicit FakeSatusehat(Faults f)
      : faults_(f), acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}) {
    port_ = acceptor_.local_endpoint().port();
    thread_ = std::thread([this] { accept_loop(); });
  }
  ~FakeSatusehat() {
    stopping_ = true;
    beast::error_code ec;
    // Wake the blocking accept with a connection of our own.
    tcp::socket s(io_);
    s.connect({asio::ip::make_address("127.0.0.1"), port_}, ec);
    thread_.join();
    for (auto& t : workers_) t.join();
  }

  std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }
  void add_patient(const std::string& nik, const std::string& ihs) {
    std::lock_guard lock(mu_);
    patients_[nik] = ihs;
  }
  // Resources stored under one "Type|system|value" key (must never exceed 1).
  std::map<std::string, int> stored() {
    std::lock_guard lock(mu_);
    std::map<std::string, int> out;
    for (const auto& [k, v] : store_) out[k] = static_cast<int>(v.size());
    return out;
  }
  int faults_injected() const { return faults_injected_; }
  int tokens_issued() const { return tokens_issued_; }

 private:
  void accept_loop() {
    while (!stopping_) {
      tcp::socket socket(io_);
      beast::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec || stopping_) break;
      workers_.emplace_back([this, s = std::move(socket)]() mutable { serve(std::move(s)); });
    }
  }

  double roll() {
    std::lock_guard lock(mu_);
    return std::uniform_real_distribution<double>(0, 1)(rng_);
  }

  void serve(tcp::socket socket) {
    beast::error_code ec;
    beast::flat_buffer buffer;
    bhttp::request<bhttp::string_body> req;
    bhttp::read(socket, buffer, req, ec);
    if (ec) return;
    const double r = roll();
    if (r < faults_.drop_before) {
      ++faults_injected_;
      return;  // the socket closes: a dropped connection
    }
    bhttp::response<bhttp::string_body> res;
    if (r < faults_.drop_before + faults_.fail_500) {
      ++faults_injected_;
      res = reply(500, json{{"resourceType", "OperationOutcome"}});
    } else {
      res = handle(req);
      const double after = roll();
      if (after < faults_.drop_after) {
        ++faults_injected_;
        return;
      }
      if (after < faults_.drop_after + faults_.slow) {
        ++faults_injected_;
        std::this_thread::sleep_for(std::chrono::milliseconds(600));
      }
    }
    bhttp::write(socket, res, ec);
  }

  static bhttp::response<bhttp::string_body> reply(unsigned status, const json& body) {
    bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(status), 11};
    res.set(bhttp::field::content_type, "application/json");
    res.body() = body.dump();
    res.prepare_payload();
    return res;
  }

  static json outcome(const std::string& text) {
    return {{"resourceType", "OperationOutcome"},
            {"issue",
             json::array({{{"severity", "error"}, {"code", "invalid"}, {"diagnostics", text}}})}};
  }

  bhttp::response<bhttp::string_body> handle(const bhttp::request<bhttp::string_body>& req) {
    const std::string target(req.target());
    if (target.rfind("/oauth2/v1/accesstoken", 0) == 0) {
      if (req.body().find("client_id=cid") == std::string::npos ||
          req.body().find("client_secret=s3cret") == std::string::npos) {
        return reply(401, outcome("invalid client"));
      }
      std::lock_guard lock(mu_);
      const std::string token = "tok-" + std::to_string(++tokens_issued_);
      tokens_[token] = faults_.token_uses;
      return reply(200, {{"access_token", token}, {"expires_in", "14399"}});
    }
    {
      std::lock_guard lock(mu_);
      const std::string auth(req[bhttp::field::authorization]);
      auto it = auth.rfind("Bearer ", 0) == 0 ? tokens_.find(auth.substr(7)) : tokens_.end();
      if (it == tokens_.end() || it->second <= 0) return reply(401, outcome("token expired"));
      --it->second;
    }
    if (target.rfind("/fhir-r4/v1/Patient?identifier=", 0) == 0) {
      const std::string ident = url_decode(target.substr(31));
      const std::string nik = ident.substr(ident.find('|') + 1);
      std::lock_guard lock(mu_);
      json entries = json::array();
      if (auto p = patients_.find(nik); p != patients_.end()) {
        entries.push_back({{"resource", {{"resourceType", "Patient"}, {"id", p->second}}}});
      }
      return reply(200, {{"resourceType", "Bundle"},
                         {"type", "searchset"},
                         {"total", entries.size()},
                         {"entry", entries}});
    }
    if (target == "/fhir-r4/v1" && req.method() == bhttp::verb::post)
      return transaction(req.body());
    return reply(404, outcome("not found"));
  }

  bhttp::response<bhttp::string_body> transaction(const std::string& body) {
    auto b = json::parse(body, nullptr, false);
    if (!b.is_object() || b.value("type", "") != "transaction") {
      return reply(400, outcome("not a transaction"));
    }
    // Every urn: reference must name an earlier entry (dependency order).
    std::set<std::string> seen;
    std::vector<std::pair<std::string, json>> writes;
    for (const auto& e : b["entry"]) {
      const json& res = e["resource"];
      std::function<bool(const json&)> refs_ok = [&](const json& j) {
        if (j.is_object()) {
          if (auto r = j.find("reference"); r != j.end() && r->is_string()) {
            const std::string ref = *r;
            if (ref.rfind("urn:", 0) == 0 && !seen.count(ref)) return false;
          }
          for (const auto& [k, v] : j.items()) {
            if (!refs_ok(v)) return false;
          }
        } else if (j.is_array()) {
          for (const auto& v : j) {
            if (!refs_ok(v)) return false;
          }
        }
        return true;
      };
      if (!refs_ok(res)) return reply(400, outcome("reference to a later entry"));
      seen.insert(e.value("fullUrl", ""));
      if (e["request"].value("method", "") != "PUT") {
        return reply(400, outcome("expected a conditional update"));
      }
      if (res["resourceType"] == "Condition" &&
          res["code"]["coding"][0].value("code", "") == "Z99.9") {
        return reply(400, outcome("Kode ICD-10 Z99.9 tidak diterima"));
      }
      const std::string url = e["request"]["url"];
      const std::string key =
          res["resourceType"].get<std::string>() + "|" + url.substr(url.find('=') + 1);
      writes.push_back({key, res});
    }
    std::lock_guard lock(mu_);
    for (auto& [key, res] : writes) {
      auto& slot = store_[key];
      if (slot.empty()) {
        slot.push_back(res);
      } else {
        slot[0] = res;  // conditional update: replace the one there
      }
    }
    return reply(200, {{"resourceType", "Bundle"}, {"type", "transaction-response"}});
  }

  Faults faults_;
  asio::io_context io_;
  tcp::acceptor acceptor_;
  unsigned short port_ = 0;
  std::thread thread_;
  std::vector<std::thread> workers_;
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::mt19937_64 rng_{20261203};
  std::map<std::string, std::string> patients_;
  std::map<std::string, int> tokens_;
  std::map<std::string, std::vector<json>> store_;
  std::atomic<int> faults_injected_{0};
  std::atomic<int> tokens_issued_{0};
};

std::string nik_of(int64_t person) {
  std::string n = std::to_string(3371010000000000LL + person);
  return n;
}

// 120 services of 40 people: anthropometry, immunizations and diagnoses. Service 7 is a diagnosis
// SATUSEHAT refuses; person 39 is unknown to SATUSEHAT.
std::map<int64_t, OutgoingService> services() {
  std::map<int64_t, OutgoingService> out;
  for (int64_t id = 1; id <= 120; ++id) {
    OutgoingService s;
    s.service.id = id;
    s.service.person_id = id % 40;
    s.service.date = *Date::parse("2026-11-02");
    s.service.place = "posyandu";
    s.service.facility_id = 1 + id % 3;
    if (id % 3 == 0) {
      s.service.service = "immunization";
      s.service.fields = {{"antigen", "opv"}, {"dose", 1}};
    } else if (id % 3 == 1) {
      s.service.service = "diagnosis";
      s.service.fields = {{"icd10", id == 7 ? "Z99.9" : "J06.9"}};
    } else {
      s.service.service = "anthropometry";
      s.service.fields = {{"weight_kg", 9.5}, {"height_cm", 75.0}};
    }
    s.nik = s.service.person_id == 39 ? kUnknownNik : nik_of(s.service.person_id);
    out[id] = s;
  }
  return out;
}

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("siklus-outbox-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    auto db = store::open_database((dir_ / "t.db").string());
    ASSERT_TRUE(db) << db.error().message;
    db_ = std::shared_ptr<store::Database>(std::move(*db));
    db_->set_clock(clock_);
  }
  void TearDown() override {
    outbox_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  void open(FakeSatusehat& server, const std::map<int64_t, OutgoingService>& data) {
    SatusehatConfig config;
    config.auth_url = server.base() + "/oauth2/v1";
    config.fhir_url = server.base() + "/fhir-r4/v1";
    config.client_id = "cid";
    config.client_secret = "s3cret";
    config.organization_id = kOrg;
    config.timeout = std::chrono::milliseconds(300);
    client_ = std::make_shared<SatusehatClient>(config, [this] { return clock_->now_unix(); });
    auto source = [&data](int64_t id) -> Result<std::optional<OutgoingService>> {
      auto it = data.find(id);
      if (it == data.end()) return std::optional<OutgoingService>{};
      return std::optional<OutgoingService>(it->second);
    };
    OutboxOptions options;
    options.first_backoff_s = 1;
    options.max_backoff_s = 30;
    auto o = Outbox::open(db_, source, client_, kOrg, options);
    ASSERT_TRUE(o) << o.error().message;
    outbox_ = std::move(*o);
  }

  // Runs the worker, moving the clock past every backoff, until nothing is waiting.
  void drain() {
    for (int round = 0; round < 400; ++round) {
      auto n = outbox_->run_once();
      ASSERT_TRUE(n) << n.error().message;
      auto c = outbox_->counts();
      ASSERT_TRUE(c);
      int64_t waiting = 0;
      for (const auto& f : *c) waiting += f.waiting;
      if (waiting == 0) return;
      clock_->advance_seconds(31);
    }
    FAIL() << "services still waiting after 400 rounds";
  }

  std::filesystem::path dir_;
  std::shared_ptr<FixedClock> clock_ = std::make_shared<FixedClock>(1'790'000'000);
  std::shared_ptr<store::Database> db_;
  std::shared_ptr<SatusehatClient> client_;
  std::unique_ptr<Outbox> outbox_;
};

TEST_F(OutboxTest, EveryServiceArrivesExactlyOnceThroughDropsSlownessExpiredTokensAnd500s) {
  FakeSatusehat server({});
  for (int64_t p = 0; p < 39; ++p) server.add_patient(nik_of(p), "P" + std::to_string(1000 + p));
  const auto data = services();
  open(server, data);
  // The feed delivers at least once: the same changes twice must queue each service once.
  std::vector<store::ChangeEvent> events = {{1, "care_service", "1-60", "import", "t", ""},
                                            {2, "care_service", "61-120", "import", "t", ""},
                                            {3, "person", "5", "update", "t", ""}};
  ASSERT_TRUE(outbox_->apply(events));
  ASSERT_TRUE(outbox_->apply(events));
  drain();

  auto counts = outbox_->counts();
  ASSERT_TRUE(counts);
  int64_t sent = 0, failed = 0;
  for (const auto& f : *counts) {
    sent += f.sent;
    failed += f.failed;
    EXPECT_TRUE(f.facility_id.has_value());  // known once tried: status per puskesmas
  }
  const int64_t unknown_patient = 3;  // services 39, 79, 119
  EXPECT_EQ(failed, 1 + unknown_patient);
  EXPECT_EQ(sent, 120 - failed);
  EXPECT_GT(server.faults_injected(), 10);
  EXPECT_GT(server.tokens_issued(), 3) << "tokens expire and are fetched again";

  // Exactly once: one Encounter per sent service, nothing stored twice.
  const auto stored = server.stored();
  for (const auto& [key, n] : stored) EXPECT_EQ(n, 1) << key;
  const std::string enc_system = std::string("http://sys-ids.kemkes.go.id/encounter/") + kOrg;
  int encounters = 0, observations = 0;
  for (const auto& [key, n] : stored) {
    encounters += key.rfind("Encounter|" + enc_system + "|", 0) == 0;
    observations += key.rfind("Observation|", 0) == 0;
  }
  EXPECT_EQ(encounters, sent);
  // 40 anthropometry services, weight and height each, but service 119 (person 39) failed.
  EXPECT_EQ(observations, 2 * 39);

  // The refusals are shown with SATUSEHAT's message and were not retried.
  std::vector<int64_t> all;
  auto problems = outbox_->problems(all, 100);
  ASSERT_TRUE(problems);
  ASSERT_EQ(problems->size(), 4u);
  for (const auto& p : *problems) {
    EXPECT_EQ(p.state, "failed");
    EXPECT_EQ(p.attempts, 1) << p.service_id;
    if (p.service_id == 7) {
      EXPECT_EQ(p.message, "Kode ICD-10 Z99.9 tidak diterima");
    }
    if (p.service_id == 39) {
      EXPECT_EQ(p.message, "no SATUSEHAT patient with this NIK");
    }
  }

  // Staff resend a sent service and a correction re-queues another: still once each.
  ASSERT_TRUE(outbox_->resend(2, "admin"));
  ASSERT_TRUE(
      outbox_->apply(std::vector<store::ChangeEvent>{{4, "care_service", "3", "update", "t", ""}}));
  drain();
  for (const auto& [key, n] : server.stored()) EXPECT_EQ(n, 1) << key;
  EXPECT_FALSE(outbox_->resend(99999, "admin"));
}

TEST_F(OutboxTest, TheBundleIsInDependencyOrderWithOneIdentifierPerResource) {
  const auto data = services();
  const json b = satusehat_bundle(data.at(2), "P1002", kOrg);
  ASSERT_EQ(b["entry"].size(), 3u);  // encounter, weight, height
  EXPECT_EQ(b["entry"][0]["resource"]["resourceType"], "Encounter");
  EXPECT_EQ(b["entry"][0]["resource"]["subject"]["reference"], "Patient/P1002");
  EXPECT_EQ(
      b["entry"][0]["request"]["url"],
      std::string("Encounter?identifier=http://sys-ids.kemkes.go.id/encounter/") + kOrg + "|2");
  EXPECT_EQ(b["entry"][1]["resource"]["encounter"]["reference"], b["entry"][0]["fullUrl"]);
  EXPECT_EQ(b["entry"][1]["resource"]["identifier"].size(), 1u);
  EXPECT_FALSE(b["entry"][0]["resource"].contains("id"));
  // The same service gives the same Bundle: a resend is byte for byte a repeat.
  EXPECT_EQ(b.dump(), satusehat_bundle(data.at(2), "P1002", kOrg).dump());
}

TEST_F(OutboxTest, WrongCredentialsKeepServicesWaitingRatherThanFailingThem) {
  FakeSatusehat server({0, 0, 0, 0, 1000});
  const auto data = services();
  SatusehatConfig config;
  config.auth_url = server.base() + "/oauth2/v1";
  config.fhir_url = server.base() + "/fhir-r4/v1";
  config.client_id = "cid";
  config.client_secret = "wrong";
  config.timeout = std::chrono::milliseconds(300);
  auto client = std::make_shared<SatusehatClient>(config, [this] { return clock_->now_unix(); });
  auto source = [&data](int64_t id) -> Result<std::optional<OutgoingService>> {
    return std::optional<OutgoingService>(data.at(id));
  };
  auto o = Outbox::open(db_, source, client, kOrg);
  ASSERT_TRUE(o);
  ASSERT_TRUE(
      (*o)->apply(std::vector<store::ChangeEvent>{{1, "care_service", "1", "insert", "t", ""}}));
  ASSERT_TRUE((*o)->run_once());
  auto p = (*o)->problems({}, 10);
  ASSERT_TRUE(p);
  ASSERT_EQ(p->size(), 1u);
  EXPECT_EQ((*p)[0].state, "waiting");
  EXPECT_EQ((*p)[0].message.find("wrong"), std::string::npos) << "the secret is never echoed";
}

}  // namespace
}  // namespace siklus::interop
