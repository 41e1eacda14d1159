// The CI templates' text, byte for byte the files under ci-templates/ (a test checks it).

extension CIProvider {
    /// The text of `ci-templates/github/healer.yml`.
    static let githubTemplate = #"""
# healer for GitHub Actions. `healer install --ci github` copies this file to
# .github/workflows/healer.yml. See docs/github.md for the tokens, permissions and events.
#
# - A pull request labelled `healer` (or the repository variable HEALER_LABEL) becomes a healer
#   run whose request is the title and body; each new push or label event advances it.
# - When the workflow named in `workflow_run.workflows` fails on the default branch, the
#   Verifier (`healer heal`) looks for the culprit and opens a regression branch.
# - `workflow_dispatch` with a commit runs the Verifier on demand.
name: healer

on:
  pull_request:
    types: [labeled, opened, reopened, synchronize]
  # zizmor: ignore[dangerous-triggers] only runs for push events on this repository's default branch (see the job's `if:`), never for fork code
  workflow_run:
    workflows: [CI]  # the name of the workflow whose failures healer should heal
    types: [completed]
  workflow_dispatch:
    inputs:
      sha:
        description: "The red commit the Verifier should examine (default: the branch head)"
        required: false
        type: string

permissions: {}

concurrency:
  group: healer-${{ github.event.pull_request.number || github.event.workflow_run.head_branch || github.ref }}
  cancel-in-progress: false

jobs:
  advance:
    name: Advance the healer run
    if: >-
      github.event_name == 'pull_request'
      && github.event.pull_request.head.repo.full_name == github.repository
      && contains(github.event.pull_request.labels.*.name, vars.HEALER_LABEL || 'healer')
    runs-on: ubuntu-latest
    timeout-minutes: 60
    permissions:
      contents: write       # commits on the run branch, notes under refs/healer/*
      pull-requests: write  # the run's summary comment and status on the pull request
    steps:
      - uses: actions/checkout@34e114876b0b11c390a56381ad16ebd13914f8d5 # v4.3.1
        with:
          ref: ${{ github.event.pull_request.head.ref }}
          fetch-depth: 0
          persist-credentials: false  # healer passes the token to its own fetch/push only
      - name: Fetch healer run state
        env:
          HEALER_GITHUB_TOKEN: ${{ github.token }}
        run: |
          auth="$(printf 'x-access-token:%s' "$HEALER_GITHUB_TOKEN" | base64 -w0)"
          GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0="http.$GITHUB_SERVER_URL/.extraheader" \
            GIT_CONFIG_VALUE_0="AUTHORIZATION: basic $auth" \
            git fetch --no-tags origin '+refs/healer/*:refs/healer/*' || true
      - name: healer ci
        uses: healer-dev/healer@0000000000000000000000000000000000000000 # HEALER_ACTION_PIN: the healer commit to build (see docs/github.md)
        env:
          HEALER_LABEL: ${{ vars.HEALER_LABEL || 'healer' }}
          HEALER_LLM_API_KEY: ${{ secrets.HEALER_LLM_API_KEY }}
        with:
          command: ci

  heal:
    name: Heal the default branch
    if: >-
      (github.event_name == 'workflow_run'
        && github.event.workflow_run.conclusion == 'failure'
        && github.event.workflow_run.event == 'push'
        && github.event.workflow_run.head_branch == github.event.repository.default_branch
        && github.event.workflow_run.head_repository.full_name == github.repository)
      || github.event_name == 'workflow_dispatch'
    runs-on: ubuntu-latest
    timeout-minutes: 60
    permissions:
      contents: write  # the regression branch healer/regression/<sha> and refs/healer/*
    steps:
      - uses: actions/checkout@34e114876b0b11c390a56381ad16ebd13914f8d5 # v4.3.1
        with:
          ref: ${{ github.event.workflow_run.head_sha || inputs.sha || github.sha }}
          fetch-depth: 0
          persist-credentials: false  # healer passes the token to its own fetch/push only
      - name: Fetch healer run state
        env:
          HEALER_GITHUB_TOKEN: ${{ github.token }}
        run: |
          auth="$(printf 'x-access-token:%s' "$HEALER_GITHUB_TOKEN" | base64 -w0)"
          GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0="http.$GITHUB_SERVER_URL/.extraheader" \
            GIT_CONFIG_VALUE_0="AUTHORIZATION: basic $auth" \
            git fetch --no-tags origin '+refs/healer/*:refs/healer/*' || true
      - name: healer ci (Verifier)
        uses: healer-dev/healer@0000000000000000000000000000000000000000 # HEALER_ACTION_PIN: the healer commit to build (see docs/github.md)
        with:
          command: ci

"""#

    /// The text of `ci-templates/gitlab/healer.gitlab-ci.yml`.
    static let gitlabTemplate = #"""
# healer for GitLab CI. `healer install --ci gitlab` copies this file to .gitlab-ci.healer.yml;
# include it from your .gitlab-ci.yml:
#
#   include:
#     - local: .gitlab-ci.healer.yml
#
# - A merge request labelled `healer` becomes a healer run whose request is the MR title and
#   description; every MR pipeline advances it (`healer ci`).
# - When a pipeline on the default branch fails, `healer-heal` (stage .post, when: on_failure)
#   runs the Verifier and pushes a regression branch healer/regression/<sha>.
# Needs a masked CI/CD variable HEALER_GITLAB_TOKEN (a project access token with
# write_repository, and api for merge request notes). See docs/gitlab.md.

variables:
  HEALER_LABEL: healer
  # The same label as a regular expression over the comma-separated CI_MERGE_REQUEST_LABELS.
  HEALER_LABEL_PATTERN: /(^|,)healer(,|$)/
  # Where healer is built from, and which commit or tag (also the build cache key).
  HEALER_SOURCE: https://github.com/healer-dev/healer.git
  HEALER_VERSION: main
  HEALER_IMAGE: swift:6.3-bookworm

.healer:
  image: $HEALER_IMAGE
  interruptible: false
  variables:
    GIT_DEPTH: "0"
    GIT_STRATEGY: clone
  cache:
    key: healer-build-$HEALER_VERSION
    paths:
      - .healer-src/.build/
  before_script:
    - echo /.healer-src/ >> .git/info/exclude
    - test -d .healer-src/.git || git clone --quiet "$HEALER_SOURCE" .healer-src
    - git -C .healer-src fetch --quiet origin "$HEALER_VERSION"
    - git -C .healer-src checkout --quiet --force FETCH_HEAD
    - sh .healer-src/scripts/setup-system.sh
    - (cd .healer-src && swift build -c release --product healer)
    - export PATH="$CI_PROJECT_DIR/.healer-src/.build/release:$PATH"
    - git config user.name "${HEALER_GIT_NAME:-healer}"
    - git config user.email "${HEALER_GIT_EMAIL:-healer@users.noreply.invalid}"
    - |
      # The token goes to this fetch and to healer's own fetch/push only, never into .git/config.
      if [ -n "${HEALER_GITLAB_TOKEN:-}" ]; then
        auth="$(printf 'oauth2:%s' "$HEALER_GITLAB_TOKEN" | base64 -w0)"
        export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0="http.$CI_SERVER_URL/.extraheader"
        export GIT_CONFIG_VALUE_0="Authorization: Basic $auth"
        git fetch --no-tags origin '+refs/healer/*:refs/healer/*' || true
        unset GIT_CONFIG_COUNT GIT_CONFIG_KEY_0 GIT_CONFIG_VALUE_0 auth
      else
        echo "healer: HEALER_GITLAB_TOKEN is not set; healer can read but not push (see docs/gitlab.md)" >&2
        git fetch --no-tags origin '+refs/healer/*:refs/healer/*' || true
      fi

healer:
  extends: .healer
  stage: .pre
  resource_group: healer-mr-$CI_MERGE_REQUEST_IID
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event" && $CI_MERGE_REQUEST_LABELS =~ $HEALER_LABEL_PATTERN
  script:
    - git checkout -B "$CI_MERGE_REQUEST_SOURCE_BRANCH_NAME" "$CI_COMMIT_SHA"
    - healer ci

healer-heal:
  extends: .healer
  stage: .post
  resource_group: healer-heal-$CI_DEFAULT_BRANCH
  variables:
    HEALER_PIPELINE_STATUS: failed
  rules:
    - if: $CI_PIPELINE_SOURCE != "merge_request_event" && $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
      when: on_failure
  script:
    - healer ci

"""#
}
