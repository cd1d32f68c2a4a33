package dev.vitrine.storage;

import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/**
 * {@code len} bytes of a file from {@code off} as an OkHttp request body, read with positional
 * reads in 256 KiB steps (a part of a multipart or resumable upload). A cancel stops it between
 * steps; {@code onStart} runs each time the body is written (OkHttp may write it again) and
 * {@code onBytes} hears every step.
 */
final class FileRangeBody extends RequestBody {
    private final Path source;
    private final long off;
    private final long len;
    private final Cancellation cancel;
    private final Runnable onStart;
    private final LongConsumer onBytes;

    FileRangeBody(Path source, long off, long len, Cancellation cancel, Runnable onStart, LongConsumer onBytes) {
        this.source = source;
        this.off = off;
        this.len = len;
        this.cancel = cancel;
        this.onStart = onStart == null ? () -> { } : onStart;
        this.onBytes = onBytes == null ? n -> { } : onBytes;
    }

    @Override
    public MediaType contentType() {
        return null; // parts and chunks carry none: the object's type was given when the upload started
    }

    @Override
    public long contentLength() {
        return len;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
        onStart.run();
        if (len == 0) return;
        ByteBuffer buf = ByteBuffer.allocate(256 << 10);
        try (FileChannel ch = FileChannel.open(source)) {
            long pos = off;
            long end = off + len;
            while (pos < end) {
                if (cancel.isCancelled()) throw new IOException("cancelled");
                buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
                int n = ch.read(buf, pos);
                if (n < 0) throw new IOException(source + " became shorter while it was uploaded");
                pos += n;
                sink.write(buf.array(), 0, n);
                onBytes.accept(n);
            }
        }
    }
}
