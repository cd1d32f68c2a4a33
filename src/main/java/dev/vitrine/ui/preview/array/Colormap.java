package dev.vitrine.ui.preview.array;

/** Colormaps for heatmaps: a few anchor colours, linearly interpolated; {@link #argb(double)} takes t in [0, 1]. */
public enum Colormap {
    VIRIDIS(0x440154, 0x414487, 0x2a788e, 0x22a884, 0x7ad151, 0xfde725),
    MAGMA(0x000004, 0x3b0f70, 0x8c2981, 0xde4968, 0xfe9f6d, 0xfcfdbf),
    GRAY(0x000000, 0xffffff),
    COOLWARM(0x3b4cc0, 0x8db0fe, 0xdddddd, 0xf49a7b, 0xb40426);

    private final int[] anchors;

    Colormap(int... anchors) {
        this.anchors = anchors;
    }

    public int argb(double t) {
        if (Double.isNaN(t)) return 0xffff00ff; // NaN shows magenta
        t = Math.max(0, Math.min(1, t));
        double x = t * (anchors.length - 1);
        int i = Math.min(anchors.length - 2, (int) x);
        double f = x - i;
        int a = anchors[i], b = anchors[i + 1];
        int r = (int) Math.round(((a >> 16) & 0xff) * (1 - f) + ((b >> 16) & 0xff) * f);
        int g = (int) Math.round(((a >> 8) & 0xff) * (1 - f) + ((b >> 8) & 0xff) * f);
        int bl = (int) Math.round((a & 0xff) * (1 - f) + (b & 0xff) * f);
        return 0xff000000 | r << 16 | g << 8 | bl;
    }

    @Override
    public String toString() {
        return name().charAt(0) + name().substring(1).toLowerCase(java.util.Locale.ROOT);
    }
}
