#!/usr/bin/env python3
"""Appends one benchmark figure as a JSON line to the file named by $FIGURES (no-op if unset).

Every bench/*/run.sh reports its figures through this, so that bench/run_all.sh can take the
median of several runs and bench/report.py can write one report.

  bench/figure.py KEY VALUE UNIT LABEL [--input TEXT] [--peer NAME VALUE SOURCE]

KEY is stable across runs ("linkage.febrl.recall"); LABEL says what was measured; --input names
the input and its mapping where it changes the figure. --peer gives the same figure for a peer
tool; SOURCE is "same run" when the script measured it beside ours, otherwise where the stored
measurement comes from (e.g. "stored: measured/vroom-1.14.0_solomon_t2_x5.csv").
"""
import argparse
import json
import os
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("key")
    ap.add_argument("value", type=float)
    ap.add_argument("unit")
    ap.add_argument("label")
    ap.add_argument("--input", default="")
    ap.add_argument("--peer", nargs=3, metavar=("NAME", "VALUE", "SOURCE"))
    a = ap.parse_args()
    path = os.environ.get("FIGURES")
    if not path:
        return 0
    rec = {"key": a.key, "value": a.value, "unit": a.unit, "label": a.label, "input": a.input}
    if a.peer:
        rec["peer"] = {"name": a.peer[0], "value": float(a.peer[1]), "source": a.peer[2]}
    with open(path, "a") as f:
        f.write(json.dumps(rec) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
