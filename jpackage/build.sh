#!/usr/bin/env bash
# Builds a self-contained Vitrine app image (and, with --deb, a Debian package) from the Maven jars.
#   bash jpackage/build.sh [--deb]
# Needs: JDK 17 (jlink, jpackage), binutils (objcopy for --strip-debug), fakeroot for --deb.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(mvn -q -B help:evaluate -Dexpression=project.version -DforceStdout 2>/dev/null | sed 's/-SNAPSHOT//')
mvn -q -B -DskipTests package

out=target/jpackage
rm -rf "$out" && mkdir -p "$out"
modules=$(grep -v '^#' jpackage/modules.txt | grep -v '^\s*$' | paste -sd, -)

jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
      --compress=2 --output "$out/runtime"

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

if [ "${1:-}" = "--deb" ]; then
  jpackage --type deb --app-image "$out/vitrine" --name vitrine --app-version "${version:-0.1.0}" --dest "$out" \
           --linux-package-deps "libgtk-3-0, libgl1, libxtst6" --linux-shortcut
fi
echo "App image: $out/vitrine (run: $out/vitrine/bin/vitrine, or $out/vitrine/bin/vitrine --demo ls tasks)"
