package dev.reprise.replay.schedule;

import io.netty.channel.EventLoop;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One event loop's steps in due order, carried out from the loop's own timer. The scheduler
 * appends batches (in due order, since it reads the plan in order); the loop wakes at the head's
 * due time, runs every step due by then, and sets its timer for the next. Confined to its loop
 * apart from {@link #hand}, which crosses threads once per batch, not once per request.
 */
final class LoopTimeline {
    private final EventLoop loop;
    private final BooleanSupplier stopped;
    private final Runnable fire = this::fire;
    /** Steps staged by the scheduler thread and not yet handed over; touched by the scheduler thread only. */
    private DueStep stagedHead;
    private DueStep stagedTail;
    private int staged;
    /** The timeline proper; touched on the loop only. */
    private DueStep head;
    private DueStep tail;
    private boolean armed;

    LoopTimeline(EventLoop loop, BooleanSupplier stopped) {
        this.loop = loop;
        this.stopped = stopped;
    }

    EventLoop loop() {
        return loop;
    }

    /** Scheduler thread: one more step for this loop, due no earlier than those staged before it. */
    int stage(DueStep s) {
        if (stagedHead == null) {
            stagedHead = s;
        } else {
            stagedTail.next = s;
        }
        stagedTail = s;
        return ++staged;
    }

    /** Scheduler thread: the due time of the first step staged and not handed over, or {@link Long#MAX_VALUE}. */
    boolean hasStaged() {
        return stagedHead != null;
    }

    long firstStagedDue() {
        return stagedHead == null ? Long.MAX_VALUE : stagedHead.dueNanos();
    }

    /** Scheduler thread: hands the staged steps to the loop, in one task. */
    void hand() {
        if (stagedHead == null) {
            return;
        }
        DueStep first = stagedHead;
        DueStep last = stagedTail;
        stagedHead = null;
        stagedTail = null;
        staged = 0;
        loop.execute(() -> append(first, last));
    }

    /** On the loop: the chain joins the end of the timeline. */
    private void append(DueStep first, DueStep last) {
        if (head == null) {
            head = first;
        } else {
            tail.next = first;
        }
        tail = last;
        if (!armed) {
            fire();
        }
    }

    private void fire() {
        armed = false;
        if (stopped.getAsBoolean()) {
            dropAll();
            return;
        }
        long now = System.nanoTime();
        while (head != null && head.dueNanos() - now <= 0) {
            DueStep s = head;
            head = s.next;
            s.next = null;
            if (head == null) {
                tail = null;
            }
            s.run();
            now = System.nanoTime();
        }
        if (head != null) {
            armed = true;
            loop.schedule(fire, head.dueNanos() - now, TimeUnit.NANOSECONDS);
        }
    }

    private void dropAll() {
        while (head != null) {
            DueStep s = head;
            head = s.next;
            s.next = null;
            s.drop();
        }
        tail = null;
    }

    /** Scheduler thread, once it has stopped: steps staged but never handed over are dropped too. */
    void dropStaged() {
        while (stagedHead != null) {
            DueStep s = stagedHead;
            stagedHead = s.next;
            s.next = null;
            s.drop();
        }
        stagedTail = null;
        staged = 0;
    }
}
