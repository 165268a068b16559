package dev.lethe.command.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * The actuator behind bearer tokens: health and its probes open (details only for {@code OPERATOR}), every other
 * actuator endpoint (metrics, Prometheus) and the operator API ({@code /api/operations/**}: key rotation, retention
 * sweeps) for {@code OPERATOR}, {@code /api/compliance/**} for {@code COMPLIANCE_OFFICER}, anything else denied.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    static final String OPERATOR = "OPERATOR";
    static final String COMPLIANCE_OFFICER = "COMPLIANCE_OFFICER";

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, SecurityProperties properties, SecurityErrors errors)
            throws Exception {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
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
                .authorizeHttpRequests(authorize -> authorize
                        .requestMatchers(paths.matcher(HttpMethod.GET, "/actuator/health"),
                                paths.matcher(HttpMethod.GET, "/actuator/health/liveness"),
                                paths.matcher(HttpMethod.GET, "/actuator/health/readiness"),
                                paths.matcher("/error")).permitAll()
                        .requestMatchers(paths.matcher("/actuator/**")).hasRole(OPERATOR)
                        .requestMatchers(paths.matcher("/api/operations/**")).hasRole(OPERATOR)
                        .requestMatchers(paths.matcher("/api/compliance/**")).hasRole(COMPLIANCE_OFFICER)
                        .anyRequest().denyAll());
        return http.build();
    }

    static JwtAuthenticationConverter authenticationConverter(SecurityProperties properties) {
        JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
        authorities.setAuthoritiesClaimName(properties.rolesClaim());
        authorities.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(authorities);
        return converter;
    }
}
