#!/bin/sh
# The fuzzing campaign: each harness in turn, in one process (the machine is shared), with logs
# under fuzz/logs and crash inputs under fuzz/artifacts. Each harness stops at its number of
# runs or its time budget (seconds), whichever comes first; 0 runs skips it. An input that takes
# more than 30 seconds counts as a crash (a hang: -timeout).
# Usage: sh fuzz/run_campaign.sh [DECODE_RUNS CHECK_RUNS CHECK_SECONDS FIX_RUNS FIX_SECONDS BANK_RUNS]
set -u
cd "$(dirname "$0")"
mkdir -p corpus/decode corpus/check corpus/fix corpus/bank artifacts logs
run() {  # harness runs seconds max_len [more libFuzzer arguments]
    name=$1 runs=$2 seconds=$3 max_len=$4
    shift 4
    [ "$runs" = 0 ] && return
    python "fuzz_$name.py" -runs="$runs" -max_total_time="$seconds" -max_len="$max_len" -timeout=30 \
        -artifact_prefix="artifacts/$name-" "corpus/$name" "$@" > "logs/$name.log" 2>&1
    echo "$(date -u +%FT%TZ) $name exit $? $(grep -aoE '^#[0-9]+' "logs/$name.log" | tail -1)" >> logs/campaign.log
}
run decode "${1:-600000}" 600 4096
run check "${2:-300000}" "${3:-3600}" 512
run fix "${4:-100000}" "${5:-1800}" 512
run bank "${6:-200000}" 1800 2048 -dict=bank.dict seeds/bank
