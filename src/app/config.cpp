#include "app/config.h"

#include <toml++/toml.h>

#include <fstream>
#include <functional>
#include <limits>
#include <sstream>

#include "app/app.h"

namespace siklus::app {
namespace {

// A key's reader: takes the node, stores the value or returns {english, indonesian} reasons.
struct Reason {
  std::string en, id;
};
using Reader = std::function<std::optional<Reason>(const toml::node&, Config&)>;

const Reason kNotString{"expected a string", "harus berupa teks"};
const Reason kNotInteger{"expected an integer", "harus berupa bilangan bulat"};
const Reason kNotNumber{"expected a number", "harus berupa angka"};
const Reason kNotBool{"expected true or false", "harus true atau false"};

Reader text(std::string* (*field)(Config&),
            std::function<std::optional<Reason>(const std::string&)> check = {}) {
  return [field, check](const toml::node& n, Config& c) -> std::optional<Reason> {
    const auto v = n.value_exact<std::string>();
    if (!v) return kNotString;
    if (check) {
      if (auto bad = check(*v)) return bad;
    }
    *field(c) = *v;
    return std::nullopt;
  };
}

template <typename Int>
Reader integer(Int* (*field)(Config&), int64_t lo, int64_t hi) {
  return [field, lo, hi](const toml::node& n, Config& c) -> std::optional<Reason> {
    const auto v = n.value_exact<int64_t>();
    if (!v) return kNotInteger;
    if (*v < lo || *v > hi) {
      const std::string range = std::to_string(lo) + "-" + std::to_string(hi);
      return Reason{"must be between " + range, "harus antara " + range};
    }
    *field(c) = static_cast<Int>(*v);
    return std::nullopt;
  };
}

Reader percent(double* (*field)(Config&)) {
  return [field](const toml::node& n, Config& c) -> std::optional<Reason> {
    // An integer is a fine percentage too (98 as well as 98.0).
    std::optional<double> v = n.value_exact<double>();
    if (!v) {
      if (auto i = n.value_exact<int64_t>()) v = static_cast<double>(*i);
    }
    if (!v) return kNotNumber;
    if (*v < 0 || *v > 100) return Reason{"must be between 0 and 100", "harus antara 0 dan 100"};
    *field(c) = *v;
    return std::nullopt;
  };
}

Reader boolean(bool* (*field)(Config&)) {
  return [field](const toml::node& n, Config& c) -> std::optional<Reason> {
    const auto v = n.value_exact<bool>();
    if (!v) return kNotBool;
    *field(c) = *v;
    return std::nullopt;
  };
}

std::optional<Reason> check_listen(const std::string& v) {
  if (parse_listen(v)) return std::nullopt;
  return Reason{"expected HOST:PORT, e.g. 127.0.0.1:8080", "harus HOST:PORT, mis. 127.0.0.1:8080"};
}

std::optional<Reason> check_level(const std::string& v) {
  for (const char* ok : {"trace", "debug", "info", "warn", "error", "off"}) {
    if (v == ok) return std::nullopt;
  }
  return Reason{"expected trace, debug, info, warn, error or off",
                "harus trace, debug, info, warn, error atau off"};
}

std::optional<Reason> check_osrm(const std::string& v) {
  if (v.empty() || v.rfind("http://", 0) == 0) return std::nullopt;
  return Reason{"must be empty or start with http://", "harus kosong atau diawali http://"};
}

std::optional<Reason> check_not_empty(const std::string& v) {
  if (!v.empty()) return std::nullopt;
  return Reason{"must not be empty", "tidak boleh kosong"};
}

std::optional<Reason> check_http_url(const std::string& v) {
  if (v.empty() || v.rfind("http://", 0) == 0 || v.rfind("https://", 0) == 0) return std::nullopt;
  return Reason{"must be empty or start with https:// (or http://)",
                "harus kosong atau diawali https:// (atau http://)"};
}

std::optional<Reason> check_city(const std::string& v) {
  std::string digits;
  for (char ch : v) {
    if (ch != '.') digits += ch;
  }
  if (v.empty() ||
      (digits.size() == 4 && digits.find_first_not_of("0123456789") == std::string::npos)) {
    return std::nullopt;
  }
  return Reason{"expected a kab/kota code such as 33.71", "harus kode kab/kota, mis. 33.71"};
}

constexpr int64_t kMaxInt = std::numeric_limits<int32_t>::max();

// Every key of the file, in docs/config.md's order. A key not listed here is refused.
const std::vector<std::pair<std::string_view, Reader>>& keys() {
  static const std::vector<std::pair<std::string_view, Reader>> table = {
      {"database.url", text([](Config& c) { return &c.database.url; }, check_not_empty)},
      {"database.pool_size", integer<int>([](Config& c) { return &c.database.pool_size; }, 1, 256)},
      {"server.listen", text([](Config& c) { return &c.server.listen; }, check_listen)},
      {"server.web_dir", text([](Config& c) { return &c.server.web_dir; })},
      {"server.threads", integer<int>([](Config& c) { return &c.server.threads; }, 1, 64)},
      {"server.secure_cookie", boolean([](Config& c) { return &c.server.secure_cookie; })},
      {"server.body_limit_bytes",
       integer<int64_t>([](Config& c) { return &c.server.body_limit_bytes; }, 1024, 1 << 30)},
      {"server.header_limit_bytes",
       integer<int64_t>([](Config& c) { return &c.server.header_limit_bytes; }, 1024, 1 << 20)},
      {"server.max_connections",
       integer<int64_t>([](Config& c) { return &c.server.max_connections; }, 0, 1000000)},
      {"server.idle_timeout_s",
       integer<int64_t>([](Config& c) { return &c.server.idle_timeout_s; }, 1, 3600)},
      {"server.read_timeout_s",
       integer<int64_t>([](Config& c) { return &c.server.read_timeout_s; }, 1, 3600)},
      {"session.lifetime_s",
       integer<int64_t>([](Config& c) { return &c.session.lifetime_s; }, 60, kMaxInt)},
      {"coverage.uhc_coverage_pct",
       percent([](Config& c) { return &c.coverage.uhc_coverage_pct; })},
      {"coverage.uhc_active_pct", percent([](Config& c) { return &c.coverage.uhc_active_pct; })},
      {"coverage.basic_coverage_pct",
       percent([](Config& c) { return &c.coverage.basic_coverage_pct; })},
      {"coverage.premium_rupiah",
       integer<int64_t>([](Config& c) { return &c.coverage.premium_rupiah; }, 0, 10'000'000)},
      {"care.cbr_per_mille", percent([](Config& c) { return &c.care.cbr_per_mille; })},
      {"care.ht_prevalence_pct", percent([](Config& c) { return &c.care.ht_prevalence_pct; })},
      {"care.dm_prevalence_pct", percent([](Config& c) { return &c.care.dm_prevalence_pct; })},
      {"care.odgj_per_mille", percent([](Config& c) { return &c.care.odgj_per_mille; })},
      {"pws.green_pct_of_target", percent([](Config& c) { return &c.pws.green_pct_of_target; })},
      {"pws.yellow_pct_of_target", percent([](Config& c) { return &c.pws.yellow_pct_of_target; })},
      {"routing.osrm_url", text([](Config& c) { return &c.routing.osrm_url; }, check_osrm)},
      {"satusehat.auth_url", text([](Config& c) { return &c.satusehat.auth_url; }, check_http_url)},
      {"satusehat.fhir_url", text([](Config& c) { return &c.satusehat.fhir_url; }, check_http_url)},
      {"satusehat.client_id", text([](Config& c) { return &c.satusehat.client_id; })},
      {"satusehat.client_secret", text([](Config& c) { return &c.satusehat.client_secret; })},
      {"satusehat.organization_id", text([](Config& c) { return &c.satusehat.organization_id; })},
      {"satusehat.city", text([](Config& c) { return &c.satusehat.city; }, check_city)},
      {"satusehat.timeout_s",
       integer<int64_t>([](Config& c) { return &c.satusehat.timeout_s; }, 1, 300)},
      {"log.level", text([](Config& c) { return &c.log.level; }, check_level)},
  };
  return table;
}

bool is_section(std::string_view name) {
  for (const auto& [key, reader] : keys()) {
    if (key.substr(0, key.find('.')) == name) return true;
  }
  return false;
}

Error refuse(std::string_view source, const toml::node& n, const std::string& key,
             const Reason& why) {
  return Error::invalid(key, std::string(source) + ":" + std::to_string(n.source().begin.line) +
                                 ": " + key + ": " + why.en + " / " + why.id);
}

}  // namespace

Result<Config> parse_config(std::string_view text_in, std::string_view source_name) {
  toml::table root;
  try {
    root = toml::parse(text_in, source_name);
  } catch (const toml::parse_error& e) {
    return Error::invalid(
        "config", std::string(source_name) + ":" + std::to_string(e.source().begin.line) + ": " +
                      std::string(e.description()) + " / berkas TOML tidak valid");
  }
  Config config;
  config.source = std::string(source_name);
  for (const auto& [section_key, section] : root) {
    const std::string section_name(section_key.str());
    if (!is_section(section_name)) {
      return refuse(source_name, section, section_name, {"unknown key", "kunci tidak dikenal"});
    }
    const toml::table* table = section.as_table();
    if (!table) {
      return refuse(
          source_name, section, section_name,
          {"expected a [" + section_name + "] table", "harus berupa tabel [" + section_name + "]"});
    }
    for (const auto& [leaf_key, leaf] : *table) {
      const std::string key = section_name + "." + std::string(leaf_key.str());
      const Reader* reader = nullptr;
      for (const auto& [name, r] : keys()) {
        if (name == key) reader = &r;
      }
      if (!reader) return refuse(source_name, leaf, key, {"unknown key", "kunci tidak dikenal"});
      if (auto why = (*reader)(leaf, config)) return refuse(source_name, leaf, key, *why);
    }
  }
  return config;
}

Result<Config> load_config(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return Error::invalid(
        "config", "cannot read " + file.string() + " / tidak dapat membaca " + file.string());
  }
  std::ostringstream s;
  s << in.rdbuf();
  return parse_config(s.str(), file.string());
}

Result<Config> find_config(const std::string& explicit_file) {
  if (!explicit_file.empty()) return load_config(explicit_file);
  std::error_code ec;
  if (std::filesystem::is_regular_file("siklus.toml", ec)) return load_config("siklus.toml");
  return Config{};
}

std::string config_arg(int argc, const char* const* argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--") break;
    if (a == "--config" && i + 1 < argc) return argv[i + 1];
    if (a.rfind("--config=", 0) == 0) return std::string(a.substr(9));
  }
  return {};
}

}  // namespace siklus::app
