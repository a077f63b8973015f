#!/usr/bin/env bash
# Cake build wrapper. Examples:
#   ./build.sh                          # Build (Release)
#   ./build.sh test                     # same as --target=Test (any target name works, case-insensitive)
#   ./build.sh --target=Publish --configuration=Release
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# A bare first word is the target: ./build.sh test -> --target=Test
if [ $# -gt 0 ] && [[ "$1" != -* ]]; then
    word="$(printf '%s' "$1" | tr '[:upper:]' '[:lower:]')"
    shift
    case "$word" in
        clean) t=Clean ;; restore) t=Restore ;; build) t=Build ;; test) t=Test ;;
        bench) t=Bench ;; publish) t=Publish ;; msi) t=Msi ;; demo) t=Demo ;; ci) t=Ci ;;
        default) t=Default ;;
        *) echo "Unknown target '$word' (Clean, Restore, Build, Test, Bench, Publish, Msi, Demo, Ci)" >&2; exit 2 ;;
    esac
    set -- "--target=$t" "$@"
fi

dotnet tool restore >/dev/null
exec dotnet cake build.cake "$@"
