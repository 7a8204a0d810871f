#!/usr/bin/env bash
# Builds the worker node and copies it with its runtime dependencies into <dir>/lib (default
# packaging/target/dist), the layout that packaging/systemd/deai-node.service and
# packaging/Containerfile run:
#   java -cp '<dir>/lib/*' network.deai.node.app.DeaiCommand node run --config node.toml
# Usage: packaging/dist.sh [dir] [extra Maven options, e.g. -o]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(mkdir -p "${1:-$root/packaging/target/dist}" && cd "${1:-$root/packaging/target/dist}" && pwd)"
shift || true
cd "$root"
./mvnw -B -q "$@" install -pl node -am -DskipTests -Dforge.skip=true -Dspotless.check.skip=true
rm -rf "$out/lib"
./mvnw -B -q "$@" dependency:copy-dependencies -pl node -DincludeScope=runtime \
  -DoutputDirectory="$out/lib"
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' node/pom.xml | head -1)"
cp "node/target/deai-node-$version.jar" "$out/lib/"
echo "dist: $(ls "$out/lib" | wc -l) jars in $out/lib"
