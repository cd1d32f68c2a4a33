package dev.vitrine.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Benchmark output: one JSON line per scenario, on stdout, greppable by its "bench" key. */
public final class Bench {
    private Bench() {}

    public static void print(String name, double figure, String unit, String reference, Double referenceFigure) {
        String line = String.format(Locale.ROOT, "{\"bench\":true,\"name\":\"%s\",\"figure\":%.3f,\"unit\":\"%s\",\"reference\":%s,\"reference_figure\":%s}",
                name, figure, unit, reference == null ? "null" : "\"" + reference + "\"",
                referenceFigure == null ? "null" : String.format(Locale.ROOT, "%.3f", referenceFigure));
        System.out.println(line);
        System.out.flush();
    }

    public static double median(List<? extends Number> values) {
        List<Double> v = new ArrayList<>();
        for (Number n : values) v.add(n.doubleValue());
        Collections.sort(v);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }
}
