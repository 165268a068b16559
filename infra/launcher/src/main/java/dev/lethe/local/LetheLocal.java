package dev.lethe.local;

import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * The run command: {@code java -jar infra/launcher/target/lethe-local.jar [options]}. Starts the platform, prints
 * where to reach it, and keeps it running until Ctrl-C, restarting any part that ends meanwhile. A failure to start
 * ends the JVM with a non-zero status, never a hang.
 */
public final class LetheLocal {

    private LetheLocal() {
    }

    public static void main(String[] arguments) {
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(arguments, System.getenv(), defaultServicesDirectory());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(LaunchOptions.usage());
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(LaunchOptions.usage());
            return;
        }
        System.out.println("Starting Lethe (data in " + options.dataDirectory().toAbsolutePath() + ") ...");
        LethePlatform platform;
        try {
            platform = LethePlatform.start(options);
        } catch (RuntimeException e) {
            System.err.println("Lethe did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.print(Banner.of(platform));
        // The platform restarts a part that ends and its shutdown hook handles Ctrl-C; this thread only waits.
        try {
            platform.awaitTermination();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            platform.close();
        }
    }

    /** {@code services/} next to the launcher jar, unless the system property {@code lethe.services.dir} says otherwise. */
    static Path defaultServicesDirectory() {
        String configured = System.getProperty("lethe.services.dir");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        try {
            Path location = Path.of(LetheLocal.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return location.getParent().resolve("services");
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("services");
        }
    }
}
