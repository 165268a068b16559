package dev.lethe.command.config;

import dev.lethe.shredding.WellKnownSecrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Profiles;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Refuses to start outside the {@code local} profile while any secret still holds the public demo value from
 * {@code application-local.yml}: data encrypted, matched or signed with a key from the repository is not protected.
 * The demo values are read from that file itself, so a secret added to the demo is guarded without a change here.
 */
@Component
class DemoSecretsGuard {

    static final String DEMO_PROFILE = "local";
    static final String DEMO_FILE = "application-local.yml";

    DemoSecretsGuard(ConfigurableEnvironment environment) {
        if (environment.acceptsProfiles(Profiles.of(DEMO_PROFILE))) {
            return;
        }
        List<String> reused = WellKnownSecrets.reused(demoValues(), environment::getProperty);
        if (!reused.isEmpty()) {
            throw new IllegalStateException("refusing to start: " + reused + " still hold the public demo values of "
                    + DEMO_FILE + "; configure your own secrets (README, \"Configure for a real cluster\")"
                    + " or run the demo with the '" + DEMO_PROFILE + "' profile");
        }
    }

    private static Map<String, String> demoValues() {
        Map<String, String> values = new HashMap<>();
        try {
            for (var source : new YamlPropertySourceLoader().load(DEMO_FILE, new ClassPathResource(DEMO_FILE))) {
                if (source instanceof EnumerablePropertySource<?> enumerable) {
                    for (String name : enumerable.getPropertyNames()) {
                        values.put(name, String.valueOf(enumerable.getProperty(name)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEMO_FILE, e);
        }
        return values;
    }
}
