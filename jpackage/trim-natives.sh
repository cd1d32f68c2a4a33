#!/usr/bin/env bash
# Removes other platforms' native libraries from the jars in a folder, in place, so a platform's image
# carries only its own (DuckDB alone ships 240 MB of natives for four platforms in one jar).
#   bash jpackage/trim-natives.sh DIR [OS ARCH]     OS: linux|macos|windows, ARCH: amd64|arm64
# Each library loads its native by a resource name built from os.name/os.arch, so removing the
# entries of other platforms changes nothing for this one.
set -euo pipefail
dir="$(cd "$1" && pwd)"
os="${2:-$(uname -s | tr '[:upper:]' '[:lower:]' | sed -e 's/darwin/macos/' -e 's/mingw.*\|msys.*\|cygwin.*/windows/')}"
arch="${3:-$(uname -m | sed -e 's/x86_64/amd64/' -e 's/aarch64/arm64/')}"

# zip -d with patterns; "nothing matched" (exit 12) is fine.
drop() { local jar="$1"; shift; zip -q -d "$jar" "$@" >/dev/null 2>&1 || [ $? -eq 12 ]; }
keep_only() { # jar, then the entry patterns of every platform; entries matching $keep survive
  local jar="$1" keep="$2"; shift 2
  local entries; entries=$(unzip -Z1 "$jar" | grep -E "$1" | grep -vE "$keep" || true)
  [ -z "$entries" ] && return 0
  # shellcheck disable=SC2086
  printf '%s\n' $entries | zip -q -d "$jar" -@ >/dev/null
}

x86=x86_64 lz4arch=amd64 zarch=amd64 duck=amd64
[ "$arch" = arm64 ] && { x86=aarch_64 lz4arch=aarch64 zarch=aarch64 duck=arm64; }
case "$os" in
  linux)   dos=linux;   zos=linux;  lz4os=linux;   ext='\.so$' ;;
  macos)   dos=macos;   zos=darwin; lz4os=darwin;  ext='\.dylib$' ;;
  windows) dos=windows; zos=win;    lz4os=windows; ext='\.dll$' ;;
  *) echo "unknown OS $os" >&2; exit 2 ;;
esac

for jar in "$dir"/duckdb_jdbc-*.jar; do [ -f "$jar" ] && keep_only "$jar" "libduckdb_java\.so_${dos}_${duck}$" '^libduckdb_java\.so_'; done
for jar in "$dir"/zstd-jni-*.jar;    do [ -f "$jar" ] && keep_only "$jar" "^${zos}/${zarch}/" '^(aix|darwin|freebsd|linux|win)/'; done
for jar in "$dir"/lz4-java-*.jar;    do [ -f "$jar" ] && keep_only "$jar" "/util/${lz4os}/${lz4arch}/" '^net/jpountz/util/[a-z]+/[a-z0-9_]+/'; done
for jar in "$dir"/arrow-c-data-*.jar; do [ -f "$jar" ] && keep_only "$jar" "/${x86}/[^/]*${ext}" '^arrow_cdata_jni/'; done
# Netty's per-platform transports and resolvers (the Azure SDK's): only this platform's.
for jar in "$dir"/netty-*-native-*.jar "$dir"/netty-resolver-dns-classes-macos-*.jar; do
  [ -f "$jar" ] || continue
  case "$(basename "$jar")" in
    *epoll*) [ "$os" = linux ] || rm -f "$jar" ;;
    *kqueue*|*macos*) [ "$os" = macos ] || rm -f "$jar" ;;
  esac
done

# DuckDB's library leaves its jar and sits beside it: the driver copies a library found inside the
# jar to a temp file at every start (70 MB, 0.4-0.6 s before the first table of every run, more on a
# busy machine) and loads one found beside the jar in place. It costs ~36 MB of image (the jar kept it
# deflated); the installers compress it again. Its symbol table (13 MB) is stripped: the loader needs none of it.
for jar in "$dir"/duckdb_jdbc-*.jar; do
  [ -f "$jar" ] || continue
  (cd "$dir" && unzip -q -o "$jar" 'libduckdb_java.so_*')
  if [ "$os" = linux ] && command -v strip >/dev/null; then strip --strip-unneeded "$dir"/libduckdb_java.so_*; fi
  drop "$jar" 'libduckdb_java.so_*'
done
