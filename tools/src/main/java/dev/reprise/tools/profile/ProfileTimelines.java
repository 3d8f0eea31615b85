package dev.reprise.tools.profile;

import java.util.List;

/**
 * A capture over time, finer than the profile's text timeline: for the HTML page's charts.
 *
 * @param windows one row per window, all of width {@code widthSeconds}
 */
public record ProfileTimelines(long widthSeconds, List<Window> windows) {
    public ProfileTimelines {
        windows = List.copyOf(windows);
    }

    /**
     * @param startSecond     epoch seconds
     * @param requests        requests that started in the window
     * @param peakPerSecond   its busiest second
     * @param maxOpen         most connections open at once in it
     * @param maxInFlight     most requests awaiting a response at once in it
     */
    public record Window(long startSecond, long requests, long peakPerSecond, long maxOpen, long maxInFlight) {
    }
}
