package dev.lethe.query.config;

import dev.lethe.shredding.WellKnownSecrets;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.springframework.core.env.ConfigurableEnvironment;
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

    DemoSecretsGuard(ConfigurableEnvironment environment) throws IOException {
        if (environment.acceptsProfiles(Profiles.of(DEMO_PROFILE))) {
            return;
        }
        List<String> reused;
        try (InputStream demo = new ClassPathResource(DEMO_FILE).getInputStream()) {
            reused = WellKnownSecrets.reused(WellKnownSecrets.settingsOf(demo), environment::getProperty);
        }
        if (!reused.isEmpty()) {
            throw new IllegalStateException("refusing to start: " + reused + " still hold the public demo values of "
                    + DEMO_FILE + "; configure your own secrets (README, \"Configure for a real cluster\")"
                    + " or run the demo with the '" + DEMO_PROFILE + "' profile");
        }
    }
}
