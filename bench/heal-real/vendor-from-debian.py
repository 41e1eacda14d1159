#!/usr/bin/env python3
"""Writes vendor/ for the Go module in the current directory from Debian's Go sources
(/usr/share/gocode/src), with vendor/modules.txt matching the module's go.mod, so that
`go test ./...` runs offline in module mode (-mod=vendor). Modules that Debian's copies need and
go.mod does not name are added to go.mod as indirect requirements (Go 1.17+ wants every vendored
module required). Usage: vendor-from-debian.py PKG... (the module's non-standard imports)"""
import os, re, shutil, subprocess, sys

GOCODE = "/usr/share/gocode/src"
roots = {  # module path -> (Debian source folder, version Debian ships)
    "github.com/stretchr/testify": ("github.com/stretchr/testify", "v1.8.1"),
    "github.com/davecgh/go-spew": ("github.com/davecgh/go-spew", "v1.1.1"),
    "github.com/pmezard/go-difflib": ("github.com/pmezard/go-difflib", "v1.0.0"),
    "gopkg.in/yaml.v3": ("gopkg.in/yaml.v3", "v3.0.1"),
    "golang.org/x/sys": ("golang.org/x/sys", "v0.3.0"),
}
gomod = open("go.mod").read()
required = {}
for block in re.findall(r"require\s*\((.*?)\)", gomod, re.S) + re.findall(r"^require\s+(\S+\s+\S+)", gomod, re.M):
    for line in block.splitlines():
        parts = line.split("//")[0].split()
        if len(parts) == 2:
            required[parts[0]] = parts[1]
# The packages the module's imports need, with their dependencies (GOPATH mode on Debian's tree).
env = dict(os.environ, GO111MODULE="off", GOPATH="/usr/share/gocode", GOFLAGS="")
pkgs = set()
for goos in ("linux", "windows", "darwin"):
    out = subprocess.run(["go", "list", "-e", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}"] + sys.argv[1:],
                         env=dict(env, GOOS=goos), capture_output=True, text=True, check=True).stdout
    pkgs.update(p for p in out.split() if p)
shutil.rmtree("vendor", ignore_errors=True)
by_module = {}
for pkg in sorted(pkgs):
    module = max((m for m in roots if pkg == m or pkg.startswith(m + "/")), key=len, default=None)
    if module is None:
        continue
    by_module.setdefault(module, []).append(pkg)
    source = os.path.join(GOCODE, roots[module][0] + pkg[len(module):])
    target = os.path.join("vendor", pkg)
    os.makedirs(target, exist_ok=True)
    for name in os.listdir(source):
        path = os.path.join(source, name)
        if os.path.isfile(path) and not name.endswith("_test.go"):
            shutil.copy(path, target)
missing = [m for m in sorted(by_module) if m not in required]
if missing:
    with open("go.mod", "a") as f:
        f.write("\nrequire (\n" + "".join(f"\t{m} {roots[m][1]} // indirect\n" for m in missing) + ")\n")
    for m in missing:
        required[m] = roots[m][1]
lines = []
for module in sorted(set(by_module) | set(required)):
    version = required.get(module) or roots.get(module, ("", "v0.0.0"))[1]
    lines.append(f"# {module} {version}")
    if module in required:
        # The language version vendored code compiles with: the Debian copy's go.mod `go` line.
        gomod_path = os.path.join(GOCODE, roots[module][0], "go.mod") if module in roots else ""
        found = re.search(r"^go\s+(\S+)", open(gomod_path).read(), re.M) if os.path.isfile(gomod_path) else None
        lines.append("## explicit; go " + (found.group(1) if found else "1.17"))
    lines += by_module.get(module, [])
os.makedirs("vendor", exist_ok=True)
open("vendor/modules.txt", "w").write("\n".join(lines) + "\n")
