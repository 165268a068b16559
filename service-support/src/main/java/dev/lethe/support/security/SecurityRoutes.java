package dev.lethe.support.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * Who may call what in one service: the one part of the filter chain that differs between the services. Each service
 * declares one; every request its rules do not name is denied after them.
 */
@FunctionalInterface
public interface SecurityRoutes {

    /** Adds the service's rules in order (the first matching rule decides). */
    void authorize(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry routes);
}
