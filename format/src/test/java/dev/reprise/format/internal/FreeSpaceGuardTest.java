package dev.reprise.format.internal;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class FreeSpaceGuardTest {
    private static final long MIB = 1L << 20;
    final AtomicLong free = new AtomicLong(10 * MIB);
    final AtomicLong now = new AtomicLong();
    final AtomicLong looks = new AtomicLong();
    final FreeSpaceGuard guard = FreeSpaceGuard.of(4 * MIB, () -> {
        looks.incrementAndGet();
        return free.get();
    }, now::get);

    @Test
    void admitsWritesWhileTheirSumStaysAboveTheFloorAndLooksOnlyWhenTheBudgetRunsOut() {
        for (int i = 0; i < 5; i++) {
            assertThat(guard.admit(MIB)).isTrue();
        }
        assertThat(looks.get()).isEqualTo(1);
        assertThat(guard.admit(MIB)).as("6 MiB written over a 4 MiB floor of 10 MiB free").isTrue();
        free.addAndGet(-6 * MIB); // what those writes took
        assertThat(guard.admit(MIB)).as("the budget is spent; a look finds 4 MiB free").isFalse();
        assertThat(guard.low()).isTrue();
        assertThat(guard.lastUsableBytes()).isEqualTo(4 * MIB);
    }

    @Test
    void whileLowItLooksAgainOnlyAfterAPauseAndResumesWhenSpaceReturns() {
        free.set(3 * MIB);
        assertThat(guard.admit(100)).isFalse();
        long afterFirst = looks.get();
        for (int i = 0; i < 1_000; i++) {
            assertThat(guard.admit(100)).isFalse();
        }
        assertThat(looks.get()).as("refusing is cheap: no look per write").isEqualTo(afterFirst);
        free.set(50 * MIB);
        assertThat(guard.admit(100)).as("not looked again yet").isFalse();
        now.addAndGet(FreeSpaceGuard.LOW_RECHECK_MILLIS * 1_000_000L);
        assertThat(guard.admit(100)).isTrue();
        assertThat(guard.low()).isFalse();
    }

    @Test
    void anotherProcessFillingTheDiskIsSeenWithinTheRecheckInterval() {
        assertThat(guard.admit(100)).isTrue();
        free.set(MIB); // someone else filled the disk; our budget still says 6 MiB
        assertThat(guard.admit(100)).isTrue();
        now.addAndGet(FreeSpaceGuard.RECHECK_MILLIS * 1_000_000L);
        assertThat(guard.admit(100)).isFalse();
    }

    @Test
    void aFloorOfZeroNeverLooks() {
        FreeSpaceGuard off = FreeSpaceGuard.of(0, () -> {
            throw new AssertionError("looked");
        }, now::get);
        assertThat(off.admit(Long.MAX_VALUE / 2)).isTrue();
    }
}
