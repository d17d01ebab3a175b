# Helpers the side-by-side benchmark scripts source: wall time of one command, best of a file.

# Prints the wall seconds one run of "$@" takes (its output discarded).
seconds() {
    local start=$EPOCHREALTIME
    "$@" >/dev/null 2>&1
    awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }'
}

# Prints the smallest number in file "$1": the best of its runs, since a slower run on a
# shared machine measures the neighbours.
best() { sort -n "$1" | head -1; }
