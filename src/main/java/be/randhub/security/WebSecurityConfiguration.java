package be.randhub.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.event.AbstractAuthenticationEvent;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.core.annotation.Order;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * HTTP half of the access matrix. Every request is authenticated with HTTP Basic against the same principals and
 * password hashes as the broker, except liveness. Partners post documents; what each may read is decided per
 * resource (its own documents, attachments it is entitled to).
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class WebSecurityConfiguration {

    static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    /**
     * The operators' console: a login form and a session (cookie SameSite=Strict, HTTP-only), for the console's
     * pages and the operator API it calls. The operator API also takes HTTP Basic, for scripts.
     */
    @Bean
    @Order(1)
    SecurityFilterChain console(HttpSecurity http) throws Exception {
        AuthenticationEntryPoint basicForApi = (request, response, failure) -> problem(response, 401, "Authentication required",
                "log in to the console, or use HTTP Basic");
        http.securityMatcher("/console/**", "/login", "/logout", "/api/v1/operator/**")
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/console/login.html", "/console/login.js", "/console/console.css", "/login").permitAll()
                        .anyRequest().hasAnyAuthority(HubRole.OPERATOR.authority(), HubRole.PRIVACY_OFFICER.authority()))
                .formLogin(form -> form.loginPage("/console/login.html").loginProcessingUrl("/login")
                        .defaultSuccessUrl("/console/", true).failureUrl("/console/login.html?failed"))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/console/login.html?out"))
                .httpBasic(basic -> basic.realmName("rand-hub").authenticationEntryPoint(basicForApi))
                .exceptionHandling(handling -> handling
                        .defaultAuthenticationEntryPointFor(basicForApi, PathPatternRequestMatcher.withDefaults().matcher("/api/**"))
                        .accessDeniedHandler((request, response, denied) -> problem(response, 403, "Forbidden",
                                "your role may not use this resource")))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
                // the session cookie is SameSite=Strict and the console's requests are JSON: no cross-site forgery
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health/liveness").permitAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/v1/documents").hasAuthority(HubRole.PARTNER.authority())
                        .requestMatchers("/api/**").authenticated()
                        .requestMatchers("/actuator/**").hasAuthority(HubRole.OPERATOR.authority())
                        .anyRequest().authenticated())
                .httpBasic(basic -> basic.realmName("rand-hub")
                        .authenticationEntryPoint((request, response, failure) -> problem(response, 401, "Authentication required",
                                failure instanceof LockedException
                                        ? "too many failed logins for this user; try again in a few minutes"
                                        : "log in with HTTP Basic as your partner id and password")))
                .exceptionHandling(handling -> handling.accessDeniedHandler((request, response, denied) -> problem(response, 403,
                        "Forbidden", "your role may not use this resource")))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // a stateless API authenticated per request: no cookies, so no cross-site request forgery
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    @Bean
    UserDetailsService users(Principals principals, CredentialStore credentials, LoginThrottle throttle) {
        return username -> {
            HubRole role = principals.role(username).orElseThrow(() -> new UsernameNotFoundException("unknown user"));
            String hash = credentials.hash(username).orElseThrow(() -> new UsernameNotFoundException("no password"));
            return User.withUsername(username).password(hash).authorities(role.authority())
                    .accountLocked(throttle.lockedFor(username).isPresent()).build();
        };
    }

    /** Counts failed HTTP logins per user name, and forgets them after a successful one. */
    @Bean
    ApplicationListener<AbstractAuthenticationEvent> loginOutcomes(LoginThrottle throttle) {
        return event -> {
            if (event instanceof AuthenticationFailureBadCredentialsEvent failure) {
                throttle.failed(failure.getAuthentication().getName());
            } else if (event instanceof AuthenticationSuccessEvent success) {
                throttle.succeeded(success.getAuthentication().getName());
            }
        };
    }

    @Bean
    AuthenticationEventPublisher authenticationEventPublisher(ApplicationEventPublisher publisher) {
        return new DefaultAuthenticationEventPublisher(publisher);
    }

    @Bean
    PasswordEncoder passwordEncoder(PasswordChecker checker) {
        return new PasswordEncoder() {
            @Override
            public String encode(CharSequence raw) {
                return checker.hash(raw.toString());
            }

            @Override
            public boolean matches(CharSequence raw, String encoded) {
                return checker.matches(raw.toString(), encoded);
            }
        };
    }

    private static void problem(HttpServletResponse response, int status, String title, String detail) throws IOException {
        response.setStatus(status);
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"rand-hub\"");
        }
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}");
    }
}
