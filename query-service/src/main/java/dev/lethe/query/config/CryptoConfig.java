package dev.lethe.query.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.shredding.ErasureListener;
import dev.lethe.shredding.JdbcKeyVault;
import dev.lethe.shredding.KeyEncryptionKeys;
import dev.lethe.shredding.KeyVault;
import dev.lethe.shredding.LetheObjectMapper;
import dev.lethe.shredding.ShreddingCodec;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The query side reads personal data through the same key vault; it never creates or destroys keys. */
@Configuration(proxyBeanMethods = false)
class CryptoConfig {

    @Bean
    KeyEncryptionKeys keyEncryptionKeys(CryptoProperties properties) {
        // refuses a missing or unknown current id and malformed keys, naming ids only, never key material
        return KeyEncryptionKeys.fromBase64(properties.kek().currentId(), properties.kek().keys());
    }

    @Bean
    KeyVault keyVault(DataSource dataSource, KeyEncryptionKeys keks, CryptoProperties properties) {
        return new JdbcKeyVault(dataSource, keks, properties.dataKeyCacheTtl());
    }

    /** Every instance drops a person's key from its cache as soon as the erasure commits anywhere. */
    @Bean(initMethod = "start", destroyMethod = "close")
    ErasureListener erasureListener(DataSource dataSource, KeyVault keyVault) {
        return new ErasureListener(dataSource, keyVault);
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
