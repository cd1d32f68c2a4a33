import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Adds debug samples to the demo's training session, as the SDK's Logger.report_image / report_media
 * would have recorded them offline (EVENTS.md 2, OFFLINE.md 4): one file per report under
 * data/<project>/<task>.<id>/metrics/R(title)/R(series)/R(title)_R(series)_<counter % history>.<ext>,
 * the file of an older report overwritten when the history is full, and a training_debug_image event
 * per report appended to metrics.jsonl. Then refreshes the digest line of index.txt.
 *
 * Usage (JDK 17+, nothing else): java AddSamples.java assets/demo/offline-406084157b9286003792651da719d1d2.zip
 * Deterministic: seeded drawings without text, the zip's own entry times, timestamps after each epoch's scalars.
 * Running it again replaces the samples it added before.
 */
public class AddSamples {

    static final int EPOCHS = 12;

    record Report(long iter, String title, String series, String ext, byte[] bytes, int history) {}

    public static void main(String[] args) throws Exception {
        Path zip = Path.of(args[0]);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        long time;
        try (ZipFile zf = new ZipFile(zip.toFile())) {
            time = zf.getEntry("task.json").getTime();
            for (var it = zf.entries().asIterator(); it.hasNext(); ) {
                ZipEntry e = it.next();
                try (InputStream in = zf.getInputStream(e)) {
                    entries.put(e.getName(), in.readAllBytes());
                }
            }
        }
        String task = new String(entries.get("task.json"), StandardCharsets.UTF_8);
        String id = zip.getFileName().toString().replaceFirst("\\.zip$", "");
        String folder = field(task, "offline_folder");
        // <Q(project)>/<Q(task name)>.<id>/ as the session's artifacts are stored (nested names in task.json are ambiguous)
        String artifact = entries.keySet().stream().filter(k -> k.startsWith("data/") && k.contains("." + id + "/artifacts/"))
                .findFirst().orElseThrow(() -> new IllegalStateException("no artifact of " + id + " to take the folder from"));
        String prefix = artifact.substring("data/".length(), artifact.indexOf("." + id + "/artifacts/")) + "." + id + "/metrics/";
        // what an earlier run added goes first
        entries.keySet().removeIf(k -> k.startsWith("data/" + prefix));
        List<String> lines = new ArrayList<>();
        Map<Long, Long> lastScalar = new TreeMap<>();
        for (String line : new String(entries.get("metrics.jsonl"), StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank() || line.contains("\"training_debug_image\"")) continue;
            lines.add(line);
            Matcher m = Pattern.compile("\"timestamp\": (\\d+), \"type\": \"[a-z_]+\", \"task\": \"[^\"]+\", \"iter\": (\\d+)").matcher(line);
            while (m.find()) lastScalar.merge(Long.parseLong(m.group(2)), Long.parseLong(m.group(1)), Math::max);
        }

        List<Report> reports = new ArrayList<>();
        Random rnd = new Random(16);
        for (long epoch = 1; epoch <= EPOCHS; epoch++) {
            reports.add(new Report(epoch, "predictions", "churned", "jpeg", jpeg(histogram(rnd, epoch, true)), 100));
            reports.add(new Report(epoch, "predictions", "retained", "jpeg", jpeg(histogram(rnd, epoch, false)), 100));
            reports.add(new Report(epoch, "embeddings", "val", "png", png(scatter(rnd, epoch)), 5));
            if (epoch == 6 || epoch == EPOCHS) reports.add(new Report(epoch, "alerts", "churn alarm", "wav", wav(epoch), 100));
        }
        reports.add(new Report(EPOCHS, "report", "summary", "html", html(EPOCHS), 100));

        Map<String, Integer> counters = new TreeMap<>();
        TreeMap<Long, List<String>> events = new TreeMap<>();
        TreeMap<String, byte[]> files = new TreeMap<>();
        int n = 0;
        for (Report r : reports) {
            int c = counters.merge(r.title + "_" + r.series, 1, Integer::sum) - 1;
            String file = rq(r.title) + "_" + rq(r.series) + "_" + String.format(Locale.ROOT, "%08d", c % r.history) + "." + r.ext;
            String key = prefix + rq(r.title) + "/" + rq(r.series) + "/" + file;
            files.put("data/" + key, r.bytes); // a later report under the same name overwrites it, as on disk
            long ts = lastScalar.getOrDefault(r.iter, 1741944603000L + r.iter * 1000) + 5 + (n++ % 16) * 3;
            events.computeIfAbsent(r.iter, k -> new ArrayList<>()).add(String.format(Locale.ROOT,
                    "{\"timestamp\": %d, \"type\": \"training_debug_image\", \"task\": \"%s\", \"iter\": %d, \"metric\": \"%s\", "
                            + "\"variant\": \"%s\", \"key\": \"%s\", \"url\": \"%s\", \"method\": \"get\"}",
                    ts, id, r.iter, r.title, r.series, key, folder + "/data/" + key));
        }
        for (List<String> batch : events.values()) lines.add("[" + String.join(", ", batch) + "]");
        entries.put("metrics.jsonl", (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        entries.putAll(files);

        Path tmp = zip.resolveSibling(zip.getFileName() + ".tmp");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry z = new ZipEntry(e.getKey());
                z.setTime(time);
                out.putNextEntry(z);
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        Files.move(tmp, zip, StandardCopyOption.REPLACE_EXISTING);
        refreshIndex(zip.getParent());
        System.out.println(zip.getFileName() + ": " + reports.size() + " debug samples in " + files.size() + " files");
    }

    /** The SDK's R(): "/" becomes ".slash.", the special characters 0xNN. */
    static String rq(String s) {
        StringBuilder b = new StringBuilder();
        for (char ch : s.replace("/", ".slash.").toCharArray()) {
            if ("#\"';?:@&=+$,%!\r\n".indexOf(ch) >= 0) b.append(String.format(Locale.ROOT, "0x%02x", (int) ch));
            else b.append(ch);
        }
        return b.toString();
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\": \"([^\"]*)\"").matcher(json);
        if (!m.find()) throw new IllegalStateException("task.json has no " + name);
        return m.group(1);
    }

    /** Predicted churn probabilities of one class: the two classes pull apart as training goes on. */
    static BufferedImage histogram(Random rnd, long epoch, boolean churned) {
        BufferedImage img = canvas(96, 96);
        Graphics2D g = img.createGraphics();
        int[] bins = new int[12];
        double centre = churned ? 0.5 + 0.35 * epoch / EPOCHS : 0.5 - 0.35 * epoch / EPOCHS;
        for (int i = 0; i < 300; i++) {
            double p = Math.max(0, Math.min(0.999, centre + rnd.nextGaussian() * (0.25 - 0.012 * epoch)));
            bins[(int) (p * bins.length)]++;
        }
        g.setColor(churned ? new Color(214, 69, 65) : new Color(52, 120, 198));
        for (int i = 0; i < bins.length; i++) {
            int h = Math.min(88, bins[i]);
            g.fillRect(4 + i * 7, 92 - h, 6, h);
        }
        g.dispose();
        return img;
    }

    /** A 2-d projection of the validation embeddings: two clusters that separate by epoch. */
    static BufferedImage scatter(Random rnd, long epoch) {
        BufferedImage img = canvas(128, 128);
        Graphics2D g = img.createGraphics();
        double sep = 8 + 3.5 * epoch;
        for (int i = 0; i < 160; i++) {
            boolean churn = i % 3 == 0;
            double x = 64 + (churn ? sep : -sep) * 0.7 + rnd.nextGaussian() * 12;
            double y = 64 + (churn ? -sep : sep) * 0.5 + rnd.nextGaussian() * 12;
            g.setColor(churn ? new Color(214, 69, 65) : new Color(52, 120, 198));
            g.fillRect((int) x - 1, (int) y - 1, 3, 3);
        }
        g.dispose();
        return img;
    }

    static BufferedImage canvas(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(220, 220, 220));
        g.drawRect(0, 0, w - 1, h - 1);
        g.dispose();
        return img;
    }

    /** JPEG at quality 87, as sdk.metrics.images.format does by default. */
    static byte[] jpeg(BufferedImage img) throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(0.87f);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            w.setOutput(ios);
            w.write(null, new IIOImage(img, null, null), p);
        }
        w.dispose();
        return out.toByteArray();
    }

    static byte[] png(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    /** Half a second of a two-tone alarm, 16-bit mono 8 kHz PCM. */
    static byte[] wav(long epoch) {
        int rate = 8000;
        int samples = rate / 2;
        ByteBuffer b = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples * 2).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate)
                .putInt(rate * 2).putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples * 2);
        for (int i = 0; i < samples; i++) {
            double f = i < samples / 2 ? 660 + 20 * epoch : 880;
            b.putShort((short) (Math.sin(2 * Math.PI * f * i / rate) * 9000));
        }
        return b.array();
    }

    static byte[] html(long epoch) {
        return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>train churn model</title></head>\n"
                + "<body><h1>train churn model: summary</h1>\n<p>Epochs: " + epoch + ". The validation clusters separate"
                + " from epoch 4; see the embeddings debug samples.</p>\n</body></html>\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The index's digest line over the zips it lists (sorted), as make_demo.py writes it. */
    static void refreshIndex(Path dir) throws Exception {
        Path index = dir.resolve("index.txt");
        if (!Files.isRegularFile(index)) return;
        List<String> names = new ArrayList<>();
        for (String l : Files.readAllLines(index, StandardCharsets.UTF_8)) if (!l.isBlank() && !l.startsWith("#")) names.add(l.strip());
        names.sort(null);
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        for (String n : names) d.update(Files.readAllBytes(dir.resolve(n)));
        StringBuilder b = new StringBuilder("# Vitrine demo sessions (generate/make_demo.py), sha256 of the zips ")
                .append(HexFormat.of().formatHex(d.digest())).append('\n');
        names.forEach(n -> b.append(n).append('\n'));
        Files.writeString(index, b.toString(), StandardCharsets.UTF_8);
    }
}
