package dev.lethe.command.security;

import dev.lethe.support.security.SecurityRoutes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * This service's HTTP surface behind the shared bearer-token security (service-support): health and its probes open
 * (details only for {@code OPERATOR}), every other actuator endpoint (metrics, Prometheus) and the operator API
 * ({@code /api/operations/**}: key rotation, retention sweeps) for {@code OPERATOR}, {@code /api/compliance/**} for
 * {@code COMPLIANCE_OFFICER}, anything else denied. Commands arrive over Kafka, not HTTP.
 */
@Configuration(proxyBeanMethods = false)
class CommandServiceRoutes {

    private static final String OPERATOR = "OPERATOR";
    private static final String COMPLIANCE_OFFICER = "COMPLIANCE_OFFICER";

    @Bean
    SecurityRoutes securityRoutes() {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        return authorize -> authorize
                .requestMatchers(paths.matcher(HttpMethod.GET, "/actuator/health"),
                        paths.matcher(HttpMethod.GET, "/actuator/health/liveness"),
                        paths.matcher(HttpMethod.GET, "/actuator/health/readiness"),
                        paths.matcher("/error")).permitAll()
                .requestMatchers(paths.matcher("/actuator/**")).hasRole(OPERATOR)
                .requestMatchers(paths.matcher("/api/operations/**")).hasRole(OPERATOR)
                .requestMatchers(paths.matcher("/api/compliance/**")).hasRole(COMPLIANCE_OFFICER);
    }
}
