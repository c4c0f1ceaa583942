#!/usr/bin/env bash
# Freightdesk developer entry point: set up, build, run, test.
#   packaging/dev.sh run    install missing build packages, build, start the desktop app's demo
#                           (freightdesk --demo; without a display, its screenshot)
#   packaging/dev.sh test   install missing build + test packages, build with sanitizers and
#                           warnings as errors, run the whole test suite (incl. a short fuzz run),
#                           then build, install and remove the Debian package
#                           (packaging/linux/test-package.sh)
#   packaging/dev.sh deps [--test]   only install the packages
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"

build_packages=(cmake ninja-build g++ pkg-config git qt6-base-dev qt6-tools-dev qt6-httpserver-dev
    qt6-svg-dev libgit2-dev libyaml-cpp-dev qtkeychain-qt6-dev)
test_packages=(nginx fcgiwrap openssl clang libfuzzer-14-dev xvfb dbus gnome-keyring openssh-client openssh-server
    docker-registry skopeo apache2-utils dpkg-dev file desktop-file-utils appstream man-db)

print_other_platforms() {
    cat <<'MSG'
This script installs Debian/Ubuntu packages. Elsewhere, install the equivalent:
  Fedora:   sudo dnf install cmake ninja-build gcc-c++ git qt6-qtbase-devel qt6-qttools-devel \
              qt6-qthttpserver-devel qt6-qtsvg-devel libgit2-devel yaml-cpp-devel qtkeychain-qt6-devel \
              nginx fcgiwrap clang compiler-rt
  Homebrew: brew install cmake ninja qt libgit2 yaml-cpp qtkeychain nginx fcgiwrap llvm
  vcpkg:    vcpkg install qtbase qttools qthttpserver qtsvg libgit2 yaml-cpp qtkeychain-qt6
  MSYS2:    pacman -S mingw-w64-ucrt-x86_64-{cmake,ninja,qt6-base,qt6-tools,qt6-httpserver,qt6-svg,libgit2,yaml-cpp,qtkeychain-qt6}
Then: cmake --preset debug && cmake --build --preset debug && ctest --preset debug
MSG
}

install_packages() {
    if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
        print_other_platforms
        return
    fi
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return
    echo "Installing missing packages: ${missing[*]}"
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update -q
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q "${missing[@]}"
}

build() {
    local preset=$1
    shift
    cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset" "$@"
}

case "${1:-}" in
deps)
    install_packages "${build_packages[@]}"
    [ "${2:-}" = --test ] && install_packages "${test_packages[@]}"
    ;;
run)
    install_packages "${build_packages[@]}"
    build release --target freightdesk-cli freightdesk
    shift
    if [ "$(uname -s)" = Linux ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
        # No desktop to show a window on: take the demo's picture instead.
        QT_QPA_PLATFORM=offscreen build/release/app/freightdesk --demo --screenshot freightdesk-demo.png "$@"
        echo "No display: the demo's window was saved to $here/freightdesk-demo.png"
        exit 0
    fi
    exec build/release/app/freightdesk --demo "$@"
    ;;
test)
    install_packages "${build_packages[@]}" "${test_packages[@]}"
    build ci
    export LSAN_OPTIONS="suppressions=$here/tests/lsan.supp:print_suppressions=0"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
    ctest --preset ci -j2 --label-exclude fuzz
    if command -v clang++ >/dev/null; then
        build fuzz
        ctest --preset fuzz -L fuzz
    else
        echo "clang++ not found: skipping the fuzz run"
    fi
    if command -v dpkg-deb >/dev/null && command -v apt-get >/dev/null; then
        bash packaging/linux/test-package.sh
    else
        echo "Not a Debian system: skipping the package test (packaging/linux/test-package.sh)"
    fi
    ;;
*)
    sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
