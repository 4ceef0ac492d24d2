#!/usr/bin/env bash
# The hottest frames of a JFR recording's execution samples (jdk.ExecutionSample, Java code on CPU).
# usage: bench/jfr-top.sh FILE.jfr [N=20]
# Prints three lists with each frame's share of the samples:
#   self time      the top frame of each sample (where the CPU was)
#   cfdeploy       the first io.cfdeploy frame of each sample (which of our methods the time is spent under)
#   total (incl.)  every method on a sample's stack, counted once per sample (inclusive time, 64 frames deep)
set -eu
FILE=$1 N=${2:-20}
jfr print --events jdk.ExecutionSample --stack-depth 64 "$FILE" | awk -v N="$N" '
  function clean(f) { sub(/^[ \t]+/, "", f); sub(/[ \t]+line:.*$/, "", f); return f }
  /stackTrace = \[/ { in_stack = 1; depth = 0; first_ours = ""; delete seen; samples++; next }
  in_stack && /^[ \t]*\]/ { in_stack = 0; if (first_ours != "") ours[first_ours]++; else ours["(no io.cfdeploy frame)"]++; next }
  in_stack {
    f = clean($0); if (f == "...") next
    if (depth == 0) self[f]++
    if (first_ours == "" && f ~ /^io\.cfdeploy\./) first_ours = f
    if (!(f in seen)) { seen[f] = 1; total[f]++ }
    depth++
  }
  END {
    if (samples == 0) { print "0\tself\tno execution samples"; exit }
    for (k in self) printf "%d\tself\t%s\n", self[k], k
    for (k in ours) printf "%d\tours\t%s\n", ours[k], k
    for (k in total) printf "%d\ttotal\t%s\n", total[k], k
    printf "%d\tsamples\t-\n", samples
  }' > "${TMPDIR:-/tmp}/jfr-top.$$"
trap 'rm -f "${TMPDIR:-/tmp}/jfr-top.$$"' EXIT
T="${TMPDIR:-/tmp}/jfr-top.$$"
SAMPLES=$(awk -F'\t' '$2 == "samples" {print $1}' "$T")
[[ -n $SAMPLES ]] || { echo "no execution samples in $FILE"; exit 0; }
for kind in "self:self time (top frame)" "ours:under io.cfdeploy (first io.cfdeploy frame)" "total:total time (method anywhere on the stack)"; do
  echo "${kind#*:} — $SAMPLES samples"
  awk -F'\t' -v k="${kind%%:*}" -v s="$SAMPLES" '$2 == k {printf "%6.1f%%  %s\n", 100 * $1 / s, $3}' "$T" | sort -rn | head -n "$N"
  echo
done
