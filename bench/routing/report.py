#!/usr/bin/env python3
"""Summarises bench/routing results.csv per class beside the VROOM 1.14 figures in measured/.

Solomon gaps are against the distance-only BKS (`bks_dist_distance`); Li & Lim gaps against the
hierarchical BKS (vehicles first), so there a negative gap usually comes with more vehicles.
Exit 1 if any solution was infeasible or left a task unassigned.
"""
import csv
import json
import os
import statistics
import sys

def li_lim_class(name):  # lc101 -> lc1, lrc205 -> lrc2
    stem = name.rstrip("0123456789")
    return stem + name[len(stem)]

def solomon_class(name):  # C101 -> C1, RC205 -> RC2
    stem = name.rstrip("0123456789")
    return stem + name[len(stem)]

def main():
    results, data = sys.argv[1], sys.argv[2]
    rows = list(csv.DictReader(open(results)))
    bks = {}
    for r in csv.DictReader(open(os.path.join(data, "solomon_bks.csv"))):
        bks[("solomon", r["instance"])] = (float(r["bks_dist_distance"]), int(r["bks_dist_vehicles"]))
    for k, v in json.load(open(os.path.join(data, "BKS_PDPTW_vroom-scripts.json"))).items():
        bks[("li_lim", k)] = (float(v["best_known_cost"]), int(v["solved_with_vehicles"]))
    vroom = {}
    for fname, key in (("vroom-1.14.0_solomon_t2_x5.csv", ("solomon", "quality")),
                       ("vroom-1.14.0_solomon_t2_x0.csv", ("solomon", "fast")),
                       ("vroom-1.14.0_li_lim_100_t2_x5.csv", ("li_lim", "quality"))):
        path = os.path.join(data, "measured", fname)
        if not os.path.exists(path):
            continue
        for r in csv.DictReader(l for l in open(path) if not l.startswith("#")):
            vroom[key + (r["instance"],)] = (float(r["gap_pct"]), float(r["ms"]), int(r["routes"]))
    bad = False
    groups = {}
    for r in rows:
        s, mode, name = r["set"], r["mode"], r["instance"]
        cost = float(r["cost"])
        ref, ref_veh = bks[(s, name)]
        gap = 100.0 * (cost - ref) / ref
        cls = solomon_class(name) if s == "solomon" else li_lim_class(name)
        ok = r["feasible"] == "yes" and r["unassigned"] == "0"
        bad |= not ok
        for key in ((s, mode, cls), (s, mode, "ALL")):
            g = groups.setdefault(key, dict(gap=[], ms=[], wall=[], veh=0, bks_veh=0, n=0, ok=0,
                                            vgap=[], vms=[], vveh=0, at_bks=0))
            g["gap"].append(gap)
            g["ms"].append(float(r["solver_ms"]))
            g["wall"].append(float(r["wall_ms"]))
            g["veh"] += int(r["vehicles"])
            g["bks_veh"] += ref_veh
            g["n"] += 1
            g["ok"] += ok
            g["at_bks"] += gap <= 0.005
            v = vroom.get((s, mode, name))
            if v:
                g["vgap"].append(v[0])
                g["vms"].append(v[1])
                g["vveh"] += v[2]
    hdr = (f"{'set':8} {'mode':8} {'class':5} {'n':>3} {'ok':>3} {'avg gap%':>9} {'med gap%':>9} "
           f"{'max gap%':>9} {'<=BKS':>5} {'avg ms':>7} {'max ms':>7} {'wall avg':>8} "
           f"{'veh':>5} {'bks veh':>7} | {'VROOM gap%':>10} {'VROOM ms':>8} {'VROOM veh':>9}")
    print(hdr)
    print("-" * len(hdr))
    for key in sorted(groups, key=lambda k: (k[0], k[1], k[2] == "ALL", k[2])):
        g = groups[key]
        vg = f"{statistics.mean(g['vgap']):10.2f}" if g["vgap"] else f"{'-':>10}"
        vm = f"{statistics.mean(g['vms']):8.0f}" if g["vms"] else f"{'-':>8}"
        vv = f"{g['vveh']:9d}" if g["vgap"] else f"{'-':>9}"
        print(f"{key[0]:8} {key[1]:8} {key[2]:5} {g['n']:3d} {g['ok']:3d} "
              f"{statistics.mean(g['gap']):9.2f} {statistics.median(g['gap']):9.2f} "
              f"{max(g['gap']):9.2f} {g['at_bks']:5d} {statistics.mean(g['ms']):7.0f} "
              f"{max(g['ms']):7.0f} {statistics.mean(g['wall']):8.0f} {g['veh']:5d} "
              f"{g['bks_veh']:7d} | {vg} {vm} {vv}")
        if key[2] == "ALL":
            print("-" * len(hdr))
    write_figures(groups)
    sys.exit(1 if bad else 0)


def write_figures(groups):
    """The per-set figures for bench/run_all.sh's report (JSON lines into $FIGURES)."""
    path = os.environ.get("FIGURES")
    if not path:
        return
    names = {"solomon": "Solomon 56 (gap to distance-only BKS)",
             "li_lim": "Li & Lim 100 (gap to hierarchical BKS)"}
    modes = {"quality": "quality 1 s", "fast": "fast 100 ms"}
    stored = {("solomon", "quality"): "vroom-1.14.0_solomon_t2_x5.csv",
              ("solomon", "fast"): "vroom-1.14.0_solomon_t2_x0.csv",
              ("li_lim", "quality"): "vroom-1.14.0_li_lim_100_t2_x5.csv"}
    with open(path, "a") as out:
        for (s, mode, cls), g in sorted(groups.items()):
            if cls != "ALL":
                continue
            base = f"routing.{s}.{mode}"
            what = f"{names[s]}, {modes[mode]}, 2 threads"
            def fig(key, value, unit, label, peer=None):
                rec = {"key": f"{base}.{key}", "value": value, "unit": unit,
                       "label": f"{what}: {label}", "input": ""}
                if peer is not None:
                    rec["peer"] = {"name": "VROOM 1.14", "value": peer,
                                   "source": f"stored: measured/{stored[(s, mode)]}"}
                out.write(json.dumps(rec) + "\n")
            full = len(g["vgap"]) == g["n"]
            fig("gap", statistics.mean(g["gap"]), "%", "average gap",
                statistics.mean(g["vgap"]) if full else None)
            fig("ms", statistics.mean(g["ms"]), "ms", "average solver time",
                statistics.mean(g["vms"]) if full else None)
            fig("vehicles", g["veh"], "", f"vehicles (BKS {g['bks_veh']})",
                g["vveh"] if full else None)
            fig("at_bks", g["at_bks"], "", f"instances at or below the BKS (of {g['n']})")
            fig("ok", g["ok"], "", f"feasible with every task served (of {g['n']})")

if __name__ == "__main__":
    main()
