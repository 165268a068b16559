package dev.lethe.command.config;

import dev.lethe.shredding.ErasureListener;
import dev.lethe.shredding.JdbcKeyVault;
import dev.lethe.shredding.KeyEncryptionKeys;
import dev.lethe.shredding.KeyVault;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CryptoConfig {

    @Bean
    KeyEncryptionKeys keyEncryptionKeys(CryptoProperties properties) {
        // refuses a missing or unknown current id and malformed keys, naming ids only, never key material
        return KeyEncryptionKeys.fromBase64(properties.kek().currentId(), properties.kek().keys());
    }

    @Bean
    KeyVault keyVault(DataSource dataSource, KeyEncryptionKeys keks, CryptoProperties properties) {
        return new JdbcKeyVault(dataSource, keks, properties.dataKeyCacheTtl(), JdbcKeyVault.DEFAULT_CACHE_SIZE,
                new SpringTransactionBinding(dataSource));
    }

    /** Every instance drops a person's key from its cache as soon as the erasure commits anywhere. */
    @Bean(initMethod = "start", destroyMethod = "close")
    ErasureListener erasureListener(DataSource dataSource, KeyVault keyVault) {
        return new ErasureListener(dataSource, keyVault);
    }
}
