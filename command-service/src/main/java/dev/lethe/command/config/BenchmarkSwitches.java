package dev.lethe.command.config;

import java.util.Arrays;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.env.Environment;

/**
 * Switches that exist only so the benchmarks can measure what a feature costs against a run without it.
 *
 * @param plaintextEvents store events without encrypting personal fields (default false). Only honoured
 *                        with the {@code benchmark} profile active: the service refuses to start otherwise.
 */
@ConfigurationProperties("lethe.benchmark")
public record BenchmarkSwitches(boolean plaintextEvents) {

    static final String PROFILE = "benchmark";

    public void requireBenchmarkProfile(Environment environment) {
        if (!Arrays.asList(environment.getActiveProfiles()).contains(PROFILE)) {
            throw new IllegalStateException("lethe.benchmark.plaintext-events is only allowed with the '"
                    + PROFILE + "' profile");
        }
    }
}
