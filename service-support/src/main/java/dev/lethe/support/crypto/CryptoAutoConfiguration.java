package dev.lethe.support.crypto;

import dev.lethe.shredding.ErasureListener;
import dev.lethe.shredding.JdbcKeyVault;
import dev.lethe.shredding.KeyEncryptionKeys;
import dev.lethe.shredding.KeyVault;
import dev.lethe.shredding.TransactionBinding;
import dev.lethe.shredding.kek.KekBackend;
import dev.lethe.shredding.kek.KekBackends;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The KEK backend (the keyring file or the PKCS#11 token), the key vault and the erasure listener, the same in both
 * services. What differs stays in each service: its {@link KeyEncryptionKeys} (the command service owns the vault and
 * opens epochs, the query service only unwraps) and, where the vault must join the service's own transactions, a
 * {@link TransactionBinding} bean.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnBean(DataSource.class)
@EnableConfigurationProperties(CryptoProperties.class)
class CryptoAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    KekBackend kekBackend(CryptoProperties properties, Clock clock) {
        CryptoProperties.Kek kek = properties.kek();
        CryptoProperties.Pkcs11 p11 = kek.pkcs11();
        return KekBackends.open(kek.backend(), kek.keyring(), kek.keyringRecheck(),
                KeyEncryptionKeys.decode(kek.keys()),
                new KekBackends.Pkcs11Settings(p11.library(), p11.slot(), p11.slotListIndex(), p11.pin()), clock);
    }

    @Bean
    @ConditionalOnMissingBean
    KeyVault keyVault(DataSource dataSource, KeyEncryptionKeys keks, CryptoProperties properties,
                      ObjectProvider<TransactionBinding> transactions) {
        return new JdbcKeyVault(dataSource, keks, properties.dataKeyCacheTtl(), JdbcKeyVault.DEFAULT_CACHE_SIZE,
                transactions.getIfAvailable(() -> TransactionBinding.NONE));
    }

    /** Every instance drops a person's key from its cache as soon as the erasure commits anywhere. */
    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnMissingBean
    ErasureListener erasureListener(DataSource dataSource, KeyVault keyVault) {
        return new ErasureListener(dataSource, keyVault);
    }
}
