#!/usr/bin/env python3
"""Context recall over real commits: of the lines a commit changed, how many are in the context a
planner pre-pulls for the commit's message, and what that context costs in tokens.

Cases are real.py's (newest commits with one parent that modify 1-3 source files, held out by
commit id parity). Per case the repository is indexed at the parent and `healer rag context
--json --rev PARENT MESSAGE` gives the chunks the planner's prompt would carry, with the lines
each one shows (a clipped chunk shows only its first lines). The changed lines are the old side
of `git diff -U0 PARENT COMMIT` over the case's source files: deleted and modified lines, and for
a pure insertion the line it follows (line 1 for an insertion at the top).

  line recall   changed lines inside the shown line ranges / changed lines
  file recall   changed source files with any chunk in the context / changed source files
  tokens        the whole pre-pulled prompt text (file lists and context) in bytes / 4

Baselines at the SAME budget, per case: plain BM25 (real.py's bm25_okapi over the whole text files
of the parent tree) fills the case's token count with the best files, each from line 1 (a header
line per file counted), the last one cut (`bm25`); the same over source files only (`bm25-src`).

  bench/rag/recall.py --healer .build/release/healer
  bench/rag/recall.py --healer ... --projects healer=/work/main      # any repository, cloned under --scratch
  bench/rag/recall.py --healer ... --part dev --variants 'base=;top5=--top-files 5;clip2k=--clip 2000'
"""
import argparse
import json
import os
import re
import shlex
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import real  # noqa: E402

HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@")


def changed_lines(repo, parent, commit, paths):
    """Old-side line numbers the commit changed, per path."""
    out = real.git(repo, "diff", "-U0", "--no-renames", parent, commit, "--", *paths).decode("utf-8", "replace")
    lines, path = {}, None
    for line in out.splitlines():
        if line.startswith("--- "):
            path = line[6:] if line.startswith("--- a/") else None
        match = HUNK.match(line)
        if match and path:
            start, count = int(match.group(1)), int(match.group(2) if match.group(2) is not None else 1)
            span = range(start, start + count) if count else [max(start, 1)]
            lines.setdefault(path, set()).update(span)
    return lines


def baseline(files, query, budget_tokens):
    """BM25 over whole files; the best files from line 1 until the budget is spent: {path: last line}."""
    scores = real.bm25_okapi(query, [counts for _, (counts, _) in files])
    order = sorted(zip(scores, files), key=lambda x: (-x[0], x[1][0]))
    budget, shown = budget_tokens * 4, {}
    for score, (path, (_, lengths)) in order:
        if budget <= 0 or score <= 0:
            break
        budget -= len(path) + 12  # the header line and the fence
        last = 0
        for length in lengths:
            if budget - length < 0:
                break
            budget -= length
            last += 1
        if last:
            shown[path] = last
    return shown


def recall(changed, covered):
    """Line and file recall of `changed` ({path: lines}) against `covered` ({path: [(start, end)]})."""
    total = sum(len(v) for v in changed.values())
    hit = sum(1 for path, lines in changed.items() for n in lines if any(a <= n <= b for a, b in covered.get(path, [])))
    files = sum(1 for path in changed if path in covered) / len(changed)
    return hit / total, files


def pull(binary, repo, parent, query, options):
    started = time.perf_counter()
    done = subprocess.run([binary, "rag", "context", "--json", "--rev", parent, *options, query], cwd=repo, capture_output=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"healer rag context failed in {repo}: {done.stderr.decode()}")
    return json.loads(done.stdout), elapsed


def covered_by(report):
    covered = {}
    for chunk in report["chunks"]:
        if chunk.get("startLine") is not None:
            covered.setdefault(chunk["path"], []).append((chunk["startLine"], chunk.get("shownEndLine") or chunk["startLine"]))
    return covered


def summarize(rows, name, part):
    chosen = [r for r in rows if part == "all" or r["part"] == part]
    if not chosen:
        return None
    return {"cases": len(chosen), "line": statistics.mean(r["line"] for r in chosen), "file": statistics.mean(r["file"] for r in chosen),
            "tokens": statistics.median(r["tokens"] for r in chosen), "seconds": statistics.median(r["seconds"] for r in chosen),
            **{k: statistics.mean(r[k] for r in chosen) for k in ("bline", "bfile", "sline", "sfile")}}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--healer", required=True, help="the healer binary")
    parser.add_argument("--projects", default="jinja,more-itertools,logrus,swift-log", help="bundle names in --corpora, or NAME=PATH")
    parser.add_argument("--corpora", default="/work/shared/corpora")
    parser.add_argument("--scratch", default=os.path.join(real.ROOT, ".build", "rag-recall-bench"), help="clones live here (outside /tmp)")
    parser.add_argument("--cases", type=int, default=70, help="cases per project")
    parser.add_argument("--part", default="all", choices=["all", "dev", "held"], help="score only this part")
    parser.add_argument("--variants", default="default=", help="name=options;... (options of `healer rag context`)")
    parser.add_argument("--dump", help="write per-case rows here")
    args = parser.parse_args()
    binary = os.path.abspath(args.healer)
    variants = [(v.split("=", 1)[0], shlex.split(v.split("=", 1)[1])) for v in args.variants.split(";") if v.strip()]
    os.makedirs(args.scratch, exist_ok=True)
    rows = []
    for entry in args.projects.split(","):
        # A bundle in --corpora by name, or NAME=PATH for any other repository (cloned, never indexed in place).
        project, _, source = entry.partition("=")
        repo = os.path.join(args.scratch, project)
        if not os.path.isdir(repo):
            real.git(args.scratch, "clone", "-q", source or os.path.join(args.corpora, project + ".bundle"), repo)
        cases = [c for c in real.mine(repo, args.cases) if args.part == "all" or (args.part == "held") == real.held_out(c)]
        blobs = real.BlobTerms(repo)
        for number, case in enumerate(cases):
            print(f"{project} {number + 1}/{len(cases)}", file=sys.stderr, end="\r")
            subprocess.run([binary, "rag", "index", "--rev", case["parent"]], cwd=repo, check=True, capture_output=True)
            changed = changed_lines(repo, case["parent"], case["commit"], case["answers"])
            if not changed:
                continue
            files = real.parent_files(repo, case["parent"], blobs, lines=True)
            query = real.query_terms(case["query"])
            for name, options in variants:
                report, elapsed = pull(binary, repo, case["parent"], case["query"], options)
                line, file = recall(changed, covered_by(report))
                started = time.perf_counter()
                shown = baseline(files, query, report["tokens"])
                bline, bfile = recall(changed, {p: [(1, last)] for p, last in shown.items()})
                shown = baseline([f for f in files if real.is_source(f[0])], query, report["tokens"])
                sline, sfile = recall(changed, {p: [(1, last)] for p, last in shown.items()})
                rows.append({"project": project, "part": "held" if real.held_out(case) else "dev", "variant": name,
                             "commit": case["commit"], "line": line, "file": file, "tokens": report["tokens"], "seconds": elapsed,
                             "bline": bline, "bfile": bfile, "sline": sline, "sfile": sfile, "bseconds": time.perf_counter() - started,
                             "changed": sum(len(v) for v in changed.values())})
        print(file=sys.stderr)
    if args.dump:
        with open(args.dump, "w") as handle:
            json.dump(rows, handle)
    report_table(rows, [p.partition("=")[0] for p in args.projects.split(",")], [n for n, _ in variants])


def report_table(rows, projects, variants):
    print("| project | part | variant | cases | line recall | file recall | median tokens | median s | bm25 line | bm25 file | bm25-src line | bm25-src file |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    means = {}
    for project in projects:
        for part in ("dev", "held"):
            for variant in variants:
                s = summarize([r for r in rows if r["project"] == project and r["variant"] == variant], variant, part)
                if s:
                    means.setdefault((part, variant), []).append(s)
                    print(f"| {project} | {part} | {variant} | {s['cases']} | {s['line']:.3f} | {s['file']:.3f} | {s['tokens']:.0f} | {s['seconds']:.2f} | {s['bline']:.3f} | {s['bfile']:.3f} | {s['sline']:.3f} | {s['sfile']:.3f} |")
    for (part, variant), chosen in means.items():
        m = {k: statistics.mean(s[k] for s in chosen) for k in ("line", "file", "tokens", "seconds", "bline", "bfile", "sline", "sfile")}
        print(f"| mean | {part} | {variant} | | {m['line']:.3f} | {m['file']:.3f} | {m['tokens']:.0f} | {m['seconds']:.2f} | {m['bline']:.3f} | {m['bfile']:.3f} | {m['sline']:.3f} | {m['sfile']:.3f} |")


if __name__ == "__main__":
    main()
