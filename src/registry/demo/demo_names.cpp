#include "registry/demo/demo_names.h"

#include <cstdio>

namespace siklus::registry::demo {
namespace {

using Sv = std::string_view;

template <size_t N>
Sv pick(const Sv (&table)[N], Rng& rng) {
  return table[rng.below(static_cast<uint32_t>(N))];
}

// --- Names shared across traditions (Arabic-derived, and the pan-Indonesian names of people
// born since the mid-1990s). ---
constexpr Sv kArabicMale[] = {"Muhammad|Muhamad|Mohammad|Mohamad|Moch.|M.",
                              "Ahmad|Achmad|Akhmad",
                              "Abdul",
                              "Nur",
                              "Moh.",
                              "Syaiful|Saiful",
                              "Zainal",
                              "Rahmat|Rachmat",
                              "Ali",
                              "Yusuf|Yusup",
                              "Ibrahim",
                              "Ismail",
                              "Hasan",
                              "Husein|Husain",
                              "Umar",
                              "Ridwan",
                              "Fauzi",
                              "Imam",
                              "Lukman|Luqman",
                              "Hamzah"};
constexpr Sv kArabicFemale[] = {"Siti",
                                "Siti",
                                "Nur",
                                "Nurul",
                                "Aisyah|Aisah",
                                "Fatimah",
                                "Khadijah|Khodijah",
                                "Zahra",
                                "Laila|Laela",
                                "Annisa|Anisa",
                                "Maryam",
                                "Zainab|Zaenab",
                                "Halimah",
                                "Rahma|Rahmah",
                                "Umi|Ummi"};
constexpr Sv kArabicSecondMale[] = {"Rahman",          "Hidayat",       "Hakim",        "Fauzi",
                                    "Ikhsan|Ihsan",    "Rosyid|Rasyid", "Hidayatullah", "Maulana",
                                    "Syahputra",       "Abdullah",      "Habibi",       "Nurhadi",
                                    "Zulkarnain",      "Arifin",        "Hamid",        "Kholil",
                                    "Mustofa|Mustafa", "Anwar",         "Faisal",       "Alfarizi"};
constexpr Sv kArabicSecondFemale[] = {"Aminah",
                                      "Fatimah",
                                      "Khoiriyah|Khairiyah",
                                      "Rohmah|Rahmah",
                                      "Nurjanah|Nurjannah",
                                      "Azizah",
                                      "Hasanah",
                                      "Maisaroh",
                                      "Mufidah",
                                      "Hidayah",
                                      "Zahro|Zahra",
                                      "Mutmainah",
                                      "Sholikhah|Solikhah",
                                      "Jannah",
                                      "Fadhilah|Fadilah"};
constexpr Sv kModernMale[] = {"Rizky|Rizki|Rizqi",
                              "Dimas",
                              "Fajar",
                              "Bagas",
                              "Galih",
                              "Ilham",
                              "Aditya",
                              "Rafi",
                              "Raka",
                              "Bintang",
                              "Dafa|Daffa",
                              "Naufal",
                              "Farhan",
                              "Arya",
                              "Reza",
                              "Yoga",
                              "Satria",
                              "Aldi",
                              "Fikri",
                              "Hafiz|Hafidz",
                              "Kevin",
                              "Rendi|Rendy",
                              "Alvin",
                              "Dio",
                              "Arkan",
                              "Kenzie",
                              "Zidan",
                              "Gilang",
                              "Bima",
                              "Rangga",
                              "Iqbal",
                              "Azka",
                              "Alif",
                              "Fathan",
                              "Rayhan|Raihan"};
constexpr Sv kModernFemale[] = {
    "Aulia",    "Putri", "Nabila", "Salsabila",    "Amelia",        "Anisa|Annisa", "Dinda",
    "Tiara",    "Citra", "Ayu",    "Alya",         "Keisha|Keysha", "Zahra",        "Nadia",
    "Laras",    "Nayla", "Kirana", "Shinta|Sinta", "Aurelia",       "Cahaya",       "Intan",
    "Bunga",    "Rara",  "Vina",   "Maharani",     "Azzahra",       "Anindya",      "Novita",
    "Febriani", "Syifa", "Nazwa",  "Khanza|Kanza", "Naura",         "Adinda",       "Aqila"};
constexpr Sv kModernSecondMale[] = {
    "Pratama",   "Saputra",   "Ramadhan|Ramadan", "Firmansyah",      "Nugraha",    "Putra",
    "Maulana",   "Setiawan",  "Kurniawan",        "Wijaya",          "Permana",    "Hidayat",
    "Prasetyo",  "Syahputra", "Alfarizi",         "Akbar",           "Ardiansyah", "Hakim",
    "Wicaksono", "Aditya",    "Prayoga",          "Fadillah|Fadilah"};
constexpr Sv kModernSecondFemale[] = {
    "Putri",       "Ramadhani",   "Pratiwi",   "Lestari",   "Anggraini", "Safitri", "Wulandari",
    "Rahmawati",   "Permatasari", "Oktaviani", "Maharani",  "Salsabila", "Azzahra", "Aprilia",
    "Puspitasari", "Nurhaliza",   "Septiani",  "Febrianti", "Cahyani",   "Kusuma"};

// --- Javanese ---
constexpr Sv kJavaMaleOld[] = {"Sumarno",  "Sukardi",  "Slamet",  "Paijo",   "Sugiyono", "Parman",
                               "Suparno",  "Ngatimin", "Karto",   "Wagiman", "Tukiran",  "Sarno",
                               "Suwarno",  "Kasmin",   "Darmo",   "Tumijo",  "Sutrisno", "Sukiman",
                               "Mulyono",  "Marsudi",  "Sumadi",  "Harjono", "Suyatno",  "Sastro",
                               "Jumadi",   "Sugeng",   "Rahmat",  "Bambang", "Joko",     "Hadi",
                               "Suparman", "Supardi",  "Kusnadi", "Wardoyo", "Giyanto"};
constexpr Sv kJavaMaleMid[] = {
    "Agus",     "Budi",      "Bambang",   "Joko",   "Eko",   "Dwi",         "Tri",     "Wahyu",
    "Heru",     "Rudi|Rudy", "Hendro",    "Sigit",  "Teguh", "Bagus",       "Adi",     "Arif",
    "Yudi",     "Dedi",      "Anton",     "Aris",   "Bayu",  "Dani",        "Edi|Edy", "Fajar",
    "Gatot",    "Hari",      "Irwan",     "Wawan",  "Yanto", "Setyo|Setio", "Didik",   "Tono",
    "Purwanto", "Susilo",    "Andi|Andy", "Nanang", "Endro", "Puguh",       "Wisnu",   "Yusuf"};
constexpr Sv kJavaMaleSecond[] = {"Santoso",          "Prasetyo",          "Nugroho",
                                  "Wibowo",           "Setiawan|Setyawan", "Kurniawan",
                                  "Susanto",          "Hartono",           "Haryanto|Hariyanto",
                                  "Widodo",           "Darmawan",          "Gunawan",
                                  "Saputra",          "Pratama",           "Hidayat",
                                  "Purnomo",          "Suryadi",           "Utomo",
                                  "Raharjo|Rahardjo", "Sulistyo",          "Cahyono",
                                  "Wicaksono",        "Nugraha",           "Kusuma",
                                  "Triyono",          "Hermawan",          "Prakoso",
                                  "Saputro",          "Anggoro",           "Wahyudi",
                                  "Handoko",          "Priyanto",          "Sutrisno",
                                  "Budiman",          "Setiadi",           "Supriyadi",
                                  "Sugiarto"};
constexpr Sv kJavaFemaleOld[] = {
    "Painem",  "Tukinem", "Sainem",   "Ngatinah", "Sumarni", "Sulastri", "Suparmi", "Sutarmi",
    "Kasmini", "Wagiyem", "Paniyem",  "Sumiyati", "Suginah", "Marsinah", "Katini",  "Sukarti",
    "Rubiyem", "Tumini",  "Suprapti", "Sri",      "Siti",    "Endang",   "Sumiati", "Mujiati",
    "Sarinah", "Kartini", "Sumirah",  "Jumiyem",  "Sri",     "Warsini",  "Partini", "Sukini"};
constexpr Sv kJavaFemaleMid[] = {
    "Sri",   "Sri",     "Endang", "Tri",        "Dwi",   "Rini",  "Yuni",    "Wulan",      "Dewi",
    "Ratna", "Indah",   "Retno",  "Tutik|Tuti", "Yanti", "Sari",  "Lestari", "Wahyuni",    "Rahayu",
    "Puji",  "Eni|Eny", "Nanik",  "Ani|Any",    "Dian",  "Fitri", "Ika",     "Novi|Novie", "Lilik",
    "Erna",  "Winarti", "Yuli",   "Suci",       "Ning",  "Titik", "Umi",     "Heni|Henny"};
constexpr Sv kJavaFemaleSecond[] = {
    "Wahyuni",      "Rahayu",    "Lestari",     "Handayani",
    "Astuti",       "Purwanti",  "Susilowati",  "Setyaningsih|Setianingsih",
    "Kusumawati",   "Ningsih",   "Wulandari",   "Anggraini",
    "Rahmawati",    "Hidayati",  "Puspitasari", "Kurniasih",
    "Maharani",     "Oktaviani", "Fitriani",    "Safitri",
    "Ramadhani",    "Pratiwi",   "Permatasari", "Yuliani",
    "Sari",         "Utami",     "Widiastuti",  "Nurhayati",
    "Agustina",     "Damayanti", "Suryani",     "Mulyani",
    "Sulistyowati", "Indrawati", "Winarsih"};

// --- Sundanese ---
constexpr Sv kSundaMale[] = {"Asep",   "Ujang", "Dede",  "Cecep",  "Dadang",  "Jajang",  "Iwan",
                             "Yayat",  "Deden", "Aep",   "Acep",   "Engkos",  "Nandang", "Endang",
                             "Ade",    "Agus",  "Wawan", "Dadan",  "Ruhiyat", "Odih",    "Atang",
                             "Usep",   "Mamat", "Didin", "Enjang", "Encep",   "Jaja",    "Oman",
                             "Hendra", "Yusuf", "Ayi",   "Ohim"};
constexpr Sv kSundaMaleSecond[] = {
    "Sudrajat", "Hidayat",           "Rukmana",  "Suhendar", "Permana",          "Setiadi",
    "Mulyadi",  "Saepudin|Saefudin", "Rohmat",   "Sopandi",  "Suherman",         "Kusnadi",
    "Sumarna",  "Hermawan",          "Gunawan",  "Nugraha",  "Ramdani|Ramdhani", "Firmansyah",
    "Kurnia",   "Sutisna",           "Wiguna",   "Somantri", "Suryana",          "Wijaya",
    "Maulana",  "Supriatna",         "Darmawan", "Sunarya"};
constexpr Sv kSundaFemale[] = {
    "Euis",  "Neneng", "Imas",  "Iis",  "Lilis", "Enok", "Cucu", "Yayah", "Nining", "Enung", "Tati",
    "Eti",   "Ai",     "Nia",   "Rina", "Yanti", "Lina", "Ela",  "Entin", "Oom",    "Dedeh", "Icah",
    "Titin", "Nenden", "Popon", "Elis", "Ipah",  "Ikah", "Atin", "Yoyoh", "Eulis",  "Neni"};
constexpr Sv kSundaFemaleSecond[] = {"Kurniasih", "Nurjanah", "Herlina", "Komalasari", "Rosita",
                                     "Sumiati",   "Rohaeti",  "Suryani", "Mulyani",    "Nurhasanah",
                                     "Setiawati", "Yulianti", "Hodijah", "Rahmawati",  "Handayani",
                                     "Sopiah",    "Susanti",  "Lestari", "Aprilia",    "Nuraeni",
                                     "Kartika",   "Wulansari"};

// --- Betawi ---
constexpr Sv kBetawiMale[] = {"Mamat",   "Udin",     "Saman",  "Rojali",   "Jaelani", "Sarmili",
                              "Zakaria", "Ruslan",   "Mahmud", "Sanusi",   "Rohim",   "Salim",
                              "Jamal",   "Mursid",   "Somad",  "Rais",     "Basir",   "Nasir",
                              "Munir",   "Sueb",     "Jupri",  "Samsudin", "Muhidin", "Romli",
                              "Sabeni",  "Abdullah", "Nawi",   "Rahmat",   "Fauzan",  "Bahrudin"};
constexpr Sv kBetawiMaleSecond[] = {"Hasan",   "Ibrahim", "Abdullah", "Sulaiman", "Syarif",
                                    "Bahtiar", "Hamid",   "Saleh",    "Rais",     "Husin",
                                    "Jaelani", "Ramli",   "Yahya",    "Ismail",   "Effendi|Efendi"};
constexpr Sv kBetawiFemale[] = {
    "Rohimah", "Munah",    "Zaenab",  "Aisyah",   "Mursidah", "Romlah",    "Juleha",
    "Saodah",  "Maemunah", "Rodiah",  "Hindun",   "Jenab",    "Nurhayati", "Sarah",
    "Rohani",  "Hayati",   "Salamah", "Mariam",   "Masitoh",  "Rokayah",   "Halimah",
    "Fatimah", "Umayah",   "Sarinah", "Muslihah", "Soleha",   "Jubaedah",  "Nurlela"};

// --- Batak (Toba and Karo share given names; marga differ) and Mandailing ---
constexpr Sv kTobaMarga[] = {"Siregar",    "Simanjuntak",
                             "Hutapea",    "Pasaribu",
                             "Simatupang", "Sinaga",
                             "Situmorang", "Panjaitan",
                             "Manurung",   "Sihombing",
                             "Tambunan",   "Hutagalung",
                             "Sitorus",    "Silalahi",
                             "Napitupulu", "Sianturi",
                             "Pardede",    "Butarbutar|Butar-butar",
                             "Gultom",     "Lumbantobing|Lumban Tobing",
                             "Simbolon",   "Sitompul",
                             "Hutabarat",  "Nainggolan",
                             "Sitanggang", "Simanullang",
                             "Siahaan",    "Marpaung",
                             "Pakpahan",   "Samosir",
                             "Sirait",     "Aritonang",
                             "Purba",      "Damanik",
                             "Saragih",    "Harianja",
                             "Sihite"};
constexpr Sv kKaroMarga[] = {"Ginting",
                             "Tarigan",
                             "Sembiring",
                             "Perangin-angin|Peranginangin",
                             "Karo-karo|Karokaro",
                             "Sitepu",
                             "Barus",
                             "Surbakti",
                             "Purba",
                             "Sinulingga",
                             "Bangun",
                             "Brahmana",
                             "Pelawi",
                             "Meliala",
                             "Tarigan Sibero",
                             "Sebayang",
                             "Kaban",
                             "Keliat"};
constexpr Sv kMandailingMarga[] = {"Nasution", "Lubis",     "Harahap",   "Siregar",
                                   "Hasibuan", "Rangkuti",  "Daulay",    "Pulungan",
                                   "Batubara", "Matondang", "Parinduri", "Dalimunthe|Dalimunte",
                                   "Pohan",    "Rambe",     "Ritonga",   "Hutasuhut",
                                   "Pane",     "Lubis",     "Nasution",  "Harahap"};
constexpr Sv kBatakMale[] = {
    "Martua", "Parlindungan", "Togar",     "Tigor",    "Hotman",     "Poltak",          "Sahat",
    "Maruli", "Bonar",        "Halomoan",  "Parulian", "Binsar",     "Jhonson|Johnson", "Daniel",
    "Roy",    "Andreas",      "Ferdinand", "Jonathan", "Samuel",     "Hendrik",         "Robert",
    "Benny",  "Ronald",       "Rudolf",    "Marihot",  "Pangihutan", "Manahan",         "Gomgom",
    "Tumpal", "Jansen",       "Edison",    "Sabar",    "Tongam"};
constexpr Sv kBatakMaleYoung[] = {"Samuel",
                                  "Daniel",
                                  "Yosua|Joshua",
                                  "Jonathan",
                                  "Kevin",
                                  "Michael",
                                  "David",
                                  "Gabriel",
                                  "Christian",
                                  "Reinhard",
                                  "Immanuel",
                                  "Timothy|Timotius",
                                  "Nathanael",
                                  "Elia",
                                  "Gideon",
                                  "Ruben",
                                  "Yohannes|Johannes",
                                  "Yeremia",
                                  "Petrus",
                                  "Andreas"};
constexpr Sv kBatakFemale[] = {"Rosmawati", "Tiurma",       "Rotua",     "Lamria",    "Romauli",
                               "Butet",     "Erna",         "Nurmaida",  "Maria",     "Dame",
                               "Ruth",      "Rosalina",     "Sondang",   "Hotmaida",  "Tiurlan",
                               "Risma",     "Mian",         "Rumondang", "Lasma",     "Delima",
                               "Rosdiana",  "Marta|Martha", "Yohana",    "Debora",    "Elisabeth",
                               "Rosmeri",   "Tiorina",      "Juliana",   "Lisnawati", "Rismauli"};
constexpr Sv kBatakFemaleYoung[] = {
    "Grace",    "Natalia", "Theresia",  "Yolanda",     "Christina|Kristina",
    "Angel",    "Agnes",   "Gabriella", "Maria",       "Stefani|Stephanie",
    "Monika",   "Sarah",   "Elisa",     "Febiola",     "Jessica",
    "Priskila", "Hana",    "Ester",     "Lidia|Lydia", "Anastasia"};
constexpr Sv kMandailingMale[] = {
    "Ahmad", "Muhammad", "Syahrul",    "Khairul", "Zulkifli", "Irfan",   "Rizal",     "Ridwan",
    "Hasan", "Amir",     "Fadli",      "Syamsul", "Darwin",   "Hamdan",  "Irwansyah", "Bahrum",
    "Sutan", "Ali",      "Parlaungan", "Baginda", "Mara",     "Ja Muda", "Taufik",    "Saipul"};
constexpr Sv kMandailingFemale[] = {
    "Nurhayati", "Fatimah",    "Rahmah",    "Siti",       "Masniari", "Nurasiah", "Khairani",
    "Darmawati", "Syahrani",   "Roslina",   "Nurlela",    "Ummi",     "Salmah",   "Aminah",
    "Yusnani",   "Nur Aisyah", "Masdelina", "Nurhalimah", "Sahrani",  "Lanniari"};

// --- Malay (Deli) and Minang ---
constexpr Sv kMalayMale[] = {
    "Syahrial",   "Zulkifli",  "Khairul",    "Rahmat", "Fauzi",
    "Azhar",      "Iskandar",  "Amir",       "Hasan",  "Syamsul",
    "Azman",      "Rizal",     "Zainal",     "Hamdan", "Khairuddin|Khairudin",
    "Syafruddin", "Ismail",    "Nazaruddin", "Zulfan", "Razali",
    "Mahyuddin",  "Hasbullah", "Jamaluddin", "Rusli"};
constexpr Sv kMalayFemale[] = {
    "Nurhayati",  "Rahmah",   "Fatimah", "Zubaidah", "Salmah", "Khadijah", "Halimah", "Rosmini",
    "Nurlaila",   "Zuraidah", "Fauziah", "Rosnah",   "Azizah", "Hamidah",  "Juliana", "Syarifah",
    "Nurhalimah", "Rohani",   "Suryani", "Mariani",  "Rosmah", "Zaleha"};
constexpr Sv kMinangMale[] = {
    "Syafrizal", "Afrizal",   "Zulhendri", "Yulizar",  "Efendi|Effendi", "Asril",
    "Irwan",     "Novrizal",  "Defrizal",  "Yusrizal", "Hendri|Hendry",  "Zulkarnain",
    "Fadli",     "Erizal",    "Jasrul",    "Rahmat",   "Nasrul",         "Darmansyah",
    "Hardi",     "Yuliandri", "Zulfahmi",  "Alfian",   "Edwar"};
constexpr Sv kMinangFemale[] = {"Yuliarni",  "Yusnidar",   "Rosmaniar", "Nurhasanah", "Desmawati",
                                "Elvira",    "Yenni|Yeni", "Rahmi",     "Fitri",      "Nelly|Neli",
                                "Syafnidar", "Yulnita",    "Roslaini",  "Ernita",     "Asmaniar",
                                "Nurmala",   "Elfi",       "Yusniar",   "Ratna",      "Mardiah",
                                "Yelmi",     "Zurniati"};
constexpr Sv kMinangSuffix[] = {"Putra",     "Caniago|Chaniago", "Tanjung", "Koto",    "Piliang",
                                "Sikumbang", "Jambak",           "Malik",   "Rangkayo"};

// --- Chinese-Indonesian ---
constexpr Sv kChineseSurname[] = {
    "Wijaya|Widjaja", "Halim",     "Gunawan",  "Salim",           "Lim|Liem",  "Tan",
    "Wong",           "Lie",       "Ong",      "Chandra|Tjandra", "Sutanto",   "Tanoto",
    "Kusuma",         "Setiadi",   "Hartono",  "Lukito",          "Winata",    "Tandiono",
    "Tjahjadi",       "Susilo",    "Sugianto", "Santoso",         "Hendrawan", "Tanjaya",
    "Tanuwijaya",     "Kurniawan", "Hermanto", "Harianto",        "Sutedja",   "Wibisono",
    "Tjoa",           "Gozali",    "Wirawan",  "Lesmana",         "Kosasih"};
constexpr Sv kChineseMale[] = {
    "Hendra",     "Budiman", "Johan",      "Steven",       "William",  "Felix",
    "Jimmy",      "Andy",    "Sandy",      "Wilson",       "Vincent",  "Hengky|Hengki",
    "Ricky|Riki", "Edward",  "Robert",     "Tommy|Tomy",   "Hartanto", "Antoni|Anthony",
    "Benny",      "Darwin",  "Erick|Eric", "Jefri|Jeffry", "Rudy",     "Ferry|Feri",
    "Suwito",     "Djohan",  "Halim",      "Lukas"};
constexpr Sv kChineseMaleYoung[] = {"Kevin",    "Jason", "Nicholas", "Christopher", "Ryan",
                                    "Bryan",    "Evan",  "Justin",   "Calvin",      "Matthew",
                                    "Jonathan", "Felix", "Darren",   "Vincent",     "Edbert"};
constexpr Sv kChineseFemale[] = {"Lily|Lili", "Linda",    "Susi|Susy",  "Lina",   "Yenny|Yeni",
                                 "Sherly",    "Veronica", "Merry|Mery", "Lisa",   "Wenny",
                                 "Elly|Eli",  "Meiliana", "Lenny",      "Winda",  "Sulistiawati",
                                 "Fransiska", "Natalia",  "Agustina",   "Devi",   "Melinda",
                                 "Vivian",    "Lanny",    "Mei Ling",   "Susanti"};
constexpr Sv kChineseFemaleYoung[] = {"Michelle", "Clarissa", "Jennifer", "Vanessa",  "Angelica",
                                      "Cheryl",   "Nathania", "Valencia", "Jocelyn",  "Grace",
                                      "Jessica",  "Cindy",    "Felicia",  "Angeline", "Olivia"};

// --- Streets, facilities ---
constexpr Sv kStreetHero[] = {"Jl. Jenderal Sudirman|Jl. Jend. Sudirman",
                              "Jl. Diponegoro|Jl. Pangeran Diponegoro",
                              "Jl. Ahmad Yani|Jl. A. Yani",
                              "Jl. Gatot Subroto",
                              "Jl. Pahlawan",
                              "Jl. Pemuda",
                              "Jl. Veteran",
                              "Jl. Gajah Mada",
                              "Jl. Hayam Wuruk",
                              "Jl. Imam Bonjol",
                              "Jl. Teuku Umar",
                              "Jl. Pattimura",
                              "Jl. Kartini|Jl. R.A. Kartini",
                              "Jl. Dewi Sartika",
                              "Jl. Cut Nyak Dien",
                              "Jl. Ki Hajar Dewantara",
                              "Jl. Dr. Sutomo",
                              "Jl. M.H. Thamrin",
                              "Jl. Hasanuddin",
                              "Jl. Tentara Pelajar",
                              "Jl. Urip Sumoharjo",
                              "Jl. Sultan Agung",
                              "Jl. Merdeka",
                              "Jl. Kapten Tendean",
                              "Jl. Slamet Riyadi",
                              "Jl. Yos Sudarso",
                              "Jl. Ade Irma Suryani",
                              "Jl. Perintis Kemerdekaan",
                              "Jl. Sisingamangaraja",
                              "Jl. Juanda|Jl. Ir. H. Juanda",
                              "Jl. Wahid Hasyim|Jl. K.H. Wahid Hasyim",
                              "Jl. Sam Ratulangi",
                              "Jl. Supratman",
                              "Jl. Majapahit",
                              "Jl. Sriwijaya",
                              "Jl. Pajajaran",
                              "Jl. Singosari",
                              "Jl. Kalingga"};
constexpr Sv kStreetNature[] = {
    "Mawar",    "Melati",      "Anggrek", "Kenanga",     "Cempaka",    "Flamboyan", "Dahlia",
    "Kamboja",  "Seroja",      "Teratai", "Bougenville", "Nusa Indah", "Asoka",     "Merpati",
    "Rajawali", "Cendrawasih", "Kenari",  "Nuri",        "Elang",      "Kutilang",  "Durian",
    "Mangga",   "Rambutan",    "Manggis", "Nangka",      "Salak",      "Duku",      "Jambu",
    "Sawo",     "Beringin",    "Cemara",  "Jati",        "Mahoni",     "Kelapa",    "Pinang",
    "Bambu",    "Sejahtera",   "Damai",   "Rukun",       "Sentosa",    "Makmur",    "Bahagia",
    "Harapan",  "Karya",       "Bakti",   "Swadaya"};
constexpr Sv kEstate[] = {"Griya Asri",    "Pondok Indah", "Taman Sari",     "Bumi Permai",
                          "Villa Permata", "Griya Indah",  "Taman Asri",     "Puri Harmoni",
                          "Citra Land",    "Graha Mulia",  "Bumi Sejahtera", "Pesona Alam"};
constexpr Sv kRoman[] = {"", " I", " II", " III", " IV", " V", " VI", " VII", " VIII"};
constexpr Sv kPhonePrefix[] = {"0811", "0812", "0813", "0821", "0822", "0823", "0852", "0853",
                               "0851", "0814", "0815", "0816", "0855", "0856", "0857", "0858",
                               "0817", "0818", "0819", "0859", "0877", "0878", "0831", "0832",
                               "0838", "0895", "0896", "0897", "0898", "0899", "0881", "0882"};
constexpr Sv kFacilityNames[] = {"Sehat Sentosa",
                                 "Bunda Mulia",
                                 "Mitra Sehat",
                                 "Bhakti Husada",
                                 "Permata Hati",
                                 "Harapan Bunda",
                                 "Citra Medika",
                                 "Husada Utama",
                                 "Medika Utama",
                                 "Keluarga Sehat",
                                 "Kasih Ibu",
                                 "Bina Sehat",
                                 "Annisa",
                                 "Sari Mutiara",
                                 "Insan Medika",
                                 "Cahaya Medika",
                                 "Amanah",
                                 "Al-Ikhlas",
                                 "Sejahtera",
                                 "Prima Husada",
                                 "Mutiara Bunda",
                                 "Azzahra",
                                 "Sehati",
                                 "Pelita Sehat",
                                 "Rahma Medika",
                                 "Tunas Harapan",
                                 "Griya Husada",
                                 "Budi Mulia",
                                 "Nur Hidayah",
                                 "Kasih Bunda",
                                 "Mitra Keluarga Sehat",
                                 "Medika Persada",
                                 "Dharma Husada",
                                 "Anugerah",
                                 "Kartika Husada",
                                 "Bakti Mulia",
                                 "Bina Kasih",
                                 "Sentra Medika",
                                 "Marga Husada",
                                 "Sehat Bersama"};
constexpr Sv kPosyanduNames[] = {
    "Mawar",  "Melati",  "Anggrek",       "Kenanga", "Cempaka",     "Flamboyan",
    "Dahlia", "Kamboja", "Seroja",        "Teratai", "Bougenville", "Nusa Indah",
    "Asoka",  "Sakura",  "Tulip",         "Lily",    "Aster",       "Matahari",
    "Bakung", "Lestari", "Sejahtera",     "Harapan", "Sehati",      "Bina Sehat",
    "Ceria",  "Pelangi", "Tunas Harapan", "Permata", "Delima",      "Srikandi"};

int cohort(int birth_year) { return birth_year < 1970 ? 0 : (birth_year < 1995 ? 1 : 2); }

// Old spelling (ejaan lama) still carried in the names of many people born before ~1975:
// Soetrisno, Djoko, Tjahjono, Jusuf.
void append_word(std::string_view word, bool old_spelling, std::string& out) {
  if (!out.empty()) out += ' ';
  if (old_spelling && word.size() > 3) {
    if (word.substr(0, 2) == "Su") {
      out += "Soe";
      out += word.substr(2);
      return;
    }
    if (word[0] == 'J') {
      out += "Dj";
      out += word.substr(1);
      return;
    }
    if (word[0] == 'C') {
      out += "Tj";
      out += word.substr(1);
      return;
    }
    if (word[0] == 'Y') {
      out += 'J';
      out += word.substr(1);
      return;
    }
  }
  out += word;
}

struct NamePools {
  const Sv* male_first;
  size_t male_first_n;
  const Sv* male_second;
  size_t male_second_n;
  const Sv* female_first;
  size_t female_first_n;
  const Sv* female_second;
  size_t female_second_n;
  int arabic_per_mille;  // share of names opened by an Arabic-derived element
};

template <size_t A, size_t B, size_t C, size_t D>
constexpr NamePools pools(const Sv (&mf)[A], const Sv (&ms)[B], const Sv (&ff)[C],
                          const Sv (&fs)[D], int arabic) {
  return {mf, A, ms, B, ff, C, fs, D, arabic};
}

Sv pick_n(const Sv* table, size_t n, Rng& rng) {
  return table[rng.below(static_cast<uint32_t>(n))];
}

}  // namespace

Sv pick_variant(Sv entry, Rng& rng) {
  const size_t bar = entry.find('|');
  if (bar == Sv::npos) return entry;
  if (rng.chance(500)) return entry.substr(0, bar);
  // One of the other variants, uniformly.
  int count = 0;
  for (size_t i = bar; i < entry.size(); ++i) count += entry[i] == '|' ? 1 : 0;
  int which = static_cast<int>(rng.below(static_cast<uint32_t>(count)));
  size_t start = bar + 1;
  while (which-- > 0) start = entry.find('|', start) + 1;
  const size_t end = entry.find('|', start);
  return entry.substr(start, end == Sv::npos ? Sv::npos : end - start);
}

bool has_family_name(Ethnicity ethnicity) {
  switch (ethnicity) {
    case Ethnicity::kBatakToba:
    case Ethnicity::kMandailing:
    case Ethnicity::kKaro:
    case Ethnicity::kChinese:
      return true;
    default:
      return false;
  }
}

Sv pick_family_name(Ethnicity ethnicity, Rng& rng) {
  switch (ethnicity) {
    case Ethnicity::kBatakToba:
      return pick_variant(pick(kTobaMarga, rng), rng);
    case Ethnicity::kMandailing:
      return pick_variant(pick(kMandailingMarga, rng), rng);
    case Ethnicity::kKaro:
      return pick_variant(pick(kKaroMarga, rng), rng);
    case Ethnicity::kChinese:
      return pick_variant(pick(kChineseSurname, rng), rng);
    default:
      return {};
  }
}

void make_person_name(Ethnicity ethnicity, Sex sex, int birth_year, Sv family, Rng& rng,
                      std::string& out) {
  out.clear();
  const bool male = sex == Sex::kMale;
  const int c = cohort(birth_year);
  const bool old_spelling = birth_year < 1975 && rng.chance(c == 0 ? 250 : 80);
  const bool young = c == 2;

  NamePools p{};
  switch (ethnicity) {
    case Ethnicity::kJavanese:
      p = c == 0  ? pools(kJavaMaleOld, kJavaMaleSecond, kJavaFemaleOld, kJavaFemaleSecond, 150)
          : young ? pools(kModernMale, kModernSecondMale, kModernFemale, kModernSecondFemale, 250)
                  : pools(kJavaMaleMid, kJavaMaleSecond, kJavaFemaleMid, kJavaFemaleSecond, 200);
      break;
    case Ethnicity::kSundanese:
      p = young ? pools(kModernMale, kSundaMaleSecond, kModernFemale, kSundaFemaleSecond, 300)
                : pools(kSundaMale, kSundaMaleSecond, kSundaFemale, kSundaFemaleSecond, 250);
      break;
    case Ethnicity::kBetawi:
      p = young ? pools(kModernMale, kArabicSecondMale, kModernFemale, kArabicSecondFemale, 450)
                : pools(kBetawiMale, kBetawiMaleSecond, kBetawiFemale, kArabicSecondFemale, 450);
      break;
    case Ethnicity::kBatakToba:
    case Ethnicity::kKaro:
      p = young ? pools(kBatakMaleYoung, kBatakMaleYoung, kBatakFemaleYoung, kBatakFemaleYoung, 0)
                : pools(kBatakMale, kBatakMale, kBatakFemale, kBatakFemale, 0);
      break;
    case Ethnicity::kMandailing:
      p = young ? pools(kModernMale, kArabicSecondMale, kModernFemale, kArabicSecondFemale, 350)
                : pools(kMandailingMale, kArabicSecondMale, kMandailingFemale, kArabicSecondFemale,
                        300);
      break;
    case Ethnicity::kMalay:
      p = young ? pools(kModernMale, kArabicSecondMale, kModernFemale, kArabicSecondFemale, 400)
                : pools(kMalayMale, kArabicSecondMale, kMalayFemale, kArabicSecondFemale, 350);
      break;
    case Ethnicity::kMinang:
      p = young ? pools(kModernMale, kMinangSuffix, kModernFemale, kModernSecondFemale, 300)
                : pools(kMinangMale, kMinangSuffix, kMinangFemale, kArabicSecondFemale, 250);
      break;
    case Ethnicity::kChinese:
      p = young ? pools(kChineseMaleYoung, kChineseMale, kChineseFemaleYoung, kChineseFemale, 0)
                : pools(kChineseMale, kChineseMale, kChineseFemale, kChineseFemale, 0);
      break;
  }

  // Malay nobility titles survive in Deli names.
  if (ethnicity == Ethnicity::kMalay && rng.chance(40)) {
    append_word(rng.chance(500) ? Sv("Tengku") : Sv("T."), false, out);
  }

  const Sv* first = male ? p.male_first : p.female_first;
  const size_t first_n = male ? p.male_first_n : p.female_first_n;
  const Sv* second = male ? p.male_second : p.female_second;
  const size_t second_n = male ? p.male_second_n : p.female_second_n;

  const bool family_tradition = has_family_name(ethnicity) && !family.empty();
  if (rng.chance(p.arabic_per_mille)) {
    const Sv opener = pick_variant(male ? pick(kArabicMale, rng) : pick(kArabicFemale, rng), rng);
    append_word(opener, old_spelling, out);
    // Prefix-like openers lead a name (Muhammad Rizky, Siti Aminah, Abdul Rahman); the others
    // are given names that stand alone or take a second name (Fatimah Rahayu, Yusuf Hidayat).
    const bool leads_first = opener == "Muhammad" || opener == "Muhamad" || opener == "Mohammad" ||
                             opener == "Mohamad" || opener == "Moch." || opener == "M." ||
                             opener == "Moh." || opener == "Ahmad" || opener == "Achmad" ||
                             opener == "Akhmad";
    const bool leads_second = opener == "Siti" || opener == "Nur" || opener == "Nurul";
    if (opener == "Abdul") {
      append_word(pick_variant(pick(kArabicSecondMale, rng), rng), false, out);
    } else if (leads_first && rng.chance(750)) {
      append_word(pick_variant(pick_n(first, first_n, rng), rng), old_spelling, out);
    } else if (leads_first || leads_second || rng.chance(550)) {
      const Sv more = rng.chance(500) ? pick_variant(pick_n(second, second_n, rng), rng)
                      : male          ? pick_variant(pick(kArabicSecondMale, rng), rng)
                                      : pick_variant(pick(kArabicSecondFemale, rng), rng);
      if (out.find(more) == std::string::npos) append_word(more, old_spelling, out);
    }
    if (!family_tradition && young && rng.chance(300)) {
      append_word(
          pick_variant(male ? pick(kModernSecondMale, rng) : pick(kModernSecondFemale, rng), rng),
          false, out);
    }
  } else {
    append_word(pick_variant(pick_n(first, first_n, rng), rng), old_spelling, out);
    // Older Javanese often have one name; younger people two or three.
    const int second_per_mille = family_tradition ? 250 : (c == 0 ? 350 : (young ? 850 : 700));
    if (rng.chance(second_per_mille)) {
      const Sv more = pick_variant(pick_n(second, second_n, rng), rng);
      if (out.find(more) == std::string::npos) append_word(more, old_spelling, out);
    }
    if (!family_tradition && young && rng.chance(200)) {
      append_word(
          pick_variant(male ? pick(kModernSecondMale, rng) : pick(kModernSecondFemale, rng), rng),
          false, out);
    }
  }

  if (family_tradition) {
    const bool batak = ethnicity != Ethnicity::kChinese;
    // A Batak woman is "boru" (br.) of her father's marga.
    if (batak && !male && rng.chance(ethnicity == Ethnicity::kKaro ? 600 : 350)) {
      append_word(rng.chance(700) ? Sv("br.") : Sv("Br"), false, out);
    }
    // Some Chinese-Indonesians carry no adopted surname on their KTP.
    if (batak || rng.chance(820)) append_word(family, false, out);
  }
}

void make_street_base(Rng& rng, std::string& out) {
  out.clear();
  const uint32_t kind = rng.below(100);
  if (kind < 55) {
    out += pick_variant(pick(kStreetHero, rng), rng);
    if (rng.chance(250)) {
      out += kRoman[1 + rng.below(4)];
    }
  } else if (kind < 88) {
    out += rng.chance(600) ? "Gg. " : "Jl. ";
    out += pick(kStreetNature, rng);
    out += kRoman[rng.below(9)];
  } else {
    out += "Perum ";
    out += pick(kEstate, rng);
    out += " Blok ";
    out += static_cast<char>('A' + rng.below(8));
  }
}

void make_phone(Rng& rng, std::string& out) {
  out.assign(pick(kPhonePrefix, rng));
  const int digits = 6 + static_cast<int>(rng.below(4));  // 10–13 digits in all
  for (int i = 0; i < digits; ++i) out += static_cast<char>('0' + rng.below(10));
}

Sv pick_facility_name(Rng& rng) { return pick(kFacilityNames, rng); }

Sv posyandu_name(uint32_t index) {
  return kPosyanduNames[index % (sizeof kPosyanduNames / sizeof kPosyanduNames[0])];
}

}  // namespace siklus::registry::demo
