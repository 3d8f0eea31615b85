package dev.reprise.format.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class ReorderWindowTest {
    /** What the window must release: a priority queue by time, then append order. */
    private record Held(String item, long time, long order, long tag) {
    }

    private static final Comparator<Held> OLDEST_FIRST = Comparator.comparingLong(Held::time).thenComparingLong(Held::order);

    @Test
    void releasesInTimeOrderWithTiesInAppendOrder() {
        ReorderWindow<String> w = new ReorderWindow<>();
        w.add("b1", 20, 1, 100);
        w.add("c", 30, 2, 20);
        w.add("a", 10, 3, 3); // late: before both
        w.add("b2", 20, 4, 4000); // late, ties with b1: after it
        List<String> out = new ArrayList<>();
        List<Long> tags = new ArrayList<>();
        List<Long> weights = new ArrayList<>();
        while (!w.isEmpty()) {
            weights.add(w.weight());
            out.add(w.poll());
            tags.add(w.polledTag());
        }
        assertThat(out).containsExactly("a", "b1", "b2", "c");
        assertThat(tags).containsExactly(3L, 1L, 4L, 2L);
        assertThat(weights).containsExactly(4123L, 4120L, 4020L, 20L);
        assertThat(w.weight()).isZero();
    }

    @Test
    void anItemLaterThanTheInsertionReachGoesAheadOfEveryYoungerOne() {
        ReorderWindow<String> w = new ReorderWindow<>();
        for (int i = 0; i < ReorderWindow.MAX_SHIFT * 3; i++) {
            w.add("young" + i, 1_000 + i, i, 1);
        }
        w.add("old", 5, -1, 1000); // more items younger than it than an insertion moves: it waits aside
        w.add("older", 4, -2, 2000);
        assertThat(w.weight()).isEqualTo(ReorderWindow.MAX_SHIFT * 3 + 3000);
        assertThat(w.size()).isEqualTo(ReorderWindow.MAX_SHIFT * 3 + 2);
        assertThat(w.peekTime()).isEqualTo(4);
        assertThat(w.poll()).isEqualTo("older");
        assertThat(w.polledTag()).isEqualTo(-2);
        assertThat(w.poll()).isEqualTo("old");
        assertThat(w.weight()).isEqualTo(ReorderWindow.MAX_SHIFT * 3);
        assertThat(w.poll()).isEqualTo("young0");
        assertThat(w.polledTag()).isZero();
    }

    @Test
    void anItemOlderThanOneAlreadyReleasedComesOutNextAsAHeapWouldRelease() {
        ReorderWindow<String> w = new ReorderWindow<>();
        w.add("a", 100);
        w.add("b", 200);
        assertThat(w.poll()).isEqualTo("a");
        w.add("beyond", 50); // older than "a", already released: out of any reorder span
        assertThat(w.poll()).isEqualTo("beyond");
        assertThat(w.poll()).isEqualTo("b");
        assertThat(w.isEmpty()).isTrue();
    }

    @Test
    void matchesAPriorityQueueOnNearlySortedInputWithSomeFarLateItems() {
        for (long seed = 1; seed <= 40; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            ReorderWindow<String> w = new ReorderWindow<>();
            PriorityQueue<Held> expected = new PriorityQueue<>(OLDEST_FIRST);
            long clock = 0;
            long weight = 0;
            int n = 20_000;
            for (int i = 0; i < n; i++) {
                clock += random.nextInt(3); // ties are common
                long time = clock;
                int lateness = random.nextInt(100);
                if (lateness < 15) {
                    time -= random.nextInt(20); // a few places back: inserted
                } else if (lateness < 18) {
                    time -= 100 + random.nextInt(2_000); // far back: set aside, some beyond what was released
                }
                Held h = new Held("e" + i, time, i, 1_000_000L + i);
                expected.add(h);
                w.add(h.item(), h.time(), h.tag(), weightOf(h));
                weight += weightOf(h);
                // release while keeping a window of a few hundred, sometimes draining it to nothing
                int keep = random.nextInt(50) == 0 ? 0 : 200 + random.nextInt(300);
                while (expected.size() > keep) {
                    Held next = expected.poll();
                    assertThat(w.peekTime()).as("seed %d, item %d", seed, i).isEqualTo(next.time());
                    assertThat(w.poll()).as("seed %d, item %d", seed, i).isEqualTo(next.item());
                    assertThat(w.polledTag()).isEqualTo(next.tag());
                    weight -= weightOf(next);
                }
                assertThat(w.size()).isEqualTo(expected.size());
                assertThat(w.weight()).as("seed %d, item %d", seed, i).isEqualTo(weight);
            }
            while (!expected.isEmpty()) {
                assertThat(w.poll()).isEqualTo(expected.poll().item());
            }
            assertThat(w.isEmpty()).isTrue();
        }
    }

    @Test
    void clearForgetsEverythingHeldInTheRingAndAside() {
        ReorderWindow<String> w = new ReorderWindow<>();
        for (int i = 0; i < 100; i++) {
            w.add("x" + i, 1_000 + i);
        }
        w.add("aside", 1, 0, 50);
        w.clear();
        assertThat(w.isEmpty()).isTrue();
        assertThat(w.weight()).isZero();
        w.add("after", 7, 9, 0);
        assertThat(w.poll()).isEqualTo("after");
        assertThat(w.polledTag()).isEqualTo(9);
    }

    private static int weightOf(Held h) {
        return (int) (h.order() % 977);
    }
}
