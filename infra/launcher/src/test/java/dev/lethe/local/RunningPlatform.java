package dev.lethe.local;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Base of the end-to-end tests: one platform per test class, started as the run command starts it. */
abstract class RunningPlatform {

    @TempDir
    static Path dataDirectory;

    static final Duration START_PATIENCE = Duration.ofMinutes(5);

    static LethePlatform platform;
    static PlatformDriver driver;

    @BeforeAll
    static void startPlatform() {
        // Generous: five engineers' builds share two cores, and a service then takes minutes to report UP.
        platform = LethePlatform.start(LaunchOptions.embedded(dataDirectory, 0, 0, 0, 0, 0,
                Path.of(System.getProperty("lethe.services.dir", "target/services"))).withHealthTimeout(START_PATIENCE));
        driver = new PlatformDriver(platform);
    }

    @AfterAll
    static void stopPlatform() {
        if (driver != null) {
            driver.close();
        }
        if (platform != null) {
            platform.close();
        }
    }
}
