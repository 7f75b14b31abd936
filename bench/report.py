#!/usr/bin/env python3
"""Writes the one benchmark report from the figures of several runs (bench/run_all.sh).

  bench/report.py OUT_DIR      reads OUT_DIR/meta.json and OUT_DIR/<bench>/run-<k>.jsonl,
                               writes OUT_DIR/report.md and OUT_DIR/report.json

Per figure: min / median / max over the runs. A peer measured in the same run gives a ratio per
run (ours / peer) and the report shows the median of those ratios, so that a machine slowing down
between runs cancels out; a stored peer measurement is compared with our median and says so.
"""
import glob
import json
import os
import statistics
import sys


def fmt(v):
    if v is None:
        return "–"
    a = abs(v)
    if a == 0:
        return "0"
    if a >= 1000:
        return f"{v:,.0f}"
    if a >= 100:
        return f"{v:.1f}"
    if a >= 1:
        return f"{v:.3g}" if a < 10 else f"{v:.2f}".rstrip("0").rstrip(".")
    return f"{v:.4g}"


def main():
    out = sys.argv[1]
    meta = json.load(open(os.path.join(out, "meta.json")))
    benches = {}
    for path in sorted(glob.glob(os.path.join(out, "*", "run-*.jsonl"))):
        bench = os.path.basename(os.path.dirname(path))
        run = os.path.basename(path)[len("run-"):-len(".jsonl")]
        figs = benches.setdefault(bench, {})
        for line in open(path):
            if not line.strip():
                continue
            r = json.loads(line)
            f = figs.setdefault(r["key"], {"label": r["label"], "unit": r["unit"],
                                           "input": r.get("input", ""), "runs": {}})
            f["runs"][run] = r
    report = {"meta": meta, "benches": {}}
    md = ["# siklus benchmark report", ""]
    md.append(f"- date: {meta.get('date', '?')}")
    md.append(f"- commit: {meta.get('commit', '?')}")
    md.append(f"- machine: {meta.get('cpu', '?')}, {meta.get('cores', '?')} cores, "
              f"{meta.get('memory', '?')} memory")
    md.append(f"- load average (1/5/15 min) before: {meta.get('load_before', '?')}; "
              f"after: {meta.get('load_after', '?')}")
    md.append(f"- runs per benchmark: {meta.get('runs', '?')}; benchmarks: "
              f"{', '.join(meta.get('benches', []))}")
    failed = meta.get("failed", [])
    if failed:
        md.append(f"- **failed runs**: {', '.join(failed)} (their figures are left out)")
    md.append("")
    md.append("Medians over the runs, with min – max. A ratio is ours / peer: for a time "
              "below 1 means siklus is faster. A peer run in the same script gives one ratio "
              "per run and the median of those; a stored peer figure is compared with our "
              "median.")
    for bench in sorted(benches):
        md += ["", f"## {bench}", "",
               "| figure | input | median | min – max | n | peer | ratio ours/peer |",
               "|---|---|---|---|---|---|---|"]
        rows = []
        for key, f in benches[bench].items():
            vals = [r["value"] for r in f["runs"].values()]
            med = statistics.median(vals)
            row = {"key": key, "label": f["label"], "unit": f["unit"], "input": f["input"],
                   "median": med, "min": min(vals), "max": max(vals), "n": len(vals)}
            peer_txt, ratio_txt = "–", "–"
            peers = [r["peer"] for r in f["runs"].values() if "peer" in r]
            if peers:
                name, source = peers[0]["name"], peers[0]["source"]
                pv = [p["value"] for p in peers]
                if source == "same run":
                    ratios = [r["value"] / r["peer"]["value"] for r in f["runs"].values()
                              if "peer" in r and r["peer"]["value"]]
                    ratio = statistics.median(ratios) if ratios else None
                    peer_txt = f"{name} {fmt(statistics.median(pv))} {f['unit']} (same run)"
                else:
                    ratio = med / pv[0] if pv[0] else None
                    peer_txt = f"{name} {fmt(pv[0])} {f['unit']} ({source})"
                row["peer"] = {"name": name, "source": source, "median": statistics.median(pv),
                               "ratio": ratio}
                ratio_txt = f"{ratio:.2f}×" if ratio is not None else "–"
            rows.append(row)
            unit = f" {f['unit']}" if f["unit"] else ""
            md.append(f"| {f['label']} | {f['input'] or '–'} | {fmt(med)}{unit} | "
                      f"{fmt(min(vals))} – {fmt(max(vals))} | {len(vals)} | {peer_txt} | "
                      f"{ratio_txt} |")
        report["benches"][bench] = rows
    md.append("")
    open(os.path.join(out, "report.md"), "w").write("\n".join(md))
    json.dump(report, open(os.path.join(out, "report.json"), "w"), indent=1)
    print("\n".join(md))


if __name__ == "__main__":
    main()
