#!/usr/bin/env bash
# Builds a self-contained Vitrine app image (and, with --deb, a Debian package) from the Maven jars.
#   bash jpackage/build.sh [--deb]
# Needs: JDK 17 (jlink, jpackage), binutils (objcopy for --strip-debug), fakeroot for --deb.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(mvn -q -B -Dstyle.color=never help:evaluate -Dexpression=project.version -DforceStdout 2>/dev/null \
          | sed -e 's/\x1b\[[0-9;]*m//g' -e 's/-SNAPSHOT//')
rm -rf target/lib # jars of dependencies dropped since the last build must not be packaged
mvn -q -B -DskipTests package

out=target/jpackage
rm -rf "$out" && mkdir -p "$out"
modules=$(grep -v '^#' jpackage/modules.txt | grep -v '^\s*$' | paste -sd, -)

jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
      --compress=2 --generate-cds-archive --output "$out/runtime"

# JavaFX unpacks its natives to ~/.openjfx on first start unless they sit beside the runtime's libs.
unzip -q -o -j target/lib/javafx-graphics-*-linux.jar '*.so' -d "$out/runtime/lib"
unzip -q -o -j target/lib/javafx-controls-*-linux.jar '*.so' -d "$out/runtime/lib" 2>/dev/null || true

mkdir -p "$out/input/lib"
cp target/vitrine.jar "$out/input/"
cp target/lib/*.jar "$out/input/lib/"

jpackage --type app-image --name vitrine --app-version "${version:-0.1.0}" \
         --input "$out/input" --main-jar vitrine.jar --main-class dev.vitrine.app.Main \
         --runtime-image "$out/runtime" --dest "$out" \
         --java-options '--add-opens=java.base/java.nio=ALL-UNNAMED' \
         --icon assets/icon.png --description "Desktop explorer for ClearML artifacts" --vendor "Vitrine"

# AppCDS: one start of the demo records the classes it loads; later starts map them (2.9 s -> 2.0 s to the
# window on 2 cores, BENCHMARKS.md). Needs a display or Xvfb; without one the image simply starts without it.
train_cds() {
  local cfg="$out/vitrine/lib/app/vitrine.cfg" home xvfb_pid=""
  [ -f "$cfg" ] || return 0
  if [ -z "${DISPLAY:-}" ]; then
    command -v Xvfb >/dev/null || { echo "No display and no Xvfb: the image is built without a CDS archive"; return 0; }
    Xvfb :97 -screen 0 1280x800x24 >/dev/null 2>&1 & xvfb_pid=$!
    export DISPLAY=:97; sleep 1
  fi
  cp "$cfg" "$cfg.orig"
  sed -i '/^\[JavaOptions\]/a java-options=-XX:ArchiveClassesAtExit=$APPDIR/vitrine.jsa\njava-options=-Dvitrine.startupProbe=true' "$cfg"
  home=$(mktemp -d)
  HOME="$home" XDG_CACHE_HOME="$home/cache" timeout 120 "$out/vitrine/bin/vitrine" --demo >/dev/null 2>&1 || true
  mv "$cfg.orig" "$cfg"
  rm -rf "$home"
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  if [ -f "$out/vitrine/lib/app/vitrine.jsa" ]; then
    sed -i '/^\[JavaOptions\]/a java-options=-XX:SharedArchiveFile=$APPDIR/vitrine.jsa\njava-options=-Xshare:auto' "$cfg"
    echo "CDS archive: $out/vitrine/lib/app/vitrine.jsa"
  else
    echo "The CDS training run made no archive: the image starts without it"
  fi
}
train_cds

if [ "${1:-}" = "--deb" ]; then
  jpackage --type deb --app-image "$out/vitrine" --name vitrine --app-version "${version:-0.1.0}" --dest "$out" \
           --linux-package-deps "libgtk-3-0, libgl1, libxtst6" --linux-shortcut
fi
echo "App image: $out/vitrine (run: $out/vitrine/bin/vitrine, or $out/vitrine/bin/vitrine --demo ls tasks)"
