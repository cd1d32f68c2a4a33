package dev.vitrine.testutil;

import dev.vitrine.workspace.SdkNaming;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reports debug samples the way the SDK does (EVENTS.md 2): the file goes to the fileserver under
 * {@code <project>/<task>.<id>/metrics/R(title)/R(series)/R(title)_R(series)_<counter % history>.png},
 * overwriting the file of {@code history} reports ago, then the event goes to the events service.
 * Each image is a solid colour whose red channel is {@code iteration % 256}, so a test can tell which
 * iteration a file really holds.
 */
public final class SampleWorld {

    private final FakeEvents events;
    private final FileServerFake files;
    private final String project;
    private final Map<String, Integer> counters = new HashMap<>();

    public SampleWorld(FakeEvents events, FileServerFake files, String project) {
        this.events = events;
        this.files = files;
        this.project = project;
    }

    /** Reports {@code iteration} of title/series with an image of {@code size}x{@code size}; returns the event's url. */
    public String report(String taskId, String taskName, String metric, String variant, long iteration, int history, int size) {
        return report(taskId, taskName, metric, variant, iteration, history, png(iteration, size), "png");
    }

    /** Reports any bytes under a file of the given extension. */
    public String report(String taskId, String taskName, String metric, String variant, long iteration, int history,
                         byte[] bytes, String ext) {
        String counterKey = metric + "_" + variant;
        int counter = counters.merge(counterKey, 1, Integer::sum) - 1;
        long n = history < 1 ? counter : counter % history;
        String file = SdkNaming.r(metric) + "_" + SdkNaming.r(variant) + "_" + String.format(Locale.ROOT, "%08d", n) + "." + ext;
        String key = project + "/" + taskName + "." + taskId + "/metrics/" + SdkNaming.r(metric) + "/" + SdkNaming.r(variant) + "/" + file;
        try {
            files.put(key, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String url = SdkNaming.uri(files.url(), key);
        events.addImage(taskId, iteration, metric, variant, key, url);
        return url;
    }

    /** A PNG whose every pixel has red = iteration % 256. */
    public static byte[] png(long iteration, int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(new Color((int) (iteration % 256), 40, 90));
        g.fillRect(0, 0, size, size);
        g.dispose();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The iteration a file made by {@link #png} holds (its red channel). */
    public static int iterationOf(java.nio.file.Path png) {
        try {
            return (ImageIO.read(png.toFile()).getRGB(0, 0) >> 16) & 0xff;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
