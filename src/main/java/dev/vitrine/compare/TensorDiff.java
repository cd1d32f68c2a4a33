package dev.vitrine.compare;

/**
 * One row of a checkpoint comparison (CLI.md's checkpoint-diff tensor). Fields of a missing side
 * are null; difference fields are null unless both sides have the same shape.
 */
public record TensorDiff(String name, long[] shapeA, long[] shapeB, String dtypeA, String dtypeB,
                         Double l2A, Double l2B, Double l2Diff, Double relChange, Double cosine, Double maxAbsDiff,
                         Status status) {

    public enum Status {
        SAME, CHANGED, ADDED, REMOVED, RESHAPED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The layer group: the name without its last dotted part ("fc1" for "fc1.weight"), or the name itself. */
    public String group() {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    /** For sorting by change: relative change, else l2 diff, else +inf for added/removed/reshaped. */
    public double changeScore() {
        if (status == Status.ADDED || status == Status.REMOVED || status == Status.RESHAPED) return Double.POSITIVE_INFINITY;
        if (relChange != null && !relChange.isNaN()) return relChange;
        return l2Diff == null ? 0 : l2Diff;
    }
}
