#!/usr/bin/env bash
# Regenerates the committed raster icons from resources/icons/app/io.freightdesk.Freightdesk.svg:
#   packaging/windows/freightdesk.ico   (16-256 px; the Windows build has no SVG renderer)
#   packaging/macos/freightdesk.icns    (16-512 px; likewise for macOS)
# Needs Debian's librsvg2-bin, icoutils and icnsutils. Run it after changing the SVG and commit
# the results; the build itself never runs it.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
svg=$here/resources/icons/app/io.freightdesk.Freightdesk.svg
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

render() { rsvg-convert -w "$1" -h "$1" "$svg" -o "$work/icon-$1.png"; }

for size in 16 24 32 48 64 128 256 512; do render "$size"; done
icotool --create --output="$here/packaging/windows/freightdesk.ico" \
    "$work"/icon-{16,24,32,48,64}.png --raw="$work/icon-256.png"
png2icns "$here/packaging/macos/freightdesk.icns" "$work"/icon-{16,32,128,256,512}.png >/dev/null
echo "Wrote packaging/windows/freightdesk.ico and packaging/macos/freightdesk.icns"
