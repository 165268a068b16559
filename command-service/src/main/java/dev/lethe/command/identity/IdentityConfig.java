package dev.lethe.command.identity;

import dev.lethe.shredding.BlindIndex;
import dev.lethe.support.identity.IdentityProperties;
import dev.lethe.support.identity.IdentityProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class IdentityConfig {

    @Bean
    BlindIndex blindIndex(IdentityProperties properties) {
        try {
            return BlindIndex.fromBase64(properties.blindIndexKey());
        } catch (IllegalArgumentException invalid) {
            // the library's message names the problem, never the key; say which setting to fix
            throw new IllegalStateException("lethe.identity.blind-index-key (env LETHE_BLIND_INDEX_KEY): "
                    + invalid.getMessage(), invalid);
        }
    }
}
