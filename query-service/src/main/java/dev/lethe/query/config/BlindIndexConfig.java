package dev.lethe.query.config;

import dev.lethe.shredding.BlindIndex;
import dev.lethe.support.identity.IdentityProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class BlindIndexConfig {

    /** Refuses a missing, short or malformed key at start-up, without naming the key. */
    @Bean
    BlindIndex blindIndex(IdentityProperties properties) {
        return BlindIndex.fromBase64(properties.blindIndexKey());
    }
}
