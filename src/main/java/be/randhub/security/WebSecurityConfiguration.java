package be.randhub.security;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import be.randhub.api.ApiDescriptions;
import be.randhub.api.ConsoleTexts;

/**
 * HTTP half of the access matrix. Every request is authenticated with HTTP Basic against the same principals and
 * password hashes as the broker, except liveness; every login passes the {@link LoginThrottle}. Partners post
 * documents; what each may read is decided per resource (its own documents, attachments it is entitled to).
 * <p>
 * Browsers: a 401 never carries a Basic challenge (a browser that was never asked for Basic credentials never
 * remembers and replays them), state-changing requests that a browser marks as cross-site are refused on every
 * chain ({@link CrossSiteRequestFilter}), and the console's cookie session needs the CSRF token its pages send.
 * Requests to {@code /error} follow the same rules as any other; the container's error dispatches answer a problem
 * with the original status.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class WebSecurityConfiguration {

    /** Not {@code Basic}: browsers neither prompt for it nor remember credentials; scripts send theirs on every request. */
    static final String CHALLENGE = "PreemptiveBasic realm=\"rand-hub\"";

    /**
     * The operators' console: a login form and a session (cookie SameSite=Strict, HTTP-only), for the console's
     * pages and the operator API it calls. Its state-changing requests carry the CSRF token from the
     * {@code XSRF-TOKEN} cookie (header {@code X-XSRF-TOKEN}, or form field {@code _csrf}). The operator API also
     * takes HTTP Basic, for scripts; such a request acts with the credentials it carries itself and needs no token.
     */
    @Bean
    @Order(1)
    SecurityFilterChain console(HttpSecurity http) throws Exception {
        // the privacy officer's access requests are answered in the console too (its page prints the answer)
        http.securityMatcher("/console/**", "/login", "/logout", "/api/v1/operator/**", "/api/v1/privacy/access-requests");
        return sessionLogins(http, "/console/", "/login", "/logout",
                new String[] {"/console/console.css", ConsoleTexts.PATH, ConsoleTexts.SCRIPT},
                HubRole.OPERATOR, HubRole.PRIVACY_OFFICER);
    }

    /**
     * The partner portal ({@code /portal/}): the console's kind of login form and session, for partners and the
     * two receivers (not operators, who have the console). Its pages call {@code /portal/api/...}, the same
     * controllers as {@code /api/v1/...}, each answering only what concerns the signed-in principal.
     */
    @Bean
    @Order(2)
    SecurityFilterChain portal(HttpSecurity http) throws Exception {
        http.securityMatcher("/portal/**");
        return sessionLogins(http, "/portal/", "/portal/login", "/portal/logout",
                new String[] {"/portal/portal.css", "/portal/api/texts"}, HubRole.PARTNER, HubRole.AGENCY, HubRole.LEARNING_NETWORK);
    }

    /**
     * A login form ({@code <home>login.html}, posting to {@code login}) and a session for the given roles; every
     * state-changing request carries the CSRF token from the {@code XSRF-TOKEN} cookie, or HTTP Basic credentials.
     */
    private static SecurityFilterChain sessionLogins(HttpSecurity http, String home, String login, String logout, String[] alsoPublic,
                                                     HubRole... roles) throws Exception {
        AuthenticationEntryPoint script = WebSecurityConfiguration::unauthenticated;
        CookieCsrfTokenRepository tokens = CookieCsrfTokenRepository.withHttpOnlyFalse(); // the pages' scripts read it
        tokens.setCookieCustomizer(cookie -> cookie.sameSite("Strict"));
        CsrfTokenRequestAttributeHandler tokenHandler = new CsrfTokenRequestAttributeHandler();
        tokenHandler.setCsrfRequestAttributeName(null); // every answer sets the cookie, not only a page that asks for it
        RequestMatcher basicCredentials = request -> {
            String authorization = request.getHeader("Authorization");
            return authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
        };
        String loginPage = home + "login.html";
        List<String> open = new ArrayList<>(List.of(loginPage, home + "login.js", login));
        open.addAll(List.of(alsoPublic));
        String[] authorities = Arrays.stream(roles).map(HubRole::authority).toArray(String[]::new);
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers(open.toArray(String[]::new)).permitAll()
                        .anyRequest().hasAnyAuthority(authorities))
                .formLogin(form -> form.loginPage(loginPage).loginProcessingUrl(login)
                        .defaultSuccessUrl(home, true).failureUrl(loginPage + "?failed"))
                .logout(out -> out.logoutUrl(logout).logoutSuccessUrl(loginPage + "?out"))
                .httpBasic(basic -> basic.authenticationEntryPoint(script))
                .exceptionHandling(handling -> handling
                        .defaultAuthenticationEntryPointFor(script, PathPatternRequestMatcher.withDefaults().matcher("/api/**"))
                        .defaultAuthenticationEntryPointFor(script, PathPatternRequestMatcher.withDefaults().matcher(home + "api/**"))
                        .accessDeniedHandler(forbidden()))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(ErrorAnswers.CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
                .addFilterAfter(new CrossSiteRequestFilter(), HeaderWriterFilter.class)
                .csrf(csrf -> csrf.csrfTokenRepository(tokens).csrfTokenRequestHandler(tokenHandler)
                        .ignoringRequestMatchers(basicCredentials));
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        // the metrics reader signs in for /actuator/prometheus only (its password sits in a scraper's configuration)
        AuthorizationManager<RequestAuthorizationContext> anyoneButTheMetricsReader = AuthorizationManagers.allOf(
                AuthenticatedAuthorizationManager.authenticated(),
                AuthorizationManagers.not(AuthorityAuthorizationManager.hasAuthority(HubRole.METRICS.authority())));
        http.authorizeHttpRequests(requests -> requests
                        // load balancers and orchestrators ask without credentials: they get UP or DOWN, the components
                        // behind it only operators (management.endpoint.health.show-details: when-authorized)
                        .requestMatchers("/actuator/health/liveness", "/actuator/health/readiness").permitAll()
                        // the API descriptions: what the hub offers, no data
                        .requestMatchers(ApiDescriptions.PUBLIC_PATHS).permitAll()
                        // the key that verifies the log's signed heads: public by nature
                        .requestMatchers(HttpMethod.GET, "/api/v1/log/public-key").permitAll()
                        // the container's error dispatch of a request already decided on; a request *to* /error is like any other
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/v1/documents").hasAuthority(HubRole.PARTNER.authority())
                        .requestMatchers("/api/**").access(anyoneButTheMetricsReader)
                        .requestMatchers("/actuator/prometheus").hasAnyAuthority(HubRole.OPERATOR.authority(), HubRole.METRICS.authority())
                        .requestMatchers("/actuator/**").hasAuthority(HubRole.OPERATOR.authority())
                        .anyRequest().access(anyoneButTheMetricsReader))
                .httpBasic(basic -> basic.authenticationEntryPoint(WebSecurityConfiguration::unauthenticated))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(WebSecurityConfiguration::unauthenticated)
                        .accessDeniedHandler(forbidden()))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(ErrorAnswers.CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
                .addFilterAfter(new CrossSiteRequestFilter(), HeaderWriterFilter.class)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // stateless, authenticated per request by credentials a browser never remembers (no Basic challenge),
                // and cross-site state-changing requests refused: no cookie to forge a request with
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /** HTTP logins (Basic and the console's form), checked and counted by the throttle on the client's address. */
    @Bean
    AuthenticationProvider throttledLogins(LoginThrottle throttle, Principals principals) {
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                String source = authentication.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress() : null;
                Object password = authentication.getCredentials();
                return throttle.login(authentication.getName(), password == null ? null : password.toString(), LoginThrottle.source(source))
                        .map(account -> UsernamePasswordAuthenticationToken.authenticated(account, null,
                                List.of(new SimpleGrantedAuthority(principals.role(account).orElseThrow().authority()))))
                        .orElseThrow(() -> new BadCredentialsException("refused"));
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
            }
        };
    }

    /** The one answer to every failed or missing login, whatever the cause. */
    static void unauthenticated(HttpServletRequest request, HttpServletResponse response,
                                org.springframework.security.core.AuthenticationException failure) throws IOException {
        response.setHeader("WWW-Authenticate", CHALLENGE);
        ErrorAnswers.write(request, response, 401, "unauthenticated", "Authentication required", ErrorAnswers.LOGIN_REQUIRED);
    }

    private static AccessDeniedHandler forbidden() {
        return (request, response, denied) -> {
            if (denied instanceof CsrfException) {
                ErrorAnswers.write(request, response, 403, "csrf", "Forbidden",
                        "the console's token is missing or stale: reload the page (scripts send HTTP Basic credentials instead)");
            } else {
                ErrorAnswers.write(request, response, 403, "forbidden", "Forbidden", "your role may not use this resource");
            }
        };
    }
}
