package dev.lethe.query.security;

import dev.lethe.support.security.SecurityErrors;
import dev.lethe.support.security.SecurityRoutes;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * What the query service adds to the shared bearer-token security (service-support): its routes from
 * {@link RouteRules}, and the rate limit per principal right after the token is checked, answered 429.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    @Bean
    SecurityRoutes queryServiceRoutes() {
        return authorize -> {
            for (RouteRules.Rule rule : RouteRules.RULES) {
                var matcher = PathPatternRequestMatcher.withDefaults().matcher(rule.method(), rule.pattern());
                if (rule.open()) {
                    authorize.requestMatchers(matcher).permitAll();
                } else if (rule.roles().isEmpty()) {
                    authorize.requestMatchers(matcher).authenticated();
                } else {
                    authorize.requestMatchers(matcher)
                            .hasAnyRole(rule.roles().stream().map(Role::name).toArray(String[]::new));
                }
            }
        };
    }

    /** Spring Security applies every {@code Customizer<HttpSecurity>} bean to the chain it builds. */
    @Bean
    Customizer<HttpSecurity> rateLimit(RateLimitProperties limit, Clock clock, SecurityErrors errors) {
        return http -> http.addFilterAfter(new RateLimitFilter(limit, clock, errors),
                BearerTokenAuthenticationFilter.class);
    }
}
