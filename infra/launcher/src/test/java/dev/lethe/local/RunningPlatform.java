package dev.lethe.local;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Base of the end-to-end tests: one platform per test class, started as the run command starts it. */
abstract class RunningPlatform {

    @TempDir
    static Path dataDirectory;

    static LethePlatform platform;
    static PlatformDriver driver;

    @BeforeAll
    static void startPlatform() {
        platform = LethePlatform.start(LaunchOptions.embedded(dataDirectory, 0, 0, 0, 0, 0,
                Path.of(System.getProperty("lethe.services.dir", "target/services"))));
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
