#!/usr/bin/env bash
# Builds a self-contained Vitrine app image and, with --deb, a Debian package, from the Maven jars.
#
#   bash jpackage/build.sh [--deb] [--runtime JDK_HOME] [--no-train]
#
# The code is Java 17 bytecode; the bundled runtime is made with jlink from the newest JDK found
# (JDK 25+ gives the ahead-of-time cache of JEP 483/514, which starts the window faster than AppCDS on
# 17) or from the JDK named by --runtime / $VITRINE_RUNTIME_JDK. Only this platform's native libraries
# are packaged (DuckDB ships four platforms in one 80 MB jar).
# Needs: a JDK with jlink and jpackage (17+; 24+ can link without jmods), binutils (objcopy for
# --strip-debug), zip; fakeroot and dpkg-deb for --deb; a display or Xvfb to train the start-up cache.
set -euo pipefail
cd "$(dirname "$0")/.."

deb=false train=true jdk="${VITRINE_RUNTIME_JDK:-}"
while [ $# -gt 0 ]; do
  case "$1" in
    --deb) deb=true ;;
    --no-train) train=false ;;
    --runtime) jdk="$2"; shift ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

# The newest JDK that can link a runtime: its own jmods, or a linkable run-time image (JDK 24+).
if [ -z "$jdk" ]; then
  for home in /usr/lib/jvm/temurin-2[5-9]* /usr/lib/jvm/*-2[5-9]-* "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"; do
    [ -n "$home" ] && [ -x "$home/bin/jlink" ] && [ -x "$home/bin/jpackage" ] && { jdk="$home"; break; }
  done
fi
[ -x "$jdk/bin/jlink" ] || { echo "No JDK with jlink found (use --runtime JDK_HOME)" >&2; exit 1; }
feature=$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
echo "Runtime: $jdk (Java $feature)"

version=$(mvn -q -B -Dstyle.color=never help:evaluate -Dexpression=project.version -DforceStdout 2>/dev/null \
          | sed -e 's/\x1b\[[0-9;]*m//g' -e 's/-SNAPSHOT//')
rm -rf target/lib # jars of dependencies dropped since the last build must not be packaged
mvn -q -B -DskipTests package

out=target/jpackage
rm -rf "$out" && mkdir -p "$out"
modules=$(grep -v '^#' jpackage/modules.txt | grep -v '^\s*$' | paste -sd, -)
compress=--compress=2
[ "$feature" -ge 21 ] && compress=--compress=zip-6

# Locale data for the languages people run it in, not all of CLDR (jdk.localedata is 10 MB whole).
locales=en,de,fr,es,it,pt,nl,pl,ru,uk,tr,ja,ko,zh,he,ar,hi,sv,da,fi,nb,cs
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
      "$compress" --include-locales="$locales" --generate-cds-archive --output "$out/runtime"
# classes_nocoops.jsa serves only heaps over 32 GB
rm -f "$out/runtime/lib/server/classes_nocoops.jsa"

# JavaFX unpacks its natives to ~/.openjfx on first start unless they sit beside the runtime's libs.
unzip -q -o -j target/lib/javafx-graphics-*-linux.jar '*.so' -d "$out/runtime/lib"
unzip -q -o -j target/lib/javafx-controls-*-linux.jar '*.so' -d "$out/runtime/lib" 2>/dev/null || true

mkdir -p "$out/input/lib"
cp target/vitrine.jar "$out/input/"
cp target/lib/*.jar "$out/input/lib/"
bash jpackage/trim-natives.sh "$out/input/lib"

# Arrow and DuckDB reach into java.nio; JDK 24+ also warns about sun.misc.Unsafe unless told it is wanted.
opts='--add-opens=java.base/java.nio=ALL-UNNAMED'
[ "$feature" -ge 24 ] && opts="$opts --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED"
"$jdk/bin/jpackage" --type app-image --name vitrine --app-version "${version:-0.1.0}" \
         --input "$out/input" --main-jar vitrine.jar --main-class dev.vitrine.app.Main \
         --runtime-image "$out/runtime" --dest "$out" \
         --java-options "$opts" \
         --icon assets/icon.png --description "Desktop explorer for ClearML artifacts" --vendor "Vitrine"

# The start-up cache: one scripted start of the demo (it exits once the demo's tasks are listed) records
# the classes it loads (AppCDS, JDK 17-23) or loads, links and profiles them (AOT cache, JDK 25+);
# later starts map them. Without a display or Xvfb the image simply starts without one.
train_cache() {
  local cfg="$out/vitrine/lib/app/vitrine.cfg" home xvfb_pid="" record use file
  [ -f "$cfg" ] || return 0
  if [ "$feature" -ge 25 ]; then
    # AOTMode defaults to auto: a cache that no longer matches is ignored, never fatal
    file=vitrine.aot; record="-XX:AOTCacheOutput=\$APPDIR/$file"; use="-XX:AOTCache=\$APPDIR/$file"
  else
    # -Xshare:auto: an archive that no longer matches (another runtime, a changed jar) is ignored, never fatal
    file=vitrine.jsa; record="-XX:ArchiveClassesAtExit=\$APPDIR/$file"; use="-XX:SharedArchiveFile=\$APPDIR/$file\njava-options=-Xshare:auto"
  fi
  if [ -z "${DISPLAY:-}" ]; then
    command -v Xvfb >/dev/null || { echo "No display and no Xvfb: the image is built without a start-up cache"; return 0; }
    Xvfb :97 -screen 0 1280x800x24 >/dev/null 2>&1 & xvfb_pid=$!
    export DISPLAY=:97; sleep 1
  fi
  cp "$cfg" "$cfg.orig"
  sed -i "/^\[JavaOptions\]/a java-options=$record\njava-options=-Dvitrine.startupProbe=true" "$cfg"
  home=$(mktemp -d)
  HOME="$home" XDG_CACHE_HOME="$home/cache" timeout 180 "$out/vitrine/bin/vitrine" --demo >/dev/null 2>&1 || true
  mv "$cfg.orig" "$cfg"
  rm -rf "$home"
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  if [ -f "$out/vitrine/lib/app/$file" ]; then
    sed -i "/^\[JavaOptions\]/a java-options=$use" "$cfg"
    # the AOT cache holds the JDK's classes too: the runtime's default CDS archive would be dead weight
    [ "$file" = vitrine.aot ] && rm -f "$out/vitrine/lib/runtime/lib/server/classes.jsa"
    echo "Start-up cache: $out/vitrine/lib/app/$file"
  else
    echo "The training start made no start-up cache: the image starts without it"
  fi
}
$train && train_cache

if $deb; then
  "$jdk/bin/jpackage" --type deb --app-image "$out/vitrine" --name vitrine --app-version "${version:-0.1.0}" --dest "$out" \
           --linux-package-deps "libgtk-3-0, libgl1, libxtst6" --linux-shortcut --linux-menu-group Development \
           --description "Desktop explorer for ClearML artifacts" --vendor "Vitrine" --linux-app-category devel
  echo "Debian package: $(ls "$out"/*.deb)"
fi
echo "App image: $out/vitrine ($(du -sh "$out/vitrine" | cut -f1); run: $out/vitrine/bin/vitrine, or $out/vitrine/bin/vitrine --demo ls tasks)"
