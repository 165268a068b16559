package dev.lethe.command.config;

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
        var kek = properties.kek();
        try {
            return KeyEncryptionKeys.fromBase64(kek.currentId(), kek.keys());
        } catch (IllegalArgumentException | NullPointerException e) {
            // says which ids are wrong, never a key
            throw new IllegalStateException("lethe.crypto.kek.current-id and lethe.crypto.kek.keys are not usable: "
                    + e.getMessage(), e);
        }
    }

    @Bean
    KeyVault keyVault(DataSource dataSource, KeyEncryptionKeys keks, CryptoProperties properties) {
        return new JdbcKeyVault(dataSource, keks, properties.dataKeyCacheTtl(), JdbcKeyVault.DEFAULT_CACHE_SIZE,
                new SpringTransactionBinding(dataSource));
    }
}
