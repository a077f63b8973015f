#!/usr/bin/env bash
# The proxy benchmark with every recording server behind its own uplink, as on separate machines:
# runs in a network namespace of its own (its own loopback, shaped with tc; the machine's is not
# touched), with throwaway RabbitMQ + PostgreSQL started inside it. Needs root (or CAP_SYS_ADMIN)
# for unshare, and tc (iproute2).
#   bench/serving-uplinks.sh                    # 1000 Mbit/s, 3 rounds
#   bench/serving-uplinks.sh --uplink-mbit 100 --rounds 2
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
args=("$@")
[[ " ${args[*]-} " == *" --uplink-mbit "* ]] || args+=(--uplink-mbit 1000)
exec unshare --net -- bash -c '
  set -euo pipefail
  repo="$1"; shift
  ip link set lo up
  servers="$(mktemp -d /tmp/vms-uplinks.XXXXXX)"
  trap "\"$repo/tools/test-servers.sh\" stop \"$servers\" >/dev/null 2>&1 || true; rm -rf \"$servers\"" EXIT
  "$repo/tools/test-servers.sh" start "$servers" >/dev/null
  source "$servers/env.sh"
  export VMS_BENCH_PRIVATE_NETNS=1
  cd "$repo"
  dotnet run -c Release --project bench/VmsServices.ServingBench -- proxy "$@"
' bash "$repo" "${args[@]}"
