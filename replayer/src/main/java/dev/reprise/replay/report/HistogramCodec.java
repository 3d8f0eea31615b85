package dev.reprise.replay.report;

import dev.reprise.format.RepriseException;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;

/** A histogram as report text: HdrHistogram's compressed encoding, base64, as its own log format uses. */
public final class HistogramCodec {
    private HistogramCodec() {
    }

    public static String encode(AbstractHistogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int n = h.encodeIntoCompressedByteBuffer(buffer);
        byte[] bytes = new byte[n];
        buffer.flip();
        buffer.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * @param what names the histogram in the error, e.g. {@code shard-2.json: endpoints."/x".staging}
     * @throws RepriseException when the text is not such a histogram
     */
    public static Histogram decode(String text, String what) {
        if (text == null) {
            throw new RepriseException(what + " is missing");
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(text);
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
        } catch (IllegalArgumentException | DataFormatException | IndexOutOfBoundsException | java.nio.BufferUnderflowException e) {
            throw new RepriseException(what + " is not an encoded histogram: " + e.getMessage());
        }
    }
}
