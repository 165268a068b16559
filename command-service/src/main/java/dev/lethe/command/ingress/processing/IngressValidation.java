package dev.lethe.command.ingress.processing;

import dev.lethe.command.identity.IdentityResolver;
import dev.lethe.command.ingress.PolicyProperties;
import dev.lethe.command.ingress.validation.CommandFactory;
import dev.lethe.command.ingress.validation.CustomerAddressing;
import dev.lethe.command.ingress.validation.CustomerDirectory;
import dev.lethe.command.ingress.validation.SenderPolicy;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Validation is plain code: here it gets the configured policy and the identity store to ask. */
@Configuration(proxyBeanMethods = false)
class IngressValidation {

    @Bean
    CommandFactory commandFactory(PolicyProperties policy, IdentityResolver identity) {
        return new CommandFactory(new SenderPolicy(policy), new CustomerAddressing(new CustomerDirectory() {
            @Override
            public String survivorOf(String customerId) {
                return identity.survivorOf(customerId);
            }

            @Override
            public Optional<String> customerFor(String source, String sourceCustomerId) {
                return identity.customerFor(source, sourceCustomerId);
            }
        }));
    }
}
