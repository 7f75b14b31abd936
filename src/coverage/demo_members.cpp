#include "coverage/demo_members.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <unordered_map>

#include "core/csv.h"
#include "coverage/coverage_data.h"

namespace siklus::coverage {
namespace {

//! splitmix64: tiny, fast, and the same on every platform (std distributions are not).
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL) {}
  uint64_t next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  uint64_t below(uint64_t n) { return n ? next() % n : 0; }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return unit() < p; }

 private:
  uint64_t s_;
};

template <typename T>
void shuffle(std::vector<T>& v, Rng& rng) {
  for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng.below(i)]);
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  std::string lower = s;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string out;
  size_t i = 0;
  bool changed = false;
  while (i < s.size()) {
    if (lower.compare(i, from.size(), from) == 0) {
      // Keep the case of the first letter.
      std::string rep = to;
      if (std::isupper(static_cast<unsigned char>(s[i]))) {
        rep[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(rep[0])));
      }
      out += rep;
      i += from.size();
      changed = true;
    } else {
      out += s[i++];
    }
  }
  return changed ? out : s;
}

std::vector<std::string> words(const std::string& s) {
  std::vector<std::string> out;
  std::string w;
  for (char c : s) {
    if (c == ' ') {
      if (!w.empty()) out.push_back(std::move(w));
      w.clear();
    } else {
      w += c;
    }
  }
  if (!w.empty()) out.push_back(std::move(w));
  return out;
}

std::string join(const std::vector<std::string>& w) {
  std::string out;
  for (const auto& x : w) out += (out.empty() ? "" : " ") + x;
  return out;
}

//! A spelling the insurer might hold for the same person.
std::string name_variant(const std::string& name, Rng& rng) {
  std::vector<std::string> w = words(name);
  if (w.empty()) return name;
  for (auto& x : w) {
    std::string l = x;
    for (char& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (l == "muhammad" || l == "muhamad" || l == "mohammad") {
      static const char* kAbbrev[] = {"M.", "Moh.", "Muh.", "Mochamad", "Mohamad"};
      x = kAbbrev[rng.below(5)];
      return join(w);
    }
  }
  switch (rng.below(5)) {
    case 0: {  // old spelling (EYD before 1972)
      static const std::pair<const char*, const char*> kOld[] = {
          {"u", "oe"}, {"j", "dj"}, {"c", "tj"}, {"y", "j"}, {"kh", "ch"}, {"ny", "nj"}};
      for (int tries = 0; tries < 6; ++tries) {
        const auto& [from, to] = kOld[rng.below(6)];
        std::string v = replace_all(name, from, to);
        if (v != name) return v;
      }
      break;
    }
    case 1:  // the last name part dropped, or the middle one shortened to an initial
      if (w.size() >= 3) {
        if (rng.chance(0.5)) {
          w.pop_back();
        } else {
          w[1] = w[1].substr(0, 1) + ".";
        }
        return join(w);
      }
      break;
    case 2: {  // two adjacent letters swapped
      auto& x = w[rng.below(w.size())];
      if (x.size() >= 4) {
        const size_t i = 1 + rng.below(x.size() - 2);
        std::swap(x[i], x[i + 1]);
        return join(w);
      }
      break;
    }
    case 3:  // a doubled or dropped letter
      if (w[0].size() >= 4) {
        const size_t i = 1 + rng.below(w[0].size() - 1);
        if (rng.chance(0.5)) {
          w[0].insert(i, 1, w[0][i]);
        } else {
          w[0].erase(i, 1);
        }
        return join(w);
      }
      break;
    default:
      break;
  }
  std::string up = name;  // at least the shouting capitals of many exports
  for (char& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return up;
}

std::string nik_typo(std::string nik, Rng& rng) {
  if (nik.size() != 16) return nik;
  const size_t i = 6 + rng.below(9);
  if (rng.chance(0.5) && nik[i] != nik[i + 1]) {
    std::swap(nik[i], nik[i + 1]);
  } else {
    nik[i + 1] = static_cast<char>('0' + (nik[i + 1] - '0' + 1 + rng.below(9)) % 10);
  }
  return nik;
}

struct SegmentDraw {
  const char* segment;
  double share;
  double active;
};
constexpr SegmentDraw kSegmentMix[] = {{"PBI_APBN", 0.40, 0.97},
                                       {"PBI_APBD", 0.15, 0.96},
                                       {"PPU", 0.28, 0.98},
                                       {"PBPU", 0.14, 0.55},
                                       {"BP", 0.03, 0.90}};

void draw_segment(DemoMemberRow& row, Rng& rng) {
  double u = rng.unit();
  const SegmentDraw* d = &kSegmentMix[0];
  for (const auto& s : kSegmentMix) {
    d = &s;
    if (u < s.share) break;
    u -= s.share;
  }
  row.segmen = d->segment;
  const std::string seg = d->segment;
  if (seg.rfind("PBI", 0) == 0) {
    row.kelas = "3";
  } else if (seg == "PPU") {
    row.kelas = rng.chance(0.5) ? "1" : "2";
  } else {
    row.kelas = std::to_string(1 + rng.below(3));
  }
  row.status = rng.chance(d->active) ? "AKTIF" : "NONAKTIF";
}

std::string address_of(const DemoResident& r) {
  char buf[32];
  std::snprintf(buf, sizeof buf, " RT %03d RW %03d", r.rt, r.rw);
  return r.street + (r.rw > 0 ? buf : "");
}

}  // namespace

MembershipPreset membership_preset(const std::string& city_code) {
  MembershipPreset p;
  if (city_code == "3371") {  // Magelang: 126,281 of 127,394 (99.13 %), a clean list
    p.resident_share = 126281.0 / 127394.0;
    p.naive_ratio = p.resident_share;
  } else if (city_code == "3573") {  // Malang: the list is 108.54 % of residents
    p.resident_share = 0.962;
    p.naive_ratio = 1.0854;
  } else if (city_code == "3671") {  // Tangerang 99.8 %
    p.resident_share = 0.991;
    p.naive_ratio = 0.998;
  } else if (city_code == "1271") {  // Medan: realistic
    p.resident_share = 0.93;
    p.naive_ratio = 0.975;
  }
  return p;
}

Result<DemoMembersSummary> generate_demo_members(
    const DemoMembersInput& in, const std::function<Status(const DemoMemberRow&)>& sink) {
  DemoMembersSummary sum;
  Rng rng(in.seed ^ std::hash<std::string>{}(in.city_code));
  std::vector<uint32_t> alive, died, moved;
  for (uint32_t i = 0; i < in.residents.size(); ++i) {
    const std::string& s = in.residents[i].status;
    (s == "MATI" ? died : s == "PINDAH" ? moved : alive).push_back(i);
  }
  sum.alive_residents = alive.size();
  if (alive.empty()) return Error::not_found("the city has no alive residents; run `siklus demo`");
  const MembershipPreset& p = in.preset;
  const auto n_alive = static_cast<double>(alive.size());
  const auto members = static_cast<uint64_t>(std::llround(n_alive * p.resident_share));
  const auto total =
      std::max<uint64_t>(members, static_cast<uint64_t>(std::llround(n_alive * p.naive_ratio)));
  uint64_t extras = total - members;
  shuffle(alive, rng);
  shuffle(died, rng);
  shuffle(moved, rng);
  const uint64_t n_died = std::min<uint64_t>(died.size(), extras * 35 / 100);
  const uint64_t n_moved = std::min<uint64_t>(moved.size(), extras * 25 / 100);
  const uint64_t n_dup = std::min<uint64_t>(members, (extras - n_died - n_moved) / 6);
  const uint64_t n_elsewhere = extras - n_died - n_moved - n_dup;

  // Kinds in order, then one shuffle of the whole list gives the file order.
  enum Kind : uint8_t { kResident, kDied, kMoved, kDuplicate, kElsewhere };
  struct Slot {
    Kind kind;
    uint32_t resident;
  };
  std::vector<Slot> slots;
  slots.reserve(total);
  for (uint64_t i = 0; i < members; ++i) slots.push_back({kResident, alive[i]});
  for (uint64_t i = 0; i < n_died; ++i) slots.push_back({kDied, died[i]});
  for (uint64_t i = 0; i < n_moved; ++i) slots.push_back({kMoved, moved[i]});
  for (uint64_t i = 0; i < n_dup; ++i) slots.push_back({kDuplicate, alive[rng.below(members)]});
  for (uint64_t i = 0; i < n_elsewhere; ++i) {
    slots.push_back({kElsewhere, alive[rng.below(alive.size())]});
  }
  shuffle(slots, rng);

  std::string latest_year = "0000";
  for (const DemoResident& r : in.residents) {
    if (r.birth_date.size() == 10) latest_year = std::max(latest_year, r.birth_date.substr(0, 4));
  }
  static const char* kTruth[] = {"resident", "died", "moved", "duplicate", "elsewhere"};
  const uint64_t city_num = std::stoull(in.city_code.substr(0, 4));
  uint64_t serial = 0;
  DemoMemberRow row;
  for (const Slot& s : slots) {
    const DemoResident& r = in.residents[s.resident];
    row = DemoMemberRow{};
    char noka[24];
    std::snprintf(noka, sizeof noka, "0%04llu%08llu", static_cast<unsigned long long>(city_num),
                  static_cast<unsigned long long>(++serial));
    row.noka = noka;
    row.truth = kTruth[s.kind];
    row.person_id = s.kind == kElsewhere ? 0 : r.id;
    draw_segment(row, rng);
    if (s.kind == kElsewhere) {
      // Someone registered at an address in the city who lives elsewhere: a name from the city's
      // pool, a NIK and birth date of their own, first registered in a neighbouring kabupaten.
      const DemoResident& other = in.residents[alive[rng.below(alive.size())]];
      std::vector<std::string> a = words(r.name), b = words(other.name);
      row.nama = a.empty() ? r.name : a[0] + (b.size() > 1 ? " " + b.back() : "");
      row.jenis_kelamin = r.sex;
      const int year = 1950 + static_cast<int>(rng.below(60));
      const int month = 1 + static_cast<int>(rng.below(12));
      const int day = 1 + static_cast<int>(rng.below(28));
      char birth[48];
      std::snprintf(birth, sizeof birth, "%04d-%02d-%02d", year, month, day);
      row.tanggal_lahir = birth;
      char nik[96];
      std::snprintf(nik, sizeof nik, "%02llu%02d%02d%02d%02d%02d%04d",
                    static_cast<unsigned long long>(city_num / 100),
                    1 + static_cast<int>(rng.below(30)), 1 + static_cast<int>(rng.below(15)),
                    day + (r.sex == "P" ? 40 : 0), month, year % 100,
                    1 + static_cast<int>(rng.below(9000)));
      row.nik = nik;
      row.kode_wilayah =
          in.villages.empty() ? r.village_code : in.villages[rng.below(in.villages.size())];
      row.alamat = other.street;
      row.status = rng.chance(0.6) ? "AKTIF" : "NONAKTIF";
      ++sum.elsewhere;
    } else {
      row.nik = r.nik;
      row.nama = r.name;
      row.jenis_kelamin = r.sex;
      row.tanggal_lahir = r.birth_date;
      row.kode_wilayah = r.village_code;
      row.alamat = address_of(r);
      // Dirt: what a real extract carries.
      if (rng.chance(p.nik_missing)) {
        row.nik.clear();
      } else if (rng.chance(p.nik_typo)) {
        row.nik = nik_typo(row.nik, rng);
      }
      if (rng.chance(p.name_variant)) row.nama = name_variant(row.nama, rng);
      // A swap in the youngest birth year could land after the extract date; real extracts
      // would not hold a future date, so those stay as they are.
      if (rng.chance(p.birth_swap) && row.tanggal_lahir.size() == 10 &&
          row.tanggal_lahir.substr(0, 4) < latest_year && row.tanggal_lahir.substr(8, 2) <= "12" &&
          row.tanggal_lahir.substr(5, 2) != row.tanggal_lahir.substr(8, 2)) {
        row.tanggal_lahir = row.tanggal_lahir.substr(0, 5) + row.tanggal_lahir.substr(8, 2) + "-" +
                            row.tanggal_lahir.substr(5, 2);
      }
      if (rng.chance(p.sex_missing)) row.jenis_kelamin.clear();
      if (!in.villages.empty() && rng.chance(p.old_address)) {
        row.kode_wilayah = in.villages[rng.below(in.villages.size())];
      }
      switch (s.kind) {
        case kResident:
          ++sum.resident_members;
          break;
        case kDied:  // the insurer was never told: mostly still AKTIF
          row.status = rng.chance(0.7) ? "AKTIF" : "NONAKTIF";
          ++sum.died;
          break;
        case kMoved:
          ++sum.moved;
          break;
        case kDuplicate:  // a second card, typed again by hand: NIK often missing
          if (rng.chance(0.6)) row.nik.clear();
          row.nama = name_variant(r.name, rng);
          row.status = "NONAKTIF";
          ++sum.duplicates;
          break;
        case kElsewhere:
          break;
      }
    }
    if (in.faskes_of) row.kode_faskes = in.faskes_of(row.kode_wilayah);
    if (rng.chance(0.5)) {
      for (char& c : row.nama) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    SK_TRY(sink(row));
    ++sum.rows;
  }
  sum.naive_pct = std::round(10000.0 * static_cast<double>(sum.rows) / n_alive) / 100.0;
  return sum;
}

Result<DemoMembersSummary> write_demo_members(registry::ReadPort& port,
                                              const std::string& city_code, uint64_t seed,
                                              const std::string& out, const std::string& truth) {
  DemoMembersInput in;
  in.city_code = city_code;
  in.seed = seed;
  in.preset = membership_preset(city_code);
  SK_TRY(port.for_each_resident(city_code, [&](const registry::ResidentRow& p) {
    in.residents.push_back({p.id, std::string(p.nik), std::string(p.no_kk), std::string(p.name),
                            std::string(p.sex), std::string(p.birth_date), std::string(p.street),
                            p.rt, p.rw, std::string(p.village_code), std::string(p.status)});
  }));
  // By id, as the generator's draws follow the residents' order (same seed, same extract).
  std::sort(in.residents.begin(), in.residents.end(),
            [](const DemoResident& a, const DemoResident& b) { return a.id < b.id; });
  auto tree = port.city_tree(city_code);
  if (!tree) return tree.error();
  for (const auto& r : tree->regions) {
    if (r.level == RegionLevel::kVillage) in.villages.push_back(r.code);
  }
  std::unordered_map<std::string, std::string> faskes;
  for (const auto& c : tree->catchments) {
    for (const auto& v : c.villages) faskes.emplace(v, c.key);
  }
  in.faskes_of = [&faskes](const std::string& v) {
    auto it = faskes.find(v);
    return it == faskes.end() ? std::string() : it->second;
  };
  std::ofstream f(out, std::ios::binary);
  if (!f) return Error::io(out + ": cannot write");
  std::ofstream t;
  if (!truth.empty()) {
    t.open(truth, std::ios::binary);
    if (!t) return Error::io(truth + ": cannot write");
    t << "noka,person_id,kind\n";
  }
  f << "noka,nik,nama,jenis_kelamin,tanggal_lahir,segmen,kelas,status,kode_faskes,alamat,"
       "kode_wilayah\n";
  auto sum = generate_demo_members(in, [&](const DemoMemberRow& r) -> Status {
    f << r.noka << ',' << r.nik << ',' << csv_quote(r.nama) << ',' << r.jenis_kelamin << ','
      << r.tanggal_lahir << ',' << r.segmen << ',' << r.kelas << ',' << r.status << ','
      << r.kode_faskes << ',' << csv_quote(r.alamat) << ',' << r.kode_wilayah << '\n';
    if (t.is_open()) t << r.noka << ',' << r.person_id << ',' << r.truth << '\n';
    return {};
  });
  if (!sum) return sum.error();
  f.flush();
  if (!f) return Error::io(out + ": write failed");
  return sum;
}

}  // namespace siklus::coverage
