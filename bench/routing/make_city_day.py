#!/usr/bin/env python3
"""Generates a realistic homecare day for Kota Medan in siklus' routing JSON format.

41 depots (one per puskesmas; Medan has 41), 150 teams with skills and a lunch break, 2,000
visits. Coordinates are real Medan-area longitude/latitude: points inside a polygon that follows
the city boundary (Belawan in the north to Medan Tuntungan in the south), depots spread over it,
visits clustered around the puskesmas whose catchment they belong to. The puskesmas positions are
synthetic (not the real buildings); no personal data. Deterministic for a given seed.
Usage: make_city_day.py [--seed N] [--visits 2000] [--teams 150] > city_day.json
"""
import argparse
import json
import math
import random

# Approximate outline of Kota Medan (lon, lat), clockwise from Belawan.
MEDAN = [(98.640, 3.790), (98.705, 3.800), (98.720, 3.700), (98.735, 3.640), (98.715, 3.560),
         (98.700, 3.520), (98.670, 3.480), (98.620, 3.485), (98.590, 3.540), (98.595, 3.600),
         (98.620, 3.660), (98.630, 3.720)]
SKILLS = ["nurse", "midwife", "doctor", "physio"]


def inside(lon, lat):
    hit = False
    j = len(MEDAN) - 1
    for i, (xi, yi) in enumerate(MEDAN):
        xj, yj = MEDAN[j]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            hit = not hit
        j = i
    return hit


def point(rng):
    while True:
        lon, lat = rng.uniform(98.58, 98.74), rng.uniform(3.47, 3.81)
        if inside(lon, lat):
            return lon, lat


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--visits", type=int, default=2000)
    ap.add_argument("--teams", type=int, default=150)
    ap.add_argument("--depots", type=int, default=41)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    # Depots: best of 30 candidates farthest from those already placed (even spread).
    depots = [point(rng)]
    while len(depots) < a.depots:
        cands = [point(rng) for _ in range(30)]
        depots.append(max(cands, key=lambda c: min(math.dist(c, d) for d in depots)))
    locations = [[round(lon, 6), round(lat, 6)] for lon, lat in depots]
    vehicles = []
    for t in range(a.teams):
        d = t % a.depots
        skills = ["nurse"]
        if t % 3 == 0:
            skills.append("midwife")
        if t % 5 == 1:
            skills.append("doctor")
        if t % 10 == 2:
            skills.append("physio")
        start = 7 * 3600 + 30 * 60 if t % 4 == 0 else 8 * 3600
        vehicles.append({
            "id": f"tim-{d + 1:02d}-{t // a.depots + 1}",
            "start": d, "end": d,
            "shift": [start, start + 8 * 3600],
            "skills": skills,
            "speed_factor": 1.0 if t % 6 else 0.8,  # some teams walk or ride slower
            "breaks": [{"id": "istirahat", "windows": [[11.5 * 3600, 13.5 * 3600]],
                        "duration": 1800}],
            "max_tasks": 18,
        })
    jobs = []
    for i in range(a.visits):
        d = rng.randrange(a.depots)
        lon0, lat0 = depots[d]
        while True:  # about 1.2 km around the catchment's puskesmas, inside the city
            lon = lon0 + rng.gauss(0, 0.011)
            lat = lat0 + rng.gauss(0, 0.011)
            if inside(lon, lat):
                break
        locations.append([round(lon, 6), round(lat, 6)])
        r = rng.random()
        need = ["nurse"] if r < 0.70 else ["midwife"] if r < 0.85 else ["doctor"] if r < 0.95 \
            else ["physio"]
        job = {"id": f"kunjungan-{i + 1:04d}", "location": len(locations) - 1,
               "service": rng.choice([15, 20, 20, 25, 30]) * 60, "skills": need,
               "priority": 50 if rng.random() < 0.1 else 0}
        if rng.random() < 0.6:  # the family asked for a part of the day
            open_h = rng.choice([8, 9, 10, 13, 14])
            job["windows"] = [[open_h * 3600, (open_h + rng.choice([2, 3])) * 3600]]
        if rng.random() < 0.3:  # continuity of carer: the team that came last time
            team = [v for v in vehicles if v["start"] == d and need[0] in v["skills"]]
            if team:
                job["preferred_vehicle"] = rng.choice(team)["id"]
                job["preference_cost"] = 900
        jobs.append(job)
    problem = {
        "travel": {"source": "haversine", "detour": 1.35, "speed_kmh": 22},
        "locations": locations,
        "vehicles": vehicles,
        "jobs": jobs,
    }
    json.dump(problem, __import__("sys").stdout, separators=(",", ":"))


if __name__ == "__main__":
    main()
