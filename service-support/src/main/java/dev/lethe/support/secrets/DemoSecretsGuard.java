package dev.lethe.support.secrets;

import dev.lethe.shredding.WellKnownSecrets;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Profiles;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Refuses to start outside the {@code local} profile while any setting still holds a secret of the public demo in
 * {@code application-local.yml}: data encrypted, matched or signed with a key from the repository is not protected.
 * A setting is refused when it holds a demo secret's value under the demo's name, or a demo key anywhere in its
 * value under any name (a key-encryption key renamed, a demo public key among the retired ones, the demo token
 * issuer's key in a reformatted JWK Set). The demo values are read from that file itself, so a secret added to the
 * demo is guarded without a change here. It runs once the configuration is read and before any bean exists, so
 * nothing is connected to, encrypted or signed first; the message names the settings, never a value.
 */
class DemoSecretsGuard implements EnvironmentPostProcessor, Ordered {

    static final String DEMO_PROFILE = "local";
    static final String DEMO_FILE = "application-local.yml";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        check(environment);
    }

    /** After every other post-processor: the configuration is complete (files, profiles, environment variables). */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    static void check(ConfigurableEnvironment environment) {
        if (environment.acceptsProfiles(Profiles.of(DEMO_PROFILE))) {
            return;
        }
        List<String> refused;
        try (InputStream demo = new ClassPathResource(DEMO_FILE).getInputStream()) {
            refused = WellKnownSecrets.refused(WellKnownSecrets.settingsOf(demo), settings(environment),
                    environment::getProperty);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEMO_FILE + " to check for its public secrets", e);
        }
        if (!refused.isEmpty()) {
            throw new IllegalStateException("refusing to start: " + refused + " still hold public demo secrets of "
                    + DEMO_FILE + "; configure your own secrets (README, \"Configure for a real cluster\")"
                    + " or run the demo with the '" + DEMO_PROFILE + "' profile");
        }
    }

    /**
     * Every setting of every source that can list its names, with each source's own value (a source that is
     * overridden may still hold a demo key) and the effective value where its placeholders resolve.
     */
    private static Map<String, String> settings(ConfigurableEnvironment environment) {
        Map<String, String> settings = new TreeMap<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                for (String name : enumerable.getPropertyNames()) {
                    settings.merge(name, String.valueOf(enumerable.getProperty(name)), (a, b) -> a + "\n" + b);
                }
            }
        }
        settings.replaceAll((name, values) -> values + "\n" + effective(environment, name));
        return settings;
    }

    private static String effective(ConfigurableEnvironment environment, String name) {
        try {
            return environment.getProperty(name, "");
        } catch (IllegalArgumentException unresolvablePlaceholder) {
            return "";
        }
    }
}
