#!/usr/bin/env bash
# A worker status script the way a shell-based orchestrator writes one: list worktrees with git, read each
# .worktree.json with jq, check each tmux session, read each status file, compute the duration and capture the last
# output line — one set of processes per worker. Baseline for `wo status` (see docs/performance.md).
set -u
now=$(date +%s)
printf 'WORKER | STATUS | DURATION | LAST OUTPUT\n'
git worktree list --porcelain | grep '^worktree ' | cut -d' ' -f2- | while IFS= read -r wt; do
  [ -f "$wt/.worktree.json" ] || continue
  feature=$(jq -r '.feature' "$wt/.worktree.json")
  session=$(jq -r '.worker.session // empty' "$wt/.worktree.json")
  started=$(jq -r '.worker.started_at // empty' "$wt/.worktree.json")
  [ -n "$session" ] || session="wt-$feature"
  if [ -f "$wt/.worker-status" ]; then status=$(cat "$wt/.worker-status"); else status="idle"; fi
  last=""
  if tmux has-session -t "=$session" 2>/dev/null; then
    last=$(tmux capture-pane -p -t "=$session:" | grep -v '^[[:space:]]*$' | tail -n 1)
  elif [ "$status" = "running" ]; then
    status="dead"
  fi
  duration="-"
  if [ -n "$started" ]; then
    start_s=$(date -d "$started" +%s 2>/dev/null || echo "$now")
    duration="$(( (now - start_s) / 60 ))m"
  fi
  printf '%s | %s | %s | %s\n' "$feature" "$status" "$duration" "$last"
done
