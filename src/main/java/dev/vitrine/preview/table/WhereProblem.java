package dev.vitrine.preview.table;

import org.apache.commons.text.similarity.LevenshteinDistance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Why a WHERE expression was refused, in plain words, with the part of the user's text at fault
 * ({@code start} inclusive to {@code end} exclusive, both -1 when no one part is) and the column
 * names the user probably meant, nearest first.
 */
public record WhereProblem(String message, int start, int end, List<String> suggestions) {

    public WhereProblem {
        suggestions = List.copyOf(suggestions);
    }

    public boolean hasSpan() {
        return start >= 0 && end > start;
    }

    /**
     * The names within a few edits of {@code name} (case ignored, as DuckDB matches identifiers),
     * nearest first, at most three; names that start with it come first among equals.
     */
    public static List<String> nearest(String name, List<String> names) {
        String n = name.toLowerCase(Locale.ROOT);
        int limit = Math.max(1, Math.min(3, n.length() / 3 + 1));
        record Scored(String name, int distance, boolean prefix) {}
        List<Scored> scored = new ArrayList<>();
        for (String c : names) {
            String l = c.toLowerCase(Locale.ROOT);
            int d = distance(n, l);
            boolean prefix = l.startsWith(n) && !n.isEmpty();
            if (d <= limit || prefix) scored.add(new Scored(c, prefix ? Math.min(d, limit) : d, prefix));
        }
        scored.sort(Comparator.comparingInt(Scored::distance).thenComparing(s -> !s.prefix()).thenComparing(Scored::name));
        return scored.stream().limit(3).map(Scored::name).toList();
    }

    private static final LevenshteinDistance EDITS = LevenshteinDistance.getDefaultInstance();

    static int distance(String a, String b) {
        return EDITS.apply(a, b);
    }
}
