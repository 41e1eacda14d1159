#!/usr/bin/env python3
"""Real-task retrieval benchmark: commit message -> the source files the commit changed.

Cases are mined from real histories (the bundles in /work/shared/corpora by default). For each
case the repository is indexed at the commit's parent (with its history: nothing after the
parent is visible), the commit's message is the query, and the answer is the 1-3 source files the
commit modified. Rankers scored in the same run:

  bm25        plain BM25 (Okapi, k1 1.5, b 0.75, as rank_bm25's BM25Okapi) over the whole text
              files of the parent tree, code-aware terms (identifiers whole and split)
  bm25-src    the same, ranking source files only (tests, docs, changelogs left out)
  chunks      `healer rag query --json`: files in the order of their best chunk
  files       `healer rag query --files --json`: the where-to-change (source) list

Cases split deterministically: a case is held out when the first 8 hex digits of its commit id
are even; tune on the development part only.

  bench/rag/real.py --healer .build/debug/healer                 # every project, both parts
  bench/rag/real.py --healer ... --projects jinja --cases 40
  bench/rag/real.py --healer ... --dump signals.json             # per-case --files output (tuning)
"""
import argparse
import json
import math
import os
import re
import statistics
import subprocess
import sys
import time
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SOURCE_EXT = {".py", ".pyi", ".go", ".swift", ".js", ".ts", ".rs", ".c", ".h", ".cc", ".cpp", ".java", ".rb"}
CONTEXT_DIRS = {"test", "tests", "testing", "spec", "docs", "doc", "examples", "example", "benchmarks", "bench",
                "scripts", ".github", "artwork", "fixtures", "testdata"}
VENDORED = {"vendor", "node_modules", "Pods", "third_party", ".build", "Carthage"}
STOPWORDS = set("""a an and are as at be but by for from has have how i if in into is it its of on or
that the their then there these this to was were when where which while will with without not no
do does did can should would could may might must so than too very via""".split())
TRAILER = re.compile(r"^(signed-off-by|co-authored-by|reviewed-by|acked-by|cc|change-id):", re.I)


def is_source(path):
    parts = path.split("/")
    name = parts[-1]
    ext = os.path.splitext(name)[1]
    if ext not in SOURCE_EXT:
        return False
    if any(p.lower() in CONTEXT_DIRS for p in parts[:-1]) or any(p in VENDORED for p in parts[:-1]):
        return False
    low = name.lower()
    if low.startswith("test_") or low.endswith(("_test.go", "_test.py", "tests.swift", "test.swift", ".test.js", ".spec.js")):
        return False
    return low not in {"conftest.py", "setup.py", "noxfile.py"}


def git(repo, *args, input=None):
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True, input=input).stdout


def clean_message(message):
    lines = [line for line in message.strip().splitlines() if not TRAILER.match(line.strip())]
    return "\n".join(lines).strip()


def terms(text):
    """Code-aware terms: each identifier whole, lowercased, plus its words (camelCase, snake_case, digits)."""
    out = []
    for word in re.findall(r"[A-Za-z0-9_]+", text):
        whole = word.lower()
        parts = [p.lower() for p in re.findall(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+", word)]
        out.append(whole)
        if len(parts) > 1 or (parts and parts[0] != whole):
            out.extend(parts)
    return out


def query_terms(text):
    seen, out = set(), []
    for t in terms(text):
        if t not in STOPWORDS and len(t) > 1 and t not in seen:
            seen.add(t)
            out.append(t)
    return out


def mine(repo, count):
    """The newest `count` commits with one parent that modify 1-3 source files (all existing at the parent)."""
    log = git(repo, "log", "--no-merges", "--no-renames", "--format=%x1e%H %P%x1f%B%x1f", "--name-status", "HEAD").decode("utf-8", "replace")
    cases = []
    for record in log.split("\x1e")[1:]:
        head, message, names = record.split("\x1f")
        ids = head.split()
        if len(ids) != 2:
            continue
        changes = [line.split("\t") for line in names.strip().splitlines() if line.strip()]
        source = [c for c in changes if is_source(c[-1])]
        if not 1 <= len(source) <= 3 or any(c[0] != "M" for c in source):
            continue
        text = clean_message(message)
        if len(query_terms(text)) < 2:
            continue
        cases.append({"commit": ids[0], "parent": ids[1], "query": text, "answers": sorted(c[1] for c in source)})
        if len(cases) == count:
            break
    cases.reverse()  # oldest first: the index grows forward
    return cases


class BlobTerms:
    """Term counts per blob, and each line's length in bytes, read once with `git cat-file --batch`."""

    def __init__(self, repo):
        self.repo = repo
        self.cache = {}
        self.lines = {}

    def load(self, blobs):
        missing = [b for b in blobs if b not in self.cache]
        if not missing:
            return
        out = git(self.repo, "cat-file", "--batch", input=("\n".join(missing) + "\n").encode())
        offset = 0
        for blob in missing:
            header_end = out.index(b"\n", offset)
            size = int(out[offset:header_end].split()[2])
            data = out[header_end + 1: header_end + 1 + size]
            offset = header_end + 1 + size + 1
            if size > 1 << 20 or b"\0" in data[:8192]:
                self.cache[blob] = None
            else:
                self.cache[blob] = Counter(terms(data.decode("utf-8", "replace")))
                self.lines[blob] = [len(line) + 1 for line in data.split(b"\n")]


def parent_files(repo, parent, blob_terms, lines=False):
    """(path, term counts) of the parent tree's text files; with `lines`, (path, (counts, line lengths))."""
    files = []
    for line in git(repo, "ls-tree", "-r", parent).decode("utf-8", "replace").splitlines():
        meta, path = line.split("\t", 1)
        mode, kind, blob = meta.split()
        if kind != "blob" or mode == "120000" or any(p in VENDORED for p in path.split("/")[:-1]):
            continue
        files.append((path, blob))
    blob_terms.load([b for _, b in files])
    kept = [(p, b) for p, b in files if blob_terms.cache[b] is not None]
    return [(p, (blob_terms.cache[b], blob_terms.lines[b]) if lines else blob_terms.cache[b]) for p, b in kept]


def bm25_okapi(query, docs, k1=1.5, b=0.75, epsilon=0.25):
    """rank_bm25's BM25Okapi: negative idfs floored at epsilon times the mean idf."""
    n = len(docs)
    lengths = [sum(d.values()) for d in docs]
    average = sum(lengths) / max(n, 1)
    frequency = Counter()
    for d in docs:
        frequency.update(d.keys())
    idf = {t: math.log(n - f + 0.5) - math.log(f + 0.5) for t, f in frequency.items()}
    floor = epsilon * (sum(idf.values()) / max(len(idf), 1))
    idf = {t: (v if v >= 0 else floor) for t, v in idf.items()}
    scores = []
    for d, length in zip(docs, lengths):
        s = 0.0
        for t in query:
            f = d.get(t, 0)
            if f:
                s += idf[t] * f * (k1 + 1) / (f + k1 * (1 - b + b * length / average))
        scores.append(s)
    return scores


def score(ranking, answers):
    answers = set(answers)
    rank = next((i + 1 for i, p in enumerate(ranking) if p in answers), None)
    recall = {k: len(answers & set(ranking[:k])) / len(answers) for k in (1, 5, 10)}
    return {"r1": recall[1], "r5": recall[5], "r10": recall[10], "mrr": 1 / rank if rank else 0.0}


def healer(binary, repo, args):
    started = time.perf_counter()
    done = subprocess.run([binary, "rag", "query", *args], cwd=repo, capture_output=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"healer rag query failed in {repo}: {done.stderr.decode()}")
    return json.loads(done.stdout), elapsed


def files_ranking(output):
    return [f["path"] for f in output["source"]]


def chunk_ranking(hits):
    seen, out = set(), []
    for hit in hits:
        if hit["path"] not in seen:
            seen.add(hit["path"])
            out.append(hit["path"])
    return out


def held_out(case):
    return int(case["commit"][:8], 16) % 2 == 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--healer", required=True, help="the healer binary")
    parser.add_argument("--projects", default="jinja,more-itertools,logrus,swift-log")
    parser.add_argument("--corpora", default="/work/shared/corpora")
    parser.add_argument("--scratch", default=os.path.join(ROOT, ".build", "rag-real-bench"), help="clones live here (outside /tmp)")
    parser.add_argument("--cases", type=int, default=70, help="cases per project")
    parser.add_argument("--rankers", default="bm25,bm25-src,chunks,files")
    parser.add_argument("--dump", help="write each case's --files output here (for tuning)")
    args = parser.parse_args()
    binary = os.path.abspath(args.healer)
    rankers = args.rankers.split(",")
    os.makedirs(args.scratch, exist_ok=True)
    rows, dump = [], []
    for project in args.projects.split(","):
        repo = os.path.join(args.scratch, project)
        if not os.path.isdir(repo):
            git(args.scratch, "clone", "-q", os.path.join(args.corpora, project + ".bundle"), repo)
        cases = mine(repo, args.cases)
        blob_terms = BlobTerms(repo)
        results = {r: [] for r in rankers}
        latency = {r: [] for r in rankers}
        for number, case in enumerate(cases):
            print(f"{project} {number + 1}/{len(cases)}", file=sys.stderr, end="\r")
            if "chunks" in rankers or "files" in rankers:
                subprocess.run([binary, "rag", "index", "--rev", case["parent"]], cwd=repo, check=True, capture_output=True)
            part = "held" if held_out(case) else "dev"
            if "bm25" in rankers or "bm25-src" in rankers:
                started = time.perf_counter()
                files = parent_files(repo, case["parent"], blob_terms)
                query = query_terms(case["query"])
                for name, keep in (("bm25", lambda p: True), ("bm25-src", is_source)):
                    if name not in rankers:
                        continue
                    chosen = [(p, d) for p, d in files if keep(p)]
                    scores = bm25_okapi(query, [d for _, d in chosen])
                    order = [p for _, p in sorted(zip(scores, (p for p, _ in chosen)), key=lambda x: (-x[0], x[1]))]
                    results[name].append((part, score(order, case["answers"])))
                    latency[name].append(time.perf_counter() - started)
            if "chunks" in rankers:
                hits, elapsed = healer(binary, repo, ["--rev", case["parent"], "--json", "-k", "100", case["query"]])
                results["chunks"].append((part, score(chunk_ranking(hits), case["answers"])))
                latency["chunks"].append(elapsed)
            if "files" in rankers:
                output, elapsed = healer(binary, repo, ["--rev", case["parent"], "--files", "--json", "-k", "200", case["query"]])
                results["files"].append((part, score(files_ranking(output), case["answers"])))
                latency["files"].append(elapsed)
                dump.append({"project": project, "part": part, **case, "output": output})
        for ranker in rankers:
            for part in ("dev", "held", "all"):
                chosen = [s for p, s in results[ranker] if part == "all" or p == part]
                if not chosen:
                    continue
                mean = {m: sum(s[m] for s in chosen) / len(chosen) for m in ("r1", "r5", "r10", "mrr")}
                rows.append((project, part, ranker, len(chosen), mean, statistics.median(latency[ranker]) * 1000))
    if args.dump:
        with open(args.dump, "w") as handle:
            json.dump(dump, handle)
    print("| project | part | ranker | cases | R@1 | R@5 | R@10 | MRR | median ms |")
    print("|---|---|---|---|---|---|---|---|---|")
    for project, part, ranker, n, m, ms in rows:
        print(f"| {project} | {part} | {ranker} | {n} | {m['r1']:.3f} | {m['r5']:.3f} | {m['r10']:.3f} | {m['mrr']:.3f} | {ms:.0f} |")
    # Means over projects (each project weighs the same).
    for part in ("dev", "held"):
        for ranker in rankers:
            chosen = [m for _, p, r, _, m, _ in rows if p == part and r == ranker]
            if chosen:
                mean = {k: sum(m[k] for m in chosen) / len(chosen) for k in ("r1", "r5", "r10", "mrr")}
                print(f"| mean | {part} | {ranker} | | {mean['r1']:.3f} | {mean['r5']:.3f} | {mean['r10']:.3f} | {mean['mrr']:.3f} | |")


if __name__ == "__main__":
    main()
