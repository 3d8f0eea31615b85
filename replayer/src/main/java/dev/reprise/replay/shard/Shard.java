package dev.reprise.replay.shard;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One part of a sharded replay, {@code --shard i/N}: shard {@code index} of {@code count}, counted
 * from 0 so that a Kubernetes Indexed Job's {@code JOB_COMPLETION_INDEX} can be passed as is.
 */
public record Shard(int index, int count) {
    /** Far beyond any fleet of replayers; every shard reads the whole plan, so more would only waste reads. */
    public static final int MAX_COUNT = 1024;
    public static final Shard WHOLE = new Shard(0, 1);
    private static final Pattern TEXT = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*(\\d{1,9})\\s*");

    public Shard {
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("--shard N must be from 1 to " + MAX_COUNT + ", got " + count);
        }
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("--shard i/N needs 0 <= i < N (shards count from 0), got " + index + "/" + count);
        }
    }

    public static Shard parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("--shard '" + text + "' is not i/N, such as 0/4 (shards count from 0)");
        }
        return new Shard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    public boolean isWhole() {
        return count == 1;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
