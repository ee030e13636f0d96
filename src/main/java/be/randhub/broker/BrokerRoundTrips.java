package be.randhub.broker;

import java.util.concurrent.atomic.LongAdder;

import org.apache.activemq.artemis.api.core.Interceptor;
import org.apache.activemq.artemis.core.protocol.core.Packet;
import org.apache.activemq.artemis.core.protocol.core.impl.PacketImpl;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMConnection;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Counts, on the embedded broker, the round trips that make a client wait, and the transactions: every response
 * the broker sends (one per blocking request: a durable send without asynchronous confirmation, a commit, a
 * rollback, creating a session, consumer or producer, a queue or address query, closing one...), and the
 * session commits and rollbacks that arrive. Split by who sent them: {@code origin=hub} for the hub's own in-VM
 * connections, {@code origin=clients} for everything over TCP (partners, receivers, operators, the benchmark).
 * Exposed as {@code hub_broker_blocking_requests_total}, {@code hub_broker_commits_total} and
 * {@code hub_broker_rollbacks_total}; a type test and at most one counter increment per packet.
 */
public final class BrokerRoundTrips implements Interceptor, MeterBinder {

    private final Counts hub = new Counts();
    private final Counts clients = new Counts();

    private static final class Counts {
        final LongAdder blocking = new LongAdder();
        final LongAdder commits = new LongAdder();
        final LongAdder rollbacks = new LongAdder();
    }

    /** Incoming packets: commits and rollbacks. */
    @Override
    public boolean intercept(Packet packet, RemotingConnection connection) {
        byte type = packet.getType();
        if (type == PacketImpl.SESS_COMMIT || type == PacketImpl.SESS_XA_COMMIT) {
            of(connection).commits.increment();
        } else if (type == PacketImpl.SESS_ROLLBACK || type == PacketImpl.SESS_XA_ROLLBACK) {
            of(connection).rollbacks.increment();
        }
        return true;
    }

    /** Outgoing packets: the responses that end a blocking request, one each. */
    public Interceptor responses() {
        return (packet, connection) -> {
            if (packet.isResponse()) {
                of(connection).blocking.increment();
            }
            return true;
        };
    }

    private Counts of(RemotingConnection connection) {
        return connection.getTransportConnection() instanceof InVMConnection ? hub : clients;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        register(registry, "hub", hub);
        register(registry, "clients", clients);
    }

    private void register(MeterRegistry registry, String origin, Counts counts) {
        FunctionCounter.builder("hub.broker.blocking.requests", counts.blocking, LongAdder::sum).tag("origin", origin)
                .description("Responses the broker sent to requests their sender waited for (blocking round trips)")
                .register(registry);
        FunctionCounter.builder("hub.broker.commits", counts.commits, LongAdder::sum).tag("origin", origin)
                .description("Transactions committed on the broker").register(registry);
        FunctionCounter.builder("hub.broker.rollbacks", counts.rollbacks, LongAdder::sum).tag("origin", origin)
                .description("Transactions rolled back on the broker").register(registry);
    }
}
