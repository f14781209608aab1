package org.dl4j.snn.datasets.format;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Locations of the real sample data and an event-by-event comparison shared by the format tests. */
final class FormatTestSupport {
    private FormatTestSupport() {
    }

    /** {@code snn.shared.dir} as set by Maven, else {@code ../shared} next to the repository root. */
    static Path sharedDir() {
        String prop = System.getProperty("snn.shared.dir");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("dl4j-snn-datasets"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("repository root above %s", Path.of("").toAbsolutePath()).isNotNull();
        return dir.resolve("../shared").normalize();
    }

    static Path dataDir(String name) {
        Path dir = sharedDir().resolve("data").resolve(name);
        assertThat(dir).as("real sample data folder").isDirectory();
        return dir;
    }

    /** Asserts that two recordings hold the same sensor size and the same events in the same order. */
    static void assertSameEvents(Events actual, Events expected) {
        assertThat(actual.width()).isEqualTo(expected.width());
        assertThat(actual.height()).isEqualTo(expected.height());
        assertThat(actual.size()).isEqualTo(expected.size());
        assertThat(actual.x()).as("x").isEqualTo(expected.x());
        assertThat(actual.y()).as("y").isEqualTo(expected.y());
        assertThat(actual.t()).as("t").isEqualTo(expected.t());
        assertThat(actual.p()).as("p").isEqualTo(expected.p());
    }
}
