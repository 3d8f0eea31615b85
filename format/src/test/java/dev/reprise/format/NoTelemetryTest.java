package dev.reprise.format;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reprise sends no telemetry. Chronicle's usage analytics live in their own artifact, which the
 * parent pom excludes; without it Chronicle Core's analytics facade does nothing, so no system
 * property has to be remembered by every program and test.
 */
class NoTelemetryTest {
    @Test
    void chroniclesAnalyticsAreNotOnTheClasspath() {
        assertThat(getClass().getClassLoader().getResource("net/openhft/chronicle/analytics/"))
                .as("chronicle-analytics must stay excluded").isNull();
        assertThat(getClass().getClassLoader().getResource("net/openhft/chronicle/core/analytics/AnalyticsFacade.class"))
                .as("the facade that would load it is here, so the exclusion is what keeps it quiet").isNotNull();
    }
}
