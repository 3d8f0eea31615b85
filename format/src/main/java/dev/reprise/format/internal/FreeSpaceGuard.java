package dev.reprise.format.internal;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * Keeps a writer of memory-mapped files off a full disk. A write to a mapped page the file system
 * cannot back does not fail like {@code write(2)}: it faults, and the JVM turns the fault into an
 * {@link InternalError} with the record half written. So the writer asks before each write whether
 * the disk still has more than a floor free, and stops appending while it has not.
 *
 * <p>Asking the file system every time would cost a system call per record, so the guard keeps a
 * budget: the free space above the floor when it last looked, less what was written since. It
 * looks again when the budget runs out, and at least every {@value #RECHECK_MILLIS} ms in case
 * another process fills the disk. While below the floor it looks at most every
 * {@value #LOW_RECHECK_MILLIS} ms, so refusing is cheap.
 */
public final class FreeSpaceGuard {
    static final long RECHECK_MILLIS = 1_000;
    static final long LOW_RECHECK_MILLIS = 50;
    /** Chronicle maps and touches whole pages, and adds index entries: charge at least this per write. */
    private static final long MIN_CHARGE = 4096;

    private final long floor;
    private final LongSupplier usable;
    private final LongSupplier nanoClock;
    private long budget;
    private long checkedAtNanos;
    private boolean checked;
    private volatile long lastUsable = -1;
    private volatile boolean low;

    private FreeSpaceGuard(long floor, LongSupplier usable, LongSupplier nanoClock) {
        this.floor = floor;
        this.usable = usable;
        this.nanoClock = nanoClock;
    }

    /** A guard for the file system holding {@code dir}; {@code floor} 0 checks nothing. */
    public static FreeSpaceGuard forDirectory(Path dir, long floor) {
        FileStore store;
        try {
            store = Files.getFileStore(dir);
        } catch (IOException e) {
            store = null;
        }
        FileStore s = store;
        return new FreeSpaceGuard(floor, () -> {
            try {
                return s == null ? Files.getFileStore(dir).getUsableSpace() : s.getUsableSpace();
            } catch (IOException e) {
                return -1; // unknown: the write will tell
            }
        }, System::nanoTime);
    }

    /** For tests: free space and time as the test says. */
    public static FreeSpaceGuard of(long floor, LongSupplier usable, LongSupplier nanoClock) {
        return new FreeSpaceGuard(floor, usable, nanoClock);
    }

    /**
     * Whether {@code bytes} may be written now; when true they are charged to the budget. Called
     * by one writer at a time.
     */
    public boolean admit(long bytes) {
        if (floor <= 0) {
            return true;
        }
        long charge = Math.max(bytes, MIN_CHARGE);
        long now = nanoClock.getAsLong();
        long age = now - checkedAtNanos;
        boolean stale = !checked || age >= (low ? LOW_RECHECK_MILLIS : RECHECK_MILLIS) * 1_000_000L;
        if (stale || (!low && charge > budget)) {
            if (low && !stale) {
                return false;
            }
            long free = usable.getAsLong();
            checked = true;
            checkedAtNanos = now;
            lastUsable = free;
            if (free < 0) {
                low = false;
                budget = Long.MAX_VALUE;
            } else {
                budget = free - floor;
                low = budget < charge;
            }
        }
        if (low) {
            return false;
        }
        budget -= charge;
        return true;
    }

    /** True while the last look found the disk below the floor. Any thread may ask. */
    public boolean low() {
        return low;
    }

    /** Usable bytes at the last look, or -1 before the first or when unknown. Any thread may ask. */
    public long lastUsableBytes() {
        return lastUsable;
    }

    public long floor() {
        return floor;
    }
}
