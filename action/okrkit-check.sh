#!/usr/bin/env bash
# The steps of the okrkit GitHub Action (action.yml at the repository root calls this
# script; tests/action/test_action.py runs the very same script locally).
#
#   okrkit-check.sh install   install okrkit from the action's checkout ($GITHUB_ACTION_PATH),
#                             its dependencies pinned by requirements/lock.txt
#   okrkit-check.sh check     run `okrkit check` on $INPUT_PATH: text and annotations in the
#                             log, Markdown appended to $GITHUB_STEP_SUMMARY, SARIF to
#                             $INPUT_SARIF when set, counts to $GITHUB_OUTPUT; with a
#                             baseline, only the findings it did not have count, and
#                             `okrkit diff` against it goes to the summary first
#
# Inputs come as INPUT_PATH, INPUT_ARGS, INPUT_FAIL_ON, INPUT_SARIF, INPUT_AS_OF,
# INPUT_BASELINE and INPUT_DIFF. The baseline is INPUT_BASELINE (a git revision; `none`
# for none), else on a pull request (GITHUB_BASE_REF set) origin/<base branch>, fetched
# (one commit is enough) when the checkout lacks it. The exit code is okrkit check's: 0
# clean, 1 findings at or above INPUT_FAIL_ON, 2 the plan does not load or an option is
# wrong; the diff never fails the step.
set -euo pipefail

step="${1:-}"
root="${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}"
python="${OKRKIT_PYTHON:-python}"

case "$step" in
install)
  "$python" -m pip install --quiet --disable-pip-version-check \
    --constraint "$root/requirements/lock.txt" "$root"
  okrkit --version
  exit 0
  ;;
check) ;;
*)
  echo "usage: okrkit-check.sh install|check" >&2
  exit 2
  ;;
esac

args=()
if [ -n "${INPUT_PATH:-}" ]; then args+=("$INPUT_PATH"); fi
if [ -n "${INPUT_AS_OF:-}" ]; then args+=(--as-of "$INPUT_AS_OF"); fi
if [ -n "${INPUT_ARGS:-}" ]; then
  read -r -a extra <<<"$INPUT_ARGS"
  args+=("${extra[@]}")
fi
fail_on="${INPUT_FAIL_ON:-error}"
plan_args=()
if [ -n "${INPUT_PATH:-}" ]; then plan_args+=("$INPUT_PATH"); fi
if [ -n "${INPUT_AS_OF:-}" ]; then plan_args+=(--as-of "$INPUT_AS_OF"); fi

# The baseline: the input, else the pull request's base branch; `none` turns it off.
baseline="${INPUT_BASELINE:-}"
if [ -z "$baseline" ] && [ -n "${GITHUB_BASE_REF:-}" ]; then
  baseline="origin/$GITHUB_BASE_REF"
  if ! git rev-parse --verify --quiet "$baseline^{commit}" >/dev/null 2>&1; then
    # a shallow checkout (actions/checkout's default) lacks the base: one commit will do
    git fetch --quiet --no-tags --depth=1 origin \
      "+refs/heads/$GITHUB_BASE_REF:refs/remotes/origin/$GITHUB_BASE_REF" || true
  fi
fi
if [ "$baseline" = "none" ]; then baseline=""; fi
if [ -n "$baseline" ]; then args+=(--baseline "$baseline"); fi
summary="${GITHUB_STEP_SUMMARY:-/dev/null}"
outputs="${GITHUB_OUTPUT:-/dev/null}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# 0. What the change does to the plan, first on the run's page (never fails the step).
if [ -n "$baseline" ] && [ "${INPUT_DIFF:-true}" != "false" ]; then
  if okrkit diff "$baseline" "${plan_args[@]}" --format markdown >"$work/diff.md" 2>"$work/diff.err"; then
    cat "$work/diff.md" >>"$summary"
  else
    {
      echo "### okrkit diff could not run"
      echo
      echo '```'
      cat "$work/diff.err"
      echo '```'
    } >>"$summary"
    cat "$work/diff.err" >&2
  fi
  echo >>"$summary"
fi

# 1. The gate: text in the log plus an annotation per finding (okrkit adds them itself
#    when GITHUB_ACTIONS=true). Its exit code is the step's.
status=0
okrkit check "${args[@]}" --fail-on "$fail_on" 2> >(tee "$work/stderr" >&2) || status=$?
wait # for tee

if [ "$status" -ge 2 ]; then
  # the plan does not load or an option is wrong: say so on the run's page too
  {
    echo "### okrkit check could not run"
    echo
    echo '```'
    cat "$work/stderr"
    echo '```'
  } >>"$summary"
  exit "$status"
fi

# 2. The rest reads the same findings from check's report cache: counts, summary, SARIF.
okrkit check "${args[@]}" --fail-on never --format json --output "$work/report.json" 2>/dev/null
python3 - "$work/report.json" >>"$outputs" <<'PY'
import json
import sys

counts = json.load(open(sys.argv[1], encoding="utf-8"))["summary"]
print(f"errors={counts['error']}\nwarnings={counts['warning']}\ninfos={counts['info']}")
PY
okrkit check "${args[@]}" --fail-on never --format markdown >>"$summary" 2>/dev/null
if [ -n "${INPUT_SARIF:-}" ]; then
  mkdir -p "$(dirname "$INPUT_SARIF")"
  okrkit check "${args[@]}" --fail-on never --format sarif --output "$INPUT_SARIF" 2>/dev/null
  echo "SARIF written to $INPUT_SARIF"
fi
exit "$status"
