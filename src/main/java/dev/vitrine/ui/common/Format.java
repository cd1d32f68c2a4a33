package dev.vitrine.ui.common;

import java.util.Locale;

/** Human-readable sizes, rates and durations for labels. */
public final class Format {
    private Format() {}

    /** 1536 -> "1.5 KB" (powers of 1024, as file managers show). */
    public static String bytes(long n) {
        if (n < 0) return "?";
        if (n < 1024) return n + " B";
        String[] units = {"KB", "MB", "GB", "TB", "PB"};
        double v = n;
        int u = -1;
        do {
            v /= 1024;
            u++;
        } while (v >= 1024 && u < units.length - 1);
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, units[u]);
    }

    public static String rate(double bytesPerSecond) {
        return bytesPerSecond <= 0 ? "" : bytes((long) bytesPerSecond) + "/s";
    }

    /** 75 -> "1 min 15 s". */
    public static String duration(long seconds) {
        if (seconds < 0) return "";
        if (seconds < 60) return seconds + " s";
        if (seconds < 3600) return (seconds / 60) + " min " + (seconds % 60) + " s";
        return (seconds / 3600) + " h " + (seconds % 3600 / 60) + " min";
    }

    /** A computed figure (a mean, a norm) for people: whole numbers as integers, others to 7 significant digits. */
    public static String figure(Double d) {
        if (d == null) return "–";
        if (d.isNaN()) return "nan";
        if (d.isInfinite()) return d > 0 ? "inf" : "-inf";
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return String.format(java.util.Locale.ROOT, "%,d", d.longValue());
        String g = String.format(java.util.Locale.ROOT, "%.7g", d);
        if (g.contains("e") || g.contains("E")) return g;
        return g.contains(".") ? g.replaceAll("0+$", "").replaceAll("\\.$", "") : g;
    }
}
