package be.randhub.security;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;

/**
 * The answers the hub gives when it refuses or fails a request before (or outside) its controllers: an RFC 9457
 * problem ({@code application/problem+json}, a fixed text per status, nothing from the request, no stack trace)
 * carrying the same security headers as every other answer. Used by the security chains' refusals, the error
 * page and the servlet container's own rejections.
 */
public final class ErrorAnswers {

    public static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    /** What every 401 says, whatever went wrong: no credentials, a wrong password, an unknown user, a lock-out. */
    public static final String LOGIN_REQUIRED = "send your id and password with HTTP Basic on every request, without waiting to be "
            + "asked (as curl -u does): the hub never asks a browser for credentials. Operators log in to the console at /console/. "
            + "Several wrong passwords in a row lock logins from your address for a few minutes.";

    private static final Map<Integer, String[]> KNOWN = Map.of(
            400, new String[] {"bad-request", "the request is malformed, or its URL is refused (such as ';', '//', '..', or an "
                    + "encoded '/' or '.' in the path)"},
            401, new String[] {"unauthenticated", LOGIN_REQUIRED},
            403, new String[] {"forbidden", "your role may not use this resource"},
            404, new String[] {"not-found", "no such resource"},
            405, new String[] {"method-not-allowed", "this resource does not take that method"},
            413, new String[] {"too-large", "the request is larger than the hub accepts"},
            500, new String[] {"internal", "the hub could not handle this request; operators can find it in the log at this time"},
            503, new String[] {"unavailable", "the hub cannot answer right now; try again later"});

    private ErrorAnswers() {
    }

    /** The answer for a status, with the hub's fixed text for it. */
    public static void write(HttpServletRequest request, HttpServletResponse response, int status) throws IOException {
        String[] known = KNOWN.get(status);
        write(request, response, status, known != null ? known[0] : "http-" + status, title(status),
                known != null ? known[1] : title(status).toLowerCase(java.util.Locale.ROOT));
    }

    public static void write(HttpServletRequest request, HttpServletResponse response, int status, String type, String title,
                             String detail) throws IOException {
        response.setStatus(status);
        securityHeaders(response, request.isSecure());
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        Writer writer = response.getWriter();
        writer.write(json(status, type, title, detail));
        writer.flush();
    }

    /** The problem body: {@code {type, title, status, detail}}. */
    public static String json(int status, String type, String title, String detail) {
        return "{\"type\":\"urn:rand-hub:problem:" + escape(type) + "\",\"title\":\"" + escape(title) + "\",\"status\":" + status
                + ",\"detail\":\"" + escape(detail) + "\"}";
    }

    /** The headers Spring Security writes on every answer, for answers written outside its filter chains. */
    public static void securityHeaders(HttpServletResponse response, boolean secure) {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-XSS-Protection", "0");
        response.setHeader("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
        response.setHeader("Pragma", "no-cache");
        response.setHeader("Expires", "0");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("Referrer-Policy", "no-referrer");
        if (secure) {
            response.setHeader("Strict-Transport-Security", "max-age=31536000 ; includeSubDomains");
        }
    }

    public static String title(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known != null ? known.getReasonPhrase() : "Error";
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
