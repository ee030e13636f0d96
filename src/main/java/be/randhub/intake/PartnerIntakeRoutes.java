package be.randhub.intake;

import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.stereotype.Component;

import be.randhub.document.Channel;
import be.randhub.registry.Partner;
import be.randhub.registry.PartnerRegistry;

/**
 * Gives every sending partner in the registry its own intake routes, from the templates in
 * {@code routes/intake.camel.yaml}: {@code file-intake-<partner>} watching its drop folder and
 * {@code jms-intake-<partner>} reading its inbox queue. One route per partner and channel lets an operator
 * suspend one partner's intake without touching the others.
 */
@Component
public class PartnerIntakeRoutes implements CamelContextConfiguration {

    /** The channels a partner has intake routes of its own for (HTTP comes in through the shared intake route). */
    public static final List<Channel> CHANNELS = List.of(Channel.FILE, Channel.JMS);

    static final String FILE_TEMPLATE = "partner-file-intake";
    static final String JMS_TEMPLATE = "partner-jms-intake";

    private final PartnerRegistry registry;

    PartnerIntakeRoutes(PartnerRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void beforeApplicationStart(CamelContext context) {
        // the templates are loaded with the YAML routes; routes are made from them once the context has started
    }

    @Override
    public void afterApplicationStart(CamelContext context) {
        for (Partner partner : registry.senders()) {
            add(context, FILE_TEMPLATE, routeId(partner.id(), Channel.FILE), partner.id());
            add(context, JMS_TEMPLATE, routeId(partner.id(), Channel.JMS), partner.id());
        }
    }

    /** The id of a partner's intake route for a channel: {@code file-intake-<partner>}, {@code jms-intake-<partner>}. */
    public static String routeId(String partner, Channel channel) {
        return channel.id() + "-intake-" + partner;
    }

    private static void add(CamelContext context, String template, String routeId, String partner) {
        TemplatedRouteBuilder.builder(context, template)
                .routeId(routeId)
                .prefixId(partner + "-")
                .parameter("partner", partner)
                .add();
    }
}
