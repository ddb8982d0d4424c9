#!/usr/bin/env bash
# Sourced by .ci/run from the clean clone: README's first command, verbatim, under a real X server
# (Xvfb at 1366x768, the xcb platform plugin, not offscreen); the app must show its main window on the
# demo database and stay up.
display=:87
Xvfb "$display" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
trap 'kill "$xvfb_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do xdpyinfo -display "$display" >/dev/null 2>&1 && break; sleep 0.1; done

app_home=$(mktemp -d)
log="$app_home/app.log"
(
  export DISPLAY="$display" HOME="$app_home" XDG_DATA_HOME="$app_home/data" XDG_CONFIG_HOME="$app_home/config"
  unset QT_QPA_PLATFORM
  # README's first command, verbatim:
  python3.11 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/congdoan-desk demo --start
) >"$log" 2>&1 &
app_pid=$!

window=""
for _ in $(seq 1 240); do
  window=$(DISPLAY="$display" xdotool search --onlyvisible --name '^CongDoan Desk' 2>/dev/null | head -n 1 || true)
  [ -n "$window" ] && break
  kill -0 "$app_pid" 2>/dev/null || break
  sleep 0.5
done
if [ -z "$window" ]; then
  echo "start-app: the main window never appeared" >&2
  cat "$log" >&2
  exit 1
fi
sleep 5
if ! kill -0 "$app_pid" 2>/dev/null; then
  echo "start-app: the app exited after showing its window" >&2
  cat "$log" >&2
  exit 1
fi
geometry=$(DISPLAY="$display" xdotool getwindowgeometry "$window" | tr '\n' ' ')
DISPLAY="$display" import -window root "$app_home/screen.png" 2>/dev/null || true
# No window manager runs under Xvfb to deliver a close request, so the app is stopped by signal.
pkill -TERM -P "$app_pid" 2>/dev/null || true
kill -TERM "$app_pid" 2>/dev/null || true
wait "$app_pid" 2>/dev/null || true
if grep -qE 'Traceback|Fatal Python error|could not load the Qt platform plugin' "$log"; then
  echo "start-app: the app wrote an error while running" >&2
  cat "$log" >&2
  exit 1
fi
echo "start-app: main window shown under Xvfb 1366x768 ($geometry), stayed up; screenshot $app_home/screen.png"
