// The pre-push hook scripts that `healer install` writes (hooks/pre-push is the plain one).
import HealerHeal
import HealerRuns
import HealerTriggers
import HealerWorkspace

/// The shell scripts healer installs as the `pre-push` hook.
///
/// Both are POSIX sh and fail open: a missing or broken healer never blocks a push; only
/// `healer hook pre-push` exiting with status 1 (a deliberate block, `hook.blockOnRed: true`) does.
/// The plain script is byte for byte the repository's `hooks/pre-push`.
package enum HookScript {
    /// The line that marks a hook as healer's, so that install and uninstall recognise it.
    package static let marker = "healer-hook v1"

    /// The file name the hook that was there before is moved to when healer chains it.
    package static let chainedFileName = "pre-push.healer-chained"

    /// A shell function both scripts use for the fast path: whether a pushed branch may have a run.
    static let wantedFunction = #"""
healer_wanted() {
  # Reads git's push lines; true when a pushed branch may have a run (a healer/ branch, or one
  # indexed under refs/healer/branches/). Costs one `git show-ref` per other branch.
  while read -r healer_lref healer_lsha healer_rref healer_rsha; do
    case "$healer_lsha" in 0000000000000000000000000000000000000000|"") continue ;; esac
    for healer_ref in "$healer_lref" "$healer_rref"; do
      case "$healer_ref" in refs/heads/*) healer_branch=${healer_ref#refs/heads/} ;; *) continue ;; esac
      case "$healer_branch" in healer/*) return 0 ;; esac
      git show-ref --verify --quiet "refs/healer/branches/$healer_branch" && return 0
    done
  done
  return 1
}
"""#

    /// The hook installed when there was no pre-push hook before.
    package static let plain = #"""
#!/bin/sh
# healer pre-push hook (healer-hook v1). `healer install` puts it here; `healer uninstall` removes it.
# On branches without a run it costs a few builtin checks and one `git show-ref`; healer starts only for run branches.
# It fails open: no healer, HEALER=0, a nested push from healer itself (HEALER_IN_HOOK=1)
# or a healer error never blocks a push; only healer's deliberate "block" status (1) does.
[ "${HEALER:-1}" = 0 ] && exit 0
[ "${HEALER_IN_HOOK:-0}" = 1 ] && exit 0
command -v "${HEALER_BIN:-healer}" >/dev/null 2>&1 || exit 0
\#(wantedFunction)
healer_input=$(cat)
printf '%s\n' "$healer_input" | healer_wanted || exit 0
printf '%s\n' "$healer_input" | "${HEALER_BIN:-healer}" hook pre-push "$@"
healer_status=$?
[ "$healer_status" -le 1 ] && exit "$healer_status"
echo "healer: pre-push hook failed (status $healer_status); pushing anyway. HEALER=0 turns the hook off." >&2
exit 0

"""#

    /// The hook installed when another pre-push hook was there: it runs that hook first (moved to
    /// ``chainedFileName`` next to it) with the same arguments and a replay of the same stdin, stops
    /// the push when it fails, then runs healer like ``plain``.
    package static let chained = #"""
#!/bin/sh
# healer pre-push hook (healer-hook v1, chained). `healer install` put it here and moved the hook
# that was here before to pre-push.healer-chained; `healer uninstall` puts that one back.
# The original hook runs first with the same arguments and stdin; its failure stops the push.
# healer runs next and fails open: no healer, HEALER=0, a nested push from healer itself
# (HEALER_IN_HOOK=1) or a healer error never blocks a push; only healer's "block" status (1) does.
healer_chained="${0%/*}/pre-push.healer-chained"
if ! healer_stdin=$(mktemp "${TMPDIR:-/tmp}/healer-pre-push.XXXXXX"); then
  echo "healer: cannot save the pre-push input; running the original hook only." >&2
  [ -x "$healer_chained" ] && exec "$healer_chained" "$@"
  exit 0
fi
trap 'rm -f "$healer_stdin"' EXIT
cat >"$healer_stdin" || exit 1
if [ -x "$healer_chained" ]; then
  "$healer_chained" "$@" <"$healer_stdin" || exit $?
fi
[ "${HEALER:-1}" = 0 ] && exit 0
[ "${HEALER_IN_HOOK:-0}" = 1 ] && exit 0
command -v "${HEALER_BIN:-healer}" >/dev/null 2>&1 || exit 0
\#(wantedFunction)
healer_wanted <"$healer_stdin" || exit 0
"${HEALER_BIN:-healer}" hook pre-push "$@" <"$healer_stdin"
healer_status=$?
[ "$healer_status" -le 1 ] && exit "$healer_status"
echo "healer: pre-push hook failed (status $healer_status); pushing anyway. HEALER=0 turns the hook off." >&2
exit 0

"""#

    /// Whether `text` is a hook healer wrote (either script, any version with the marker).
    package static func isHealers(_ text: String) -> Bool {
        text.contains("(healer-hook ")
    }
}
