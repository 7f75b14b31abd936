#include "interop/satusehat.h"

#include <cstdio>

#include "interop/fhir/resources.h"

namespace siklus::interop {
namespace {

using nlohmann::json;

// A stable urn:uuid per (service, part): the Bundle's internal references, the same on a resend.
std::string urn_for(int64_t service_id, int part) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "urn:uuid:%08x-0000-4000-8000-%012llx",
                static_cast<unsigned>(part), static_cast<unsigned long long>(service_id));
  return buf;
}

std::string form_escape(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

bool retryable(unsigned status) { return status >= 500 || status == 429 || status == 408; }

}  // namespace

json satusehat_bundle(const OutgoingService& s, const std::string& ihs,
                      const std::string& organization_id) {
  const care::ServiceRecord& r = s.service;
  const json patient = {{"reference", "Patient/" + ihs}};
  const std::string encounter_url = urn_for(r.id, 0);
  json entries = json::array();
  auto add = [&](json res, const std::string& kind, const std::string& value,
                 const std::string& full_url) {
    const std::string system = "http://sys-ids.kemkes.go.id/" + kind + "/" + organization_id;
    const std::string type = res["resourceType"];
    res.erase("id");
    res.erase("meta");
    res["identifier"] = json::array({{{"system", system}, {"value", value}}});
    entries.push_back(
        {{"fullUrl", full_url},
         {"resource", std::move(res)},
         {"request", {{"method", "PUT"}, {"url", type + "?identifier=" + system + "|" + value}}}});
  };
  const std::string id = std::to_string(r.id);
  json enc = fhir::encounter(r);
  // The diagnosis is the Condition's `encounter` link (one direction keeps the Bundle acyclic);
  // siklus's facility ids are not SATUSEHAT Location ids.
  enc.erase("diagnosis");
  enc.erase("location");
  enc["subject"] = patient;
  enc["serviceProvider"] = {{"reference", "Organization/" + organization_id}};
  enc["statusHistory"] = json::array({{{"status", enc["status"]}, {"period", enc["period"]}}});
  add(std::move(enc), "encounter", id, encounter_url);
  int part = 1;
  for (json o : fhir::observations(r)) {
    const std::string key = o["id"];
    o["subject"] = patient;
    o["encounter"] = {{"reference", encounter_url}};
    o.erase("performer");
    add(std::move(o), "observation", key, urn_for(r.id, part++));
  }
  if (auto imm = fhir::immunization(r)) {
    (*imm)["patient"] = patient;
    (*imm)["encounter"] = {{"reference", encounter_url}};
    imm->erase("performer");
    add(std::move(*imm), "immunization", id, urn_for(r.id, part++));
  }
  if (auto c = fhir::condition(r)) {
    (*c)["subject"] = patient;
    (*c)["encounter"] = {{"reference", encounter_url}};
    add(std::move(*c), "condition", id, urn_for(r.id, part++));
  }
  if (auto e = fhir::episode_of_care(r)) {
    (*e)["patient"] = patient;
    (*e)["managingOrganization"] = {{"reference", "Organization/" + organization_id}};
    add(std::move(*e), "episode-of-care", id, urn_for(r.id, part++));
  }
  return {{"resourceType", "Bundle"}, {"type", "transaction"}, {"entry", entries}};
}

std::string outcome_message(const std::string& body) {
  auto j = json::parse(body, nullptr, false);
  if (j.is_object() && j.contains("issue") && j["issue"].is_array() && !j["issue"].empty()) {
    const json& issue = j["issue"][0];
    if (issue.contains("diagnostics") && issue["diagnostics"].is_string()) {
      return issue["diagnostics"];
    }
    if (issue.contains("details") && issue["details"].is_object() &&
        issue["details"].value("text", "") != "") {
      return issue["details"]["text"];
    }
  }
  return body.substr(0, 300);
}

SatusehatClient::SatusehatClient(SatusehatConfig config, std::function<int64_t()> now)
    : config_(std::move(config)), now_(std::move(now)), http_(config_.timeout) {}

Result<std::string> SatusehatClient::token() {
  std::lock_guard lock(mu_);
  // Refreshed a minute early, so a token never expires between the check and its use.
  if (!token_.empty() && now_() < token_expires_ - 60) return token_;
  token_.clear();
  const std::string body = "client_id=" + form_escape(config_.client_id) +
                           "&client_secret=" + form_escape(config_.client_secret);
  auto reply =
      http_.request("POST", config_.auth_url + "/accesstoken?grant_type=client_credentials",
                    {{"Content-Type", "application/x-www-form-urlencoded"}}, body);
  if (!reply) return reply.error();
  if (reply->status / 100 != 2) {
    return Error{
        ErrorCode::kUnauthenticated,
        "SATUSEHAT refused the client credentials (HTTP " + std::to_string(reply->status) + ")",
        "satusehat.client_id"};
  }
  auto j = json::parse(reply->body, nullptr, false);
  if (!j.is_object() || !j.contains("access_token") || !j["access_token"].is_string()) {
    return Error::io("SATUSEHAT token answer without access_token");
  }
  int64_t expires_in = 3600;
  if (auto it = j.find("expires_in"); it != j.end()) {
    // SATUSEHAT sends it as a string ("14399"); the RFC as a number.
    if (it->is_number_integer()) expires_in = it->get<int64_t>();
    if (it->is_string()) expires_in = std::atoll(it->get<std::string>().c_str());
  }
  token_ = j["access_token"];
  token_expires_ = now_() + expires_in;
  ++tokens_fetched_;
  return token_;
}

Result<HttpReply> SatusehatClient::authorised(std::string_view method, const std::string& url,
                                              const std::string& body) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto t = token();
    if (!t) return t.error();
    auto reply = http_.request(
        method, url, {{"Authorization", "Bearer " + *t}, {"Content-Type", "application/json"}},
        body);
    if (!reply) return reply.error();
    if (reply->status != 401) return reply;
    // Expired or revoked early: forget it and fetch a new one once.
    std::lock_guard lock(mu_);
    token_.clear();
  }
  return Error::io("SATUSEHAT keeps answering 401 with a fresh token");
}

Result<std::string> SatusehatClient::patient_ihs(const std::string& nik) {
  auto reply = authorised("GET",
                          config_.fhir_url + "/Patient?identifier=" +
                              form_escape(std::string(fhir::kNikSystem) + "|" + nik),
                          {});
  if (!reply) return reply.error();
  if (retryable(reply->status)) {
    return Error::io("SATUSEHAT patient lookup: HTTP " + std::to_string(reply->status));
  }
  if (reply->status / 100 != 2) {
    return Error::invalid("nik",
                          "SATUSEHAT patient lookup refused: " + outcome_message(reply->body));
  }
  auto j = json::parse(reply->body, nullptr, false);
  if (!j.is_object()) return Error::io("SATUSEHAT patient lookup: not JSON");
  const json entries = j.value("entry", json::array());
  if (!entries.is_array() || entries.empty() || !entries[0].contains("resource") ||
      !entries[0]["resource"].contains("id")) {
    return Error::not_found("no SATUSEHAT patient with this NIK");
  }
  return entries[0]["resource"]["id"].get<std::string>();
}

SendResult SatusehatClient::send(const json& bundle) {
  auto reply = authorised("POST", config_.fhir_url, bundle.dump());
  if (!reply) return {SendResult::Kind::kRetry, reply.error().message};
  if (reply->status / 100 == 2) return {SendResult::Kind::kSent, {}};
  if (retryable(reply->status)) {
    return {SendResult::Kind::kRetry, "HTTP " + std::to_string(reply->status)};
  }
  return {SendResult::Kind::kRejected, outcome_message(reply->body)};
}

}  // namespace siklus::interop
