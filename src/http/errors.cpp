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

// Indonesian for the English messages the server and handlers produce. Domain modules' messages
// that are not listed fall back to a sentence built from the code and field.
constexpr std::pair<std::string_view, std::string_view> kIndonesian[] = {
    {"malformed JSON", "JSON tidak valid"},
    {"the body must be a JSON object", "Isi permintaan harus berupa objek JSON"},
    {"expected a string", "Harus berupa teks"},
    {"expected an integer", "Harus berupa bilangan bulat"},
    {"expected a number", "Harus berupa angka"},
    {"expected true or false", "Harus berupa true atau false"},
    {"expected an object", "Harus berupa objek JSON"},
    {"value out of range", "Nilai di luar rentang yang diizinkan"},
    {"text too long", "Teks terlalu panjang"},
    {"required", "Wajib diisi"},
    {"unknown field", "Isian tidak dikenal"},
    {"expected a date YYYY-MM-DD", "Harus berupa tanggal yang valid (TTTT-BB-HH)"},
    {"invalid region code", "Kode wilayah tidak valid"},
    {"invalid query string", "Parameter URL tidak valid"},
    {"request body too large (limit 1 MiB)", "Isi permintaan terlalu besar (batas 1 MiB)"},
    {"request headers too large", "Header permintaan terlalu besar"},
    {"malformed HTTP request", "Permintaan HTTP tidak valid"},
    {"login required", "Silakan masuk terlebih dahulu"},
    {"session expired or invalid", "Sesi tidak berlaku atau telah berakhir; silakan masuk lagi"},
    {"wrong username or password", "Nama pengguna atau kata sandi salah"},
    {"too many failed logins; try again later",
     "Terlalu banyak percobaan masuk yang gagal; coba lagi nanti"},
    {"not found", "Data tidak ditemukan"},
    {"no such API endpoint", "Alamat API tidak dikenal"},
    {"method not allowed", "Metode tidak diizinkan untuk alamat ini"},
    {"internal error", "Terjadi kesalahan pada server"},
    {"not allowed for this role", "Tidak diizinkan untuk peran Anda"},
    {"the server is busy; try again", "Server sedang sibuk; coba lagi"},
    {"expected 16 digits", "Harus 16 digit angka"},
    {"NIK must have 16 digits", "NIK harus 16 digit"},
    {"NIK must contain only digits", "NIK hanya boleh berisi angka"},
    {"page must be 1 or more", "Halaman harus 1 atau lebih"},
    {"page_size must be between 1 and 100", "page_size harus antara 1 dan 100"},
    {"expected L or P", "Harus L atau P"},
    {"expected HIDUP, MATI or PINDAH", "Harus HIDUP, MATI atau PINDAH"},
    {"expected an id", "Harus berupa nomor id"},
    {"unknown facility type", "Jenis fasilitas tidak dikenal"},
    {"nothing to change", "Tidak ada yang diubah"},
    {"the date is in the future", "Tanggal tidak boleh di masa depan"},
    {"the request is not JSON (Content-Type must be application/json)",
     "Permintaan harus berupa JSON (Content-Type application/json)"},
};

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

std::string localized_message(const Error& error, Language lang) {
  // Internal details never reach the client, in either language.
  const bool internal = error.code == ErrorCode::kInternal || error.code == ErrorCode::kIo;
  if (lang == Language::kEnglish) return internal ? "internal error" : error.message;
  if (internal) return generic_indonesian(error);
  for (const auto& [en, id] : kIndonesian) {
    if (error.message == en) return std::string(id);
  }
  return generic_indonesian(error);
}

Response error_response(const Error& error, Language lang, unsigned status, int retry_after_s) {
  if (status == 0) status = http_status(error.code);
  nlohmann::json e = {
      {"code", error_code_name(error.code)},
      {"message", localized_message(error, lang)},
      {"field", error.field.empty() ? nlohmann::json() : nlohmann::json(error.field)}};
  Response res = json_response(status, {{"error", std::move(e)}});
  if (status == 429 && retry_after_s > 0) {
    res.set(bhttp::field::retry_after, std::to_string(retry_after_s));
  }
  if (status == 401) res.set(bhttp::field::www_authenticate, "Bearer");
  return res;
}

}  // namespace siklus::http
