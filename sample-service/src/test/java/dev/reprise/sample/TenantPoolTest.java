package dev.reprise.sample;

import dev.reprise.sample.internal.TenantPool;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.reprise.sample.internal.TenantPool.Admission.QUEUED;
import static dev.reprise.sample.internal.TenantPool.Admission.REFUSED;
import static dev.reprise.sample.internal.TenantPool.Admission.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantPoolTest {
    final TenantPool pool = new TenantPool(2, 1);
    final List<String> started = new ArrayList<>();

    TenantPool.Admission admit(String tenant, String request) {
        return pool.admit(tenant, () -> started.add(request));
    }

    @Test
    void requestsBeyondTheSlotsWaitAndBeyondTheQueueAreRefused() {
        assertThat(admit("hot", "a")).isEqualTo(STARTED);
        assertThat(admit("hot", "b")).isEqualTo(STARTED);
        assertThat(admit("hot", "c")).isEqualTo(QUEUED);
        assertThat(admit("hot", "d")).isEqualTo(REFUSED);
        assertThat(started).containsExactly("a", "b");
        assertThat(pool.busy("hot")).isEqualTo(2);
        assertThat(pool.waiting("hot")).isEqualTo(1);
    }

    @Test
    void aFreedSlotGoesToTheOldestWaitingRequest() {
        TenantPool deep = new TenantPool(1, 3);
        List<String> order = new ArrayList<>();
        deep.admit("t", () -> order.add("1"));
        deep.admit("t", () -> order.add("2"));
        deep.admit("t", () -> order.add("3"));
        deep.release("t");
        assertThat(order).containsExactly("1", "2");
        deep.release("t");
        deep.release("t");
        assertThat(order).containsExactly("1", "2", "3");
        assertThat(deep.busy("t")).isZero();
        assertThat(deep.admit("t", () -> order.add("4"))).isEqualTo(STARTED);
    }

    @Test
    void tenantsNeverShareSlots() {
        admit("hot", "a");
        admit("hot", "b");
        admit("hot", "c");
        assertThat(admit("hot", "d")).isEqualTo(REFUSED);
        assertThat(admit("calm", "x")).isEqualTo(STARTED);
        assertThat(admit("calm", "y")).isEqualTo(STARTED);
    }

    @Test
    void releasingWhatWasNeverAdmittedIsABug() {
        assertThatThrownBy(() -> pool.release("ghost")).isInstanceOf(IllegalStateException.class);
        admit("t", "a");
        pool.release("t");
        assertThatThrownBy(() -> pool.release("t")).isInstanceOf(IllegalStateException.class);
    }
}
