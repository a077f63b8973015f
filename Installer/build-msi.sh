#!/usr/bin/env bash
# Builds the Windows installer with wixl (msitools) on Linux; the cake Msi target and
# tests/Operations.Tests call it.
#   Installer/build-msi.sh <publish-dir> <version> <output.msi>
# <publish-dir> holds Management/ and Recording/ (self-contained win-x64 publishes). The file
# components are generated from those folders by wixl-heat (nothing listed by hand); the service
# executables are left out of the generated fragments because VmsServices.wxs authors them with
# their ServiceInstall.
set -euo pipefail
if [ "$#" -ne 3 ]; then
    echo "usage: $0 <publish-dir> <version> <output.msi>" >&2
    exit 2
fi
publish=$(cd "$1" && pwd)
version=$2
output=$3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$(dirname "$output")"
output="$(cd "$(dirname "$output")" && pwd)/$(basename "$output")"
for tool in wixl wixl-heat; do
    command -v "$tool" >/dev/null || { echo "$tool not found: apt-get install wixl" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One wixl-heat run over both folders: it derives component ids from the paths below the prefix,
# so two runs would both produce the id of "appsettings.json" and wixl would fail on the duplicate.
(cd "$publish" && find Management Recording -type f | LC_ALL=C sort |
    grep -vx -e Management/VmsServices.Management.exe -e Recording/VmsServices.Recording.exe) |
    wixl-heat -p "" --directory-ref INSTALLDIR --component-group ServiceFiles --var var.PublishDir --win64 >"$work/ServiceFiles.wxs"

# wixl resolves File/@Source only as a relative path (an absolute one trips a GLib assertion), so it
# runs inside the publish folder with relative source variables.
(cd "$publish" && wixl -a x64 -D "PublishDir=." -D "Version=$version" -D Win64=yes \
    -o "$output" "$here/VmsServices.wxs" "$work/ServiceFiles.wxs")
echo "MSI: $output"
