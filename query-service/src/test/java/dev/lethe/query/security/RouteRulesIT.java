package dev.lethe.query.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.query.support.AuditIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Deny by default, enforced: every route the running service maps (controllers, actuator, OpenAPI) must be covered
 * by an explicit rule in {@link RouteRules}. An endpoint added without a rule fails here.
 */
class RouteRulesIT extends AuditIntegrationTest {

    @Autowired
    ApplicationContext context;

    @Test
    void everyHandlerMappingHasARule() {
        List<String> uncovered = new ArrayList<>();
        int routes = 0;
        for (RequestMappingInfoHandlerMapping mapping : context.getBeansOfType(RequestMappingInfoHandlerMapping.class)
                .values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (String pattern : info.getPatternValues()) {
                    routes++;
                    if (methods.isEmpty() && !covered(null, pattern)) {
                        uncovered.add("* " + pattern);
                    }
                    for (RequestMethod method : methods) {
                        if (!covered(method.asHttpMethod(), pattern)) {
                            uncovered.add(method + " " + pattern);
                        }
                    }
                }
            }
        }
        assertThat(routes).as("handler mappings found").isGreaterThan(10);
        assertThat(uncovered).as("routes without a rule in RouteRules").isEmpty();
    }

    @Test
    void aRouteWithoutARuleIsReported() {
        assertThat(covered(HttpMethod.GET, "/api/reports/{id}")).isFalse();
        assertThat(covered(HttpMethod.DELETE, "/api/customers/{customerId}")).isFalse();
        assertThat(covered(HttpMethod.GET, "/api/customers/{customerId}")).isTrue();
    }

    /** A rule covers a route when its method fits and its pattern matches the route's pattern taken literally. */
    static boolean covered(HttpMethod method, String pattern) {
        return RouteRules.RULES.stream().anyMatch(rule -> (rule.method() == null || rule.method().equals(method))
                && (rule.pattern().equals(pattern)
                || PathPatternParser.defaultInstance.parse(rule.pattern()).matches(PathContainer.parsePath(pattern))));
    }
}
