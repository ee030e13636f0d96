package be.randhub.security;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.Container;
import org.apache.catalina.Host;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat's own error report (a request line, a header or a URL it cannot take, before any servlet runs) as an
 * RFC 9457 problem with the security headers, in place of Tomcat's HTML page. It replaces the host's
 * {@link ErrorReportValve}: the one Spring Boot adds and the one Tomcat would add by default.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        try {
            ErrorAnswers.securityHeaders(response, request.isSecure());
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            String[] known = known(status);
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(ErrorAnswers.json(status, known[0], ErrorAnswers.title(status), known[1]));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is gone or the answer already started: nothing more to say
        }
    }

    private static String[] known(int status) {
        return switch (status) {
            case 400 -> new String[] {"bad-request", "the request is malformed, or its URL is refused (such as ';', '//', '..', or an "
                    + "encoded '/' or '.' in the path)"};
            case 404 -> new String[] {"not-found", "no such resource"};
            case 413 -> new String[] {"too-large", "the request is larger than the hub accepts"};
            case 414 -> new String[] {"uri-too-long", "the request's URL is longer than the hub accepts"};
            case 431 -> new String[] {"headers-too-large", "the request's headers are larger than the hub accepts"};
            case 505 -> new String[] {"http-version", "the hub speaks HTTP/1.1"};
            default -> new String[] {status >= 500 ? "internal" : "http-" + status, ErrorAnswers.title(status)};
        };
    }

    /** Puts the valve on the host in place of any other error report valve, whatever order the customizers run in. */
    @Configuration(proxyBeanMethods = false)
    static class Installation {

        @Bean
        WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> problemErrorReports() {
            return factory -> factory.addContextCustomizers(context -> {
                Container parent = context.getParent();
                if (parent instanceof Host host) {
                    host.addLifecycleListener(event -> {
                        if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                            install(host);
                        }
                    });
                }
            });
        }

        static void install(Host host) {
            for (Valve valve : host.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve && !(valve instanceof ProblemErrorReportValve)) {
                    host.getPipeline().removeValve(valve);
                }
            }
            if (host instanceof StandardHost standard) {
                standard.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
            if (java.util.Arrays.stream(host.getPipeline().getValves()).noneMatch(ProblemErrorReportValve.class::isInstance)) {
                host.getPipeline().addValve(new ProblemErrorReportValve());
            }
        }
    }
}
