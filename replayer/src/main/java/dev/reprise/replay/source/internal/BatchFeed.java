package dev.reprise.replay.source.internal;

/** Where the plan source gets its batches of read events: read on its own thread, or by a second one ahead of it. */
interface BatchFeed extends AutoCloseable {
    /**
     * The next batch, handing back the one the caller has finished with (null at first).
     * A batch marked {@link ReadBatch#last} is the final one.
     */
    ReadBatch next(ReadBatch done);

    /** Stops reading; the journals are closed by the caller afterwards. */
    @Override
    void close();

    /** Reads each batch on the calling thread, when it is asked for. */
    static BatchFeed inline(RecordReader reader, int batchSize) {
        ReadBatch only = new ReadBatch(batchSize);
        return new BatchFeed() {
            @Override
            public ReadBatch next(ReadBatch done) {
                reader.fill(only);
                return only;
            }

            @Override
            public void close() {
            }
        };
    }
}
