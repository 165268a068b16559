package dev.lethe.support.testapp;

import dev.lethe.support.security.SecurityRoutes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The smallest service the support module serves: no database, no broker, one endpoint for {@code OPERATOR}.
 * Everything else (the token decoder, the filter chain, the error bodies, the demo-secret guard) is the module's
 * auto-configuration, as in the real services.
 */
@SpringBootApplication
public class SupportTestApplication {

    public static final String PROTECTED = "/protected";
    public static final String ROLE = "OPERATOR";
    /** Set by this service's own filter, as the query service adds its rate limit. */
    public static final String SEEN_BY_HEADER = "X-Seen-Principal";

    @Bean
    SecurityRoutes routes() {
        return authorize -> authorize.requestMatchers(PathPatternRequestMatcher.withDefaults().matcher(PROTECTED))
                .hasRole(ROLE);
    }

    /** A filter of the service's own after the token check, added the way the query service adds its rate limit. */
    @Bean
    Customizer<HttpSecurity> principalEcho() {
        return http -> http.addFilterAfter(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                            FilterChain chain) throws ServletException, IOException {
                var authentication = SecurityContextHolder.getContext().getAuthentication();
                if (authentication != null) {
                    response.setHeader(SEEN_BY_HEADER, authentication.getName());
                }
                chain.doFilter(request, response);
            }
        }, BearerTokenAuthenticationFilter.class);
    }

    @RestController
    static class ProtectedEndpoint {

        @GetMapping(PROTECTED)
        Map<String, String> answer() {
            return Map.of("answer", "only for operators");
        }
    }
}
