package be.randhub.security;

import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Drops the warning Artemis writes on every failed broker login ({@code AMQ222216: Security problem while
 * authenticating: ... Username: <whatever the client sent>}): one line per attempt, carrying the name a client
 * chose, is how a flood of made-up names filled the log and how a name with line breaks forged lines. The hub
 * logs each lock-out once instead, with the account id and the source address ({@link FailureCounts}). Every
 * other message of the broker's logger passes.
 */
final class BrokerLoginLogFilter extends TurboFilter {

    static final String NAME = "hub-broker-login-failures";
    static final String BROKER_SERVER_LOGGER = "org.apache.activemq.artemis.core.server";
    static final String FAILED_LOGIN = "AMQ222216";

    private BrokerLoginLogFilter() {
        setName(NAME);
    }

    /** Adds the filter to the logging context, once (Spring Boot sets the context up again for a new application context). */
    static void install() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return;
        }
        synchronized (BrokerLoginLogFilter.class) {
            if (context.getTurboFilterList().stream().noneMatch(filter -> NAME.equals(filter.getName()))) {
                BrokerLoginLogFilter filter = new BrokerLoginLogFilter();
                filter.setContext(context);
                filter.start();
                context.addTurboFilter(filter);
            }
        }
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (format != null && format.startsWith(FAILED_LOGIN) && BROKER_SERVER_LOGGER.equals(logger.getName())) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
