#include "registry/demo/demo_presets.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "registry/demo/demo_rng.h"

namespace siklus::registry::demo {
namespace {

using E = Ethnicity;

// Origins used when a city has no preset: one kecamatan in each large city of the country.
const std::vector<Origin> kNationalOrigins = {
    {"317501", "Jakarta"},   {"317401", "Jakarta"},  {"327301", "Bandung"},
    {"357801", "Surabaya"},  {"337401", "Semarang"}, {"347101", "Yogyakarta"},
    {"337201", "Surakarta"}, {"127101", "Medan"},    {"167101", "Palembang"},
    {"737101", "Makassar"},  {"137101", "Padang"},   {"147101", "Pekanbaru"}};

// Capital of each province: the default layout centre for cities without a preset.
struct ProvinceCentre {
  int code;
  double lat;
  double lon;
};
constexpr ProvinceCentre kProvinceCentres[] = {
    {11, 5.55, 95.32},   {12, 3.59, 98.67},   {13, -0.95, 100.35},  {14, 0.51, 101.45},
    {15, -1.61, 103.61}, {16, -2.99, 104.76}, {17, -3.80, 102.27},  {18, -5.43, 105.26},
    {19, -2.13, 106.11}, {21, 0.92, 104.45},  {31, -6.20, 106.83},  {32, -6.91, 107.61},
    {33, -6.99, 110.42}, {34, -7.80, 110.36}, {35, -7.25, 112.75},  {36, -6.12, 106.15},
    {51, -8.65, 115.22}, {52, -8.58, 116.12}, {53, -10.18, 123.61}, {61, -0.03, 109.33},
    {62, -2.21, 113.92}, {63, -3.32, 114.59}, {64, -0.50, 117.15},  {65, 2.84, 117.37},
    {71, 1.47, 124.84},  {72, -0.90, 119.87}, {73, -5.15, 119.43},  {74, -3.97, 122.51},
    {75, 0.54, 123.06},  {76, -2.68, 118.89}, {81, -3.70, 128.18},  {82, 0.79, 127.38},
    {91, -2.53, 140.72}, {92, -0.86, 134.06}, {93, -8.49, 140.40},  {94, -3.37, 135.50},
    {95, -4.10, 138.95}, {96, -0.88, 131.26}};

std::vector<EthnicShare> default_mix(int province) {
  if (province == 32)
    return {{E::kSundanese, 75}, {E::kJavanese, 15}, {E::kBetawi, 4},
            {E::kChinese, 3},    {E::kMinang, 2},    {E::kBatakToba, 1}};
  if (province == 31 || province == 36)
    return {{E::kBetawi, 28}, {E::kJavanese, 32}, {E::kSundanese, 25}, {E::kChinese, 6},
            {E::kMinang, 4},  {E::kBatakToba, 3}, {E::kMalay, 2}};
  if (province >= 33 && province <= 35)
    return {{E::kJavanese, 92}, {E::kChinese, 3}, {E::kSundanese, 2},
            {E::kMinang, 1},    {E::kBetawi, 1},  {E::kBatakToba, 1}};
  if (province == 12)
    return {{E::kBatakToba, 30}, {E::kJavanese, 30}, {E::kMandailing, 12}, {E::kMalay, 10},
            {E::kKaro, 8},       {E::kChinese, 5},   {E::kMinang, 5}};
  if (province == 13)
    return {
        {E::kMinang, 88}, {E::kJavanese, 5}, {E::kBatakToba, 3}, {E::kChinese, 2}, {E::kMalay, 2}};
  if (province >= 11 && province <= 21)
    return {{E::kMalay, 45},    {E::kJavanese, 30}, {E::kMinang, 10},
            {E::kBatakToba, 5}, {E::kChinese, 6},   {E::kSundanese, 4}};
  // Elsewhere the tables have no local tradition yet: a national mix.
  return {{E::kJavanese, 40}, {E::kMalay, 20},  {E::kSundanese, 12}, {E::kMinang, 8},
          {E::kBatakToba, 6}, {E::kChinese, 6}, {E::kBetawi, 4},     {E::kMandailing, 4}};
}

CityPreset magelang() {
  CityPreset p;
  p.known = true;
  p.population = 127394;
  p.puskesmas = 5;
  p.lat = -7.4797;
  p.lon = 110.2177;
  p.area_km2 = 18.12;
  p.short_name = "Magelang";
  p.mix = {{E::kJavanese, 93}, {E::kChinese, 3}, {E::kSundanese, 1},
           {E::kBatakToba, 1}, {E::kMinang, 1},  {E::kBetawi, 1}};
  p.nearby_places = {"Muntilan", "Temanggung", "Purworejo", "Wonosobo", "Yogyakarta", "Semarang",
                     "Secang",   "Grabag",     "Boyolali",  "Klaten",   "Salatiga"};
  p.origins = {{"330801", "Magelang"},   {"330802", "Magelang"},   {"330803", "Magelang"},
               {"332303", "Temanggung"}, {"332301", "Temanggung"}, {"330601", "Purworejo"},
               {"330701", "Wonosobo"},   {"337401", "Semarang"},   {"337403", "Semarang"},
               {"347102", "Yogyakarta"}, {"347103", "Yogyakarta"}, {"317401", "Jakarta"}};
  // Catchments are our plausible assignment, not the Dinkes decree.
  p.puskesmas_specs = {
      {"Puskesmas Magelang Selatan", "3371011003", {"3371011003", "3371011010", "3371011011"}},
      {"Puskesmas Jurangombo", "3371011009", {"3371011007", "3371011008", "3371011009"}},
      {"Puskesmas Magelang Utara",
       "3371021004",
       {"3371021003", "3371021004", "3371021005", "3371021008", "3371021009"}},
      {"Puskesmas Magelang Tengah", "3371031002", {"3371031001", "3371031002", "3371031003"}},
      {"Puskesmas Kerkopan", "3371031004", {"3371031004", "3371031005", "3371031006"}},
  };
  p.hospitals = {{"RSUD Tidar", true, "3371031001"},
                 {"RST Tk. II dr. Soedjono", true, "3371031004"},
                 {"RSJ Prof. dr. Soerojo", true, "3371021008"},
                 {"RSU Lestari Raharja", false, "3371011003"},
                 {"RSU Harapan", false, "3371031005"},
                 {"RS Budi Rahayu", false, "3371021004"}};
  p.pustu_names = {{"3371011007", "Puskesmas Pembantu Magersari 2"}};
  return p;
}

CityPreset medan() {
  CityPreset p;
  p.known = true;
  p.population = 2474166;
  p.puskesmas = 41;
  p.lat = 3.5952;
  p.lon = 98.6722;
  p.area_km2 = 265.1;
  p.short_name = "Medan";
  // After the 2010 census shares for Medan (Javanese, Batak, Chinese, Mandailing, Minang, Malay,
  // Karo), rounded.
  p.mix = {{E::kJavanese, 33}, {E::kBatakToba, 20}, {E::kChinese, 11}, {E::kMandailing, 9},
           {E::kMinang, 9},    {E::kMalay, 8},      {E::kKaro, 5},     {E::kSundanese, 1}};
  p.nearby_places = {"Binjai",  "Lubuk Pakam", "Tebing Tinggi",   "Pematangsiantar", "Tarutung",
                     "Balige",  "Kabanjahe",   "Padangsidimpuan", "Tanjung Balai",   "Kisaran",
                     "Sibolga", "Stabat",      "Deli Serdang",    "Padang",          "Banda Aceh"};
  p.origins = {{"120702", "Deli Serdang"},    {"120701", "Deli Serdang"}, {"127501", "Binjai"},
               {"127202", "Pematangsiantar"}, {"121201", "Balige"},       {"120201", "Tarutung"},
               {"120601", "Kabanjahe"},       {"120602", "Berastagi"},    {"120801", "Simalungun"},
               {"137101", "Padang"},          {"117101", "Banda Aceh"},   {"317301", "Jakarta"}};
  p.hospitals = {{"RSUD dr. Pirngadi", true, ""},
                 {"RSUP H. Adam Malik", true, ""},
                 {"RS Haji Medan", true, ""},
                 {"RS Bhayangkara Medan", true, ""}};
  return p;
}

CityPreset malang() {
  CityPreset p;
  p.known = true;
  p.population = 847182;
  p.puskesmas = 16;
  p.lat = -7.9666;
  p.lon = 112.6326;
  p.area_km2 = 110.06;
  p.short_name = "Malang";
  p.mix = {{E::kJavanese, 88}, {E::kChinese, 5}, {E::kSundanese, 2}, {E::kBatakToba, 1},
           {E::kMinang, 2},    {E::kBetawi, 1},  {E::kMalay, 1}};
  p.nearby_places = {"Batu",   "Kepanjen", "Singosari",   "Lawang",      "Pasuruan", "Blitar",
                     "Kediri", "Surabaya", "Probolinggo", "Tulungagung", "Lumajang"};
  p.origins = {{"350701", "Malang"}, {"350702", "Malang"},   {"357901", "Batu"},
               {"357902", "Batu"},   {"357801", "Surabaya"}, {"357803", "Surabaya"},
               {"350503", "Blitar"}, {"351401", "Pasuruan"}, {"350601", "Kediri"},
               {"317501", "Jakarta"}};
  p.hospitals = {{"RSUD Kota Malang", true, ""},
                 {"RSUD dr. Saiful Anwar", true, ""},
                 {"RS Tk. II dr. Soepraoen", true, ""}};
  return p;
}

CityPreset tangerang() {
  CityPreset p;
  p.known = true;
  p.population = 1912679;
  p.puskesmas = 38;
  p.lat = -6.1783;
  p.lon = 106.6319;
  p.area_km2 = 164.55;
  p.short_name = "Tangerang";
  // Cina Benteng families have lived in Tangerang for centuries.
  p.mix = {{E::kSundanese, 28}, {E::kBetawi, 25},   {E::kJavanese, 30}, {E::kChinese, 8},
           {E::kMinang, 4},     {E::kBatakToba, 3}, {E::kMalay, 2}};
  p.nearby_places = {"Jakarta",    "Serang", "Tigaraksa", "Balaraja", "Bogor",  "Lebak",
                     "Pandeglang", "Bekasi", "Depok",     "Cilegon",  "Brebes", "Garut"};
  p.origins = {{"360301", "Tangerang"},
               {"360303", "Tangerang"},
               {"367401", "Tangerang Selatan"},
               {"367403", "Tangerang Selatan"},
               {"317301", "Jakarta"},
               {"317302", "Jakarta"},
               {"360405", "Serang"},
               {"360201", "Lebak"},
               {"320101", "Bogor"},
               {"332903", "Brebes"},
               {"320501", "Garut"}};
  p.hospitals = {{"RSUD Kota Tangerang", true, ""}, {"RSU Kabupaten Tangerang", true, ""}};
  return p;
}

std::string_view strip_kind(std::string_view name) {
  for (std::string_view prefix : {"Kota Administrasi ", "Kota ", "Kabupaten "}) {
    if (name.substr(0, prefix.size()) == prefix) return name.substr(prefix.size());
  }
  return name;
}

}  // namespace

CityPreset city_preset(const DemoOptions& options) {
  const std::string& code = options.city_code;
  if (code == "3371") return magelang();
  if (code == "1271") return medan();
  if (code == "3573") return malang();
  if (code == "3671") return tangerang();

  CityPreset p;
  const int province = code.size() >= 2 ? (code[0] - '0') * 10 + (code[1] - '0') : 0;
  const bool kota = code.size() >= 4 && code[2] >= '7';
  uint64_t population = 0;
  for (const auto& village : options.villages) {
    // Kelurahan (urban) are larger than desa (rural).
    const bool kelurahan = village.code.size() >= 7 && village.code[6] == '1';
    population += kelurahan ? 9000 : 3500;
  }
  p.population = population;
  const auto by_size = static_cast<int>((population + 15000) / 30000);
  p.puskesmas = std::max<int>(static_cast<int>(options.districts.size()), by_size);
  p.puskesmas = std::min<int>(p.puskesmas, static_cast<int>(options.villages.size()));
  const double density = kota ? 6000.0 : 600.0;  // residents per km²
  p.area_km2 = std::max(5.0, static_cast<double>(population) / density);
  p.lat = -2.5;
  p.lon = 118.0;
  for (const auto& centre : kProvinceCentres) {
    if (centre.code == province) {
      p.lat = centre.lat;
      p.lon = centre.lon;
    }
  }
  // Offset from the provincial capital by the code, up to ±0.3°, so neighbouring cities differ.
  const uint64_t h = hash_text(code);
  p.lat += (static_cast<double>(h % 601) - 300.0) / 1000.0;
  p.lon += (static_cast<double>((h >> 20) % 601) - 300.0) / 1000.0;
  p.short_name = strip_kind(options.city_name);
  p.mix = default_mix(province);
  p.origins = kNationalOrigins;
  return p;
}

}  // namespace siklus::registry::demo
