package dev.lethe.support.benchmark;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Binds {@code lethe.benchmark.*} in every service; each service decides what a switch turns off. */
@AutoConfiguration
@EnableConfigurationProperties(BenchmarkSwitches.class)
class BenchmarkAutoConfiguration {
}
