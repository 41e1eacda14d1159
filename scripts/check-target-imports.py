#!/usr/bin/env python3
# Checks that Package.swift tells the truth: each target declares exactly the package modules its
# sources import (targets of this package and products of its dependencies; system modules such
# as Foundation are not counted). Prints one line per drift and exits 1 when there is any.
# Usage: scripts/check-target-imports.py   (needs swift for `swift package dump-package`)
import json
import os
import re
import subprocess
import sys

os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
environment = {key: value for key, value in os.environ.items() if key != "HEALER_ONLY_TARGETS"}
manifest = subprocess.run(["swift", "package", "dump-package"], check=True, capture_output=True, text=True, env=environment)
package = json.loads(manifest.stdout)


def module(name):
    return re.sub(r"[^A-Za-z0-9_]", "_", name)


def dependency(entry):
    return module(next(iter(entry.values()))[0])


IMPORT = re.compile(
    r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|package|internal|fileprivate|private)\s+)?"
    r"import\s+(?:(?:typealias|struct|class|enum|protocol|let|var|func)\s+)?([A-Za-z_][A-Za-z0-9_]*)",
    re.M,
)
targets = [t for t in package["targets"] if t["type"] not in ("system", "binary", "plugin")]
known = {module(t["name"]) for t in package["targets"]}
for target in package["targets"]:
    known.update(dependency(d) for d in target["dependencies"])

drift = []
for target in targets:
    name = target["name"]
    root = target.get("path") or os.path.join("Tests" if target["type"] == "test" else "Sources", name)
    imported = {}
    for directory, _, files in sorted(os.walk(root)):
        for file in sorted(files):
            if not file.endswith(".swift"):
                continue
            path = os.path.join(directory, file)
            with open(path, encoding="utf-8") as source:
                for found in IMPORT.findall(source.read()):
                    if found in known and found != module(name):
                        imported.setdefault(found, path)
    declared = {dependency(d) for d in target["dependencies"]}
    for missing in sorted(set(imported) - declared):
        drift.append(f"{name}: imports {missing} ({imported[missing]}) but does not declare it; add it to {name}'s dependencies in Package.swift")
    for unused in sorted(declared - set(imported)):
        drift.append(f"{name}: declares {unused} but no file under {root} imports it; remove it from {name}'s dependencies in Package.swift")

for line in drift:
    print("check-target-imports: " + line, file=sys.stderr)
if drift:
    sys.exit(1)
print(f"check-target-imports: the {len(targets)} targets declare exactly what they import", file=sys.stderr)
