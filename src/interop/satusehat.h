#pragma once
// SATUSEHAT (domain.md §6.1, docs/satusehat.md): the transaction Bundle of one care service in
// SATUSEHAT's shape, and the client that sends it — OAuth2 client-credentials token cached until
// shortly before it expires and fetched again on a 401, patient IHS numbers looked up by NIK.
// Every resource carries one identifier in the organisation's sys-ids system and is sent as a
// conditional update on it, so sending the same service again never creates a second copy.
//
// Secrets (client secret, token) are never logged nor put in error messages.

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "care/care.h"
#include "core/result.h"
#include "interop/http_client.h"

namespace siklus::interop {

struct SatusehatConfig {
  //! e.g. https://api-satusehat-stg.dto.kemkes.go.id/oauth2/v1 (the token is
  //! {auth_url}/accesstoken)
  std::string auth_url;
  //! e.g. https://api-satusehat-stg.dto.kemkes.go.id/fhir-r4/v1
  std::string fhir_url;
  std::string client_id;
  std::string client_secret;
  std::string organization_id;  // the Dinkes/puskesmas organisation id at SATUSEHAT
  std::chrono::milliseconds timeout{15000};
  bool enabled() const { return !fhir_url.empty() && !client_id.empty(); }
};

//! What the outbox sends of one service: the record and the patient's NIK.
struct OutgoingService {
  care::ServiceRecord service;
  std::string nik;
};

//! The transaction Bundle of one service: the Encounter first, then what refers to it
//! (Observations, Immunization, Condition, EpisodeOfCare), each a conditional PUT on its
//! identifier. `ihs` is the patient's SATUSEHAT id.
nlohmann::json satusehat_bundle(const OutgoingService& s, const std::string& ihs,
                                const std::string& organization_id);

//! How a send ended.
struct SendResult {
  enum class Kind { kSent, kRetry, kRejected } kind = Kind::kSent;
  std::string message;  // SATUSEHAT's diagnostics for kRejected, the failure for kRetry
};

class SatusehatClient {
 public:
  //! `now` gives Unix seconds (token expiry); tests move it.
  SatusehatClient(SatusehatConfig config, std::function<int64_t()> now);

  //! The patient's IHS number by NIK (kNotFound when SATUSEHAT has no such patient; kIo to
  //! retry). Not cached here: the outbox keeps its own durable cache.
  Result<std::string> patient_ihs(const std::string& nik);
  //! Sends a transaction Bundle: 2xx sent; 5xx, 429, a timeout or a dropped connection retry;
  //! any other 4xx is rejected with SATUSEHAT's message.
  SendResult send(const nlohmann::json& bundle);
  //! How many tokens were fetched (tests).
  int tokens_fetched() const { return tokens_fetched_; }

 private:
  Result<std::string> token();
  //! One authorised request; a 401 drops the cached token and tries once more.
  Result<HttpReply> authorised(std::string_view method, const std::string& url,
                               const std::string& body);

  SatusehatConfig config_;
  std::function<int64_t()> now_;
  HttpClient http_;
  std::mutex mu_;
  std::string token_;
  int64_t token_expires_ = 0;
  int tokens_fetched_ = 0;
};

//! The first issue's diagnostics (or details.text) of an OperationOutcome body, else the body's
//! first 300 characters.
std::string outcome_message(const std::string& body);

}  // namespace siklus::interop
