package dev.vitrine.bench;

import dev.vitrine.compare.Checkpoint;
import dev.vitrine.compare.Checkpoints;
import dev.vitrine.compare.ModelDiff;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Diff of two ~540 MB torch checkpoints: time and peak heap vs torch computing the same float64 norms. */
@Tag("bench")
class CheckpointDiffBench {

    @Test
    void diffOfTwo540MbCheckpoints() throws Exception {
        Path a = BenchSupport.dir().resolve("big_a.pt"), b = BenchSupport.dir().resolve("big_b.pt");
        try {
            BenchSupport.python("import torch, collections\ntorch.manual_seed(0)\nsd=collections.OrderedDict()\n"
                    + "for i in range(8): sd[f'layer{i}.weight']=torch.randn(4096, 4096)\n"
                    + "sd['embed.weight']=torch.randn(1000, 1024)\n"
                    + "torch.save(sd, '" + a + "')\n"
                    + "for k in sd: sd[k]=sd[k]+0.01*torch.randn_like(sd[k])\n"
                    + "torch.save(sd, '" + b + "')");
            assertThat(Files.size(a)).isGreaterThan(500L << 20);
            String ref = BenchSupport.python("import torch, time, resource\n"
                    + "t=time.perf_counter()\nA=torch.load('" + a + "')\nB=torch.load('" + b + "')\ntot=0.0\n"
                    + "for k in A:\n  x=A[k].double(); y=B[k].double(); d=x-y\n"
                    + "  r=(x.norm().item(), y.norm().item(), d.norm().item(), (torch.dot(x.flatten(), y.flatten())/(x.norm()*y.norm())).item(), d.abs().max().item())\n"
                    + "  tot+=r[2]**2\n"
                    + "print(repr(tot**0.5), time.perf_counter()-t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss*1024)");
            String[] parts = ref.lines().reduce((x, y) -> y).orElse("").split(" ");
            double torchTotal = Double.parseDouble(parts[0]), torchTime = Double.parseDouble(parts[1]);
            long torchRss = Long.parseLong(parts[2]);
            System.gc();
            BenchSupport.resetPeakHeap();
            long t0 = System.nanoTime();
            double total;
            try (Checkpoint ca = Checkpoints.open(a); Checkpoint cb = Checkpoints.open(b)) {
                total = ModelDiff.compute(ca, cb).total().l2Diff();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            long peak = BenchSupport.peakHeap();
            assertThat(Math.abs(total - torchTotal)).isLessThan(1e-9 * torchTotal);
            BenchSupport.print("checkpoint_diff_2x540MB", secs, "s", "torch.load + float64 norms (python3-torch 1.13)", torchTime);
            BenchSupport.print("checkpoint_diff_2x540MB_peak_heap", peak / 1048576.0, "MB", "torch process max RSS (MB)", torchRss / 1048576.0);
        } finally {
            Files.deleteIfExists(a);
            Files.deleteIfExists(b);
        }
    }
}
