package dev.reprise.replay.report.html;

import dev.reprise.testing.HeadlessChromium;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Where the page tests leave their screenshots: {@code -Dscreenshots.dir} (docs/ for the project's), else target/. */
final class Screenshots {
    private Screenshots() {
    }

    static void take(HeadlessChromium chromium, String name) {
        Path dir = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));
        try {
            chromium.screenshot(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
