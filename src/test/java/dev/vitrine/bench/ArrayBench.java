package dev.vitrine.bench;

import dev.vitrine.preview.array.ArrayStats;
import dev.vitrine.preview.array.NdArray;
import dev.vitrine.preview.array.NpyFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** 100M-element float32 .npy: summary statistics (min, max, mean, std, sum, NaN/inf counts) vs numpy. */
@Tag("bench")
class ArrayBench {

    @Test
    void summaryOf100MFloat32() throws Exception {
        Path file = BenchSupport.dir().resolve("f32_100M.npy");
        try {
            BenchSupport.python("import numpy as np\nrng=np.random.default_rng(1)\n"
                    + "a=(rng.standard_normal(100_000_000, dtype=np.float32)*3+1)\na[::1000003]=np.nan\nnp.save('" + file + "', a)");
            String ref = BenchSupport.python("import numpy as np, time\n"
                    + "best=1e9\n"
                    + "for _ in range(3):\n"
                    + "  t=time.perf_counter(); a=np.load('" + file + "', mmap_mode='r')\n"
                    + "  r=(np.nanmin(a), np.nanmax(a), np.nanmean(a, dtype=np.float64), np.nanstd(a, dtype=np.float64), np.nansum(a, dtype=np.float64), int(np.isnan(a).sum()), int(np.isinf(a).sum()))\n"
                    + "  best=min(best, time.perf_counter()-t)\n"
                    + "print(repr(float(r[2])), repr(float(r[3])), best)");
            String[] parts = ref.lines().reduce((x, y) -> y).orElse("").split(" ");
            double npMean = Double.parseDouble(parts[0]), npStd = Double.parseDouble(parts[1]), npTime = Double.parseDouble(parts[2]);
            double best = Double.MAX_VALUE;
            ArrayStats s = null;
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                try (NdArray a = NpyFile.open(file)) {
                    s = a.summary();
                }
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            }
            assertThat(Math.abs(s.mean() - npMean)).isLessThan(1e-9 * Math.abs(npMean));
            assertThat(Math.abs(s.std() - npStd)).isLessThan(1e-9 * npStd);
            BenchSupport.print("npy_summary_100M_float32", best, "s", "numpy nanmin/nanmax/nanmean/nanstd/nansum/isnan/isinf (float64 accumulators), mmap", npTime);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
