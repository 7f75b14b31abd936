#include "http/errors.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace siklus::http {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Parses the q-value of one Accept-Language item ("en;q=0.8" -> 0.8); 1 when absent.
double q_value(std::string_view item) {
  const auto semi = item.find(';');
  if (semi == std::string_view::npos) return 1.0;
  auto params = item.substr(semi + 1);
  const auto q = params.find("q=");
  if (q == std::string_view::npos) return 1.0;
  try {
    return std::stod(std::string(params.substr(q + 2)));
  } catch (...) {
    return 0.0;
  }
}

// THE message table: every message the API answers with, keyed by a stable id, in English and
// Indonesian. Domain modules keep writing English (for logs and the CLI); an error without an
// explicit id (Error::with_id) finds its row by that English text, or by its start for rows
// marked kPrefix whose message carries details ("region not found: 3371"). docs/api.md lists the
// ids (errors_test.cpp checks it does). Add a row here when a domain adds a user-facing message.
constexpr bool kPrefix = true;
constexpr Message kMessages[] = {
    // Request shape (input.cpp, router.cpp, server.cpp)
    {"request.malformed_json", "malformed JSON", "JSON tidak valid"},
    {"request.body_not_object", "the body must be a JSON object",
     "Isi permintaan harus berupa objek JSON"},
    {"request.not_json", "the request is not JSON (Content-Type must be application/json)",
     "Permintaan harus berupa JSON (Content-Type application/json)"},
    {"request.bad_query", "invalid query string", "Parameter URL tidak valid"},
    {"request.body_too_large", "request body too large", "Isi permintaan terlalu besar", kPrefix},
    {"request.headers_too_large", "request headers too large", "Header permintaan terlalu besar"},
    {"request.malformed_http", "malformed HTTP request", "Permintaan HTTP tidak valid"},
    {"api.no_such_endpoint", "no such API endpoint", "Alamat API tidak dikenal"},
    {"api.method_not_allowed", "method not allowed", "Metode tidak diizinkan untuk alamat ini"},
    // Values (input.cpp)
    {"value.not_string", "expected a string", "Harus berupa teks"},
    {"value.not_integer", "expected an integer", "Harus berupa bilangan bulat"},
    {"value.not_integer", "must be an integer", "Harus berupa bilangan bulat"},
    {"value.not_number", "expected a number", "Harus berupa angka"},
    {"value.not_boolean", "expected true or false", "Harus berupa true atau false"},
    {"value.not_object", "expected an object", "Harus berupa objek JSON"},
    {"value.out_of_range", "value out of range", "Nilai di luar rentang yang diizinkan"},
    {"value.too_long", "text too long", "Teks terlalu panjang"},
    {"value.required", "required", "Wajib diisi"},
    {"value.unknown_field", "unknown field", "Isian tidak dikenal"},
    {"value.not_date", "expected a date YYYY-MM-DD",
     "Harus berupa tanggal yang valid (TTTT-BB-HH)"},
    {"value.not_id", "expected an id", "Harus berupa nomor id"},
    {"value.not_16_digits", "expected 16 digits", "Harus 16 digit angka"},
    {"value.date_in_future", "the date is in the future", "Tanggal tidak boleh di masa depan"},
    {"page.invalid", "page must be 1 or more", "Halaman harus 1 atau lebih"},
    {"page.invalid", "page starts at 1", "Halaman harus 1 atau lebih"},
    {"page_size.invalid", "page_size must be", "page_size di luar rentang yang diizinkan", kPrefix},
    // Login and sessions (registry identity, router)
    {"auth.login_required", "login required", "Silakan masuk terlebih dahulu"},
    {"auth.session_expired", "session expired or invalid",
     "Sesi tidak berlaku atau telah berakhir; silakan masuk lagi"},
    {"auth.session_expired", "not logged in or session expired",
     "Sesi tidak berlaku atau telah berakhir; silakan masuk lagi"},
    {"auth.wrong_credentials", "wrong username or password", "Nama pengguna atau kata sandi salah"},
    {"auth.rate_limited", "too many failed logins; try again later",
     "Terlalu banyak percobaan masuk yang gagal; coba lagi nanti"},
    // Access and scope
    {"access.role_forbidden", "not allowed for this role", "Tidak diizinkan untuk peran Anda"},
    {"access.audit_admin_only", "only the Dinkes admin reads the audit log",
     "Hanya admin Dinkes yang dapat membaca log audit"},
    {"access.review_forbidden", "only dinkes and puskesmas staff review links",
     "Hanya petugas Dinkes dan puskesmas yang dapat memeriksa tautan"},
    {"scope.address_outside_area", "this address lies outside your area",
     "Alamat ini berada di luar wilayah Anda"},
    {"resource.not_found", "not found", "Data tidak ditemukan"},
    {"people.number_too_short", "type at least 6 digits of a NIK or KK number, or a name",
     "Ketik sedikitnya 6 digit NIK atau nomor KK, atau sebuah nama"},
    {"people.number_too_long", "a NIK or KK number has 16 digits",
     "NIK dan nomor KK terdiri dari 16 digit"},
    // NIK (core/nik.cpp: nik_problem_message; id = "nik." + nik_problem_code)
    {"nik.required", "NIK is required", "NIK wajib diisi"},
    {"nik.length", "NIK must have 16 digits", "NIK harus 16 digit"},
    {"nik.not_digits", "NIK must contain digits only", "NIK hanya boleh berisi angka"},
    {"nik.not_digits", "NIK must contain only digits", "NIK hanya boleh berisi angka"},
    {"nik.unknown_region", "NIK digits 1-6 are not an existing kecamatan code",
     "Digit 1-6 NIK bukan kode kecamatan yang ada"},
    {"nik.invalid_birth_date", "NIK digits 7-12 are not a valid birth date",
     "Digit 7-12 NIK bukan tanggal lahir yang valid"},
    {"nik.birth_date_mismatch", "NIK birth date does not agree with the birth date",
     "Tanggal lahir dalam NIK tidak sesuai dengan tanggal lahir"},
    {"nik.sex_mismatch", "NIK day field (+40 for women) does not agree with sex",
     "Tanggal dalam NIK (+40 untuk perempuan) tidak sesuai dengan jenis kelamin"},
    {"nik.zero_serial", "NIK serial (digits 13-16) must start at 0001",
     "Nomor urut NIK (digit 13-16) harus mulai dari 0001"},
    {"nik.exists", "a person with this NIK already exists", "Penduduk dengan NIK ini sudah ada"},
    // Regions and facilities (registry)
    {"region.invalid_code", "invalid region code", "Kode wilayah tidak valid"},
    {"region.invalid_code", "region code must have 2, 4, 6 or 10 digits (dots allowed)",
     "Kode wilayah tidak valid"},
    {"region.not_found", "region not found", "Wilayah tidak ditemukan", kPrefix},
    {"region.not_found", "no region with code", "Wilayah tidak ditemukan", kPrefix},
    {"facility.not_found", "facility not found", "Fasilitas tidak ditemukan"},
    {"facility.unknown_type", "unknown facility type", "Jenis fasilitas tidak dikenal"},
    // People (registry person validation, registry_handlers.cpp)
    {"person.not_found", "person not found", "Penduduk tidak ditemukan"},
    {"person.name_required", "name is required", "Nama wajib diisi"},
    {"person.name_too_long", "name is longer than 200 characters", "Nama lebih dari 200 karakter"},
    {"person.sex_invalid", "expected L or P", "Harus L atau P"},
    {"person.no_kk_length", "KK number must have 16 digits", "Nomor KK harus 16 digit"},
    {"person.birth_date_future", "birth date lies in the future",
     "Tanggal lahir tidak boleh di masa depan"},
    {"person.rt_range", "RT must be between 0 and 999", "RT harus antara 0 dan 999"},
    {"person.rw_range", "RW must be between 0 and 999", "RW harus antara 0 dan 999"},
    {"person.village_required", "kelurahan code is required", "Kode kelurahan wajib diisi"},
    {"person.village_unknown", "not an existing kelurahan/desa code",
     "Bukan kode kelurahan/desa yang ada"},
    {"person.phone_invalid", "phone: digits, spaces, + and - only, at most 20",
     "Telepon: hanya angka, spasi, + dan -, paling banyak 20"},
    {"person.street_too_long", "street is longer than 300 characters",
     "Alamat jalan lebih dari 300 karakter"},
    {"person.birth_place_too_long", "birth place is too long", "Tempat lahir terlalu panjang"},
    {"person.status_invalid", "expected HIDUP, MATI or PINDAH", "Harus HIDUP, MATI atau PINDAH"},
    {"person.status_date_required", "status MATI or PINDAH needs status_date",
     "Status MATI atau PINDAH memerlukan tanggal status"},
    {"person.status_date_future", "status date lies in the future",
     "Tanggal status tidak boleh di masa depan"},
    {"person.status_date_before_birth", "status date lies before the birth date",
     "Tanggal status tidak boleh sebelum tanggal lahir"},
    {"person.nothing_to_change", "nothing to change", "Tidak ada yang diubah"},
    {"search.too_long", "search text is longer than 200 characters",
     "Teks pencarian lebih dari 200 karakter"},
    // Coverage (coverage_handlers.cpp)
    {"coverage.noka_invalid", "noka must have 13 digits", "Nomor kartu JKN harus 13 digit"},
    {"coverage.format_invalid", "format must be csv or xlsx", "Format harus csv atau xlsx"},
    {"coverage.note_invalid", "must be text of at most 500 characters",
     "Harus berupa teks paling banyak 500 karakter"},
    // Server
    {"server.busy", "the server is busy; try again", "Server sedang sibuk; coba lagi"},
    {"store.unavailable", "the database is unavailable; try again shortly",
     "Basis data sedang tidak tersedia; coba lagi sebentar lagi"},
    {"server.internal", "internal error", "Terjadi kesalahan pada server"},
};

const Message* find_by_id(std::string_view id) {
  for (const Message& m : kMessages) {
    if (m.id == id) return &m;
  }
  return nullptr;
}

const Message* find_by_english(std::string_view message) {
  for (const Message& m : kMessages) {
    if (message == m.en) return &m;
  }
  for (const Message& m : kMessages) {
    if (m.prefix && message.size() > m.en.size() && message.substr(0, m.en.size()) == m.en) {
      const char next = message[m.en.size()];
      if (next == ':' || next == ' ' || next == '(') return &m;
    }
  }
  return nullptr;
}

std::string generic_indonesian(const Error& error) {
  const std::string f = error.field.empty() ? "" : " (" + error.field + ")";
  switch (error.code) {
    case ErrorCode::kInvalidArgument:
      return "Isian tidak valid" + f;
    case ErrorCode::kNotFound:
      return "Data tidak ditemukan";
    case ErrorCode::kConflict:
      return "Bertentangan dengan data yang sudah ada" + f;
    case ErrorCode::kUnauthenticated:
      return "Silakan masuk terlebih dahulu";
    case ErrorCode::kForbidden:
      return "Tidak diizinkan untuk peran Anda";
    case ErrorCode::kTooLarge:
      return "Data terlalu besar" + f;
    case ErrorCode::kRateLimited:
      return "Terlalu banyak permintaan; coba lagi nanti";
    case ErrorCode::kBusy:
      return "Server sedang sibuk; coba lagi";
    case ErrorCode::kIo:
    case ErrorCode::kInternal:
      return "Terjadi kesalahan pada server";
  }
  return "Terjadi kesalahan pada server";
}

// The row of an error: by its explicit id, else by its English message. Internal errors have
// none (their message may hold details that must not reach the client).
const Message* row_of(const Error& error) {
  if (error.code == ErrorCode::kInternal || error.code == ErrorCode::kIo) {
    return find_by_id("server.internal");
  }
  if (!error.message_id.empty()) return find_by_id(error.message_id);
  const Message* m = find_by_english(error.message);
  // A busy store's own message names the database: never shown, the generic row instead.
  if (!m && error.code == ErrorCode::kBusy) return find_by_id("server.busy");
  return m;
}

}  // namespace

Language negotiate_language(std::string_view accept_language) {
  const std::string header = lower(accept_language);
  double en = -1, id = -1;
  size_t pos = 0;
  while (pos <= header.size()) {
    auto end = header.find(',', pos);
    if (end == std::string::npos) end = header.size();
    std::string_view item(header.data() + pos, end - pos);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    const double q = q_value(item);
    if (item.substr(0, 2) == "en" && (item.size() == 2 || item[2] == '-' || item[2] == ';')) {
      en = std::max(en, q);
    } else if (item.substr(0, 2) == "id" &&
               (item.size() == 2 || item[2] == '-' || item[2] == ';')) {
      id = std::max(id, q);
    }
    pos = end + 1;
  }
  return en > 0 && en > id ? Language::kEnglish : Language::kIndonesian;
}

unsigned http_status(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return 400;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kForbidden:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kTooLarge:
      return 413;
    case ErrorCode::kRateLimited:
      return 429;
    case ErrorCode::kBusy:
      return 503;
    case ErrorCode::kIo:
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

std::span<const Message> message_table() { return kMessages; }

std::string message_id(const Error& error) {
  if (const Message* m = row_of(error)) return std::string(m->id);
  if (!error.message_id.empty()) return error.message_id;
  return std::string("error.") + error_code_name(error.code);
}

std::string localized_message(const Error& error, Language lang) {
  const Message* m = row_of(error);
  if (lang == Language::kEnglish) return m ? std::string(m->en) : error.message;
  return m ? std::string(m->id_text) : generic_indonesian(error);
}

Response error_response(const Error& error, Language lang, unsigned status, int retry_after_s) {
  if (status == 0) status = http_status(error.code);
  nlohmann::json e = {
      {"code", error_code_name(error.code)},
      {"message", localized_message(error, lang)},
      {"field", error.field.empty() ? nlohmann::json() : nlohmann::json(error.field)},
      {"message_id", message_id(error)}};
  Response res = json_response(status, {{"error", std::move(e)}});
  if (status == 429 && retry_after_s > 0) {
    res.set(bhttp::field::retry_after, std::to_string(retry_after_s));
  }
  // 503: the database is busy or briefly away (a restart); clients retry after a second.
  if (status == 503) res.set(bhttp::field::retry_after, std::to_string(std::max(retry_after_s, 1)));
  if (status == 401) res.set(bhttp::field::www_authenticate, "Bearer");
  return res;
}

}  // namespace siklus::http
