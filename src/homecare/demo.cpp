#include "homecare/demo.h"

#include <algorithm>
#include <cmath>

namespace siklus::homecare {
namespace {

class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed * 0x9E3779B97F4A7C15ULL + 1) {}
  uint64_t next() {
    s_ ^= s_ << 13;
    s_ ^= s_ >> 7;
    s_ ^= s_ << 17;
    return s_;
  }
  double uniform() { return static_cast<double>(next() >> 11) / 9007199254740992.0; }
  int below(int n) { return static_cast<int>(next() % static_cast<uint64_t>(n)); }

 private:
  uint64_t s_;
};

// One target group of the programme: who it is for, what a visit does, how often and how long.
struct Profile {
  const char* reason;
  const char* need;
  double share;  // of all plans
  double per_week;
  int duration_min;
  uint64_t skills;
  int weeks;
};

// Shares follow the Magelang programme's caseload (mostly elderly and the chronically ill);
// frequencies and durations are [U] values a puskesmas would set per plan.
constexpr Profile kProfiles[] = {
    {"lansia", "perawatan", 0.30, 2, 30, kSkillPerawat, 8},
    {"lansia", "luka", 0.08, 3, 45, kSkillPerawat, 3},
    {"kronis", "perawatan", 0.17, 2, 30, kSkillPerawat, 4},
    {"kronis", "obat", 0.06, 2, 15, kSkillPerawat, 8},
    {"kronis", "paliatif", 0.05, 3, 60, kSkillPerawat | kSkillDokter, 4},
    {"disabilitas", "rehabilitasi_stroke", 0.09, 3, 45, kSkillFisioterapis, 6},
    {"gizi_buruk", "gizi", 0.13, 3, 30, kSkillGizi, 4},
    {"bumil_risti", "anc", 0.12, 2, 40, kSkillBidan, 4},
};

// Skill sets of a puskesmas's teams in order: the first teams cover every skill; the second
// also gets a nurse, so a puskesmas with two teams has a nurse in each (most visits are nursing).
constexpr uint64_t kTeamSkills[][2] = {
    {kSkillDokter, kSkillPerawat}, {kSkillBidan, kSkillGizi},   {kSkillPerawat, kSkillFisioterapis},
    {kSkillPerawat, kSkillBidan},  {kSkillPerawat, kSkillGizi}, {kSkillDokter, kSkillPerawat},
};
constexpr size_t kTeamKinds = sizeof kTeamSkills / sizeof kTeamSkills[0];

bool fits(const Profile& p, const DemoResident& r) {
  const std::string reason = p.reason;
  if (reason == "lansia") return r.age >= 60;
  if (reason == "gizi_buruk") return r.age < 5;
  if (reason == "bumil_risti") return r.sex == "P" && r.age >= 18 && r.age <= 42;
  if (reason == "kronis") return r.age >= 35;
  return r.age >= 15;
}

}  // namespace

DemoHomecare generate_demo(const std::vector<DemoPuskesmas>& puskesmas, uint64_t seed,
                           const DemoOptions& options) {
  Rng rng(seed);
  DemoHomecare out;
  int64_t team_id = options.first_team_id;
  int64_t plan_id = options.first_plan_id;
  int64_t staff_id = options.first_staff_id;
  int64_t synthetic_person = 1;
  for (const auto& pkm : puskesmas) {
    int n_teams = options.teams_per_puskesmas;
    if (n_teams <= 0) {
      n_teams = std::clamp(static_cast<int>(pkm.population / 15000), 2, 6);
    }
    std::vector<size_t> own_teams;
    for (int k = 0; k < n_teams; ++k) {
      DemoTeam t;
      t.team.id = team_id++;
      t.team.facility_id = pkm.facility_id;
      t.team.name = "Tim " + std::to_string(k + 1);
      t.team.lon = pkm.lon;
      t.team.lat = pkm.lat;
      for (uint64_t skill : kTeamSkills[static_cast<size_t>(k) % kTeamKinds]) {
        t.team.members.push_back({staff_id++, skill});
      }
      if (k % static_cast<int>(kTeamKinds) == 1)
        t.team.members.push_back({staff_id++, kSkillPerawat});
      // A puskesmas with two teams still needs someone for rehabilitation.
      if (n_teams == 2 && k == 0) t.team.members.push_back({staff_id++, kSkillFisioterapis});
      t.team.shift = {7 * 3600 + 30 * 60, 15 * 3600};
      t.team.break_window = {11 * 3600 + 30 * 60, 13 * 3600};
      t.team.break_s = 1800;
      t.team.workdays = 0x3f;
      const bool car = k % 3 == 0;
      t.vehicle = car ? "mobil" : "motor";
      t.team.speed_kmh = car ? 20 : 25;
      t.team.max_visits = 8;
      own_teams.push_back(out.teams.size());
      out.teams.push_back(std::move(t));
    }
    const int n_plans = static_cast<int>(
        std::lround(static_cast<double>(pkm.population) / options.residents_per_plan));
    std::vector<bool> taken(pkm.residents.size(), false);
    for (int i = 0; i < n_plans; ++i) {
      double u = rng.uniform();
      const Profile* prof = &kProfiles[0];
      for (const auto& p : kProfiles) {
        if (u < p.share) {
          prof = &p;
          break;
        }
        u -= p.share;
      }
      DemoPlan d;
      d.reason = prof->reason;
      d.need = prof->need;
      d.weeks = prof->weeks;
      PlanInput& p = d.plan;
      p.id = plan_id++;
      p.facility_id = pkm.facility_id;
      if (pkm.residents.empty()) {
        p.person_id = synthetic_person++;
      } else {
        // The first untaken resident of the target group from a random start.
        const size_t start = static_cast<size_t>(rng.below(static_cast<int>(pkm.residents.size())));
        bool found = false;
        for (size_t j = 0; j < pkm.residents.size(); ++j) {
          const size_t r = (start + j) % pkm.residents.size();
          if (taken[r] || !fits(*prof, pkm.residents[r])) continue;
          taken[r] = true;
          p.person_id = pkm.residents[r].person_id;
          found = true;
          break;
        }
        if (!found) continue;
      }
      if (d.reason == "lansia") d.adl = rng.below(12);  // eligible: ADL <= 11
      const double angle = rng.uniform() * 2 * M_PI;
      const double r_km = options.radius_km * std::sqrt(rng.uniform());
      p.lat = pkm.lat + r_km / 111.0 * std::sin(angle);
      p.lon = pkm.lon + r_km / (111.0 * std::cos(pkm.lat * M_PI / 180)) * std::cos(angle);
      const double pr = rng.uniform();
      p.priority = pr < 0.05 ? Priority::kUrgent : pr < 0.3 ? Priority::kWeek : Priority::kRoutine;
      p.visits_per_week = prof->per_week;
      p.duration_s = prof->duration_min * 60;
      p.skills = prof->skills;
      // Most plans are under way (their usual team known); a few start this week.
      const bool continuing = rng.uniform() < 0.85 && p.priority != Priority::kUrgent;
      p.start_day = continuing ? -rng.below(prof->weeks * 7 - 6) : rng.below(3);
      if (p.priority == Priority::kUrgent) p.start_day = 0;
      p.end_day = p.start_day + prof->weeks * 7;
      const double w = rng.uniform();
      if (w < 0.45) {
        p.windows = {{8 * 3600, 12 * 3600}};
      } else if (w < 0.6) {
        p.windows = {{9 * 3600, 11 * 3600}, {13 * 3600, 14 * 3600 + 30 * 60}};
      }
      if (prof->per_week == 3 && rng.uniform() < 0.3) p.weekdays = 0b010101;  // Mon, Wed, Fri
      if (continuing) {
        std::vector<int64_t> able;
        for (size_t ti : own_teams) {
          if ((p.skills & ~out.teams[ti].team.skills()) == 0) able.push_back(out.teams[ti].team.id);
        }
        if (!able.empty())
          p.usual_team = able[static_cast<size_t>(rng.below(static_cast<int>(able.size())))];
      }
      out.plans.push_back(std::move(d));
    }
  }
  return out;
}

}  // namespace siklus::homecare
