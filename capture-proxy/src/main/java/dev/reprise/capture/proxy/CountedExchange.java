package dev.reprise.capture.proxy;

import dev.reprise.capture.record.NotRecorded;
import dev.reprise.capture.record.Recorder;
import dev.reprise.format.Outcome;
import io.netty.buffer.ByteBuf;

/** An exchange left out of the journal (sampled out, filtered, recording off): only counted as forwarded. */
final class CountedExchange implements ExchangeRecord {
    private final Recorder recorder;
    private final NotRecorded reason;
    private boolean handedOver;

    CountedExchange(Recorder recorder, NotRecorded reason) {
        this.recorder = recorder;
        this.reason = reason;
    }

    @Override
    public void requestBody(ByteBuf content) {
    }

    @Override
    public void requestEnded(long lastByteNanos) {
        handOver();
    }

    @Override
    public void handOver() {
        if (!handedOver) {
            handedOver = true;
            recorder.notRecorded(reason);
        }
    }

    @Override
    public void retried() {
    }

    @Override
    public void responseHead(ByteBuf head) {
    }

    @Override
    public void responseBody(ByteBuf in, int index, int length) {
    }

    @Override
    public void responseEnded(int status) {
        handOver();
    }

    @Override
    public void answeredLocally(LocalResponse local, Outcome outcome) {
        handOver();
    }

    @Override
    public void cutShort(int status, Outcome outcome) {
        handOver();
    }
}
