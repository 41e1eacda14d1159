#!/usr/bin/env python3
# Reads a run (`healer show ID --json`) and its transcripts, prints the bench/models report as Markdown:
# the stages reached, the request shape the server settled on, tokens and seconds per model call.
import argparse
import json
import subprocess

parser = argparse.ArgumentParser()
parser.add_argument("run_json")
parser.add_argument("repo")
parser.add_argument("--exit", type=int)
parser.add_argument("--seconds", type=int)
parser.add_argument("--untouched")
parser.add_argument("--server")
args = parser.parse_args()
run = json.load(open(args.run_json))

stages = [run["history"][0]["from"]] if run["history"] else []
for event in run["history"]:
    if event["to"] != stages[-1]:
        stages.append(event["to"])
print(f"## bench/models: {args.server}, Gemma 3 270M Q4_K_M\n")
print(f"- run `{run['id']}`: exit {args.exit}, {args.seconds} s, final stage **{run['stage']}**")
print(f"- stages reached: {' → '.join(stages)}")
if run.get("failure"):
    print(f"- failure: {run['failure']['reason'][:300]}")
rows = []
settled = None
calls = 0
for artifact in run.get("artifacts", []):
    if artifact.get("kind") != "transcript":
        continue
    text = subprocess.run(["git", "-C", args.repo, "cat-file", "-p", artifact["blob"]], capture_output=True, text=True).stdout
    for line in text.splitlines():
        entry = json.loads(line)
        calls += 1
        usage = entry.get("usage") or {}
        prompt, completion = usage.get("promptTokens", 0), usage.get("completionTokens", 0)
        seconds = entry.get("latencySeconds") or 0
        wire = entry.get("shape") or {}
        fmt = wire.get("structuredOutput", "(not recorded)")
        tools = wire.get("tools", "native" if entry["request"].get("tools") else "none")
        if entry.get("shape"):
            settled = entry["shape"]
        rate = f"{completion / seconds:.1f}" if seconds and completion else "–"
        outcome = ("error: " + entry["error"][:80]) if entry.get("error") else "ok"
        rows.append(f"| {calls} | {entry.get('role', artifact.get('step'))} | {fmt} / {tools} | {prompt} | {completion} | {seconds:.1f} | {rate} | {outcome} |")

if settled:
    print(f"- request shape settled on (the last call's): structured output `{settled.get('structuredOutput')}`, tools `{settled.get('tools')}`")
print(f"- trunk and work tree untouched: {args.untouched}")
print(f"- tokens used: {run['budget']['used']['tokens']}\n")
print("| # | role | shape (format / tools) | prompt tokens | completion tokens | seconds | tokens/s | outcome |")
print("|---|---|---|---|---|---|---|---|")
print("\n".join(rows))
