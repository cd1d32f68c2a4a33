package dev.vitrine.compare;

import dev.vitrine.preview.array.ArrayStats;
import dev.vitrine.preview.array.NdArray;
import dev.vitrine.preview.array.Slice2D;

import java.util.Arrays;

/**
 * Two numeric arrays compared: shapes, dtypes, each side's summary and, when the shapes match, the
 * statistics of A - B (streamed in float64). Immutable.
 *
 * @param diff null unless the shapes are equal
 */
public record ArrayDiff(long[] shapeA, long[] shapeB, String dtypeA, String dtypeB, ArrayStats statsA, ArrayStats statsB,
                        Difference diff) {

    /** Statistics of the element-wise difference. */
    public record Difference(double l2Diff, double maxAbsDiff, double meanAbsDiff, long differing, long count, Double relChange) {}

    public boolean sameShape() {
        return Arrays.equals(shapeA, shapeB);
    }

    public static ArrayDiff of(NdArray a, NdArray b) {
        ArrayStats sa = a.dtype().isNumeric() ? a.summary() : null;
        ArrayStats sb = b.dtype().isNumeric() ? b.summary() : null;
        Difference d = null;
        if (Arrays.equals(a.shape(), b.shape()) && sa != null && sb != null) {
            Tensor ta = new Tensor("a", a.shape(), a.elements(), 0, a.strides());
            Tensor tb = new Tensor("b", b.shape(), b.elements(), 0, b.strides());
            double[] x = new double[Streams.BUF], y = new double[Streams.BUF];
            double dd = 0, aa = 0, mx = 0, sumAbs = 0;
            long differing = 0;
            long n = ta.numel();
            for (long i = 0; i < n; i += x.length) {
                int m = (int) Math.min(x.length, n - i);
                ta.read(i, x, m);
                tb.read(i, y, m);
                for (int j = 0; j < m; j++) {
                    double diff = x[j] - y[j];
                    boolean bothNaN = Double.isNaN(x[j]) && Double.isNaN(y[j]);
                    if (bothNaN) continue;
                    if (x[j] != y[j]) differing++;
                    double ad = Math.abs(diff);
                    dd += diff * diff;
                    aa += x[j] * x[j];
                    sumAbs += ad;
                    if (ad > mx || ad != ad) mx = ad != ad ? Double.NaN : ad;
                }
            }
            double l2a = Math.sqrt(aa);
            d = new Difference(Math.sqrt(dd), mx, n == 0 ? 0 : sumAbs / n, differing, n, l2a == 0 ? null : Math.sqrt(dd) / l2a);
        }
        return new ArrayDiff(a.shape(), b.shape(), a.dtype().str(), b.dtype().str(), sa, sb, d);
    }

    /**
     * |A−B| over the first 2-D plane (the last two axes, every leading index 0; a 1-D array is one
     * row), sampled to at most maxRows x maxCols like the array viewer; null when the shapes differ
     * or either array is not numeric.
     */
    public static Slice2D sliceDifference(NdArray a, NdArray b, int maxRows, int maxCols) {
        int n = a.ndim();
        return sliceDifference(a, b, n >= 2 ? n - 2 : -1, Math.max(0, n - 1), new long[n], maxRows, maxCols);
    }

    /** |A−B| over the plane {@code rowAxis} x {@code colAxis} with the other axes at {@code fixed}; null as above. */
    public static Slice2D sliceDifference(NdArray a, NdArray b, int rowAxis, int colAxis, long[] fixed, int maxRows, int maxCols) {
        if (!Arrays.equals(a.shape(), b.shape()) || !a.dtype().isNumeric() || !b.dtype().isNumeric()) return null;
        Slice2D sa = a.slice(rowAxis, colAxis, fixed, maxRows, maxCols);
        Slice2D sb = b.slice(rowAxis, colAxis, fixed, maxRows, maxCols);
        double[] v = new double[sa.values().length];
        for (int i = 0; i < v.length; i++) v[i] = Math.abs(sa.values()[i] - sb.values()[i]);
        return new Slice2D(sa.rows(), sa.cols(), sa.fullRows(), sa.fullCols(), sa.rowStep(), sa.colStep(), v);
    }
}
