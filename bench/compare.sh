#!/usr/bin/env bash
# Runs edgesim's zone-outage workload and our SimPy model of it (bench/zone_outage_simpy.py) on the same
# parameters, one after the other, and prints both outcome lines and the wall-time ratio.
# Usage: bench/compare.sh [NODES ZONES HOURS SEED]   (default: 10000 100 24 1)
set -euo pipefail
cd "$(dirname "$0")/.."
nodes=${1:-10000} zones=${2:-100} hours=${3:-24} seed=${4:-1}
model=${SIMPY_MODEL:-bench/zone_outage_simpy.py}

python3 -c 'import simpy' 2>/dev/null || python3 -m pip install --quiet simpy
swift build -c release --product edgesim >/dev/null

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "parameters: nodes=$nodes zones=$zones hours=$hours seed=$seed"
ours=$(.build/release/edgesim bench --zone-outage "$nodes,$zones,$hours" --format json)
echo "edgesim: $ours"
theirs=$(python3 "$model" "$nodes" "$zones" "$hours" "$seed")
echo "simpy:   $theirs"
python3 - "$ours" "$theirs" <<'PY'
import json, re, sys
ours = json.loads(sys.argv[1])
theirs = dict(kv.split("=") for kv in sys.argv[2].split())
simpy_wall = float(theirs["wall_s"])
print(f"wall: edgesim {ours['wall_s']:.3f} s, simpy {simpy_wall:.3f} s, ratio {simpy_wall / ours['wall_s']:.1f}x")
print(f"taints {ours['taints']} vs {theirs['taints']}, untaints {ours['untaints']} vs {theirs['untaints']}, "
      f"evictions {ours['evictions']} vs {theirs['evictions']}")
PY
