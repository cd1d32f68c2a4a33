package dev.vitrine.preview.table;

import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorOutputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Lz4FrameCodecTest {

    private static byte[] frame(byte[] data, FramedLZ4CompressorOutputStream.Parameters p) throws Exception {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (FramedLZ4CompressorOutputStream out = new FramedLZ4CompressorOutputStream(bos, p)) {
            out.write(data);
        }
        return bos.toByteArray();
    }

    @Test
    void decodesWhatCommonsCompressEncodes() throws Exception {
        Random r = new Random(1);
        byte[] data = new byte[80_000]; // two 64 KB blocks; commons-compress encodes slowly
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i % 1000 < 500 ? r.nextInt(4) : (i / 7));
        for (FramedLZ4CompressorOutputStream.Parameters p : new FramedLZ4CompressorOutputStream.Parameters[] {
                FramedLZ4CompressorOutputStream.Parameters.DEFAULT,
                new FramedLZ4CompressorOutputStream.Parameters(FramedLZ4CompressorOutputStream.BlockSize.K64, true, true, true)}) {
            byte[] f = frame(data, p);
            byte[] out = new byte[data.length];
            assertThat(Lz4FrameCodec.decodeFrames(f, out)).isEqualTo(data.length);
            assertThat(out).isEqualTo(data);
        }
    }

    @Test
    void corruptInputFailsCleanly() throws Exception {
        byte[] f = frame(new byte[5000], FramedLZ4CompressorOutputStream.Parameters.DEFAULT);
        byte[] cut = java.util.Arrays.copyOf(f, f.length / 2);
        assertThatThrownBy(() -> Lz4FrameCodec.decodeFrames(cut, new byte[5000])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Lz4FrameCodec.decodeFrames(new byte[] {1, 2, 3, 4, 5}, new byte[10])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 5, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aSkippableFrameSizeIsUnsigned() {
        // magic 0x184D2A50, size 0xFFFFFFF8: read as -8 it stepped back onto the same magic forever
        byte[] f = {0x50, 0x2A, 0x4D, 0x18, (byte) 0xF8, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 0, 0, 0};
        assertThatThrownBy(() -> Lz4FrameCodec.decodeFrames(f, new byte[10])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDeclaredSizeTheInputCannotHoldIsRefusedBeforeAllocating() throws Exception {
        byte[] f = frame(new byte[100], FramedLZ4CompressorOutputStream.Parameters.DEFAULT);
        try (org.apache.arrow.memory.BufferAllocator a = new org.apache.arrow.memory.RootAllocator();
             org.apache.arrow.memory.ArrowBuf buf = a.buffer(8 + f.length)) {
            buf.setLong(0, Integer.MAX_VALUE - 100); // 2 GB declared for a 20-byte frame
            buf.setBytes(8, f);
            buf.writerIndex(8 + f.length);
            long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            assertThatThrownBy(() -> new Lz4FrameCodec().decompress(a, buf)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cannot hold");
            assertThat(Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory() - before).isLessThan(512L << 20);
        }
    }

    @Test
    void truncatedTokensAndHeadersFailCleanly() {
        byte[] header = {0x04, 0x22, 0x4D, 0x18, 0x40, 0x40};
        assertThatThrownBy(() -> Lz4FrameCodec.decodeFrames(header, new byte[10])).isInstanceOf(IllegalArgumentException.class);
        // a block whose literal length runs off its end
        byte[] block = {(byte) 0xF0, (byte) 0xFF, (byte) 0xFF};
        assertThatThrownBy(() -> Lz4FrameCodec.decodeBlock(block, 0, block.length, new byte[1000], 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anInterruptedDecodeStops() throws Exception {
        byte[] f = frame(new byte[1000], FramedLZ4CompressorOutputStream.Parameters.DEFAULT);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> Lz4FrameCodec.decodeFrames(f, new byte[1000])).isInstanceOf(java.util.concurrent.CancellationException.class);
        } finally {
            Thread.interrupted();
        }
    }
}
