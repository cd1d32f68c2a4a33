package dev.vitrine.samples;

/** A metric/variant pair (title/series), ordered as the server sorts them: metric, then variant, binary order. */
public record SampleKey(String metric, String variant) implements Comparable<SampleKey> {

    @Override
    public int compareTo(SampleKey o) {
        int c = metric.compareTo(o.metric);
        return c != 0 ? c : variant.compareTo(o.variant);
    }

    @Override
    public String toString() {
        return metric + " / " + variant;
    }
}
