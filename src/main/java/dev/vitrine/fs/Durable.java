package dev.vitrine.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * The steps that make "write beside, then rename over" safe for files a user owns (a clearml.conf,
 * an offline session): flush the new bytes, give the replacement the original's mode and owner,
 * and flush the folder after the rename so the rename itself survives a power loss.
 */
public final class Durable {
    private Durable() {}

    /** Flushes a written file's bytes to the disk, so a rename never publishes an empty file. */
    public static void sync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Makes renames in {@code dir} durable where the platform can open a folder. */
    public static void syncFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException notSupported) {
            // Windows cannot open a folder as a channel; its rename is already journaled
        }
    }

    /** Gives {@code replacement} the mode, owner and group of {@code original} (when it exists) before it takes its place. */
    public static void keepModeAndOwner(Path original, Path replacement) throws IOException {
        if (!Files.exists(original)) return;
        PosixFileAttributeView src = Files.getFileAttributeView(original, PosixFileAttributeView.class);
        PosixFileAttributeView dst = Files.getFileAttributeView(replacement, PosixFileAttributeView.class);
        if (src == null || dst == null) return;
        PosixFileAttributes a = src.readAttributes();
        dst.setPermissions(a.permissions());
        try {
            if (!a.owner().equals(dst.getOwner())) dst.setOwner(a.owner());
            if (!a.group().equals(dst.readAttributes().group())) dst.setGroup(a.group());
        } catch (IOException notPermitted) {
            // only root may give a file away; the user's own file stays the user's
        }
    }
}
