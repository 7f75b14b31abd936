#!/usr/bin/env python3
"""Independent checker for `siklus route solve --solomon/--li-lim --json` output.

Shares no code with the C++ engine: it re-reads the instance file, replays every route with
earliest-start scheduling and checks that every customer/task is served once (or listed as
unassigned), capacity at every point, time windows, the depot horizon, pickup before delivery in
the same route, and that the reported cost equals the sum of Euclidean distances.
Usage: check_solution.py solomon|li_lim INSTANCE SOLUTION.json   (exit 1 on any violation)
"""
import json
import math
import sys


def load_solomon(path):
    lines = open(path).read().splitlines()
    nodes = {}
    cap = None
    vehicles = None
    i = 0
    while i < len(lines):
        if lines[i].strip().startswith("NUMBER"):
            vehicles, cap = (int(x) for x in lines[i + 1].split())
        if lines[i].strip().startswith("CUST"):
            for row in lines[i + 1:]:
                f = row.split()
                if len(f) == 7:
                    n, x, y, d, r, due, s = (float(v) for v in f)
                    nodes[int(n)] = dict(x=x, y=y, demand=d, ready=r, due=due, service=s,
                                         pickup=0, delivery=0)
            break
        i += 1
    return nodes, cap, vehicles, 1.0


def load_li_lim(path):
    lines = [l for l in open(path).read().splitlines() if l.strip()]
    vehicles, cap, speed = lines[0].split()
    nodes = {}
    for row in lines[1:]:
        f = row.split()
        n, x, y, d, r, due, s, p, dl = f
        nodes[int(n)] = dict(x=float(x), y=float(y), demand=float(d), ready=float(r),
                             due=float(due), service=float(s), pickup=int(p), delivery=int(dl))
    # Some files carry speed 0; travel time = distance there (as in the literature).
    return nodes, int(cap), int(vehicles), float(speed) or 1.0


def main():
    kind, inst, sol_path = sys.argv[1:4]
    nodes, cap, fleet, speed = load_solomon(inst) if kind == "solomon" else load_li_lim(inst)
    sol = json.load(open(sol_path))
    depot = nodes[0]
    dist = lambda a, b: math.hypot(a["x"] - b["x"], a["y"] - b["y"])
    errors = []
    seen = {}
    total = 0.0
    if len(sol["routes"]) > fleet:
        errors.append(f"{len(sol['routes'])} routes but only {fleet} vehicles")
    for ri, route in enumerate(sol["routes"]):
        if not route:
            errors.append(f"route {ri} is empty")
        t = depot["ready"]
        prev = depot
        cost = 0.0
        pos = {}
        if kind == "solomon":
            load = sum(nodes[c]["demand"] for c in route)
        else:
            load = 0
        if load > cap:
            errors.append(f"route {ri}: load {load} > capacity {cap} at the start")
        for k, c in enumerate(route):
            if c not in nodes or c == 0:
                errors.append(f"route {ri}: unknown customer {c}")
                continue
            if c in seen:
                errors.append(f"customer {c} served twice")
            seen[c] = ri
            pos[c] = k
            n = nodes[c]
            d = dist(prev, n)
            cost += d
            t = max(t + d / speed, n["ready"])
            if t > n["due"] + 1e-6:
                errors.append(f"route {ri}: customer {c} starts at {t:.3f} after due {n['due']}")
            t += n["service"]
            if kind == "solomon":
                load -= n["demand"]
            else:
                load += n["demand"]
                if load > cap:
                    errors.append(f"route {ri}: load {load} > capacity {cap} after {c}")
                if n["pickup"]:  # a delivery: its pickup must come earlier in this route
                    if n["pickup"] not in pos:
                        errors.append(f"route {ri}: delivery {c} before/without pickup {n['pickup']}")
                if n["delivery"] and n["delivery"] not in route[k + 1:]:
                    errors.append(f"route {ri}: pickup {c} without later delivery {n['delivery']}")
            prev = n
        d = dist(prev, depot)
        cost += d
        t += d / speed
        if t > depot["due"] + 1e-6:
            errors.append(f"route {ri}: returns at {t:.3f} after the horizon {depot['due']}")
        total += cost
    for c in sol.get("unassigned", []):
        if c in seen:
            errors.append(f"customer {c} both served and unassigned")
        seen[c] = -1
    missing = [c for c in nodes if c != 0 and c not in seen]
    if missing:
        errors.append(f"customers neither served nor unassigned: {missing[:10]}")
    if abs(total - sol["cost"]) > 1e-6 * max(1.0, total):
        errors.append(f"reported cost {sol['cost']} but the routes sum to {total}")
    if sol["vehicles"] != len(sol["routes"]):
        errors.append("vehicles does not match the number of routes")
    if errors:
        print(f"INFEASIBLE {inst}: " + "; ".join(errors[:5]), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
