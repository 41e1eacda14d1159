#!/usr/bin/env python3
"""Chooses rankFiles' signal weights on the development part of a real.py --dump.

Each case's --files output lists every candidate file with its signals' shares (0...1); a
ranking is the weighted sum, so weights can be tried without running healer again. Coordinate
ascent over a small grid, maximising the mean over projects of MRR + R@5 on the development
part; prints the held-out figures of the chosen weights too (for the record, not for choosing).

  bench/rag/tune.py signals.json
"""
import json
import sys

SIGNALS = ["file", "symbol", "names", "path", "commits", "subjects", "coChange", "recency"]
GRID = [0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3]


def evaluate(cases, weights, part):
    per_project = {}
    for case in cases:
        if case["part"] != part:
            continue
        files = case["output"]["source"]
        ranked = sorted(files, key=lambda f: (-sum(weights[s] * f["evidence"].get(s, 0) for s in SIGNALS), f["path"]))
        order = [f["path"] for f in ranked]
        answers = set(case["answers"])
        rank = next((i + 1 for i, p in enumerate(order) if p in answers), None)
        row = per_project.setdefault(case["project"], [])
        row.append((1 / rank if rank else 0, len(answers & set(order[:1])) / len(answers), len(answers & set(order[:5])) / len(answers)))
    summary = {}
    for project, rows in per_project.items():
        summary[project] = tuple(sum(r[i] for r in rows) / len(rows) for i in range(3))
    mean = tuple(sum(v[i] for v in summary.values()) / len(summary) for i in range(3))
    return mean, summary


def objective(cases, weights):
    (mrr, _, r5), _ = evaluate(cases, weights, "dev")
    return mrr + r5


def main():
    cases = json.load(open(sys.argv[1]))
    weights = {"file": 1, "symbol": 0.5, "names": 0.3, "path": 0.2, "commits": 0.5, "subjects": 0.25, "coChange": 0.05, "recency": 0.1}
    best = objective(cases, weights)
    for _ in range(4):
        improved = False
        for signal in SIGNALS:
            if signal == "file":
                continue
            for value in GRID:
                trial = dict(weights, **{signal: value})
                got = objective(cases, trial)
                if got > best + 1e-9:
                    best, weights, improved = got, trial, True
        if not improved:
            break
    print("weights", json.dumps(weights))
    for part in ("dev", "held"):
        (mrr, r1, r5), projects = evaluate(cases, weights, part)
        print(f"{part}: MRR {mrr:.3f} R@1 {r1:.3f} R@5 {r5:.3f}  " + "  ".join(f"{p} {v[0]:.3f}/{v[2]:.3f}" for p, v in projects.items()))
    for signal in SIGNALS:
        alone = {s: (1 if s == signal else 0) for s in SIGNALS}
        (mrr, r1, r5), _ = evaluate(cases, alone, "dev")
        print(f"  {signal} alone (dev): MRR {mrr:.3f} R@5 {r5:.3f}")


if __name__ == "__main__":
    main()
