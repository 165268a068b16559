package dev.lethe.query.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.shredding.KeyEncryptionKeys;
import dev.lethe.shredding.KeyVault;
import dev.lethe.shredding.LetheObjectMapper;
import dev.lethe.shredding.ShreddingCodec;
import dev.lethe.shredding.kek.KekBackend;
import dev.lethe.shredding.kek.KekEpochs;
import dev.lethe.support.crypto.CryptoProperties;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The query side reads personal data through the same key vault and the same KEK backend (the keyring file or the
 * token the command service uses; both from service-support); it never creates or destroys keys, KEKs or epochs.
 */
@Configuration(proxyBeanMethods = false)
class CryptoConfig {

    private static final Logger LOG = LoggerFactory.getLogger(CryptoConfig.class);

    @Bean
    KeyEncryptionKeys keyEncryptionKeys(KekBackend backend, CryptoProperties properties, DataSource dataSource) {
        // only wraps if something asks it to create a key; the command service's epoch decides which KEK that is
        String configured = properties.kek().currentId();
        Optional<String> current = currentEpoch(dataSource).filter(backend::contains)
                .or(() -> Optional.ofNullable(configured).filter(id -> !id.isBlank()).filter(backend::contains));
        return current.map(id -> KeyEncryptionKeys.on(backend, id)).orElseGet(() -> KeyEncryptionKeys.readOnly(backend));
    }

    private static Optional<String> currentEpoch(DataSource dataSource) {
        try {
            return new KekEpochs(dataSource).current();
        } catch (RuntimeException e) {
            // the command service has not migrated the vault yet (both start side by side)
            LOG.info("No key-encryption key epoch readable yet; this service only unwraps");
            return Optional.empty();
        }
    }

    /** The event contract's mapper, kept apart from the web layer's (Jackson 3) JSON settings. */
    @Bean
    ObjectMapper eventObjectMapper() {
        return LetheObjectMapper.create();
    }

    @Bean
    ShreddingCodec shreddingCodec(ObjectMapper eventObjectMapper, KeyVault keyVault) {
        return new ShreddingCodec(eventObjectMapper, keyVault);
    }
}
