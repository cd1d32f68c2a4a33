package dev.vitrine.samples;

import dev.vitrine.workspace.Location;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One debug sample: what a task reported for a title ({@code metric}) and series ({@code variant}) at
 * an iteration, with where its file is. Field names follow ClearML's event fields.
 *
 * @param url       the event's url verbatim (percent-encoded; fetched as given)
 * @param timestamp when the SDK reported it
 * @param location  where the bytes are, resolved by the workspace that listed it
 */
public record Sample(String task, String metric, String variant, long iteration, String url, Instant timestamp,
                     MediaKind kind, Location location) {

    public SampleKey key() {
        return new SampleKey(metric, variant);
    }

    /** The file's name from the url's last segment, percent-decoded (what the SDK named it). */
    public String fileName() {
        String u = url;
        int q = u.indexOf('?');
        if (q >= 0) u = u.substring(0, q);
        String seg = u.substring(u.replace('\\', '/').lastIndexOf('/') + 1);
        try {
            return URLDecoder.decode(seg.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return seg;
        }
    }
}
