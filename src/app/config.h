#pragma once
// The one configuration file of siklus (TOML, docs/config.md). Every key has a built-in default;
// the file overrides the defaults and command-line flags override the file. An unknown key or a
// value of the wrong type is refused with file:line and the key, in English and Indonesian, so a
// misspelt setting never silently falls back to its default.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.h"

namespace siklus::app {

struct Config {
  struct Database {
    std::string url = "siklus.db";  // SQLite file, sqlite://PATH, or a postgresql:// URL
    int pool_size = 8;              // PostgreSQL connections at most
  } database;
  struct Server {
    std::string listen = "127.0.0.1:8080";  // HOST:PORT; port 0 picks a free one
    std::string web_dir;                    // empty: found next to the binary or the cwd
    int threads = 2;
    bool secure_cookie = false;             // behind an HTTPS proxy
    int64_t body_limit_bytes = 1 << 20;     // larger bodies answer 413
    int64_t header_limit_bytes = 16 << 10;  // larger headers answer 431
    int64_t idle_timeout_s = 60;            // keep-alive wait for the next request
    int64_t read_timeout_s = 30;            // from the end of the header to the body's end
    int64_t max_connections = 0;            // 0: min(10000, descriptor limit - 64)
  } server;
  struct Session {
    int64_t lifetime_s = 8 * 3600;  // sliding; also the cookie's Max-Age
  } session;
  struct Coverage {
    double uhc_coverage_pct = 98;  // UHC Prioritas (domain.md §5.3)
    double uhc_active_pct = 80;
    double basic_coverage_pct = 95;  // the older UHC threshold
    int64_t premium_rupiah = 42000;  // PBI APBD, per person per month (domain.md §5.1)
  } coverage;
  struct Care {
    // Sasaran estimates (domain.md §2.1); national defaults [U] until the Kepala Daerah's figures.
    double cbr_per_mille = 16.5;
    double ht_prevalence_pct = 30.8;
    double dm_prevalence_pct = 2.0;
    double odgj_per_mille = 1.8;
  } care;
  struct Pws {
    // Traffic lights of the PWS table (domain.md §1.4: no source fixes them [U]): green at or
    // above the target, yellow at or above this share of it, red below.
    double green_pct_of_target = 100;
    double yellow_pct_of_target = 80;
  } pws;
  struct Routing {
    std::string osrm_url;  // used when a problem asks for travel.source "osrm" without a URL
  } routing;
  struct Satusehat {
    // The organisation this deployment sends for (docs/satusehat.md); empty: no outbox worker.
    std::string auth_url;  // https://…/oauth2/v1
    std::string fhir_url;  // https://…/fhir-r4/v1
    std::string client_id;
    std::string client_secret;  // never logged
    std::string organization_id;
    std::string city;  // the kab/kota whose services it sends ("3371")
    int64_t timeout_s = 15;
    bool enabled() const { return !fhir_url.empty() && !client_id.empty(); }
  } satusehat;
  struct Log {
    std::string level = "info";  // trace, debug, info, warn, error, off
  } log;

  std::string source;  // the file the values came from; empty for the built-in defaults
};

//! Parses TOML text; `source_name` prefixes error messages ("siklus.toml:7: …"). The error's
//! field is the dotted key ("server.threads"), or "config" for a TOML syntax error.
Result<Config> parse_config(std::string_view text, std::string_view source_name);

//! Reads and parses `file`; an unreadable file is an error naming "config".
Result<Config> load_config(const std::filesystem::path& file);

//! `explicit_file` when given (it must exist), else `siklus.toml` in the working directory if
//! present, else the built-in defaults.
Result<Config> find_config(const std::string& explicit_file);

//! The path given by `--config FILE` or `--config=FILE` anywhere in argv, else "". Read before the
//! command line is parsed, so the file's values can become the flags' defaults.
std::string config_arg(int argc, const char* const* argv);

}  // namespace siklus::app
