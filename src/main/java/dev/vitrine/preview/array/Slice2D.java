package dev.vitrine.preview.array;

/**
 * A 2-D window of an array taken along two axes, with every other axis fixed at an index, sampled
 * down (by a stride) when the plane is larger than asked. Values are doubles (real part for
 * complex), row-major. {@code rowStep}/{@code colStep} say how many source rows/columns each cell
 * stands for.
 *
 * @param fullRows number of rows of the whole plane
 */
public record Slice2D(int rows, int cols, long fullRows, long fullCols, long rowStep, long colStep, double[] values) {
    public double get(int r, int c) {
        return values[r * cols + c];
    }
}
