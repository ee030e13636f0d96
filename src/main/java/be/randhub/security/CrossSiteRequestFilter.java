package be.randhub.security;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a state-changing request (any method but GET, HEAD, OPTIONS, TRACE) that a browser marks as coming
 * from another site's page: {@code Sec-Fetch-Site} other than {@code same-origin} or {@code none}, or (from a
 * browser too old for it) an {@code Origin} that is not the hub's own (the {@code Host} the request was sent to;
 * {@code Origin: null} included). Such a request
 * would act with whatever the browser holds for the hub (a console session, credentials it remembers). Scripts
 * send neither header and pass; the console's own pages send {@code same-origin}. On every filter chain, before
 * any login is tried (so refusals count no failed logins).
 */
final class CrossSiteRequestFilter extends OncePerRequestFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!SAFE_METHODS.contains(request.getMethod()) && crossSite(request)) {
            ErrorAnswers.write(request, response, 403, "cross-site", "Cross-site request refused",
                    "the hub takes no state-changing request from another site's page; use the console, or a script");
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * Sec-Fetch-Site, which every current browser sends and no page can set, decides when present (a browser sends
     * {@code Origin: null} for the console's own login form, its pages having {@code Referrer-Policy: no-referrer});
     * without it, the Origin an older browser sends.
     */
    static boolean crossSite(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null) {
            String value = site.trim().toLowerCase(Locale.ROOT);
            return !(value.equals("same-origin") || value.equals("none"));
        }
        String origin = request.getHeader("Origin");
        return origin != null && !sameOrigin(origin.trim(), request.getHeader("Host"));
    }

    /** Whether the origin names the host (and port) the request was sent to; the scheme may differ behind a TLS proxy. */
    private static boolean sameOrigin(String origin, String host) {
        if (host == null || origin.isEmpty() || origin.equals("null")) {
            return false;
        }
        try {
            URI uri = URI.create(origin);
            return uri.getRawAuthority() != null && uri.getRawAuthority().equalsIgnoreCase(host.trim());
        } catch (IllegalArgumentException notAnOrigin) {
            return false;
        }
    }
}
