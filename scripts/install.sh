#!/usr/bin/env bash
# Installs xenpt from this checkout: a release build with the Swift standard library linked in
# statically (where the toolchain has the static libraries), the schemas, the shell completions
# and the man page.
#
#   scripts/install.sh [--prefix DIR] [--destdir DIR] [--binary FILE] [--no-man]
#
# Layout under PREFIX (default /usr/local; `make install PREFIX=…` calls this script):
#   bin/xenpt                                   the executable
#   share/xenpt/schemas/                        found by xenpt relative to its real path
#   share/man/man1/xenpt.1                      from swift-argument-parser's generate-manual plugin
#   share/bash-completion/completions/xenpt     completions, from --generate-completion-script
#   share/zsh/site-functions/_xenpt
#   share/fish/vendor_completions.d/xenpt.fish
#
# --no-man skips the man page, and with it the plugin's own release build (the CI jobs that
# only lint use it). --binary FILE (or XENPT_BINARY=FILE) installs an xenpt built before
# instead of building; the man page is then the one a previous full install generated, if
# any (the tests use this to exercise the install without another release build). DESTDIR is prepended to every installed path
# (for packagers); xenpt still looks for its schemas relative to where it finally runs.
set -euo pipefail

prefix=/usr/local
destdir=
binary="${XENPT_BINARY:-}"
man=yes
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix="${2:?--prefix needs a folder}"; shift 2 ;;
        --prefix=*) prefix="${1#--prefix=}"; shift ;;
        --destdir) destdir="${2?--destdir needs a folder}"; shift 2 ;;
        --destdir=*) destdir="${1#--destdir=}"; shift ;;
        --binary) binary="${2:?--binary needs a file}"; shift 2 ;;
        --binary=*) binary="${1#--binary=}"; shift ;;
        --no-man) man=no; shift ;;
        -h|--help) sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "error: unknown argument \`$1\`; see --help" >&2; exit 2 ;;
    esac
done
case "$prefix" in
    /*) ;;
    *) echo "error: --prefix must be an absolute path, not \`$prefix\`" >&2; exit 2 ;;
esac

repo="$(cd "$(dirname "$0")/.." && pwd)"
man_dir="$repo/.build/plugins/GenerateManual/outputs/xenpt"

# A fixed date in the man page, so the same checkout installs the same bytes.
man_date() {
    if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then
        date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d
    elif git -C "$repo" rev-parse --git-dir >/dev/null 2>&1; then
        git -C "$repo" log -1 --format=%cs
    else
        date -u +%Y-%m-%d
    fi
}

if [ -z "$binary" ]; then
    cd "$repo"
    # The man page first: the plugin builds the package in release mode with default link
    # flags; the build after it only relinks xenpt with the static standard library.
    if [ "$man" = yes ]; then
        swift package --disable-sandbox generate-manual --date "$(man_date)"
    fi
    static=()
    toolchain_lib="$(dirname "$(dirname "$(command -v swift)")")/lib/swift_static"
    if [ -d "$toolchain_lib" ] && [ "$(uname -s)" = Linux ]; then
        static=(--static-swift-stdlib)
    else
        echo "note: no static Swift standard library in this toolchain; xenpt will need the Swift runtime" >&2
    fi
    swift build -c release --product xenpt "${static[@]}"
    binary="$repo/.build/release/xenpt"
fi
[ -x "$binary" ] || { echo "error: \`$binary\` is not an executable" >&2; exit 2; }

root="$destdir$prefix"
install -d "$root/bin" "$root/share/xenpt" "$root/share/man/man1" \
    "$root/share/bash-completion/completions" "$root/share/zsh/site-functions" \
    "$root/share/fish/vendor_completions.d"
install -m 755 "$binary" "$root/bin/xenpt.new"
# Symbols only serve a debugger; without them the static executable is about a quarter smaller.
if command -v strip >/dev/null 2>&1; then strip "$root/bin/xenpt.new"; fi
mv -f "$root/bin/xenpt.new" "$root/bin/xenpt"
rm -rf "$root/share/xenpt/schemas.new"
cp -R "$repo/schemas" "$root/share/xenpt/schemas.new"
rm -rf "$root/share/xenpt/schemas"
mv "$root/share/xenpt/schemas.new" "$root/share/xenpt/schemas"
"$binary" --generate-completion-script bash > "$root/share/bash-completion/completions/xenpt"
"$binary" --generate-completion-script zsh > "$root/share/zsh/site-functions/_xenpt"
"$binary" --generate-completion-script fish > "$root/share/fish/vendor_completions.d/xenpt.fish"
if [ "$man" = no ]; then
    :
elif [ -f "$man_dir/xenpt.1" ]; then
    install -m 644 "$man_dir/xenpt.1" "$root/share/man/man1/xenpt.1"
else
    echo "note: no man page generated yet (run the install without --binary once)" >&2
fi
echo "installed $root/bin/xenpt (schemas in $root/share/xenpt/schemas)"
