#!/usr/bin/env bash
# One prepared run on a lent GPU machine: `quizzer check --device cuda` over all decks,
# then the benchmarks. Writes its results under $OUT (the device tool brings them back);
# docs/devices.md records them. Needs the wheels of quizzer's pure-Python dependencies
# in .whl/ (see docs/devices.md) when the machine lacks them.
set -u
out=${OUT:-/tmp/quizzer-device}
mkdir -p "$out"
if ls .whl/*.whl >/dev/null 2>&1; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1
  export PYTHONPATH=/tmp/site:$PWD
fi
export PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv > "$out/gpu.txt" 2>&1
python3 -c "import torch, platform; print(torch.__version__, torch.version.cuda, platform.python_version(), torch.cuda.get_device_name(0))" > "$out/versions.txt" 2>&1
start=$(date +%s%N)
timeout 150 python3 -m quizzer check decks --device cuda -v > "$out/check-cuda.txt" 2> "$out/check-cuda.err"
rc=$?
echo "rc=$rc wall_ms=$(( ($(date +%s%N) - start) / 1000000 ))" >> "$out/check-cuda.txt"
timeout 60 python3 -m quizzer check decks --device cuda -k cuda-memory --format json > "$out/check-cuda-memory.json" 2>&1
timeout 120 python3 -m bench.bench_engine > "$out/bench-engine.md" 2>&1
timeout 120 python3 -m bench.bench_check > "$out/bench-check.md" 2>&1
tail -3 "$out/check-cuda.txt"
