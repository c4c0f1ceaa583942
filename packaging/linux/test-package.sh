#!/usr/bin/env bash
# The Debian package as a user gets it: build with the release preset (in build/package, without
# the test suite), make the .deb with CPack, install it with apt-get, run what it installed,
# validate its desktop entry, AppStream metainfo and manual, and remove it again.
#   bash packaging/linux/test-package.sh
# Needs root or sudo to install; without either it says so and exits 0 having built the package.
# Needs desktop-file-utils, appstream and man-db (packaging/dev.sh test installs them).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$here"
build=build/package
app_id=io.freightdesk.Freightdesk

step() { printf '\n== %s\n' "$*"; }
fail() {
    echo "test-package: FAILED: $*" >&2
    exit 1
}

sudo=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
        sudo=(sudo -n)
    else
        sudo=(none)
    fi
fi

# ccache, when present, shares objects with the other trees of this checkout and its clones.
launcher=()
if command -v ccache >/dev/null; then
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    export CCACHE_BASEDIR="$here" CCACHE_NOHASHDIR=1
fi

step "Building the release preset into $build"
cmake --preset release -B "$build" -DFREIGHTDESK_BUILD_TESTS=OFF "${launcher[@]}" >/dev/null
cmake --build "$build"

step "Making the Debian package"
rm -rf "$build/packages"
(cd "$build" && cpack -G DEB)
debs=("$build"/packages/freightdesk_*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "expected one freightdesk_*.deb, found: ${debs[*]}"
deb=$(realpath "${debs[0]}")
dpkg-deb --field "$deb"
dpkg-deb --contents "$deb" | awk '{print $6}'

if [ "${sudo[*]}" = none ]; then
    echo "test-package: SKIPPED installing $deb: not root and sudo needs a password or is missing"
    exit 0
fi

step "Installing it with apt-get"
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q "$deb"
removed=false
remove() {
    if [ "$removed" = false ]; then
        removed=true
        step "Removing it"
        DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get remove -y -q freightdesk
    fi
}
trap remove EXIT

step "Checking what it installed"
version=$(dpkg-query -W -f='${Version}' freightdesk)
cli=/usr/bin/freightdesk-cli
[ -x /usr/bin/freightdesk ] || fail "/usr/bin/freightdesk is missing"
[ -x "$cli" ] || fail "$cli is missing"
out=$("$cli" --version)
echo "$out"
[ "$out" = "freightdesk-cli $version" ] || fail "--version says \"$out\", the package is $version"
# Whole outputs in variables, not pipes into grep -q: under pipefail an early-closing reader
# would fail the writer.
help=$("$cli" help)
printf '%s\n' "$help" | sed -n 1p
[[ $help == *$'\nCommands:\n'* ]] || fail "freightdesk-cli help lists no commands"

page=$(man -w freightdesk-cli 2>/dev/null || true)
[ -n "$page" ] || page=$(ls /usr/share/man/man1/freightdesk-cli.1* 2>/dev/null || true)
if [ -z "$page" ] && grep -qs 'path-exclude.*/usr/share/man' /etc/dpkg/dpkg.cfg.d/*; then
    # Minimal images (Docker's Debian) tell dpkg not to install manuals: read it from the .deb.
    unpacked=$(mktemp -d)
    dpkg-deb -x "$deb" "$unpacked"
    page=$(ls "$unpacked"/usr/share/man/man1/freightdesk-cli.1* 2>/dev/null || true)
    echo "dpkg excludes /usr/share/man here: checking the manual inside the package"
fi
[ -n "$page" ] || fail "no manual page freightdesk-cli(1)"
echo "manual: $page"
manual=$(MANWIDTH=100 man -l "$page" 2>/dev/null)
[[ $manual == *"freightdesk-cli push-values"* ]] || fail "the manual has no section for push-values"

desktop=/usr/share/applications/$app_id.desktop
metainfo=/usr/share/metainfo/$app_id.metainfo.xml
icon=/usr/share/icons/hicolor/scalable/apps/$app_id.svg
for file in "$desktop" "$metainfo" "$icon"; do
    [ -f "$file" ] || fail "$file is missing"
done
desktop-file-validate "$desktop" && echo "desktop-file-validate: $desktop is valid"
appstreamcli validate --no-net "$metainfo"
grep -q "<release version=\"$version\"" "$metainfo" ||
    fail "$metainfo has no release $version"

step "Running the demo from the installed files"
shots=$(mktemp -d)
chmod 700 "$shots" # also Qt's XDG_RUNTIME_DIR, which must be private
XDG_RUNTIME_DIR=$shots QT_QPA_PLATFORM=offscreen timeout 180 \
    /usr/bin/freightdesk --demo --screenshot "$shots/demo.png" ||
    fail "freightdesk --demo --screenshot failed"
kind=$(file -b "$shots/demo.png")
[[ $kind == PNG* ]] || fail "the demo's screenshot is not a PNG: $kind"
echo "demo screenshot: $kind"
rm -rf "$shots"

remove
status=$(dpkg-query -W -f='${Status}' freightdesk 2>/dev/null || true)
[[ $status != *"install ok installed"* ]] || fail "freightdesk is still installed"
[ ! -e "$cli" ] || fail "$cli is still there after removal"
echo "test-package: the Debian package installs, runs and removes cleanly"
