#!/usr/bin/env bash
# Measures the warm edit→verdict latency of `authlab check STAGE`: each of N
# runs follows a real code edit of the exercise file (a new function, so the
# compiler and the linker both have work to do), next to `go test` on a
# trivial one-file package edited the same way. Prints both medians. The exercise file is restored.
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
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# Warm both caches first.
"$work/authlab" check "$stage" >/dev/null || true
(cd "$work/trivial" && go test -count=1 ./ >/dev/null)

: > "$work/lab.ms"; : > "$work/trivial.ms"; : > "$work/gotest.ms"
pkg=./$(dirname "$file")
for i in $(seq 1 "$n"); do
  printf '\nfunc authlabEdit%s() int64 { return %s }\n' "$i" "$(now)" >> "$file"
  t0=$(now); "$work/authlab" check "$stage" >/dev/null || true; t1=$(now)
  echo $(( (t1 - t0) / 1000000 )) >> "$work/lab.ms"

  # The toolchain alone on the same package: what authlab adds is the difference.
  printf '\nfunc authlabEditGo%s() int64 { return %s }\n' "$i" "$(now)" >> "$file"
  t0=$(now); go test -count=1 -tags=authlab -run='^TestAuthlab$' "$pkg" >/dev/null 2>&1 || true; t1=$(now)
  echo $(( (t1 - t0) / 1000000 )) >> "$work/gotest.ms"

  printf '\nfunc authlabEdit%s() int64 { return %s }\n' "$i" "$(now)" >> "$work/trivial/trivial.go"
  t0=$(now); (cd "$work/trivial" && go test -count=1 ./ >/dev/null); t1=$(now)
  echo $(( (t1 - t0) / 1000000 )) >> "$work/trivial.ms"
done

lab=$(median < "$work/lab.ms")
trivial=$(median < "$work/trivial.ms")
gotest=$(median < "$work/gotest.ms")
echo "authlab check $stage: median ${lab} ms over $n edits ($(tr '\n' ' ' < "$work/lab.ms"))"
echo "go test on the same package, no authlab: median ${gotest} ms"
echo "go test, trivial package: median ${trivial} ms over $n edits ($(tr '\n' ' ' < "$work/trivial.ms"))"
awk -v a="$lab" -v b="$trivial" 'BEGIN { printf "authlab / trivial package: %.2fx\n", a / b }'
