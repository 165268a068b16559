package dev.lethe.support.testapp;

import dev.lethe.support.security.SecurityRoutes;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The smallest service the support module serves: no database, no broker, one endpoint for {@code OPERATOR}.
 * Everything else (the token decoder, the filter chain, the error bodies, the demo-secret guard) is the module's
 * auto-configuration, as in the real services.
 */
@SpringBootApplication
public class SupportTestApplication {

    public static final String PROTECTED = "/protected";
    public static final String ROLE = "OPERATOR";

    @Bean
    SecurityRoutes routes() {
        return authorize -> authorize.requestMatchers(PathPatternRequestMatcher.withDefaults().matcher(PROTECTED))
                .hasRole(ROLE);
    }

    @RestController
    static class ProtectedEndpoint {

        @GetMapping(PROTECTED)
        Map<String, String> answer() {
            return Map.of("answer", "only for operators");
        }
    }
}
