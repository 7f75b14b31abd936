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
    // Accounts and passwords (identity, registry users.cpp)
    {"auth.account_disabled", "this account is disabled; ask the Dinkes admin",
     "Akun ini dinonaktifkan; hubungi admin Dinkes"},
    {"access.accounts_admin_only", "only the Dinkes admin manages accounts",
     "Hanya admin Dinkes yang dapat mengelola akun"},
    {"account.not_found", "no such user", "Pengguna tidak ditemukan"},
    {"account.username_invalid", "username: 3-64 letters, digits, '.', '_' or '-'",
     "Nama pengguna: 3-64 huruf, angka, '.', '_' atau '-'"},
    {"account.username_taken", "username already exists",
     "Nama pengguna sudah dipakai; pilih nama lain", kPrefix},
    {"account.role_invalid", "expected dinkes_admin, puskesmas, nakes or kader",
     "Pilih peran: admin Dinkes, puskesmas, nakes atau kader"},
    {"account.scope_facility_unknown", "no facility with id or key",
     "Fasilitas tidak ditemukan di kota Anda; pilih dari daftar", kPrefix},
    {"account.scope_needs_puskesmas", "puskesmas users need a puskesmas facility",
     "Pengguna puskesmas harus ditempatkan di sebuah puskesmas"},
    {"account.scope_needs_posyandu", "kader users need a posyandu facility",
     "Kader harus ditempatkan di sebuah posyandu"},
    {"account.scope_not_posyandu", "nakes work at a facility, not a posyandu",
     "Nakes ditempatkan di puskesmas, pustu atau klinik, bukan posyandu"},
    {"account.scope_needs_facility", "this role needs --scope with a facility id or key",
     "Peran ini perlu tempat tugas: pilih fasilitasnya"},
    {"account.scope_needs_city", "dinkes_admin scope must be an existing kab/kota code",
     "Admin Dinkes harus ditempatkan di kode kab/kota yang ada"},
    {"account.self_change", "you cannot disable your own account or change your own role",
     "Anda tidak dapat menonaktifkan akun sendiri atau mengubah peran sendiri"},
    {"account.display_name_length", "display name: 1-200 characters",
     "Nama tampilan: 1-200 karakter"},
    {"account.current_password_wrong", "the current password is wrong",
     "Kata sandi saat ini salah"},
    {"account.same_password", "the new password must differ from the current one",
     "Kata sandi baru harus berbeda dari yang sekarang"},
    {"password.too_weak", "password needs at least 12 characters",
     "Kata sandi perlu sedikitnya 12 karakter selain spasi (5 berbeda), atau frasa 4 kata yang "
     "masing-masing 3 huruf atau lebih",
     kPrefix},
    {"password.common", "this password is one of the most common ones",
     "Kata sandi ini termasuk yang paling umum dipakai; pilih yang lain"},
    {"password.contains_username", "password must not contain the username",
     "Kata sandi tidak boleh memuat nama pengguna"},
    {"password.too_long", "password is too long", "Kata sandi terlalu panjang"},
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
    // Growth (growth module: engine.cpp, who_files.cpp, reference.cpp)
    {"growth.not_installed",
     "the WHO growth reference is not installed; run siklus import who-growth DIR",
     "Standar pertumbuhan WHO belum dipasang; jalankan siklus import who-growth DIR"},
    {"growth.sex_invalid", "sex must be L or P", "Jenis kelamin harus L atau P"},
    {"growth.before_birth", "the measurement is before birth",
     "Tanggal pengukuran sebelum tanggal lahir"},
    {"growth.measure_out_of_range", "outside what can be measured on a child",
     "Di luar nilai yang mungkin diukur pada anak"},
    {"growth.implausible",
     "the value is biologically implausible for this child's age and sex (WHO flag); check the "
     "measurement",
     "Nilai tidak masuk akal secara biologis untuk umur dan jenis kelamin anak ini (batas WHO); "
     "periksa kembali pengukurannya"},
    {"growth.indicator_invalid", "indicator must be wfa, lhfa, wfl, wfh, bmifa or hcfa",
     "Indikator harus wfa, lhfa, wfl, wfh, bmifa atau hcfa"},
    {"growth.dir_missing", "not a folder", "Bukan folder", kPrefix},
    {"growth.file_missing", "a WHO growth file is missing from the folder",
     "Berkas pertumbuhan WHO tidak ada di folder"},
    {"growth.file_bad_header",
     "the header must name the columns sex, age (or length/height), l, m and s",
     "Baris judul harus memuat kolom sex, age (atau length/height), l, m dan s"},
    {"growth.file_short_row", "the row has too few columns", "Baris ini kekurangan kolom"},
    {"growth.file_bad_sex", "sex must be 1 (boys) or 2 (girls)",
     "sex harus 1 (laki-laki) atau 2 (perempuan)"},
    {"growth.file_bad_number", "expected a number in the WHO file", "Harus berupa angka"},
    {"growth.file_bad_key", "the age must be whole days or months, the length in steps of 0.1 cm",
     "Umur harus bilangan bulat hari atau bulan, panjang badan berkelipatan 0,1 cm"},
    {"growth.file_not_positive", "M and S must be positive", "M dan S harus positif"},
    {"growth.file_gap", "the rows must follow each other without gap or repeat",
     "Baris harus berurutan tanpa celah atau pengulangan"},
    {"growth.file_incomplete", "the file must hold rows for boys and girls",
     "Berkas harus memuat baris untuk laki-laki dan perempuan"},
    // Transport (transport/service.cpp, transport_handlers.cpp)
    {"transport.trip_not_found", "trip not found", "Perjalanan tidak ditemukan"},
    {"transport.bad_time", "expected a time HH:MM", "Harus berupa jam JJ:MM"},
    {"transport.city_expected", "expected a kab/kota code (4 digits)",
     "Harus berupa kode kab/kota (4 digit)"},
    {"transport.vehicle_kind", "kind must be ambulance or car",
     "Jenis kendaraan harus ambulans atau mobil"},
    {"transport.unknown_facility", "unknown facility, or one without a position",
     "Fasilitas tidak dikenal atau belum memiliki lokasi"},
    {"transport.shift_invalid", "the shift must end after it starts, within the day",
     "Jam kerja harus berakhir setelah dimulai, pada hari yang sama"},
    {"transport.unknown_vehicle", "unknown vehicle", "Kendaraan tidak dikenal"},
    {"transport.mobility", "mobility must be walks, wheelchair or stretcher",
     "Mobilitas harus jalan kaki, kursi roda atau tandu"},
    {"transport.return_invalid", "the return must fall on the same day",
     "Perjalanan pulang harus pada hari yang sama"},
    {"transport.pickup_position", "the pick-up point needs a position (lat, lon)",
     "Titik jemput harus memiliki lokasi (lat, lon)"},
    {"transport.time_passed", "the appointment time has already passed",
     "Waktu janji temu sudah lewat"},
    {"transport.unknown_destination",
     "unknown destination: not a puskesmas, hospital or clinic of the city",
     "Tujuan tidak dikenal: bukan puskesmas, rumah sakit atau klinik di kota ini"},
    {"transport.no_stretcher_vehicle", "no vehicle of the city carries a stretcher",
     "Tidak ada kendaraan dengan tempat tandu di kota ini"},
    {"transport.no_wheelchair_vehicle", "no vehicle of the city carries a wheelchair",
     "Tidak ada kendaraan dengan tempat kursi roda di kota ini"},
    {"transport.day_passed", "the day has already passed", "Hari tersebut sudah lewat"},
    {"transport.plan_changed", "the day's plan was changed by someone else; reload it",
     "Rencana hari ini telah diubah orang lain; muat ulang"},
    {"transport.status_invalid",
     "status must be on_the_way, picked_up, delivered, cancelled or no_show",
     "Status harus on_the_way, picked_up, delivered, cancelled atau no_show"},
    {"transport.status_order", "a trip that is",
     "Status perjalanan tidak dapat berubah seperti itu", kPrefix},
    // Care (care/rules.cpp, care/service.cpp, care_handlers.cpp)
    {"care.unknown_service", "unknown service code", "Kode layanan tidak dikenal"},
    {"care.place_invalid", "place must be posyandu, pustu, puskesmas or home",
     "Tempat harus posyandu, pustu, puskesmas atau rumah"},
    {"care.not_a_choice", "not one of the allowed values", "Bukan salah satu nilai yang diizinkan"},
    {"care.before_birth", "the date lies before the person's birth",
     "Tanggal tidak boleh sebelum tanggal lahir"},
    {"care.no_birth_date", "the person has no birth date in the register",
     "Tanggal lahir penduduk ini belum tercatat"},
    {"care.female_only", "only for women", "Hanya untuk perempuan"},
    {"care.pregnancy_age", "the person is too young or too old for a pregnancy",
     "Usia penduduk ini terlalu muda atau terlalu tua untuk kehamilan"},
    {"care.hpht_after_date", "HPHT lies after the visit date",
     "HPHT tidak boleh setelah tanggal kunjungan"},
    {"care.hpht_too_old", "HPHT lies more than 44 weeks before the visit date",
     "HPHT lebih dari 44 minggu sebelum tanggal kunjungan"},
    {"care.pregnancy_open", "another pregnancy of this person is still open",
     "Masih ada kehamilan lain yang belum selesai"},
    {"care.obstetric_counts", "para plus abortus must be less than gravida",
     "Jumlah para dan abortus harus kurang dari gravida"},
    {"care.no_pregnancy", "no open pregnancy is recorded for this person",
     "Belum ada kehamilan berjalan yang tercatat untuk penduduk ini"},
    {"care.duplicate_visit", "this visit is already recorded", "Kunjungan ini sudah tercatat"},
    {"care.delivery_too_early", "the delivery date is too early in the pregnancy",
     "Tanggal persalinan terlalu awal dalam kehamilan"},
    {"care.no_delivery", "no delivery in the last 42 days is recorded for this person",
     "Belum ada persalinan dalam 42 hari terakhir yang tercatat"},
    {"care.outside_window", "the date is outside the visit's day window",
     "Tanggal di luar rentang hari kunjungan ini"},
    {"care.age_out_of_range", "the person's age is outside this service's age group",
     "Usia penduduk di luar kelompok sasaran layanan ini"},
    {"care.unknown_dose", "not a dose of the national schedule",
     "Bukan dosis dalam jadwal imunisasi nasional"},
    {"care.dose_too_young", "the child is too young for this dose",
     "Anak belum cukup umur untuk dosis ini"},
    {"care.dose_too_old", "the child is too old for this dose",
     "Anak sudah melewati batas umur untuk dosis ini"},
    {"care.dose_duplicate", "this dose is already recorded", "Dosis ini sudah tercatat"},
    {"care.dose_missing_previous", "the previous dose is not recorded",
     "Dosis sebelumnya belum tercatat"},
    {"care.dose_interval", "too soon after the previous dose (minimum interval)",
     "Terlalu dekat dengan dosis sebelumnya (interval minimal)"},
    {"care.measurement_required", "at least one measurement is required",
     "Isi sedikitnya satu hasil pengukuran"},
    {"care.implausible", "implausible for the person's age",
     "Tidak masuk akal untuk usia penduduk ini"},
    {"care.vitamin_a_dose",
     "the dose does not fit the child's age (100,000 IU at 6-11 months, 200,000 IU at 12-59 "
     "months)",
     "Dosis tidak sesuai usia anak (100.000 IU pada 6-11 bulan, 200.000 IU pada 12-59 bulan)"},
    {"care.vitamin_a_repeat", "vitamin A was already given in this round",
     "Vitamin A sudah diberikan pada putaran ini"},
    // FHIR R4 API (fhir_handlers.cpp, interop/fhir/resources.cpp).
    {"fhir.not_found", "resource not found", "Sumber daya tidak ditemukan"},
    {"fhir.date_required", "a date is required", "Tanggal wajib diisi"},
    {"fhir.date_invalid", "not a date (YYYY-MM-DD)", "Bukan tanggal (YYYY-MM-DD)"},
    {"fhir.object_expected", "expected a JSON object", "Harus berupa objek JSON"},
    {"fhir.resource_type", "a different resource type was expected here",
     "Jenis sumber daya di sini tidak sesuai"},
    {"fhir.number_required", "a number is required", "Harus berupa angka"},
    {"fhir.ucum_unit", "not the UCUM unit siklus records this measurement in",
     "Bukan satuan UCUM yang dipakai siklus untuk pengukuran ini"},
    {"fhir.loinc_required", "a LOINC coding is required", "Kode LOINC wajib diisi"},
    {"fhir.loinc_unsupported", "not a LOINC code of a measurement siklus records",
     "Bukan kode LOINC pengukuran yang dicatat siklus"},
    {"fhir.bp_components", "systolic and diastolic components are required",
     "Komponen sistolik dan diastolik wajib diisi"},
    {"fhir.bp_component_code", "expected LOINC 8480-6 or 8462-4", "Harus LOINC 8480-6 atau 8462-4"},
    {"fhir.reference_required", "a reference is required", "Rujukan wajib diisi"},
    {"fhir.reference_type", "a reference to another resource type",
     "Rujukan ke jenis sumber daya yang salah"},
    {"fhir.reference_unknown", "a reference to a resource that does not exist",
     "Rujukan ke sumber daya yang tidak ada"},
    {"fhir.vaccine_code", "a vaccine coding in the siklus antigen system is required",
     "Kode vaksin dalam sistem antigen siklus wajib diisi"},
    {"fhir.dose_required", "the dose is required", "Dosis wajib diisi"},
    {"fhir.icd10_required", "an ICD-10 coding is required", "Kode ICD-10 wajib diisi"},
    {"fhir.other_patient", "an Observation of another patient than its Encounter",
     "Observation untuk pasien lain daripada Encounter-nya"},
    {"fhir.unsupported_type", "unsupported resource type", "Jenis sumber daya tidak didukung"},
    {"fhir.unsupported_type",
     "only Encounter, Observation, Immunization and Condition are recorded",
     "Hanya Encounter, Observation, Immunization dan Condition yang dicatat"},
    {"fhir.patient_reference", "expected Patient/{id}", "Harus Patient/{id}"},
    {"fhir.date_prefix", "unsupported date prefix", "Awalan tanggal tidak didukung"},
    {"fhir.address_code", "expected a Kemendagri region code", "Harus kode wilayah Kemendagri"},
    {"fhir.subject_required", "search needs subject or patient",
     "Pencarian memerlukan subject atau patient"},
    {"fhir.organization_required", "search needs organization",
     "Pencarian memerlukan organization"},
    {"fhir.content_type", "the request is not FHIR JSON", "Permintaan bukan FHIR JSON"},
    {"fhir.id_mismatch", "the id differs from the URL", "Id berbeda dengan URL"},
    {"fhir.bundle_resource_type", "expected a Bundle", "Harus berupa Bundle"},
    {"fhir.bundle_type", "expected a transaction Bundle", "Harus berupa Bundle transaksi"},
    {"fhir.bundle_empty", "a transaction needs entries", "Transaksi memerlukan entri"},
    {"fhir.bundle_entry", "each entry needs a resource", "Setiap entri memerlukan sumber daya"},
    {"fhir.bundle_reference", "refers to an entry not in the Bundle",
     "Merujuk ke entri yang tidak ada dalam Bundle"},
    {"fhir.bundle_cycle", "entries refer to each other in a cycle",
     "Entri saling merujuk secara melingkar"},
    {"care.systolic_below_diastolic", "systolic must be above diastolic",
     "Sistolik harus lebih tinggi dari diastolik"},
    {"care.icd10_shape", "not an ICD-10 code (a letter, two digits, optionally a dot and more)",
     "Bukan kode ICD-10 (satu huruf, dua angka, boleh diikuti titik dan lanjutan)"},
    {"care.idempotency_key_reused", "this key was used for another service",
     "Kunci ini sudah dipakai untuk layanan lain"},
    {"care.service_not_found", "service not found", "Layanan tidak ditemukan"},
    {"care.correction_person", "a correction cannot move a service to another person",
     "Koreksi tidak dapat memindahkan layanan ke penduduk lain"},
    {"care.correction_service", "a correction cannot change the service code",
     "Koreksi tidak dapat mengubah kode layanan"},
    {"homecare.outside_catchment", "the person lives outside the puskesmas's wilayah kerja",
     "Penduduk tinggal di luar wilayah kerja puskesmas ini"},
    {"homecare.unknown_reason", "must be lansia, disabilitas, kronis, gizi_buruk or bumil_risti",
     "Alasan harus lansia, disabilitas, kronis, gizi_buruk atau bumil_risti"},
    {"homecare.unknown_skill", "unknown skill (dokter, bidan, perawat, gizi, fisioterapis)",
     "Keahlian tidak dikenal (dokter, bidan, perawat, gizi, fisioterapis)"},
    {"homecare.bad_window", "hours must be HH:MM-HH:MM, ending after they start, not overlapping",
     "Jam harus JJ:MM-JJ:MM, berakhir setelah mulai, tidak tumpang tindih"},
    {"homecare.no_position", "the request has no position for the home",
     "Permintaan belum punya lokasi rumah"},
    {"homecare.already_triaged", "the request was triaged already", "Permintaan sudah ditriase"},
    {"homecare.day_changed", "the day was re-planned by someone else; reload it",
     "Rencana hari ini sudah diubah petugas lain; muat ulang"},
    {"homecare.visit_changed", "the visit changed since it was read; reload it",
     "Kunjungan sudah berubah sejak dibuka; muat ulang"},
    {"homecare.lansia_age", "elderly home care is for people aged 60 and over",
     "Homecare lansia untuk usia 60 tahun ke atas"},
    {"homecare.adl_missing", "ADL not assessed yet: assess it at the first visit",
     "ADL belum dinilai: nilai pada kunjungan pertama"},
    {"homecare.adl_too_high",
     "ADL above 11 (mild dependence or independent): not eligible for elderly home care",
     "ADL di atas 11 (ketergantungan ringan atau mandiri): tidak memenuhi syarat homecare lansia"},
    {"homecare.gizi_age", "malnutrition follow-up at home is for children under five",
     "Pemantauan gizi buruk di rumah untuk balita"},
    {"homecare.bumil_person", "high-risk pregnancy follow-up is for women of childbearing age",
     "Pemantauan bumil risti untuk perempuan usia subur"},
    {"care.reason_required", "a reason of at most 500 characters is required",
     "Alasan wajib diisi, paling banyak 500 karakter"},
    {"care.format_invalid", "format must be json or xlsx", "Format harus json atau xlsx"},
    // PWS (docs/pws.md)
    {"pws.children_invalid", "expected kelurahan or nothing", "Harus kelurahan atau dikosongkan"},
    {"pws.area_not_found", "area not found", "Wilayah tidak ditemukan"},
    {"pws.period_invalid", "expected YYYY-MM", "Periode harus berbentuk TTTT-BB"},
    {"pws.region_invalid", "expected a region code, <kelurahan>.RWnn or a facility key",
     "Harus berupa kode wilayah, <kelurahan>.RWnn atau kode fasilitas"},
    {"pws.indicator_unknown", "unknown indicator", "Indikator tidak dikenal"},
    {"pws.range_invalid", "from must be before to, at most 120 months",
     "Bulan awal harus sebelum bulan akhir, paling lama 120 bulan"},
    {"pws.which_invalid", "expected counted or missing", "Harus counted atau missing"},
    {"pws.missing_estimated", "this indicator's denominator is an estimate: nobody is named",
     "Penyebut indikator ini adalah perkiraan: tidak ada nama yang dapat ditampilkan"},
    {"value.not_string_list", "expected an array of strings", "Harus berupa daftar teks"},
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
