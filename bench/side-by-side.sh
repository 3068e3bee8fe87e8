#!/usr/bin/env sh
# The sampling-step benchmarks beside the NumPy peer, in one run: the peer before, the JMH
# benchmarks (RNN-RBM and biaxial steps, Cadenza's Vector API kernels), the peer after. Compare
# ratios within one run: absolute times drift on shared machines (docs/benchmarks.md).
# Needs bench/target/benchmarks.jar (mvn -B verify, or mvn -DskipTests install) and python3 with numpy.
set -e
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/target/benchmarks.jar"
[ -f "$jar" ] || { echo "bench/side-by-side.sh: no $jar: build it with mvn -DskipTests install" >&2; exit 1; }
echo "NumPy peer, before:"
python3 "$here/numpy_peer.py"
java -jar "$jar" 'RnnRbmStepBench.step|BiaxialStepBench.step' -f 2 -wi 3 -i 5 -w 1 -r 1 "$@" 2>&1 \
  | grep -E '^(Benchmark|RnnRbmStepBench|BiaxialStepBench)'
echo "NumPy peer, after:"
python3 "$here/numpy_peer.py"
