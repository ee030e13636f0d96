package be.randhub.config;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.springframework.dao.DataAccessException;
import org.springframework.jms.JmsException;
import org.springframework.transaction.TransactionException;

/**
 * Whether a failure is the hub's own trouble (its database, its broker, its disk), which the channels answer with
 * "send again" (HTTP 503, a file tried again, a message redelivered), rather than something the input caused,
 * which is a refusal with a reason: sent again unchanged, it would fail again.
 */
public final class HubTrouble {

    private HubTrouble() {
    }

    public static boolean is(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataAccessException || cause instanceof JmsException || cause instanceof jakarta.jms.JMSException
                    || cause instanceof ActiveMQException || cause instanceof TransactionException
                    || cause instanceof IOException || cause instanceof UncheckedIOException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
