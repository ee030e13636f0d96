package be.randhub.broker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.settings.impl.HierarchicalObjectRepository;
import org.springframework.stereotype.Component;

import be.randhub.document.HubHeaders;
import be.randhub.registry.PartnerRegistry;
import be.randhub.security.HubRole;

/**
 * The JMS side of the hub as an AsyncAPI 3 document, built from what the broker is given: every queue of
 * {@link Queues#all()} is a channel, and who may send to or consume from it comes from {@link BrokerSecurity}, the
 * rights the hub provisions. Documents are the hub's JSON Schemas (referred to where the hub serves them).
 */
@Component
public class MessagingDescription {

    private static final String SCHEMAS = "/api/v1/schemas/";

    private final Queues queues;
    private final PartnerRegistry registry;
    private final BrokerProperties broker;

    public MessagingDescription(Queues queues, PartnerRegistry registry, BrokerProperties broker) {
        this.queues = queues;
        this.registry = registry;
        this.broker = broker;
    }

    public Map<String, Object> asyncApi() {
        Map<String, Set<Role>> rights = BrokerSecurity.settings(registry);
        Map<String, Object> channels = new LinkedHashMap<>();
        Map<String, Object> operations = new LinkedHashMap<>();
        for (String queue : queues.all()) {
            String id = queue.replaceAll("[^A-Za-z0-9_-]", "_");
            Set<Role> roles = rightsOn(queue, rights);
            List<String> senders = ids(roles, Role::isSend);
            List<String> consumers = ids(roles, Role::isConsume);
            String message = queue.endsWith(".inbox") && queue.startsWith("partner.") ? "document"
                    : queue.endsWith(".receipts") ? "receipt" : "delivery";
            channels.put(id, Map.of("address", queue, "description", description(queue),
                    "messages", Map.of(message, Map.of("$ref", "#/components/messages/" + message)),
                    "x-may-send", senders, "x-may-consume", consumers));
            if (!senders.isEmpty()) {
                operations.put("send-" + id, Map.of("action", "send", "channel", Map.of("$ref", "#/channels/" + id),
                        "summary", "who may send: " + String.join(", ", senders)));
            }
            if (!consumers.isEmpty()) {
                operations.put("receive-" + id, Map.of("action", "receive", "channel", Map.of("$ref", "#/channels/" + id),
                        "summary", "who may consume: " + String.join(", ", consumers)));
            }
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("asyncapi", "3.0.0");
        document.put("info", Map.of("title", "Rand Integration Hub: JMS", "version", "v1", "description",
                "Apache Artemis (CORE protocol, JMS 3.1 clients). A partner signs in with its id and password, sends its"
                        + " documents to partner.<id>.inbox (text or bytes messages, UTF-8 JSON), reads one receipt per message"
                        + " on partner.<id>.receipts (its JMSCorrelationID echoed) and what is addressed to it on"
                        + " partner.<id>.outbox; the agency and the learning network read their own queues. Every other"
                        + " property a partner sets is dropped."));
        document.put("servers", Map.of("hub", Map.of("host", broker.embedded()
                ? broker.acceptor().host() + ":" + broker.acceptor().port() : hostOf(broker.url()), "protocol", "jms",
                "description", "the hub's broker (with TLS: sslEnabled=true on the client URL)")));
        document.put("channels", channels);
        document.put("operations", operations);
        document.put("components", Map.of("messages", Map.of(
                "document", Map.of("contentType", "application/json", "summary", "a document a partner sends",
                        "headers", Map.of("type", "object", "properties", Map.of("JMSCorrelationID",
                                Map.of("type", "string", "maxLength", 256, "description", "echoed on its receipt"))),
                        "payload", Map.of("oneOf", documentSchemas())),
                "receipt", Map.of("contentType", "application/json", "summary",
                        "accepted (with its trackingId), duplicate, conflict, rejected (errors[] with JSON pointers) or dead-lettered"),
                "delivery", Map.of("contentType", "application/json", "summary", "a document delivered to a receiver, as its outbox file",
                        "headers", Map.of("type", "object", "properties", deliveryHeaders()),
                        "payload", Map.of("oneOf", documentSchemas())))));
        return document;
    }

    private static Map<String, Object> deliveryHeaders() {
        Map<String, Object> headers = new LinkedHashMap<>();
        for (String name : List.of(HubHeaders.TRACKING_ID, HubHeaders.SENDER, HubHeaders.RECEIVER, HubHeaders.TYPE,
                HubHeaders.DOCUMENT_ID, HubHeaders.CHANNEL, HubHeaders.MUNICIPALITY, HubHeaders.RECEIVED_AT)) {
            headers.put(name, Map.of("type", "string"));
        }
        return headers;
    }

    private List<Map<String, String>> documentSchemas() {
        List<Map<String, String>> schemas = new ArrayList<>();
        for (be.randhub.document.DocumentType type : be.randhub.document.DocumentType.values()) {
            schemas.add(Map.of("$ref", SCHEMAS + type.id()));
        }
        return schemas;
    }

    private static String description(String queue) {
        if (queue.startsWith("partner.")) {
            String[] parts = queue.split("\\.");
            return switch (parts[parts.length - 1]) {
                case "inbox" -> "documents partner " + parts[1] + " sends";
                case "receipts" -> "one receipt for each message partner " + parts[1] + " sent";
                default -> "deliveries addressed to partner " + parts[1];
            };
        }
        return switch (queue) {
            case Queues.AGENCY_INBOX -> "deliveries addressed to the agency";
            case Queues.AGENCY_FEED -> "the agency's consolidated feeds";
            case Queues.LEARNING_NETWORK_INBOX -> "deliveries addressed to the learning network (no personal data)";
            default -> "the hub's own (no partner may use it)";
        };
    }

    /** The rights of the most specific address match (exact, then a wildcard match other than "#", then "#"). */
    static Set<Role> rightsOn(String queue, Map<String, Set<Role>> rights) {
        // matched as the broker matches its security settings (the most specific match wins, # and * as wildcards)
        HierarchicalObjectRepository<Set<Role>> repository = new HierarchicalObjectRepository<>();
        rights.forEach((address, roles) -> {
            if (!BrokerSecurity.isManagementRight(address)) {
                repository.addMatch(address, roles);
            }
        });
        Set<Role> roles = repository.getMatch(queue);
        return roles == null ? Set.of() : roles;
    }

    private static List<String> ids(Set<Role> roles, java.util.function.Predicate<Role> may) {
        Set<String> ids = new TreeSet<>();
        for (Role role : roles) {
            if (may.test(role) && !role.getName().equals(HubRole.HUB.id())) {
                ids.add(role.getName());
            }
        }
        return List.copyOf(ids);
    }

    private static String hostOf(String url) {
        String host = url == null ? "" : url.replaceFirst("^\\(?[a-z]+://", "").replaceAll("[?,)].*$", "");
        return host.isEmpty() ? "localhost:61616" : host;
    }
}
