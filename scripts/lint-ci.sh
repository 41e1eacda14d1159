#!/bin/sh
# Checks healer's CI files: JSON-schema validation (check-jsonschema) and GitHub Actions security
# audits (zizmor, offline). Installs both once into a virtualenv under .build-lint/.
set -eu
cd "$(dirname "$0")/.."
venv=.build-lint/venv
if [ ! -x "$venv/bin/zizmor" ] || [ ! -x "$venv/bin/check-jsonschema" ]; then
  echo "lint-ci: installing check-jsonschema and zizmor into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check check-jsonschema zizmor
fi
status=0
run() {
  echo "lint-ci: $*" >&2
  "$@" || status=1
}
run "$venv/bin/check-jsonschema" --builtin-schema vendor.github-workflows ci-templates/github/healer.yml
run "$venv/bin/check-jsonschema" --builtin-schema vendor.github-actions action.yml
run "$venv/bin/check-jsonschema" --builtin-schema vendor.gitlab-ci ci-templates/gitlab/healer.gitlab-ci.yml
run "$venv/bin/zizmor" --offline ci-templates/github/healer.yml action.yml
if [ "$status" -ne 0 ]; then
  echo "lint-ci: failed; fix the findings above" >&2
else
  echo "lint-ci: all CI files pass" >&2
fi
exit "$status"
