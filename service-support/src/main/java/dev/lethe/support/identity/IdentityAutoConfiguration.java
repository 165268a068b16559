package dev.lethe.support.identity;

import dev.lethe.shredding.BlindIndex;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Binds {@code lethe.identity.*} and builds the blind index both services compute with the same key: the command
 * service's match keys and the query service's search must agree on every digest.
 */
@AutoConfiguration
@EnableConfigurationProperties(IdentityProperties.class)
class IdentityAutoConfiguration {

    /** Refuses a missing, short or malformed key at start-up, naming the setting, never the key. */
    @Bean
    BlindIndex blindIndex(IdentityProperties properties) {
        try {
            return BlindIndex.fromBase64(properties.blindIndexKey());
        } catch (IllegalArgumentException invalid) {
            throw new IllegalStateException("lethe.identity.blind-index-key (env LETHE_BLIND_INDEX_KEY): "
                    + invalid.getMessage(), invalid);
        }
    }
}
