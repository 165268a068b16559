package dev.lethe.query.security;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Stateless bearer-token authentication for every request, authorization from {@link RouteRules}, everything else
 * denied; 401, 403 and 429 answered as {@code {code, message}} JSON.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, SecurityProperties properties, SecurityErrors errors,
                                            Clock clock) throws Exception {
        http.csrf(AbstractHttpConfigurer::disable) // no cookies, no sessions: nothing a forged request could ride on
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .oauth2ResourceServer(server -> server
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(authenticationConverter(properties)))
                        .authenticationEntryPoint(errors)
                        .accessDeniedHandler(errors))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(errors).accessDeniedHandler(errors))
                .addFilterAfter(new RateLimitFilter(properties.rateLimit(), clock, errors),
                        BearerTokenAuthenticationFilter.class)
                .authorizeHttpRequests(authorize -> {
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
                    authorize.anyRequest().denyAll();
                });
        return http.build();
    }

    /** Roles from the configured claim, as {@code ROLE_<name>}; the principal's name is the token's subject. */
    static JwtAuthenticationConverter authenticationConverter(SecurityProperties properties) {
        JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
        authorities.setAuthoritiesClaimName(properties.rolesClaim());
        authorities.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(authorities);
        return converter;
    }
}
