package dev.vitrine.samples;

import java.util.Locale;
import java.util.Set;

/** What a sample holds, told by its url's extension: events carry no content type (EVENTS.md 2). */
public enum MediaKind {
    IMAGE, AUDIO, VIDEO, HTML, FILE;

    private static final Set<String> IMAGES = Set.of("jpeg", "jpg", "png", "gif", "bmp", "webp", "tif", "tiff");
    private static final Set<String> AUDIO_EXT = Set.of("wav", "mp3", "aac", "m4a", "aif", "aiff", "ogg", "flac");
    private static final Set<String> VIDEO_EXT = Set.of("mp4", "m4v", "mov", "webm", "avi", "mkv", "flv");

    /** The name the CLI's JSON uses ({@code image}, {@code audio}, ...). */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MediaKind ofUrl(String url) {
        String ext = extension(url);
        if (IMAGES.contains(ext)) return IMAGE;
        if (AUDIO_EXT.contains(ext)) return AUDIO;
        if (VIDEO_EXT.contains(ext)) return VIDEO;
        if (ext.equals("html") || ext.equals("htm")) return HTML;
        return FILE;
    }

    /** The last extension of the url's last path segment, lower case, without query or fragment. */
    static String extension(String url) {
        if (url == null) return "";
        String u = url;
        int cut = indexOfAny(u, '?', '#');
        if (cut >= 0) u = u.substring(0, cut);
        String seg = u.substring(u.lastIndexOf('/') + 1);
        int dot = seg.lastIndexOf('.');
        return dot < 0 ? "" : seg.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }
}
