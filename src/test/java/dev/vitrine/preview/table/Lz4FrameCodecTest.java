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
}
