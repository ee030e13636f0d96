package be.randhub.api;

import java.io.IOException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import be.randhub.security.ErrorAnswers;

/**
 * The error page, in place of Spring Boot's: what the servlet container shows when a request ended in an error
 * outside the controllers (a URL the firewall refuses, an exception in a filter, a {@code sendError}). It answers
 * an RFC 9457 problem with the original status, the hub's fixed text for it and the security headers, never the
 * framework's body, a stack trace or HTML. A request sent to {@code /error} itself needs credentials like any
 * other (see the security configuration) and then finds nothing there: 404.
 */
@RestController
class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping("${server.error.path:${error.path:/error}}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int status = 404;
        if (request.getDispatcherType() == DispatcherType.ERROR
                && request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code && code >= 400) {
            status = code;
        }
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure && status >= 500) {
            log.error("Unexpected error on an HTTP request: {}", rootCause(failure));
        }
        ErrorAnswers.write(request, response, status);
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }
}
