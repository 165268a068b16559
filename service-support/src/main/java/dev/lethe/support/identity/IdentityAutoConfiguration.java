package dev.lethe.support.identity;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Binds {@code lethe.identity.*}; each service builds its blind index from it. */
@AutoConfiguration
@EnableConfigurationProperties(IdentityProperties.class)
class IdentityAutoConfiguration {
}
