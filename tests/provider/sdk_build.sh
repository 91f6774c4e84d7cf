#!/bin/sh
# Prove the vendor SDK is self-contained: install only the "sdk" component
# into a fresh prefix and compile the example provider with nothing else
# than cc and that prefix's pkg-config file.
# usage: sdk_build.sh CMAKE BUILD_DIR EXAMPLE_C
set -eu
cmake=$1 build=$2 src=$3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/srh-sdk.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

"$cmake" --install "$build" --prefix "$tmp/prefix" --component sdk >/dev/null
pc=$(find "$tmp/prefix" -name srh-provider.pc)
test -n "$pc" || { echo "sdk_build: srh-provider.pc not installed" >&2; exit 1; }

# Only our pkg-config directory: no system copy of the SDK can stand in.
cflags=$(PKG_CONFIG_LIBDIR=$(dirname "$pc") PKG_CONFIG_PATH= pkg-config --cflags srh-provider)
case $cflags in
*"$tmp/prefix"*) ;;
*) echo "sdk_build: cflags '$cflags' do not point into the install prefix" >&2; exit 1 ;;
esac

# The copy is compiled outside the source tree so no relative include of
# the project's own headers can be found by accident.
cp "$src" "$tmp/example_provider.c"
${CC:-cc} -std=c11 -Wall -Wextra -Werror $cflags -shared -fPIC \
	-o "$tmp/libexample.so" "$tmp/example_provider.c"
nm -D --defined-only "$tmp/libexample.so" | grep -q ' T srh_provider_entry$' || {
	echo "sdk_build: srh_provider_entry not exported" >&2; exit 1; }
echo "sdk_build: example provider built against $tmp/prefix alone"
