package dev.lethe.support.benchmark;

import java.util.Arrays;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.env.Environment;

/**
 * Switches that exist only so the benchmarks can measure what a feature costs against a run without it.
 *
 * @param plaintextEvents events without encrypted personal fields (default false): the command service stores them
 *                        so, the query service reads them so. Only honoured with the {@code benchmark} profile
 *                        active: the service refuses to start otherwise.
 */
@ConfigurationProperties("lethe.benchmark")
public record BenchmarkSwitches(boolean plaintextEvents) {

    public static final String PROFILE = "benchmark";

    public void requireBenchmarkProfile(Environment environment) {
        if (!Arrays.asList(environment.getActiveProfiles()).contains(PROFILE)) {
            throw new IllegalStateException("lethe.benchmark.plaintext-events is only allowed with the '"
                    + PROFILE + "' profile");
        }
    }
}
