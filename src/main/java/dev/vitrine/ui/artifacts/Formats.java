package dev.vitrine.ui.artifacts;

import dev.vitrine.workspace.Location;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Display formatting shared by tables and detail panes: sizes, times, locations. */
public final class Formats {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private Formats() {}

    public static String size(Long bytes) {
        if (bytes == null) return "";
        if (bytes < 1024) return bytes + " B";
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, units[u]);
    }

    public static String time(Instant t) {
        return t == null ? "" : TIME.format(t.atZone(ZoneId.systemDefault()));
    }

    /** Where the bytes are, in words. */
    public static String location(Location l) {
        if (l instanceof Location.LocalFile f) return f.path().toString();
        if (l instanceof Location.ZipMember m) return m.zip().getFileName() + " › " + m.member();
        if (l instanceof Location.Remote r) return r.uri();
        if (l instanceof Location.OutsideSession o) return o.path() + " (outside the session: not read automatically)";
        if (l instanceof Location.Missing m) return "missing: " + m.reason();
        return "";
    }
}
