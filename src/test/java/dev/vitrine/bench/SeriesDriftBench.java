package dev.vitrine.bench;

import dev.vitrine.compare.Checkpoint;
import dev.vitrine.compare.Checkpoints;
import dev.vitrine.compare.ModelDiff;
import dev.vitrine.compare.series.CheckpointSeries;
import dev.vitrine.compare.series.SeriesCompare;
import dev.vitrine.compare.series.SnapshotSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drift map over 10 snapshots of a ~520 MB model (safetensors written by numpy from the spec) against
 * one pairwise diff per step (9 ModelDiff runs), the heap against the largest tensor (64 MB), and numpy
 * and torch (when /usr/bin/python3 imports it; skipped otherwise) computing the same float64 norms in the
 * same run as anchors.
 */
@Tag("bench")
class SeriesDriftBench {

    static final int SNAPSHOTS = 10;

    @Test
    void driftMapOfTenSnapshotsOfA500MbModel() throws Exception {
        Path dir = BenchSupport.dir().resolve("series");
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < SNAPSHOTS; i++) files.add(dir.resolve("snap" + i + ".safetensors"));
        try {
            BenchSupport.python("import numpy as np, json, struct\nrng=np.random.default_rng(0)\n"
                    + "names=[f'layer{i}.weight' for i in range(8)]+['embed.weight']\n"
                    + "shapes=[(4096,4096)]*8+[(1000,1024)]\n"
                    + "sd={n: rng.standard_normal(s, dtype=np.float32) for n,s in zip(names,shapes)}\n"
                    + "def save(p, sd):\n  h={}; off=0\n  for n,a in sd.items():\n    h[n]={'dtype':'F32','shape':list(a.shape),'data_offsets':[off,off+a.nbytes]}; off+=a.nbytes\n"
                    + "  hb=json.dumps(h).encode(); hb+=b' '*((8-len(hb)%8)%8)\n"
                    + "  with open(p,'wb') as f:\n    f.write(struct.pack('<Q',len(hb))); f.write(hb)\n    for a in sd.values(): f.write(a.tobytes())\n"
                    + "for i in range(" + SNAPSHOTS + "):\n"
                    + "  if i: sd={n: a+np.float32(0.01*i)*rng.standard_normal(a.shape, dtype=np.float32) for n,a in sd.items()}\n"
                    + "  save('" + dir + "/snap%d.safetensors' % i, sd)\n");
            assertThat(Files.size(files.get(0))).isGreaterThan(500L << 20);
            String ref = BenchSupport.python("import numpy as np, json, struct, time, resource\n"
                    + "def load(p):\n  m=np.memmap(p, dtype=np.uint8, mode='r'); n=struct.unpack('<Q', bytes(m[:8]))[0]; h=json.loads(bytes(m[8:8+n]))\n"
                    + "  return {k:np.frombuffer(m, dtype=np.float32, count=(v['data_offsets'][1]-v['data_offsets'][0])//4, offset=8+n+v['data_offsets'][0]) for k,v in h.items()}\n"
                    + "t=time.perf_counter(); first=load('" + dir + "/snap0.safetensors'); prev=first; tot=0.0\n"
                    + "for i in range(1," + SNAPSHOTS + "):\n  cur=load('" + dir + "/snap%d.safetensors' % i)\n"
                    + "  for k in cur:\n    x=cur[k].astype(np.float64); p=prev[k].astype(np.float64); f=first[k].astype(np.float64)\n"
                    + "    l2=np.sqrt((x*x).sum()); dp=np.sqrt(((x-p)**2).sum()); df=np.sqrt(((x-f)**2).sum())\n"
                    + "    if i==" + (SNAPSHOTS - 1) + " and k=='layer0.weight': tot=df\n"
                    + "  prev=cur\n"
                    + "print(repr(float(tot)), time.perf_counter()-t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss*1024)");
            String[] parts = ref.lines().reduce((x, y) -> y).orElse("").split(" ");
            double numpyDf = Double.parseDouble(parts[0]), numpyTime = Double.parseDouble(parts[1]);
            long numpyRss = Long.parseLong(parts[2]);
            // torch (Debian's python3-torch) computing the same float64 norms, when it is installed
            boolean torch = BenchSupport.python("import importlib.util\nprint(importlib.util.find_spec('torch') is not None)").endsWith("True");
            double torchDf = Double.NaN, torchTime = Double.NaN;
            long torchRss = -1;
            if (torch) {
                String tref = BenchSupport.python("import numpy as np, json, struct, time, resource, torch\n"
                        + "torch.set_num_threads(1)\n"
                        + "def load(p):\n  m=np.memmap(p, dtype=np.uint8, mode='r'); n=struct.unpack('<Q', bytes(m[:8]))[0]; h=json.loads(bytes(m[8:8+n]))\n"
                        + "  return {k:torch.from_numpy(np.frombuffer(m, dtype=np.float32, count=(v['data_offsets'][1]-v['data_offsets'][0])//4, offset=8+n+v['data_offsets'][0])) for k,v in h.items()}\n"
                        + "t=time.perf_counter(); first=load('" + dir + "/snap0.safetensors'); prev=first; tot=0.0\n"
                        + "for i in range(1," + SNAPSHOTS + "):\n  cur=load('" + dir + "/snap%d.safetensors' % i)\n"
                        + "  for k in cur:\n    x=cur[k].double(); p=prev[k].double(); f=first[k].double()\n"
                        + "    l2=torch.linalg.vector_norm(x); dp=torch.linalg.vector_norm(x-p); df=torch.linalg.vector_norm(x-f)\n"
                        + "    if i==" + (SNAPSHOTS - 1) + " and k=='layer0.weight': tot=float(df)\n"
                        + "  prev=cur\n"
                        + "print(repr(tot), time.perf_counter()-t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss*1024)");
                String[] tp = tref.lines().reduce((x, y) -> y).orElse("").split(" ");
                torchDf = Double.parseDouble(tp[0]);
                torchTime = Double.parseDouble(tp[1]);
                torchRss = Long.parseLong(tp[2]);
                assertThat(Math.abs(torchDf - numpyDf)).as("torch and numpy agree").isLessThan(1e-9 * numpyDf);
            }

            // one pairwise diff per step, as a user would run them by hand
            long t0 = System.nanoTime();
            for (int i = 1; i < SNAPSHOTS; i++) {
                try (Checkpoint a = Checkpoints.open(files.get(i - 1)); Checkpoint b = Checkpoints.open(files.get(i))) {
                    ModelDiff.compute(a, b);
                }
            }
            double pairwise = (System.nanoTime() - t0) / 1e9;

            System.gc();
            BenchSupport.resetPeakHeap();
            long t1 = System.nanoTime();
            List<SnapshotSource> sources = files.stream().map(SnapshotSource::file).toList();
            CheckpointSeries s = SeriesCompare.compute(sources, SeriesCompare.Progress.NONE);
            double series = (System.nanoTime() - t1) / 1e9;
            long peak = BenchSupport.peakHeap();

            double l2First = s.tensor("layer0.weight").relChangeFirst(SNAPSHOTS - 1) * s.tensor("layer0.weight").l2(0);
            assertThat(Math.abs(l2First - numpyDf)).isLessThan(1e-9 * numpyDf);
            long largestTensor = 4096L * 4096 * 4;
            BenchSupport.print("series_drift_10x520MB", series, "s", "9 pairwise diffs, one per step (s)", pairwise);
            BenchSupport.print("series_drift_10x520MB_vs_numpy", series, "s", "numpy float64 norms of the same series (s)", numpyTime);
            BenchSupport.print("series_drift_10x520MB_peak_heap", peak / 1048576.0, "MB", "largest tensor (MB)", largestTensor / 1048576.0);
            BenchSupport.print("series_drift_numpy_rss", numpyRss / 1048576.0, "MB", "numpy process max RSS (MB)", numpyRss / 1048576.0);
            if (torch) {
                assertThat(Math.abs(l2First - torchDf)).isLessThan(1e-9 * torchDf);
                BenchSupport.print("series_drift_10x520MB_vs_torch", series, "s", "torch float64 norms of the same series, one thread (s)", torchTime);
                BenchSupport.print("series_drift_torch_rss", torchRss / 1048576.0, "MB", "torch process max RSS (MB)", torchRss / 1048576.0);
            } else {
                System.out.println("torch not importable by /usr/bin/python3 (apt-get install python3-torch): no torch anchor");
            }
        } finally {
            for (Path f : files) Files.deleteIfExists(f);
        }
    }
}
