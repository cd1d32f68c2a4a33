package dev.vitrine.workspace.offline;

import dev.vitrine.workspace.WorkspaceException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises writers of one offline session, in this process and across processes, and makes
 * their renames durable. The lock file is named as the SDK names its cache locks (STORAGE.md 6.6:
 * {@code .lock.000.<entry name>.clearml} beside the entry) and held with an exclusive OS lock;
 * within the JVM a lock per path comes first, since Java refuses a second OS lock on a file the
 * process already holds.
 */
final class SessionLock implements AutoCloseable {

    private static final ConcurrentHashMap<Path, ReentrantLock> LOCAL = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock lock;

    private SessionLock(ReentrantLock local, FileChannel channel, FileLock lock) {
        this.local = local;
        this.channel = channel;
        this.lock = lock;
    }

    /** Waits for the session at {@code source} (folder or zip) to be free, then holds it. */
    static SessionLock acquire(Path source) {
        Path abs = source.toAbsolutePath().normalize();
        ReentrantLock local = LOCAL.computeIfAbsent(abs, p -> new ReentrantLock());
        local.lock();
        try {
            Path file = abs.resolveSibling(".lock.000." + abs.getFileName() + ".clearml");
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                return new SessionLock(local, ch, ch.lock());
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        } catch (IOException e) {
            local.unlock();
            throw new WorkspaceException("Cannot lock the session " + abs.getFileName() + " for writing: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            local.unlock();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // closing the channel releases the lock anyway
        } finally {
            local.unlock();
        }
    }
}
