package dev.reprise.replay.source.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class OpenConnectionsTest {
    @Test
    void holdsWhatAMapWouldThroughManyOpensAndClosesInAnyOrder() {
        OpenConnections<String> table = new OpenConnections<>();
        Map<Long, String> expected = new HashMap<>();
        Random random = new Random(11);
        List<Long> open = new ArrayList<>();
        for (int step = 0; step < 200_000; step++) {
            if (open.isEmpty() || random.nextInt(100) < 55) {
                // ids cluster as a capture's do, and collide in the table's low bits
                long id = random.nextBoolean() ? step : (long) random.nextInt(4096) << 20;
                if (!expected.containsKey(id)) {
                    table.put(id, "c" + id);
                    expected.put(id, "c" + id);
                    open.add(id);
                }
            } else {
                long id = open.remove(random.nextInt(open.size()));
                assertThat(table.remove(id)).isEqualTo(expected.remove(id));
            }
            if (step % 997 == 0) {
                for (Map.Entry<Long, String> e : expected.entrySet()) {
                    assertThat(table.get(e.getKey())).isEqualTo(e.getValue());
                }
                assertThat(table.get(-1)).isNull();
            }
        }
        assertThat(table.size()).isEqualTo(expected.size());
        List<String> all = new ArrayList<>();
        table.forEach(all::add);
        assertThat(all).containsExactlyInAnyOrderElementsOf(expected.values());
        assertThat(table.remove(-1)).isNull();
    }
}
