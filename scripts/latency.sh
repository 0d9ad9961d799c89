#!/usr/bin/env bash
# Measures the warm edit→verdict latency of `authlab check STAGE`: each of N
# runs follows a real code edit of the exercise file (a new function, so the
# compiler and the linker both have work to do), next to `go test` on a
# trivial one-file package edited the same way, and next to a plain
# go test of the learner's package (a one-line test, no grader: the floor
# of any grader that links the learner's code), in the same loop so that
# both see the same load on a shared machine. Prints the medians of the wall
# time and of the CPU time (user+sys, steadier when others load the machine)
# and their ratio, then where the time of a check goes: the go command's
# build after one more edit, phase by phase, from its -debug-trace, and the
# checks themselves from the report. The exercise file is restored.
#   usage: scripts/latency.sh [STAGE] [N]
set -euo pipefail
cd "$(dirname "$0")/.."
stage=${1:-basic-auth}
n=${2:-10}
file=$(go run ./cmd/authlab list --json | python3 -c "import json,sys; print([s['exercise'] for s in json.load(sys.stdin) if s['id']=='$stage'][0])")

work=$(mktemp -d)
cp "$file" "$work/saved"
trap 'cp "$work/saved" "$file"; rm -rf "$work"' EXIT
go build -o "$work/authlab" ./cmd/authlab

mkdir -p "$work/trivial"
cat > "$work/trivial/go.mod" <<'MOD'
module trivial
go 1.26
MOD
cat > "$work/trivial/trivial.go" <<'SRC'
package trivial

func Add(a, b int) int { return a + b }
SRC
cat > "$work/trivial/trivial_test.go" <<'SRC'
package trivial

import "testing"

func TestAdd(t *testing.T) {
	if Add(1, 2) != 3 {
		t.Fatal("1+2 != 3")
	}
}
SRC

now() { date +%s%N; }
edit() { printf '\nfunc authlabEdit%s() int64 { return %s }\n' "$1" "$(now)" >> "$2"; }
# timed NAME CMD...: runs CMD, appends "wall_ms cpu_ms" to $work/NAME.
timed() {
  local name=$1; shift
  /usr/bin/time -o "$work/time" -f '%e %U %S' "$@" >/dev/null 2>&1 || true
  tail -n 1 "$work/time" | awk '{printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000}' >> "$work/$name.ms"
}
# median FILE COLUMN
median() { cut -d' ' -f"$2" "$1" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# Warm both caches first.
"$work/authlab" check "$stage" >/dev/null || true
(cd "$work/trivial" && go test -count=1 ./ >/dev/null)

pkg=./$(dirname "$file")
floor=$(dirname "$file")/authlab_floor_test.go
printf 'package %s\n\nimport "testing"\n\nfunc TestAuthlabFloor(t *testing.T) {}\n' "$(go list -f '{{.Name}}' "$pkg")" > "$floor"
trap 'cp "$work/saved" "$file"; rm -rf "$work" "$floor"' EXIT
go test -count=1 -run='^TestAuthlabFloor$' "$pkg" >/dev/null
for i in $(seq 1 "$n"); do
  edit "$i" "$file"
  timed lab "$work/authlab" check "$stage"

  # The toolchain alone on the same package: what authlab adds is the difference.
  edit "Go$i" "$file"
  timed gotest go test -count=1 -tags=authlab -run='^TestAuthlab$' "$pkg"

  # The floor of any grader that links the learner's code: the learner's
  # package with a one-line test, no grader, as a learner's own go test.
  edit "Floor$i" "$file"
  timed floor go test -count=1 -run='^TestAuthlabFloor$' "$pkg"

  edit "$i" "$work/trivial/trivial.go"
  timed trivial go -C "$work/trivial" test -count=1 ./
done

for name in lab gotest floor trivial; do
  declare "${name}_wall=$(median "$work/$name.ms" 1)" "${name}_cpu=$(median "$work/$name.ms" 2)"
done
echo "authlab check $stage: median ${lab_wall} ms wall, ${lab_cpu} ms CPU over $n edits (wall: $(cut -d' ' -f1 "$work/lab.ms" | tr '\n' ' '))"
echo "go test on the same package, no authlab: median ${gotest_wall} ms wall, ${gotest_cpu} ms CPU"
echo "go test, the learner's package with a one-line test and no grader: median ${floor_wall} ms wall, ${floor_cpu} ms CPU"
echo "go test, trivial package: median ${trivial_wall} ms wall, ${trivial_cpu} ms CPU (wall: $(cut -d' ' -f1 "$work/trivial.ms" | tr '\n' ' '))"
awk -v a="$lab_wall" -v b="$trivial_wall" -v c="$lab_cpu" -v d="$trivial_cpu" \
  'BEGIN { printf "authlab / trivial package: %.2fx wall, %.2fx CPU\n", a / b, c / d }'
awk -v a="$floor_wall" -v b="$trivial_wall" -v c="$floor_cpu" -v d="$trivial_cpu" \
  'BEGIN { printf "learner package alone / trivial package: %.2fx wall, %.2fx CPU\n", a / b, c / d }'

# Where the time goes: the build of one more edit, traced by the go command
# with the runner's own flags, and the checks' own time from the report.
# The runner's own binary path, so that the check after it has nothing to
# rebuild and its run time is the go command's no-op plus the checks.
bin=.authlab/bin/$(dirname "$file" | tr / _).test
edit Trace "$file"
rm -f "$floor"
CGO_ENABLED=0 go test -c -o "$bin" -tags=authlab -vet=off -ldflags='-s -w' -debug-trace="$work/trace.json" "$pkg" >/dev/null 2>&1 || true
checks=$({ "$work/authlab" check "$stage" --json 2>/dev/null || true; } | python3 -c "
import json, sys
stages = json.load(sys.stdin)['stages']
print(sum(c.get('ms', 0) for s in stages for c in s['checks']), round(sum(s['elapsed_ns'] for s in stages) / 1e6))" || echo '? ?')
python3 - "$work/trace.json" "$checks" <<'PY'
import json, sys
events = json.load(open(sys.argv[1]))
events = events if isinstance(events, list) else events["traceEvents"]
open_, spans = {}, []
for e in events:
    key = (e.get("tid"), e.get("name"))
    if e.get("ph") == "B":
        open_[key] = e["ts"]
    elif e.get("ph") == "E" and key in open_:
        spans.append((e["name"], open_.pop(key) / 1000, e["ts"] / 1000))
start = min(s for _, s, _ in spans)
end = max(t for _, _, t in spans)
def first(prefix):
    return next(((s, t) for n, s, t in spans if n.startswith(prefix)), None)
load = first("load.PackagesAndErrors")
test_load = first("load.TestPackagesAndErrors")
do = first("exec.Builder.Do")
actions = [(n[len("Executing action ("):-1], s, t) for n, s, t in spans
           if n.startswith("Executing action (") and "check cache" not in n]
# The learner's package is the test variant, "build P [P.test]": every
# action before it only checked the cache.
first_build = next((s for n, s, _ in actions if "[" in n), end)
print("breakdown of one edit's build (go test -c with the runner's flags, ms):")
print(f"  go command, loading packages:      {(test_load or load)[1] - start:6.0f}")
print(f"  go command, checking the cache:    {first_build - do[0]:6.0f}")
for n, s, t in actions:
    if t - s >= 10:
        print(f"  {n:34s} {t - s:6.0f}")
print(f"  build in all:                      {end - start:6.0f}")
checks, run = sys.argv[2].split()
print(f"the checks themselves: {checks} ms of a {run} ms run (authlab's report, the build having nothing to redo)")
PY
